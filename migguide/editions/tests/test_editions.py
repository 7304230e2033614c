"""Editions: the workflow through its pages, the rules of each move, what an endorsement
freezes, publication, verification and what changed — read back from the files."""

from __future__ import annotations

import datetime
import io
import json
import re
import tempfile
from pathlib import Path
from unittest import mock

import docx
import pypdf
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.utils import timezone

from migguide.access.models import Access
from migguide.countries.models import Dialogue
from migguide.dossier import models as m
from migguide.editions.diff import compare
from migguide.editions.models import (
    Comment,
    Edition,
    EditionError,
    Endorsement,
    Event,
    PublishedFile,
    snapshot_hash,
)
from migguide.editions.publishing import edition_guide, mark_ready, publish, verify_file
from migguide.guide.writers import render_docx, render_pdf
from migguide.testing import PASSWORD, CastTestCase


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return " ".join(page.extract_text() for page in reader.pages)


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(texts)


class EditionTestCase(CastTestCase):
    def access(self, user) -> Access:
        return Access.of(user, self.senegal)

    def downloaded(self, published: PublishedFile) -> Path:
        """A copy of a published file on someone's disk, as `migguide verify` gets it."""
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        path = Path(folder.name) / published.name
        path.write_bytes(published.read())
        return path

    def ready_edition(self, **start) -> Edition:
        """An edition of Senegal frozen, reviewed and waiting for endorsement."""
        edition = Edition.start(access=self.access(self.coordinator), languages=["fr"], **start)
        edition.submit(access=self.access(self.coordinator))
        edition.approve(access=self.access(self.reviewer), sha256=edition.sha256)
        mark_ready(edition, access=self.access(self.coordinator))
        return edition

    def endorse(self, edition: Edition) -> Endorsement:
        return edition.endorse(
            access=self.access(self.endorser),
            seen_state="ready",
            sha256=edition.sha256,
            name="Mamadou Diagne",
            position="Directeur général de l'ANSD",
            date=datetime.date(2026, 11, 20),
            statement="Le comité approuve ce guide.",
        )

    def published_edition(self) -> Edition:
        edition = self.ready_edition()
        self.endorse(edition)
        publish(edition, access=self.access(self.coordinator), seen_state="endorsed")
        return edition


