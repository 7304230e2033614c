import json
import os
import subprocess
import sys
import tempfile
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import SimpleTestCase, TestCase

from migguide.access.models import Role, User
from migguide.dossier import models as m


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
        self.assertContains(r, "Demonstration content — not an official or endorsed guide.")

    def test_demo_runs_again_without_duplicating(self):
        folder = tempfile.mkdtemp()
        call_command("demo", "--no-serve", "--out", folder, stdout=StringIO())
        call_command("demo", "--no-serve", "--out", folder, stdout=StringIO())
        self.assertEqual(m.Dossier.objects.count(), 1)
        self.assertEqual(m.Source.objects.count(), 32)
        self.assertEqual(User.objects.filter(username="member").count(), 1)


class ConsoleScriptTests(SimpleTestCase):
    """The `migguide` console script, run as a person would, on its own database."""

    def test_migguide_command_line(self):
        tmp = Path(tempfile.mkdtemp())
        env = dict(
            os.environ,
            DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
            MIGGUIDE_VAR_DIR=str(tmp),
            DEBUG="true",
        )
        script = Path(sys.executable).with_name("migguide")

        def run(*args):
            return subprocess.run(
                [str(script), *args],
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
                cwd=settings.BASE_DIR.parent,
            )

        self.assertEqual(run("migrate", "-v0").returncode, 0)
        result = run("countries", "load")
        self.assertIn("249 countries", result.stdout)
        result = run("demo", "--no-serve", "--out", str(tmp / "out"))
        self.assertEqual(result.returncode, 0, result.stderr)
        result = run("dossier", "export", "--country", "SEN", "--format", "json")
        self.assertEqual(json.loads(result.stdout)["country"], "SEN")
        result = run("dossier", "import", str(tmp / "missing.json"))
        self.assertEqual(result.returncode, 1)
        self.assertIn("missing.json: file not found", result.stderr)
