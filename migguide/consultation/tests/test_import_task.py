"""Answers uploaded while a worker runs the tasks: the upload is kept in the uploads'
storage and queued, the person follows the import on the page of their work — in their
language, theirs only — and a task run again imports nothing twice."""

from __future__ import annotations

import datetime
import html
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from migguide.consultation.models import Response
from migguide.consultation.questionnaires import QUESTIONNAIRES
from migguide.consultation.samples import kobo_xlsx
from migguide.dossier import models as m
from migguide.files.storage import put
from migguide.operations.tests.test_workers import (
    DATABASE_TASKS,
    as_killed,
    keep_the_tests_connection,
    run_worker,
)
from migguide.testing import CastTestCase

UPLOAD = "/countries/SEN/consultation/upload/"
FRENCH = {"headers": {"accept-language": "fr"}}


def text(response) -> str:
    """The page as a reader reads it: entities unescaped."""
    return html.unescape(response.content.decode())


def kept_uploads() -> list[Path]:
    return sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())


@override_settings(TASKS=DATABASE_TASKS, TASKS_BACKEND="database")
@keep_the_tests_connection
class QueuedAnswersImportTests(CastTestCase):
    def setUp(self):
        self.inst = m.Institution.objects.get(dossier=self.dossier)
        self.client = Client()
        self.client.force_login(self.member)

    def answers(self, **changes) -> bytes:
        answers = {"challenges": [{"category": "use", "description": "Peu utilisées"}]}
        answers.update(changes)
        return kobo_xlsx(QUESTIONNAIRES["authority"], [(self.inst.uid.hex, answers)], country="SEN")

    def upload(self, data: bytes, name: str = "kobo.xlsx"):
        return self.client.post(UPLOAD, {"file": SimpleUploadedFile(name, data)}, **FRENCH)

    def test_an_upload_is_queued_and_its_page_waits_then_says_the_result_in_french(self):
        r = self.upload(self.answers())
        self.assertEqual(r.status_code, 302)
        self.assertRegex(r["Location"], r"^/work/[0-9a-f-]{36}/$")
        self.assertFalse(Response.objects.exists())  # nothing imported in the request
        self.assertEqual([p.name for p in kept_uploads()], ["kobo.xlsx"])

        waiting = self.client.get(r["Location"], **FRENCH)
        self.assertContains(waiting, '<meta http-equiv="refresh" content="3">')
        page = text(waiting)
        self.assertIn("Votre travail en cours", page)
        self.assertIn("Import de réponses aux questionnaires", page)  # what and where
        self.assertIn('<a href="/countries/SEN/">Sénégal</a>', page)
        self.assertIn("En attente du démarrage du travail par le serveur.", page)
        self.assertIn('<progress max="100" value="0" aria-labelledby="work-step">', page)
        self.assertIn('role="status"', page)
        self.assertIn("kobo.xlsx", page)
        # The person may stop the reloading (WCAG 2.2.1); the page still says where it is.
        self.assertIn(f'href="{r["Location"]}?still=1"', page)
        still = self.client.get(r["Location"] + "?still=1", **FRENCH)
        self.assertNotContains(still, "http-equiv")
        self.assertContains(still, "En attente du démarrage du travail par le serveur.")

        run_worker()
        task_id = r["Location"].strip("/").rsplit("/", 1)[1]
        # The importer told the page how far it read: its one submission's row, of one.
        self.assertEqual(cache.get(f"migguide:task-progress:{task_id}"), [1, 1, "rows"])
        response = Response.objects.get()
        self.assertEqual(response.institution, self.inst)
        self.assertEqual(response.received_by, self.member)
        self.assertEqual(kept_uploads(), [])  # the stored upload is gone

        done = self.client.get(r["Location"], **FRENCH)
        self.assertNotContains(done, "http-equiv")  # done: it no longer reloads
        page = text(done)
        self.assertIn("Terminé", page)
        self.assertIn("kobo.xlsx\u00a0: 1 réponse à examiner, 0 déjà importée.", page)
        self.assertIn(f'href="/countries/SEN/consultation/responses/{response.pk}/"', page)
        self.assertIn("Examiner les réponses importées", page)
        self.assertNotIn("responses to review", page)

    def test_the_page_counts_the_rows_read_while_the_import_runs(self):
        r = self.upload(self.answers())
        task_id = r["Location"].strip("/").rsplit("/", 1)[1]
        DBTaskResult.objects.filter(id=task_id).update(status="RUNNING")
        cache.set(f"migguide:task-progress:{task_id}", [120, 800, "rows"])
        page = text(self.client.get(r["Location"], **FRENCH))
        self.assertIn('<progress max="100" value="15"', page)
        self.assertIn("Ligne 120 sur 800 lue.", page)

    def test_a_refused_file_says_why_naming_sheet_row_and_column_and_imports_nothing(self):
        bad = {
            "challenges": [{"category": "use", "description": "Peu utilisées"}],
            "sources": [{"name": "Recensement", "last_update": "next spring"}],
        }
        data = kobo_xlsx(QUESTIONNAIRES["authority"], [("", bad)], country="SEN")
        r = self.upload(data, "types.xlsx")
        run_worker()
        self.assertEqual(DBTaskResult.objects.get().status, "SUCCESSFUL")
        self.assertFalse(Response.objects.exists())
        self.assertEqual(kept_uploads(), [])
        page = text(self.client.get(r["Location"], **FRENCH))
        self.assertIn("Le travail n’a pas abouti", page)
        self.assertIn('role="alert"', page)
        self.assertIn("Rien n’a été importé.", page)
        # The refusal itself is in French too, naming sheet, row and column.
        self.assertRegex(
            page,
            '<li dir="auto">feuille «\u00a0sources\u00a0», ligne 2, colonne [A-Z]+\u00a0: '
            "«\u00a0dernière mise à jour\u00a0»",
        )
        self.assertIn('href="/countries/SEN/consultation/"', page)
        self.assertIn("Retour à la consultation", page)

    def test_a_refusal_read_later_in_arabic_is_marked_as_written_in_french(self):
        bad = {"sources": [{"name": "Recensement", "last_update": "next spring"}]}
        data = kobo_xlsx(QUESTIONNAIRES["authority"], [("", bad)], country="SEN")
        r = self.upload(data, "types.xlsx")
        run_worker()
        page = text(self.client.get(r["Location"], headers={"accept-language": "ar"}))
        self.assertIn('<html lang="ar" dir="rtl">', page)
        # Worded when the import ran, in French: marked so, read left to right (WCAG 3.1.2).
        self.assertRegex(page, r'<div class="lead work-message" role="alert" lang="fr" dir="ltr">')
        self.assertIn(
            '<a class="button primary" href="/countries/SEN/consultation/" lang="fr">', page
        )
        # The problems listed one by one, without the file's name the page already gives.
        self.assertRegex(page, '<li dir="auto">feuille «\u00a0sources\u00a0», ligne 2, colonne')
        self.assertNotIn("types.xlsx\u00a0: feuille", page)

    def test_a_long_wait_for_a_worker_says_the_server_may_be_stopped(self):
        r = self.upload(self.answers())
        soon = text(self.client.get(r["Location"], **FRENCH))
        self.assertIn("Envoyé à", soon)
        self.assertNotIn("il est peut-être arrêté", soon)
        DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(minutes=5))
        late = text(self.client.get(r["Location"], **FRENCH))
        self.assertIn(
            "Le serveur qui fait ce travail ne l’a pas encore commencé\u00a0: il est peut-être "
            "arrêté. Ce que vous avez envoyé est conservé",
            late,
        )
        self.assertIn('<meta http-equiv="refresh" content="3">', late)  # still followed

    def test_a_refused_import_run_again_once_forgotten_asks_for_the_file_again(self):
        bad = {"sources": [{"name": "Recensement", "last_update": "next spring"}]}
        data = kobo_xlsx(QUESTIONNAIRES["authority"], [("", bad)], country="SEN")
        self.upload(data, "types.xlsx")
        run_worker()
        task = DBTaskResult.objects.get()
        self.assertFalse(task.return_value["ok"])
        # Killed after the refusal, its outcome forgotten: never said to have succeeded.
        cache.clear()
        as_killed(task.id)
        run_worker("worker-2")
        task.refresh_from_db()
        self.assertFalse(task.return_value["ok"])
        self.assertIn(
            "L’import de types.xlsx a été interrompu et on ne sait plus ce qu’il a donné",
            task.return_value["message"],
        )
        self.assertFalse(Response.objects.exists())

    def test_the_home_lists_the_files_one_sent_lately_with_where_they_stand(self):
        r = self.upload(self.answers(), "premier.xlsx")
        home = text(self.client.get("/", **FRENCH))
        self.assertIn("Fichiers envoyés récemment", home)
        self.assertIn(f'<a href="{r["Location"]}">premier.xlsx</a>', home)
        self.assertIn("en attente", home)
        run_worker()
        home = text(self.client.get("/", **FRENCH))
        self.assertIn("importé", home)
        # Someone else's files are not theirs to see.
        other = Client()
        other.force_login(self.coordinator)
        self.assertNotIn("premier.xlsx", text(other.get("/", **FRENCH)))

    def test_only_the_person_who_uploaded_may_follow_the_import(self):
        r = self.upload(self.answers())
        others = [self.coordinator, self.staff, self.mali_member]
        for user in others:
            client = Client()
            client.force_login(user)
            self.assertEqual(client.get(r["Location"]).status_code, 404, user.username)
        anonymous = Client().get(r["Location"])
        self.assertEqual(anonymous.status_code, 302)
        self.assertIn("/login/", anonymous["Location"])
        self.assertEqual(
            self.client.get("/work/00000000-0000-0000-0000-000000000000/").status_code, 404
        )

    def test_an_import_run_again_after_its_worker_was_killed_imports_once(self):
        data = self.answers()
        self.upload(data)
        task = DBTaskResult.objects.get()
        key = task.args_kwargs["args"][1]
        run_worker()
        self.assertEqual(Response.objects.count(), 1)

        # Killed after the import was committed, before the upload was removed: the
        # answers are recognised as imported before.
        put(storages["default"], key, data)
        cache.clear()
        as_killed(task.id)
        run_worker("worker-2")
        task.refresh_from_db()
        self.assertEqual(task.status, "SUCCESSFUL")
        self.assertEqual(Response.objects.count(), 1)
        self.assertIn("0 réponse à examiner, 1 déjà importée", task.return_value["message"])
        self.assertEqual(kept_uploads(), [])

        # Killed after the upload was removed, the outcome forgotten: the responses the
        # file made are found by its hash.
        cache.clear()
        as_killed(task.id)
        run_worker("worker-3")
        task.refresh_from_db()
        self.assertEqual(task.status, "SUCCESSFUL")
        self.assertEqual(Response.objects.count(), 1)
        self.assertIn("0 réponse à examiner, 1 déjà importée", task.return_value["message"])