class WorkflowThroughThePagesTests(EditionTestCase):
    def login(self, user) -> Client:
        client = Client()
        client.login(username=user.username, password=PASSWORD)
        return client

    def test_from_draft_to_publication_by_the_people_whose_turn_it_is(self):
        coordinator, reviewer, endorser = (
            self.login(self.coordinator),
            self.login(self.reviewer),
            self.login(self.endorser),
        )
        base = "/countries/SEN/editions/"
        r = coordinator.post(base + "start/", {"languages": ["fr"], "changes_annex": "on"})
        self.assertRedirects(r, base + "1/")
        with self.captureOnCommitCallbacks(execute=True):
            r = coordinator.post(base + "1/submit/", {"seen_state": "draft"}, follow=True)
        self.assertContains(r, "in review")
        edition = Edition.objects.get(country=self.senegal, number=1)
        self.assertEqual(edition.sha256, snapshot_hash(edition.snapshot))
        self.assertEqual(mail.outbox[-1].to, [self.reviewer.email])

        source = m.Source.objects.get(dossier=self.dossier)
        with self.captureOnCommitCallbacks(execute=True):
            r = reviewer.post(
                base + "1/comments/",
                {"section": "sources", "entry": str(source.uid), "text": "Periodicity unclear"},
                follow=True,
            )
        self.assertContains(r, "Periodicity unclear")
        self.assertContains(r, "Census SECRET-SEN")  # the entry is named by its title
        comment = Comment.objects.get()
        self.assertIn(self.coordinator.email, mail.outbox[-1].to)

        # Not ready while a comment is open.
        r = coordinator.post(base + "1/ready/", {"seen_state": "review"}, follow=True)
        self.assertContains(r, "still open")
        self.assertEqual(Edition.objects.get(pk=edition.pk).state, "review")

        with self.captureOnCommitCallbacks(execute=True):
            coordinator.post(base + f"1/comments/{comment.pk}/answer/", {"text": "Decennial."})
        self.assertEqual(mail.outbox[-1].to, [self.reviewer.email])
        coordinator.post(base + f"1/comments/{comment.pk}/resolve/")
        approval = {"seen_state": "review", "sha256": Edition.objects.get(pk=edition.pk).sha256}
        r = reviewer.post(base + "1/approve/", approval, follow=True)
        self.assertContains(r, "Approved by")
        with self.captureOnCommitCallbacks(execute=True):
            r = coordinator.post(base + "1/ready/", {"seen_state": "review"}, follow=True)
        self.assertContains(r, "ready for endorsement")
        self.assertEqual(mail.outbox[-1].to, [self.endorser.email])

        r = endorser.get(base + "1/endorse/")
        self.assertContains(r, edition.sha256)
        r = endorser.post(
            base + "1/endorse/",
            {
                "seen_state": "ready",
                "sha256": edition.sha256,
                "name": "Mamadou Diagne",
                "position": "Directeur général de l'ANSD",
                "date": "2026-11-20",
                "statement": "Approuvé.",
                "confirm": "on",
            },
            follow=True,
        )
        self.assertContains(r, "Endorsed on")
        endorsement = Endorsement.objects.get()
        self.assertEqual(endorsement.sha256, edition.sha256)
        self.assertEqual(endorsement.user, self.endorser)

        r = coordinator.post(base + "1/publish/", {"seen_state": "endorsed"}, follow=True)
        self.assertContains(r, "Published files")
        edition.refresh_from_db()
        self.assertEqual(edition.state, "published")
        self.assertEqual(
            sorted((f.version, f.fmt) for f in edition.files.all()),
            [(v, f) for v in ("full", "glance") for f in ("docx", "html", "pdf")],
        )
        self.assertEqual(
            [e.action for e in edition.events.all()],
            ["start", "submit", "approve", "ready", "endorse", "publish"],
        )
        # Anyone may read the published files; the PDF carries the endorsement and hash.
        pdf = edition.files.get(version="full", fmt="pdf")
        r = Client().get(f"/published/SEN/1/{pdf.name}")
        self.assertEqual(r.status_code, 200)
        content = b"".join(r.streaming_content)
        text = pdf_text(content)
        self.assertIn("Mamadou Diagne", text)
        self.assertIn(edition.sha256, re.sub(r"\s+", "", text))
        self.assertIn("Validé", text)
        self.assertNotIn("Projet — non validé", text)

    def test_unpublished_editions_are_not_public(self):
        edition = self.ready_edition()
        self.endorse(edition)
        r = Client().get(f"/published/SEN/{edition.number}/guide-sen-fr-edition-1.pdf")
        self.assertEqual(r.status_code, 404)
        r = self.login(self.outsider).get(f"/countries/SEN/editions/{edition.number}/")
        self.assertEqual(r.status_code, 404)

    def test_a_move_from_a_stale_page_is_refused(self):
        edition = self.ready_edition()
        # Someone else sent it back to draft after this page was opened.
        edition.request_changes(access=self.access(self.reviewer), comment="Redo section 2")
        r = self.login(self.coordinator).post(
            f"/countries/SEN/editions/{edition.number}/submit/",
            {"seen_state": "ready"},
            follow=True,
        )
        self.assertContains(r, "by someone else meanwhile")
        self.assertEqual(Edition.objects.get(pk=edition.pk).state, "draft")

    def test_the_endorsement_is_refused_when_the_content_was_submitted_again(self):
        edition = self.ready_edition()
        old_hash = edition.sha256
        edition.request_changes(access=self.access(self.endorser), comment="Add the 2023 survey")
        m.Source.objects.create(
            dossier=self.dossier,
            title="Survey 2023",
            kind="survey",
            collector=m.Institution.objects.get(dossier=self.dossier),
        )
        edition.submit(access=self.access(self.coordinator))
        edition.approve(access=self.access(self.reviewer), sha256=edition.sha256)
        mark_ready(edition, access=self.access(self.coordinator))
        self.assertNotEqual(edition.sha256, old_hash)
        r = self.login(self.endorser).post(
            f"/countries/SEN/editions/{edition.number}/endorse/",
            {
                "seen_state": "ready",
                "sha256": old_hash,
                "name": "M. Diagne",
                "position": "DG",
                "date": "2026-11-20",
                "confirm": "on",
            },
        )
        self.assertContains(r, "is not the one you read")
        self.assertFalse(Endorsement.objects.exists())


