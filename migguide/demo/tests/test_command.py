"""`migguide demo`: the demonstration set up from nothing, and set up again."""

import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.test import TestCase
from django.utils import translation
from django.utils.translation import gettext

from migguide.access.models import Role, User
from migguide.activity.models import Schedule
from migguide.dossier import models as m
from migguide.editions.models import Edition
from migguide.indicators.models import Observation


class DemoCommandTests(TestCase):
    def test_demo_loads_registry_dossier_and_one_user_per_role(self):
        out = StringIO()
        folder = Path(tempfile.mkdtemp())
        call_command("demo", "--no-serve", "--out", str(folder), stdout=out)
        self.assertEqual(len(list(folder.glob("guide-sen-*"))), 12)
        text = out.getvalue()
        self.assertIn("Demonstration ready.", text)
        dossier = m.Dossier.objects.get(country__iso3="SEN")
        self.assertTrue(dossier.is_demo)
        self.assertGreaterEqual(m.Source.objects.count(), 30)
        self.assertTrue(m.Contact.objects.publishable().exists())
        self.assertTrue(m.Contact.objects.exclude(pk__in=m.Contact.objects.publishable()).exists())
        kinds = set(Role.objects.filter(country__iso3="SEN").values_list("kind", flat=True))
        self.assertEqual(kinds, {"coordinator", "member", "reviewer", "endorser"})
        self.assertTrue(User.objects.get(username="staff").is_staff)
        password = next(
            line.split()[1] for line in text.splitlines() if line.strip().startswith("coordinator ")
        )
        self.assertTrue(self.client.login(username="coordinator", password=password))
        r = self.client.get("/countries/SEN/")
        # The coordinator of Senegal reads the app in French (the account's language).
        with translation.override("fr"):
            banner = gettext("Demonstration content — not an official or endorsed guide.")
        self.assertContains(r, banner)

    def test_demo_publishes_cabo_verde_in_portuguese_english_and_french(self):
        folder = Path(tempfile.mkdtemp())
        call_command("demo", "--no-serve", "--out", str(folder), stdout=StringIO())
        edition = Edition.objects.get(country__iso3="CPV")
        self.assertEqual(edition.state, Edition.State.PUBLISHED)
        self.assertEqual(edition.languages, ["pt", "en", "fr"])
        self.assertEqual(
            {f.language for f in edition.files.all()}, {"pt", "en", "fr"}, "a guide per language"
        )
        self.assertEqual(edition.endorsement.name, "Helena Monteiro")
        kinds = set(Role.objects.filter(country__iso3="CPV").values_list("kind", flat=True))
        self.assertEqual(kinds, {"coordinator", "reviewer", "endorser"})
        self.assertTrue(Observation.objects.filter(country__iso3="CPV").exists())
        # On the board, its consultation and workshop are done (held before the platform).
        held = Schedule.objects.filter(country__iso3="CPV", actual_end__isnull=False)
        self.assertEqual(
            set(held.values_list("phase__code", flat=True)), {"consultation", "workshops"}
        )
        # The portal lists both countries with a published guide.
        portal = (folder / "site" / "en" / "index.html").read_text(encoding="utf-8")
        self.assertIn('href="countries/cpv/index.html"', portal)
        self.assertIn('href="countries/sen/index.html"', portal)

    def test_demo_runs_again_without_duplicating(self):
        folder = tempfile.mkdtemp()
        call_command("demo", "--no-serve", "--out", folder, stdout=StringIO())
        call_command("demo", "--no-serve", "--out", folder, stdout=StringIO())
        self.assertEqual(m.Dossier.objects.count(), 2)
        self.assertEqual(m.Source.objects.filter(dossier__country__iso3="SEN").count(), 32)
        self.assertEqual(m.Source.objects.filter(dossier__country__iso3="CPV").count(), 13)
        self.assertEqual(Edition.objects.filter(country__iso3="CPV").count(), 1)
        self.assertEqual(User.objects.filter(username="member").count(), 1)
