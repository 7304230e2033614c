"""A person's data on request: exported whole, then erased everywhere it is not an
endorsed snapshot, and withheld from everything public that names them."""

import datetime
import io
import json
from pathlib import Path
from tempfile import TemporaryDirectory

from django.core.management import call_command

from migguide.access.models import Role
from migguide.consultation.models import Dispatch, Response
from migguide.dossier import models as m
from migguide.editions.models import (
    Endorsement,
    PublishedFile,
)
from migguide.operations.personal import ERASED, erase_person, export_person
from migguide.publishing.site import build_site
from migguide.testing import CastTestCase, frozen_edition

EMAIL = "awa.ndiaye@example.sn"


class PersonalDataTests(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.endorser.email = EMAIL
        cls.endorser.save()
        contact = m.Contact.objects.get(dossier=cls.dossier)
        contact.name, contact.email, contact.phone = (
            "Awa Ndiaye",
            EMAIL.upper(),
            "+221 77 000 00 00",
        )
        contact.consent_to_publish, contact.consent_recorded_on = True, datetime.date(2026, 3, 1)
        contact.save()
        cls.edition = frozen_edition(cls.dossier)
        Endorsement.objects.create(
            edition=cls.edition,
            user=cls.endorser,
            name="Awa Ndiaye",
            position="Director general",
            date="2026-11-20",
            sha256=cls.edition.sha256,
        )
        cls.file = PublishedFile.objects.create(
            edition=cls.edition,
            language="fr",
            version="full",
            fmt="pdf",
            name="guide.pdf",
            path="SEN/1/guide.pdf",
            size=1,
            sha256="1" * 64,
        )
        Response.objects.create(
            country=cls.senegal,
            institution_name="Office",
            form="authority",
            version="2026.2",
            answered_version="2026.2",
            origin="web",
            external_id="x",
            respondent_name="Awa Ndiaye",
            respondent_email=EMAIL,
            answers={"respondent": {"name": "Awa Ndiaye", "email": EMAIL}},
        )
        Dispatch.objects.create(
            country=cls.senegal,
            institution_name="Office",
            form="authority",
            version="2026.2",
            channel="web",
            sent_to=EMAIL,
        )

    def test_export_holds_everything_about_the_person(self):
        data = export_person(EMAIL)
        self.assertEqual(data["accounts"][0]["username"], "endorser")
        self.assertEqual(
            data["accounts"][0]["roles"],
            [
                {
                    "country": "SEN",
                    "role": "endorser",
                    "granted_at": Role.objects.get(user=self.endorser).granted_at.isoformat(),
                }
            ],
        )
        self.assertEqual(data["accounts"][0]["endorsements"][0]["name"], "Awa Ndiaye")
        self.assertEqual(data["contacts"][0]["phone"], "+221 77 000 00 00")
        self.assertEqual(data["consultation"]["answers_given"][0]["name"], "Awa Ndiaye")
        self.assertEqual(len(data["consultation"]["questionnaires_received"]), 1)
        self.assertEqual(data["published_editions_naming_them"], [str(self.edition)])
        out = io.StringIO()
        call_command("person", "export", "--email", EMAIL, stdout=out)
        self.assertEqual(json.loads(out.getvalue())["email"], EMAIL)

    def test_erasure_removes_the_person_but_keeps_the_endorsed_snapshot(self):
        sha, snapshot = self.edition.sha256, self.edition.snapshot
        self.assertContains(self.client.get("/en/countries/sen/"), "Awa Ndiaye")
        report = erase_person(EMAIL, by=self.staff)
        self.assertEqual((report.contacts, report.responses, report.accounts), (1, 1, 1))
        self.assertEqual((report.withheld_files, report.redacted_endorsements), (1, 1))
        contact = m.Contact.objects.get(dossier=self.dossier)
        self.assertEqual((contact.name, contact.email, contact.phone), (ERASED, "", ""))
        self.assertFalse(contact.consent_to_publish)
        history = contact.history.all()
        self.assertGreater(history.count(), 1)
        self.assertFalse(history.filter(name="Awa Ndiaye").exists())
        self.assertFalse(history.exclude(email="").exists())
        response = Response.objects.get()
        self.assertEqual((response.respondent_name, response.respondent_email), ("", ""))
        self.assertNotIn("Awa", json.dumps(response.answers))
        self.assertEqual(Dispatch.objects.get().sent_to, "")
        self.endorser.refresh_from_db()
        self.assertFalse(self.endorser.is_active)
        self.assertEqual((self.endorser.email, self.endorser.first_name), ("", ""))
        self.assertFalse(self.endorser.has_usable_password())
        self.assertFalse(Role.objects.filter(user=self.endorser).exists())
        # The endorsed snapshot and its hash are untouched …
        self.edition.refresh_from_db()
        self.assertEqual((self.edition.sha256, self.edition.snapshot), (sha, snapshot))
        self.assertEqual(Endorsement.objects.get().name, "Awa Ndiaye")
        # … but nothing public names the person any more.
        page = self.client.get("/en/countries/sen/")
        self.assertNotContains(page, "Awa Ndiaye")
        self.assertContains(page, "by the Director general")
        self.assertNotContains(page, "guide.pdf")
        withheld = self.client.get("/published/SEN/1/guide.pdf")
        self.assertContains(withheld, "erased on request", status_code=410)
        with TemporaryDirectory() as out:
            build_site(out)
            text = " ".join(p.read_text(errors="ignore") for p in Path(out).rglob("*.html"))
            self.assertNotIn("Awa Ndiaye", text)
            self.assertFalse(list(Path(out).rglob("guide.pdf")))
        self.assertEqual(export_person(EMAIL)["contacts"], [])

    def test_erasing_needs_an_address_and_yes(self):
        with self.assertRaises(ValueError):
            erase_person("not an address")
        out = io.StringIO()
        call_command("person", "erase", "--email", EMAIL, stdout=out)
        self.assertIn("Run again with --yes", out.getvalue())
        self.assertEqual(m.Contact.objects.get(dossier=self.dossier).name, "Awa Ndiaye")