class MoveRulesTests(EditionTestCase):
    def test_moves_out_of_order_or_by_the_wrong_role_are_refused_and_change_nothing(self):
        edition = Edition.start(access=self.access(self.coordinator), languages=["fr"])
        attempts = [
            (lambda: mark_ready(edition, access=self.access(self.coordinator)), "is draft"),
            (lambda: edition.submit(access=self.access(self.member)), "does not allow"),
            (lambda: edition.submit(access=self.access(self.reviewer)), "does not allow"),
            (
                lambda: publish(edition, access=self.access(self.coordinator)),
                "no frozen content",
            ),
            (
                lambda: Edition.start(access=self.access(self.coordinator), languages=["fr"]),
                "still in progress",
            ),
            (lambda: Edition.start(access=self.access(self.staff), languages=[]), "language"),
            (
                lambda: edition.request_changes(access=self.access(self.reviewer), comment=" "),
                "Say what needs to change",
            ),
        ]
        for attempt, message in attempts:
            before = list(Edition.objects.values()), Event.objects.count()
            with self.assertRaisesMessage(EditionError, message):
                attempt()
            self.assertEqual((list(Edition.objects.values()), Event.objects.count()), before)

        edition.submit(access=self.access(self.coordinator))
        edition.approve(access=self.access(self.reviewer), sha256=edition.sha256)
        mark_ready(edition, access=self.access(self.coordinator))
        with self.assertRaisesMessage(EditionError, "does not allow you to endorse"):
            edition.endorse(
                access=self.access(self.staff),  # consortium staff never endorse
                sha256=edition.sha256,
                name="X",
                position="Y",
                date=datetime.date.today(),
                statement="",
            )
        with self.assertRaisesMessage(EditionError, "another country"):
            mark_ready(Edition.objects.get(pk=edition.pk), access=Access.of(self.staff, self.mali))
        self.assertFalse(Endorsement.objects.exists())

    def test_a_failed_publication_leaves_nothing_behind(self):
        edition = self.ready_edition()
        self.endorse(edition)
        with (
            mock.patch(
                "migguide.editions.models.Edition._supersede_older",
                side_effect=RuntimeError("disk"),
            ),
            self.assertRaises(RuntimeError),
        ):
            publish(edition, access=self.access(self.coordinator))
        edition.refresh_from_db()
        self.assertEqual(edition.state, "endorsed")
        self.assertFalse(PublishedFile.objects.exists())
        from django.conf import settings

        left = [p for p in settings.PUBLISHED_DIR.rglob("*") if p.is_file()]
        self.assertEqual(left, [])

    def test_publishing_supersedes_the_previous_edition_in_the_same_languages(self):
        first = self.published_edition()
        second = self.published_edition()
        first.refresh_from_db()
        self.assertEqual((first.state, second.state), ("superseded", "published"))
        self.assertEqual(second.number, 2)
        self.assertEqual(first.events.last().action, "supersede")
        # The files of a superseded edition stay available.
        name = first.files.first().name
        r = Client().get(f"/published/SEN/1/{name}")
        self.assertEqual(r.status_code, 200)
        # Read to the end: the test client then closes the file without closing the
        # database connection (response.close() would, inside the test's transaction).
        self.assertTrue(b"".join(r.streaming_content))


