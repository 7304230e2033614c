"""Backups: an instance (demonstration dossier, statistics, a published and endorsed
edition) made in its own process on SQLite, archived, restored into this test's
database (SQLite, or PostgreSQL in the second CI pass), archived again: the same rows,
the same published-file hashes. Refusals leave everything unchanged."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase

from migguide.access.models import User
from migguide.editions.models import Edition, PublishedFile
from migguide.editions.publishing import verify_file
from migguide.operations.backups import RestoreRefused, backup, restore

MAKE_INSTANCE = """
import django
django.setup()
from django.core.management import call_command
from django.test.utils import override_settings
call_command("migrate", verbosity=0)
from migguide.access.models import Role, User
from migguide.countries.models import Country
from migguide.countries.registry import load_registry
from migguide.demo.editions import publish_demo_edition
from migguide.indicators.profile import load_demo_statistics
from migguide.operations.backups import backup
from migguide.testing import load_demo
load_registry()
load_demo()
load_demo_statistics()
senegal = Country.objects.get(iso3="SEN")
for name, kind in (("fatou", "coordinator"), ("jean", "reviewer"), ("mamadou", "endorser")):
    user = User.objects.create_user(name, f"{name}@example.org", "pw", first_name=name)
    Role.objects.create(user=user, country=senegal, kind=kind)
from migguide.demo.activity import activity_demo
from migguide.demo.consultation import consultation_demo
from migguide.consultation.models import Response
from migguide.consultation.review import Review, decide
consultation_demo(senegal)
activity_demo(senegal)
response = Response.objects.get()
item = next(i for i in Review(response).items if i.status == "new")
decide(response, {item.key: True}, by=user)
# The accepted answer is in French: translated before an edition in English too.
from migguide.testing import translate_all
translate_all(senegal.dossier, "en")
with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
    publish_demo_edition(senegal)
print(backup(__import__("sys").argv[1]))
"""


class BackupTests(TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.folder = Path(tempfile.mkdtemp(prefix="migguide-backup-"))
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{cls.folder / 'source.sqlite3'}",
            "MIGGUIDE_VAR_DIR": str(cls.folder / "var"),
            "PUBLISHED_DIR": str(cls.folder / "published"),
            "DJANGO_SETTINGS_MODULE": "migguide.settings",
        }
        cls.archive = cls.folder / "first.zip"
        subprocess.run(
            [sys.executable, "-c", MAKE_INSTANCE, str(cls.archive)],
            env=env,
            check=True,
            capture_output=True,
            cwd=Path(__file__).resolve().parents[3],
        )

    def content(self, archive: Path) -> tuple[list, dict, list]:
        with zipfile.ZipFile(archive) as z:
            manifest = json.loads(z.read("manifest.json"))
            return json.loads(z.read("data.json")), manifest["rows"], manifest["published_files"]

    def test_round_trip_gives_the_same_instance(self):
        report = restore(self.archive)
        self.assertIn("12 published files restored", report)
        edition = Edition.objects.get(country__iso3="SEN")
        self.assertEqual(edition.state, "published")
        self.assertTrue(edition.check_integrity())
        self.assertEqual(edition.endorsement.sha256, edition.sha256)
        pdf = PublishedFile.objects.get(language="fr", version="full", fmt="pdf")
        downloaded = Path(tempfile.mkdtemp()) / pdf.name
        downloaded.write_bytes(pdf.read())
        self.assertTrue(verify_file(downloaded).ok)
        second = Path(tempfile.mkdtemp()) / "second.zip"
        backup(second)
        rows_a, counts_a, files_a = self.content(self.archive)
        rows_b, counts_b, files_b = self.content(second)
        self.assertEqual(counts_a, counts_b)
        self.assertEqual(files_a, files_b)  # identical published-file hashes
        self.assertEqual(rows_a, rows_b)  # every row, field by field
        # The consultation and the activity came along: responses, decisions with their
        # provenance, questionnaires sent, the timetable, workshops and participants.
        for label, n in (
            ("consultation.response", 1),
            ("consultation.decision", 1),
            ("consultation.provenance", 1),
            ("consultation.dispatch", 3),
            ("activity.schedule", 8),
            ("activity.workshop", 1),
            ("activity.participant", 5),
        ):
            self.assertEqual(counts_a.get(label), n, label)
        # The history came back as it was, not recorded a second time while loading.
        from migguide.dossier.models import Source

        self.assertEqual(Source.history.count(), counts_a["dossier.historicalsource"])

    def test_restoring_over_data_is_refused(self):
        restore(self.archive)
        before = Edition.objects.count(), User.objects.count()
        with self.assertRaisesMessage(RestoreRefused, "the database is not empty"):
            restore(self.archive)
        self.assertEqual((Edition.objects.count(), User.objects.count()), before)
        with self.assertRaisesMessage(CommandError, "not empty"):
            call_command("restore", str(self.archive))

    def test_a_damaged_archive_is_refused_and_nothing_is_written(self):
        from django.conf import settings

        damaged = self.folder / "damaged.zip"
        with zipfile.ZipFile(self.archive) as source, zipfile.ZipFile(damaged, "w") as out:
            for item in source.infolist():
                content = source.read(item)
                if item.filename.endswith("guide-sen-fr-edition-1.pdf"):
                    content = content.replace(b"%PDF", b"%PDX", 1)
                out.writestr(item, content)
        with self.assertRaisesMessage(RestoreRefused, "does not match its hash"):
            restore(damaged)
        self.assertFalse(Edition.objects.exists())
        self.assertFalse(settings.PUBLISHED_DIR.exists() and any(settings.PUBLISHED_DIR.iterdir()))
        not_zip = self.folder / "notes.zip"
        not_zip.write_text("hello")
        with self.assertRaisesMessage(RestoreRefused, "not a migguide backup archive"):
            restore(not_zip)

    def test_an_archive_holding_a_nul_character_is_refused_naming_where(self):
        """PostgreSQL cannot store NUL in text: the archive is refused before anything
        is written, on any database, with the place of each such character."""
        from django.conf import settings

        doctored = self.folder / "nul.zip"
        with zipfile.ZipFile(self.archive) as source, zipfile.ZipFile(doctored, "w") as out:
            for item in source.infolist():
                content = source.read(item)
                if item.filename == "data.json":
                    rows = json.loads(content)
                    row = next(r for r in rows if r["model"] == "dossier.recommendation")
                    row["fields"]["text"] += "\x00"
                    content = json.dumps(rows).encode()
                    where = f"dossier.recommendation {row['pk']}.text"
                out.writestr(item, content)
        with self.assertRaises(CommandError) as cm:
            call_command("restore", str(doctored))
        message = str(cm.exception)
        self.assertIn(
            "the archive holds text that cannot be restored; nothing was changed", message
        )
        self.assertIn(f"{where}: contains an invisible control character (U+0000)", message)
        self.assertFalse(Edition.objects.exists())
        self.assertFalse(User.objects.exists())
        self.assertFalse(settings.PUBLISHED_DIR.exists() and any(settings.PUBLISHED_DIR.iterdir()))
