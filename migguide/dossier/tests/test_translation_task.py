"""Translation files uploaded while a worker runs the tasks: the upload is kept in the
uploads' storage and queued, the person follows the import on the page of their work in
their language, and a task run again writes nothing twice."""

from __future__ import annotations

import html
import io
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import storages
from django.test import Client, override_settings
from django_tasks_db.models import DBTaskResult
from translate.storage import xliff2

from migguide.dossier import models as m
from migguide.dossier.tests.test_translation_files import TranslationFilesTestCase
from migguide.files.storage import put
from migguide.operations.tests.test_workers import (
    DATABASE_TASKS,
    as_killed,
    keep_the_tests_connection,
    run_worker,
)

UPLOAD = "/countries/SEN/translation-files/upload/"
FRENCH = {"headers": {"accept-language": "fr"}}


def text(response) -> str:
    return html.unescape(response.content.decode())


def kept_uploads() -> list[Path]:
    return sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())


@override_settings(TASKS=DATABASE_TASKS, TASKS_BACKEND="database")
@keep_the_tests_connection
class QueuedTranslationImportTests(TranslationFilesTestCase):
    def setUp(self):
        self.client = Client()
        self.client.force_login(self.member)
        self.mandate = (str(self.institution.uid), "mandate")

    def translated(self) -> bytes:
        store = xliff2.Xliff2File(self.export())
        unit = next(u for u in store.units if u.getid() == f"{self.institution.uid}.mandate")
        unit.target = "Produces statistics (en)"
        unit.marktranslated()
        return bytes(store)

    def upload(self, data: bytes, name: str = "sen-en.xlf"):
        upload = io.BytesIO(data)
        upload.name = name
        return self.client.post(UPLOAD, {"file": upload}, **FRENCH)

    def test_a_queued_translation_file_is_imported_by_a_worker_and_told_in_french(self):
        r = self.upload(self.translated())
        self.assertRegex(r["Location"], r"^/work/[0-9a-f-]{36}/$")
        self.assertNotIn(self.mandate, self.translations())
        self.assertEqual([p.name for p in kept_uploads()], ["sen-en.xlf"])
        waiting = text(self.client.get(r["Location"], **FRENCH))
        self.assertIn("En attente du démarrage du travail par le serveur.", waiting)

        run_worker()
        task_id = r["Location"].strip("/").rsplit("/", 1)[1]
        # The importer told the page how far it read: every text of the file.
        texts = len(xliff2.Xliff2File(self.translated()).units)
        self.assertEqual(cache.get(f"migguide:task-progress:{task_id}"), [texts, texts, "texts"])
        self.assertEqual(self.translations()[self.mandate][0], "Produces statistics (en)")
        row = m.Translation.objects.get(entry_uid=self.mandate[0], field="mandate")
        self.assertEqual([h.history_user for h in row.history.all()], [self.member])
        self.assertEqual(kept_uploads(), [])
        page = text(self.client.get(r["Location"], **FRENCH))
        self.assertIn("Terminé", page)
        self.assertIn("Traductions en en du dossier SEN\u00a0: 1 enregistrées", page)
        self.assertIn('href="/countries/SEN/translation-files/"', page)
        self.assertIn("Retour aux fichiers de traduction", page)

    def test_the_page_counts_the_texts_read_while_the_import_runs(self):
        r = self.upload(self.translated())
        task_id = r["Location"].strip("/").rsplit("/", 1)[1]
        DBTaskResult.objects.filter(id=task_id).update(status="RUNNING")
        cache.set(f"migguide:task-progress:{task_id}", [3, 12, "texts"])
        page = text(self.client.get(r["Location"], **FRENCH))
        self.assertIn('<progress max="100" value="25"', page)
        self.assertIn("Texte 3 sur 12 lu.", page)

    def test_a_refused_file_says_why_in_french_and_changes_nothing(self):
        before = self.translations()
        r = self.upload(self.export().replace(b'trgLang="en"', b'trgLang="de"'), "sen-de.xlf")
        run_worker()
        self.assertEqual(self.translations(), before)
        self.assertEqual(kept_uploads(), [])
        page = text(self.client.get(r["Location"], **FRENCH))
        self.assertIn("Le travail n’a pas abouti", page)
        self.assertIn('role="alert"', page)
        self.assertIn("Import refusé, rien n’a été modifié", page)
        self.assertIn("sen-de.xlf", page)
        self.assertIn("de n’est pas une des langues de traduction du dossier", page)

    def test_an_import_run_again_after_its_worker_was_killed_writes_once(self):
        data = self.translated()
        self.upload(data)
        task = DBTaskResult.objects.get()
        key = task.args_kwargs["args"][1]
        run_worker()
        row = m.Translation.objects.get(entry_uid=self.mandate[0], field="mandate")

        # Killed after the import was committed, before the upload was removed: the
        # translations are there already, nothing is written again.
        put(storages["default"], key, data)
        cache.clear()
        as_killed(task.id)
        run_worker("worker-2")
        task.refresh_from_db()
        self.assertEqual(task.status, "SUCCESSFUL")
        self.assertIn("0 enregistrées, 2 inchangées", task.return_value["message"])
        self.assertEqual(row.history.count(), 1)
        self.assertEqual(kept_uploads(), [])

        # Killed after the upload was removed, the outcome forgotten: it says so.
        cache.clear()
        as_killed(task.id)
        run_worker("worker-3")
        task.refresh_from_db()
        self.assertEqual(task.status, "SUCCESSFUL")
        self.assertFalse(task.return_value["ok"])  # not a success: the person uploads it again
        self.assertIn(
            "a été interrompu et on ne sait plus ce qu’il a donné",
            task.return_value["message"],
        )
        self.assertEqual(row.history.count(), 1)
        self.assertEqual(
            m.Translation.objects.filter(dossier=self.dossier, language="en").count(), 3
        )