class FrozenTests(EditionTestCase):
    """What an endorsement binds can never change, whatever path the change takes."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.edition = Edition.start(
            access=Access.of(cls.coordinator, cls.senegal), languages=["fr"]
        )
        cls.edition.submit(access=Access.of(cls.coordinator, cls.senegal))
        cls.edition.approve(access=Access.of(cls.reviewer, cls.senegal), sha256=cls.edition.sha256)
        mark_ready(cls.edition, access=Access.of(cls.coordinator, cls.senegal))
        cls.edition.endorse(
            access=Access.of(cls.endorser, cls.senegal),
            sha256=cls.edition.sha256,
            name="Mamadou Diagne",
            position="DG",
            date=datetime.date(2026, 11, 20),
            statement="",
        )

    def assertRefusedByTheDatabase(self, change):
        with self.assertRaises(IntegrityError), transaction.atomic():
            change()

    def test_orm_save_is_refused(self):
        edition = Edition.objects.get(pk=self.edition.pk)
        edition.snapshot["dossier"]["dossier"]["situation"] = "rewritten"
        with self.assertRaisesMessage(EditionError, "can never change"):
            edition.save()
        edition = Edition.objects.get(pk=self.edition.pk)
        edition.state = "draft"
        with self.assertRaisesMessage(EditionError, "can never change"):
            edition.save()
        with self.assertRaisesMessage(EditionError, "kept for good"):
            edition.delete()

    def test_bulk_updates_deletes_and_raw_sql_are_refused(self):
        editions = Edition.objects.filter(pk=self.edition.pk)
        self.assertRefusedByTheDatabase(lambda: editions.update(sha256="0" * 64))
        self.assertRefusedByTheDatabase(lambda: editions.update(snapshot={"dossier": {}}))
        self.assertRefusedByTheDatabase(lambda: editions.update(state="draft"))
        self.assertRefusedByTheDatabase(lambda: editions.update(title="Other"))
        self.assertRefusedByTheDatabase(lambda: editions.delete())
        self.assertRefusedByTheDatabase(
            lambda: Endorsement.objects.filter(edition=self.edition).update(name="Someone else")
        )
        self.assertRefusedByTheDatabase(
            lambda: Endorsement.objects.filter(edition=self.edition).delete()
        )

        def raw():
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE editions_edition SET sha256 = %s WHERE id = %s",
                    ["f" * 64, self.edition.pk],
                )

        self.assertRefusedByTheDatabase(raw)
        edition = Edition.objects.get(pk=self.edition.pk)
        self.assertTrue(edition.check_integrity())
        self.assertEqual(edition.endorsement.name, "Mamadou Diagne")

    def test_its_pages_refuse_every_move_back(self):
        before = Edition.objects.filter(pk=self.edition.pk).values().get()
        for user, move, data in [
            (self.coordinator, "submit", {"seen_state": "draft"}),
            (self.coordinator, "ready", {"seen_state": "endorsed"}),
            (self.reviewer, "request-changes", {"seen_state": "endorsed", "comment": "Redo"}),
        ]:
            client = Client()
            client.force_login(user)
            r = client.post(f"/countries/SEN/editions/1/{move}/", data, follow=True)
            self.assertContains(r, 'class="error"', msg_prefix=move)
        client.force_login(self.endorser)
        r = client.post(
            "/countries/SEN/editions/1/endorse/",
            {
                "seen_state": "endorsed",
                "sha256": self.edition.sha256,
                "name": "Other",
                "position": "Other",
                "date": "2026-12-01",
                "confirm": "on",
            },
        )
        self.assertContains(r, "cannot be endorsed now")
        self.assertEqual(Edition.objects.filter(pk=self.edition.pk).values().get(), before)
        self.assertEqual(Endorsement.objects.get().name, "Mamadou Diagne")

    def test_the_admin_cannot_change_or_delete_it(self):
        client = Client()
        client.force_login(self.staff)
        url = f"/admin/editions/edition/{self.edition.pk}/change/"
        r = client.post(url, {"title": "Changed", "languages": '["en"]', "changes_annex": "on"})
        self.assertIn(r.status_code, (403, 200))
        r = client.post(f"/admin/editions/edition/{self.edition.pk}/delete/", {"post": "yes"})
        self.assertEqual(r.status_code, 403)
        edition = Edition.objects.get(pk=self.edition.pk)
        self.assertEqual((edition.title, edition.languages), ("", ["fr"]))

    def test_the_dossier_changing_does_not_change_the_endorsed_edition(self):
        before = json.dumps(self.edition.snapshot, sort_keys=True)
        institution = m.Institution.objects.create(dossier=self.dossier, name="Unused office")
        m.Institution.objects.filter(dossier=self.dossier, name__startswith="Office").update(
            name="Renamed office"
        )
        institution.delete()
        m.Source.objects.filter(dossier=self.dossier).delete()
        edition = Edition.objects.get(pk=self.edition.pk)
        self.assertEqual(json.dumps(edition.snapshot, sort_keys=True), before)
        self.assertTrue(edition.check_integrity())
        text = pdf_text(render_pdf(edition_guide(edition, language="fr")))
        self.assertIn("Census SECRET-SEN", text)
        self.assertIn("Office SECRET-SEN", text)
        self.assertNotIn("Renamed office", text)

    def test_its_statistics_are_frozen_too(self):
        from migguide.guide.building import dossier_guide
        from migguide.indicators.profile import load_demo_statistics

        def figures(doc):
            return next(s for s in doc.body if s.id == "key-figures").blocks

        frozen_before = figures(edition_guide(self.edition, language="fr"))
        load_demo_statistics()  # an import after the endorsement
        live = figures(dossier_guide(self.dossier, language="fr"))
        frozen_after = edition_guide(Edition.objects.get(pk=self.edition.pk), language="fr")
        self.assertNotEqual(live, frozen_before)  # the import changed the live guide …
        self.assertEqual(figures(frozen_after), frozen_before)  # … not the edition


class VerifyTests(EditionTestCase):
    def test_verify_tells_a_published_file_from_an_altered_one(self):
        edition = self.published_edition()
        pdf = edition.files.get(version="full", fmt="pdf")
        out = io.StringIO()
        original = self.downloaded(pdf)
        call_command("verify", str(original), stdout=out)
        self.assertIn("unaltered published file", out.getvalue())
        self.assertIn(f"edition {edition.number}", out.getvalue())
        self.assertIn("Mamadou Diagne", out.getvalue())

        altered = original.with_name("altered.pdf")
        content = bytearray(pdf.read())
        content[len(content) // 2] ^= 1
        altered.write_bytes(bytes(content))
        with self.assertRaisesMessage(CommandError, "1 of 1 file(s) are not published"):
            call_command("verify", str(altered), stdout=io.StringIO(), stderr=io.StringIO())
        self.assertFalse(verify_file(altered).ok)

        docx_file = edition.files.get(version="full", fmt="docx")
        downloaded = self.downloaded(docx_file)
        self.assertTrue(verify_file(downloaded).ok)
        text = docx_text(downloaded.read_bytes())
        self.assertIn(edition.sha256, text)
        self.assertIn("Mamadou Diagne", text)


class UnendorsedRuleTests(EditionTestCase):
    def test_off_by_default_then_publishes_marked_not_endorsed(self):
        edition = self.ready_edition()
        Edition.objects.filter(pk=edition.pk).update(
            ready_at=timezone.now() - datetime.timedelta(days=400)
        )
        out = io.StringIO()
        call_command("editions", "apply-rules", stdout=out)
        self.assertIn("0 edition(s) published", out.getvalue())
        with self.assertRaisesMessage(EditionError, "rule is off"):
            publish(edition, access=None)

        Dialogue.objects.filter(is_default=True).update(unendorsed_publication_days=90)
        call_command("editions", "apply-rules", stdout=out)
        edition.refresh_from_db()
        self.assertEqual((edition.state, edition.unendorsed), ("published", True))
        self.assertEqual(edition.events.last().action, "publish-unendorsed")
        self.assertIsNone(edition.events.last().by)
        pdf = edition.files.get(version="full", fmt="pdf")
        text = pdf_text(pdf.read())
        self.assertIn("Publié — non validé", text)
        downloaded = self.downloaded(pdf)
        self.assertIn("published without endorsement", verify_file(downloaded).message)

    def test_not_before_the_delay(self):
        Dialogue.objects.filter(is_default=True).update(unendorsed_publication_days=90)
        edition = self.ready_edition()
        with self.assertRaisesMessage(EditionError, "delay has not passed"):
            publish(edition, access=None)


class ChangesTests(EditionTestCase):
    def test_the_page_says_from_what_to_what_in_a_whole_sentence(self):
        """Never "De Édition 1 à le dossier actuel"."""
        first = self.published_edition()
        self.member.language = "fr"
        self.member.save()
        self.client.force_login(self.member)
        url = f"/countries/SEN/editions/{first.number}/changes/"
        self.assertContains(
            self.client.get(url + "?against=live"), "De l’édition 1 au dossier actuel."
        )
        self.assertContains(self.client.get(url), "L’édition 1 est la première")
        recommendation = m.Recommendation.objects.get(dossier=self.dossier)
        self.assertContains(self.client.get(url), recommendation.text)

    def test_what_changed_between_editions_by_part_and_field(self):
        first = self.published_edition()
        source = m.Source.objects.get(dossier=self.dossier)
        source.title = "Census 2023"
        source.periodicity = "annual"
        source.save()
        m.Need.objects.filter(dossier=self.dossier).delete()
        m.LegalInstrument.objects.create(
            dossier=self.dossier, title="Law 2024-10 on migration", kind="law"
        )
        second = self.ready_edition()
        changes = {p.slug: p for p in compare(first.frozen, second.frozen)}
        self.assertEqual(set(changes), {"sources", "needs", "context"})
        (changed,) = changes["sources"].entries
        self.assertEqual(changed.kind, "changed")
        fields = {f.label: (f.before, f.after) for f in changed.fields}
        title, periodicity = (
            str(m.Source._meta.get_field(name).verbose_name) for name in ("title", "periodicity")
        )
        self.assertEqual(fields[title], ("Census SECRET-SEN", "Census 2023"))
        choices = dict(m.Source.Periodicity.choices)
        self.assertEqual(fields[periodicity], (choices["decennial"], choices["annual"]))
        self.assertEqual(changes["needs"].entries[0].kind, "removed")
        self.assertEqual(changes["context"].entries[0].title, "Law 2024-10 on migration")

        # In the app, and as the new edition's annex.
        client = Client()
        client.force_login(self.reviewer)
        r = client.get(f"/countries/SEN/editions/{second.number}/changes/")
        self.assertContains(r, "Census 2023")
        self.assertContains(r, "Need SECRET-SEN")
        text = docx_text(render_docx(edition_guide(second, language="fr")))
        self.assertIn("Ce qui a changé depuis Édition 1", text)
        self.assertIn("Census 2023", text)

        # Against the live dossier.
        m.Challenge.objects.filter(dossier=self.dossier).delete()
        r = client.get(f"/countries/SEN/editions/{second.number}/changes/?against=live")
        self.assertContains(r, "Challenge SECRET-SEN")
        self.assertNotContains(r, "Census 2023")

    def test_a_changed_note_on_an_area_is_listed_with_the_context(self):
        first = self.published_edition()
        m.Dossier.objects.filter(pk=self.dossier.pk).update(
            area_notes={"border": "Only airports are counted."}
        )
        second = self.ready_edition()
        (context,) = [p for p in compare(first.frozen, second.frozen) if p.slug == "context"]
        (note,) = context.entries
        self.assertEqual((note.kind, note.uid), ("added", "area_notes.border"))
        self.assertEqual(note.title, "Notes on the area “border management”")
        self.assertEqual(note.fields[0].after, "Only airports are counted.")


class NotificationTests(EditionTestCase):
    def test_each_move_tells_the_people_who_act_next_in_their_language(self):
        self.endorser.language = "fr"
        self.endorser.save()
        edition = Edition.start(access=self.access(self.coordinator), languages=["fr"])
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            edition.submit(access=self.access(self.coordinator))
        self.assertEqual([m.to for m in mail.outbox], [[self.reviewer.email]])
        with self.captureOnCommitCallbacks(execute=True):
            edition.approve(access=self.access(self.reviewer), sha256=edition.sha256)
            mark_ready(edition, access=self.access(self.coordinator))
        self.assertEqual(mail.outbox[-1].to, [self.endorser.email])
        self.assertIn("attend votre validation", mail.outbox[-1].subject)
        self.assertIn(f"/countries/SEN/editions/{edition.number}/", mail.outbox[-1].body)
        with self.captureOnCommitCallbacks(execute=True):
            edition.request_changes(access=self.access(self.endorser), comment="Section 3 please")
        self.assertEqual(
            sorted(m.to[0] for m in mail.outbox[-2:]),
            sorted([self.coordinator.email, self.member.email]),
        )
        self.assertIn("Section 3 please", mail.outbox[-1].body)

    def test_someone_without_a_language_reads_the_language_of_the_countrys_team(self):
        """The Senegalese team writes in French: so does its reviewer's mail."""
        self.assertEqual((self.reviewer.language, self.dossier.languages), ("", ["fr"]))
        edition = Edition.start(access=self.access(self.coordinator), languages=["fr"])
        with self.captureOnCommitCallbacks(execute=True):
            edition.submit(access=self.access(self.coordinator))
        self.assertIn("relecture", mail.outbox[-1].subject)


