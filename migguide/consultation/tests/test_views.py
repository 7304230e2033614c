"""The consultation pages through the test client: who may see and do what, the web
form behind its secret link, uploads and review."""

import datetime

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from migguide.consultation.models import Dispatch, Response
from migguide.consultation.questionnaires import QUESTIONNAIRES
from migguide.consultation.samples import kobo_xlsx
from migguide.dossier import models as m
from migguide.testing import CastTestCase
from migguide.testing.hostile import many_small_bombs_zip, padded_xlsx

BASE = "/countries/SEN/consultation/"


class TrackerTests(CastTestCase):
    def setUp(self):
        self.inst = m.Institution.objects.get(dossier=self.dossier)

    def test_only_people_with_a_role_see_the_tracker_and_only_editors_send(self):
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(BASE).status_code, 404)
        self.client.force_login(self.mali_member)
        self.assertEqual(self.client.get(BASE).status_code, 404)
        self.client.force_login(self.reviewer)
        page = self.client.get(BASE)
        self.assertContains(page, "Office SECRET-SEN")
        self.assertNotContains(page, 'action="/countries/SEN/consultation/send/"')
        post = {
            "institution": self.inst.pk,
            "form": "authority",
            "channel": "web",
            "language": "fr",
        }
        self.assertEqual(self.client.post(BASE + "send/", post).status_code, 403)
        self.assertEqual(Dispatch.objects.count(), 0)

    def test_only_those_who_send_questionnaires_see_the_secret_links(self):
        """A secret link lets anyone answer in the institution's name: reviewers and
        endorsers see that it was sent and is open, not the link itself."""
        dispatch = Dispatch.objects.create(
            country=self.senegal,
            institution=self.inst,
            institution_name=self.inst.name,
            form="authority",
            version="2026.2",
            channel="web",
            language="fr",
            sent_to="dg@off.example.sn",
        )
        for person in (self.coordinator, self.member, self.staff):
            self.client.force_login(person)
            self.assertContains(self.client.get(BASE), f'href="/q/{dispatch.token}/"')
        for person in (self.reviewer, self.endorser):
            self.client.force_login(person)
            page = self.client.get(BASE)
            self.assertNotContains(page, dispatch.token)
            self.assertContains(page, "link open")
            self.assertContains(page, "dg@off.example.sn")

    def test_sending_a_web_link_emails_it_and_the_form_is_prefilled(self):
        self.client.force_login(self.member)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                BASE + "send/",
                {
                    "institution": self.inst.pk,
                    "form": "authority",
                    "channel": "web",
                    "language": "fr",
                    "sent_to": "dg@off.example.sn",
                },
            )
        dispatch = Dispatch.objects.get()
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn(f"/q/{dispatch.token}/", mail.outbox[0].body)
        self.client.logout()
        page = self.client.get(f"/q/{dispatch.token}/")
        self.assertContains(page, 'value="Office SECRET-SEN"')
        self.assertContains(page, "Census SECRET-SEN")
        self.assertContains(page, 'lang="fr"')

    def test_files_of_a_dispatch_download(self):
        dispatch = Dispatch.objects.create(
            country=self.senegal,
            institution=self.inst,
            institution_name=self.inst.name,
            form="department",
            version="2026.2",
            channel="xlsx",
        )
        self.client.force_login(self.reviewer)
        for fmt, magic in (("xlsx", b"PK"), ("xlsform", b"PK"), ("pdf", b"%PDF")):
            response = self.client.get(f"{BASE}sent/{dispatch.pk}/questionnaire.{fmt}")
            self.assertEqual(response.status_code, 200)
            self.assertTrue(response.content.startswith(magic))
        self.client.force_login(self.mali_member)
        self.assertEqual(
            self.client.get(f"{BASE}sent/{dispatch.pk}/questionnaire.pdf").status_code, 404
        )

    def test_upload_then_review_in_the_pages(self):
        data = kobo_xlsx(
            QUESTIONNAIRES["authority"],
            [
                (
                    self.inst.uid.hex,
                    {
                        "challenges": [
                            {"category": "use", "description": "<script>alert(1)</script>"}
                        ]
                    },
                )
            ],
            country="SEN",
        )
        self.client.force_login(self.reviewer)
        upload = SimpleUploadedFile("kobo.xlsx", data)
        self.assertEqual(self.client.post(BASE + "upload/", {"file": upload}).status_code, 403)
        self.client.force_login(self.member)
        response = self.client.post(
            BASE + "upload/", {"file": SimpleUploadedFile("kobo.xlsx", data)}, follow=True
        )
        self.assertContains(response, "1 response to review")
        self.assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")
        self.assertNotContains(response, "<script>alert(1)")
        stored = Response.objects.get()
        page = self.client.get(f"{BASE}responses/{stored.pk}/")
        key = page.context["review"].items[0].key
        self.assertContains(self.client.get(BASE), "1 item to review")
        self.client.force_login(self.reviewer)
        decide = f"{BASE}responses/{stored.pk}/decide/"
        self.assertEqual(self.client.post(decide, {f"item:{key}": "accept"}).status_code, 403)
        self.assertFalse(m.Challenge.objects.filter(description__startswith="<script>").exists())
        self.client.force_login(self.member)
        self.client.post(decide, {f"item:{key}": "accept"})
        self.assertTrue(
            m.Challenge.objects.filter(description="<script>alert(1)</script>").exists()
        )
        analysis = self.client.get(BASE + "analysis/")
        self.assertContains(analysis, "limited use of data")
        xlsx = self.client.get(BASE + "analysis.xlsx")
        self.assertTrue(xlsx.content.startswith(b"PK"))

    def test_a_bad_upload_says_why_and_stores_nothing(self):
        self.client.force_login(self.member)
        response = self.client.post(
            BASE + "upload/", {"file": SimpleUploadedFile("notes.xlsx", b"hello")}, follow=True
        )
        self.assertContains(response, "notes.xlsx: this is not an Excel workbook")
        self.assertEqual(Response.objects.count(), 0)

    def test_a_workbook_declaring_the_whole_excel_grid_is_refused_readably(self):
        """The security test's 1.6 KB workbook: it declares A1:XFD1048576 and holds one
        cell in the last row; read as declared, it padded every row to 16,384 cells until
        the server ran out of memory (HTTP 500)."""
        self.client.force_login(self.member)
        response = self.client.post(
            BASE + "upload/", {"file": SimpleUploadedFile("grid.xlsx", padded_xlsx())}, follow=True
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Nothing was imported.")
        self.assertContains(response, "grid.xlsx: sheet &#x27;Sheet1&#x27; has more rows")
        self.assertContains(response, "than the limit of 200000; refused.")
        self.assertEqual(Response.objects.count(), 0)

    def test_an_archive_of_many_small_bombs_is_refused_readably(self):
        """The security test's 211 KB ZIP of 195 CSV files of 1 MB each: no member was
        over the ratio check's threshold and the total under its limit, so every CSV was
        parsed into memory (9 GB) before anything was refused."""
        self.client.force_login(self.member)
        response = self.client.post(
            BASE + "upload/",
            {"file": SimpleUploadedFile("odk.zip", many_small_bombs_zip())},
            follow=True,
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Nothing was imported.")
        self.assertContains(response, "odk.zip: the archive would unpack to 186 MB from")
        self.assertContains(response, "refused as an archive bomb")
        self.assertEqual(Response.objects.count(), 0)


class WebFormTests(CastTestCase):
    def setUp(self):
        self.inst = m.Institution.objects.get(dossier=self.dossier)
        self.dispatch = Dispatch.objects.create(
            country=self.senegal,
            institution=self.inst,
            institution_name=self.inst.name,
            form="authority",
            version="2026.2",
            channel="web",
            language="en",
        )
        self.url = f"/q/{self.dispatch.token}/"

    def form(self, **changes):
        page = self.client.get(self.url)
        data = {}
        for section in page.context["sections"]:
            fields = section.fields or [f for row in section.rows for f in row]
            for f in fields:
                data[f.name] = f.value
            if section.rows:
                data[f"{section.block.name}__rows"] = str(len(section.rows))
        data.update(changes)
        return data

    def test_draft_is_kept_and_submission_closes_the_link(self):
        data = self.form(
            inst_website="https://off.example.sn", resp_name="Awa Ndiaye", action="draft"
        )
        self.client.post(self.url, data)
        self.dispatch.refresh_from_db()
        self.assertEqual(self.dispatch.draft["inst_website"], "https://off.example.sn")
        self.assertContains(self.client.get(self.url), 'value="https://off.example.sn"')
        data = self.form(action="submit")
        page = self.client.post(self.url, data)
        self.assertContains(page, "are received")
        response = Response.objects.get()
        self.assertEqual((response.origin, response.respondent_name), ("web", "Awa Ndiaye"))
        self.assertEqual(response.answers["institution"]["website"], "https://off.example.sn")
        self.assertEqual(self.client.get(self.url).status_code, 410)

    def test_bad_answers_are_marked_and_nothing_is_submitted(self):
        data = self.form(resp_name="", inst_website="off.example", action="submit")
        page = self.client.post(self.url, data)
        self.assertContains(page, "This answer is required.")
        self.assertContains(page, "expected a web address")
        self.assertEqual(Response.objects.count(), 0)

    def test_renaming_the_institution_proposes_a_change_to_it_not_another_attribution(self):
        """The answers belong to the institution the questionnaire was sent to, whatever
        name the respondent types; another institution's name is a proposed rename."""
        other = m.Institution.objects.create(
            dossier=self.dossier, name="Ministry of Interior", acronym="MI", kind="ministry"
        )
        page = self.client.post(
            self.url,
            self.form(inst_name="Ministry of Interior", resp_name="Awa Ndiaye", action="submit"),
        )
        self.assertContains(page, "are received")
        response = Response.objects.get()
        self.assertEqual(response.institution, self.inst)
        self.assertEqual(response.institution_name, "Office SECRET-SEN")
        self.client.force_login(self.member)
        review = self.client.get(f"{BASE}responses/{response.pk}/")
        self.assertContains(review, "Office SECRET-SEN (OFF) — name")
        self.assertNotContains(review, "Ministry of Interior —")
        self.assertFalse(other.responses.exists())

    def test_a_questionnaire_sent_to_a_new_institution_is_not_given_to_an_existing_one(self):
        Dispatch.objects.filter(pk=self.dispatch.pk).update(
            institution=None, institution_name="Agence nouvelle"
        )
        page = self.client.post(
            self.url,
            self.form(inst_name="Office SECRET-SEN", resp_name="Awa Ndiaye", action="submit"),
        )
        self.assertContains(page, "are received")
        response = Response.objects.get()
        self.assertIsNone(response.institution, "a proposed new institution, for review")
        self.assertEqual(response.institution_name, "Agence nouvelle")
        self.assertFalse(self.inst.responses.exists())
        self.client.force_login(self.member)
        review = self.client.get(f"{BASE}responses/{response.pk}/")
        self.assertContains(review, "New institution")
        self.assertNotContains(review, "Office SECRET-SEN — ")

    def test_a_row_count_that_is_not_a_number_is_refused_with_a_sentence(self):
        data = self.form(resp_name="Awa Ndiaye", action="draft")
        counts = [name for name in data if name.endswith("__rows")]
        self.assertTrue(counts)
        data[counts[0]] = "many"
        page = self.client.post(self.url, data)
        self.assertContains(page, "The form came back altered", status_code=400)
        self.dispatch.refresh_from_db()
        self.assertIsNone(self.dispatch.draft_saved_at, "nothing half-read is kept")
        self.assertEqual(self.client.get(self.url).status_code, 200, "the link still works")

    def test_a_control_character_is_refused_in_a_draft_and_a_submission(self):
        """PostgreSQL cannot store NUL, and no file can hold a control character: the
        field is marked, nothing is saved, the rest of the form is shown as typed."""
        for action in ("draft", "submit"):
            data = self.form(resp_name="Awa\x00 Ndiaye", inst_website="https://off.sn")
            page = self.client.post(self.url, data | {"action": action})
            self.assertContains(page, "contains an invisible control character (U+0000)")
            self.assertContains(page, "Nothing was saved.")
            self.assertContains(page, 'value="Awa Ndiaye"')  # shown without it
            self.assertContains(page, 'value="https://off.sn"')
            self.dispatch.refresh_from_db()
            self.assertEqual(self.dispatch.draft, {})
            self.assertEqual(Response.objects.count(), 0)
        data = self.form(resp_name="Awa\r\nNdiaye", action="draft")
        self.client.post(self.url, data)
        self.dispatch.refresh_from_db()
        self.assertEqual(self.dispatch.draft["resp_name"], "Awa\nNdiaye")

    def test_expired_and_unknown_links_say_so(self):
        Dispatch.objects.filter(pk=self.dispatch.pk).update(
            expires_at=timezone.now() - datetime.timedelta(days=1)
        )
        page = self.client.get(self.url)
        self.assertContains(page, "This link has expired", status_code=410)
        self.assertEqual(self.client.post(self.url, {"action": "submit"}).status_code, 410)
        self.assertEqual(self.client.get("/q/nope/").status_code, 404)