class PublishableTests(EditionTestCase):
    """What the authority endorses can be published: text holding control characters
    (stored before they were refused) is published without them, and an edition whose
    guide cannot be made is not sent for endorsement."""

    def test_an_edition_holding_control_characters_is_endorsed_and_published(self):
        m.Recommendation.objects.filter(dossier=self.dossier).update(text="Fund\x01 it\x0b now")
        m.Institution.objects.filter(dossier=self.dossier).update(name="Office\x1f SEN\x07")
        edition = self.published_edition()
        self.assertEqual(edition.state, "published")
        frozen = edition.snapshot["dossier"]["recommendations"][0]["text"]
        self.assertEqual(frozen, "Fund\x01 it\x0b now")  # frozen as it was
        files = {(f.version, f.fmt): f for f in edition.files.all()}
        self.assertEqual(len(files), 6)
        docx_body = docx_text(files["full", "docx"].read())
        self.assertIn("Fund it now", docx_body)
        self.assertIn("Office SEN", docx_body)
        self.assertIn("Fund it now", pdf_text(files["full", "pdf"].read()))
        self.assertIn("Fund it now", files["full", "html"].read().decode())

    def test_an_edition_whose_guide_cannot_be_made_is_not_sent_for_endorsement(self):
        edition = Edition.start(access=self.access(self.coordinator), languages=["fr"])
        edition.submit(access=self.access(self.coordinator))
        # A snapshot the guide cannot be built from (as an older version might have made).
        snapshot = edition.snapshot
        snapshot["dossier"]["sources"][0]["areas"] = 5  # not a list of areas
        Edition.objects.filter(pk=edition.pk).update(snapshot=snapshot)
        edition.refresh_from_db()
        with self.assertRaisesMessage(
            EditionError, f"The guide of edition {edition.number} cannot be made as HTML, PDF, DOCX"
        ):
            edition.approve(access=self.access(self.reviewer), sha256=edition.sha256)
            mark_ready(edition, access=self.access(self.coordinator))
        edition.refresh_from_db()
        self.assertEqual(edition.state, "review")
        self.assertIsNone(edition.ready_at)
