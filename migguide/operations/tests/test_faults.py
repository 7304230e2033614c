"""A process killed (SIGKILL, no clean-up) in the middle of an import, of a publication
and of a static-site build: afterwards the database is consistent — the import absent or
whole, the edition still endorsed with no published file recorded — no half-written file
is served, and doing it again succeeds."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from django.test import SimpleTestCase

from migguide.conftest import SHARED_DATA, require

ROOT = Path(__file__).resolve().parents[3]
UNDESA = SHARED_DATA / "undesa" / "undesa_pd_2024_ims_stock_by_sex_and_destination.xlsx"

PREAMBLE = """
import os, signal, sys
import django
django.setup()
from django.core.management import call_command
def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)
"""

PREPARE = (
    PREAMBLE
    + """
import datetime
from django.test.utils import override_settings
from migguide.access.models import Access, Role, User
from migguide.countries.models import Country
from migguide.countries.registry import load_registry
from migguide.editions.models import Edition
from migguide.editions.publishing import mark_ready
from migguide.testing import small_dossier
call_command("migrate", verbosity=0)
load_registry()
senegal = Country.objects.get(iso3="SEN")
small_dossier(senegal, "SEN")
people = {}
for kind in ("coordinator", "reviewer", "endorser"):
    user = User.objects.create_user(kind, f"{kind}@example.org", "pw")
    Role.objects.create(user=user, country=senegal, kind=kind)
    people[kind] = Access.of(user, senegal)
with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
    edition = Edition.start(access=people["coordinator"], languages=["fr"])
    edition.submit(access=people["coordinator"])
    edition.approve(access=people["reviewer"], sha256=edition.sha256)
    mark_ready(edition, access=people["coordinator"])
    edition.endorse(access=people["endorser"], sha256=edition.sha256, name="N", position="P",
                    date=datetime.date(2026, 11, 20), statement="")
"""
)

IMPORT = (
    PREAMBLE
    + """
from migguide.indicators import importing
if sys.argv[2] == "kill":
    real = importing._insert_observations
    def half(release, indicators, by_iso3, values):
        first = dict(list(values.items())[: len(values) // 2])
        real(release, indicators, by_iso3, first)  # half the rows written, then death
        die()
    importing._insert_observations = half
print(importing.import_file("undesa", sys.argv[1]))
"""
)

PUBLISH = (
    PREAMBLE
    + """
from django.test.utils import override_settings
from migguide.access.models import Access, User
from migguide.editions import publishing
from migguide.editions.models import Edition
if sys.argv[1] == "kill":
    real = publishing.Rendered.store
    def half(self, edition):
        self.files = self.files[: len(self.files) // 2]
        real(self, edition)  # rows and files of half the formats, then death
        die()
    publishing.Rendered.store = half
edition = Edition.objects.get()
with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
    coordinator = Access.of(User.objects.get(username="coordinator"), edition.country)
    publishing.publish(edition, access=coordinator)
print(edition.state)
"""
)

SITE = (
    PREAMBLE
    + """
from migguide.publishing import site
if sys.argv[2] == "kill":
    real = site._Builder.write
    count = {"n": 0}
    def write(self, name, content, fingerprint=None):
        count["n"] += 1
        if count["n"] == 40:
            target = self.out / name
            target.parent.mkdir(parents=True, exist_ok=True)
            (target.parent / (target.name + ".tmp")).write_bytes(content[: len(content) // 2])
            die()  # half a file on disk under its temporary name
        real(self, name, content, fingerprint)
    site._Builder.write = write
print(site.build_site(sys.argv[1]))
"""
)


class KilledProcessTests(SimpleTestCase):
    """Each step runs in its own process on its own SQLite file, as a worker would."""

    def setUp(self):
        self.folder = Path(tempfile.mkdtemp(prefix="migguide-faults-"))
        self.database = self.folder / "db.sqlite3"
        self.env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{self.database}",
            "MIGGUIDE_VAR_DIR": str(self.folder / "var"),
            "PUBLISHED_DIR": str(self.folder / "published"),
            "DJANGO_SETTINGS_MODULE": "migguide.settings",
        }
        self.run_script(PREPARE)

    def run_script(self, script: str, *args: str, killed: bool = False):
        # Output to files, not pipes: a chart-drawing child the killed process leaves
        # behind would hold a pipe open. Its own session, so that child is ended too.
        out, err = self.folder / "stdout", self.folder / "stderr"
        with open(out, "w") as stdout, open(err, "w") as stderr:
            process = subprocess.Popen(
                [sys.executable, "-c", script, *args],
                env=self.env,
                cwd=ROOT,
                stdout=stdout,
                stderr=stderr,
                start_new_session=True,
            )
            try:
                returncode = process.wait(timeout=300)
            finally:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
        message = err.read_text()[-2000:]
        self.assertEqual(returncode, -9 if killed else 0, message)
        return out.read_text()

    def query(self, sql: str):
        with sqlite3.connect(self.database) as db:
            return db.execute(sql).fetchall()

    def test_an_import_killed_half_way_leaves_nothing_and_can_be_done_again(self):
        require(UNDESA.is_file(), f"{UNDESA} is absent")
        self.run_script(IMPORT, str(UNDESA), "kill", killed=True)
        self.assertEqual(self.query("SELECT count(*) FROM indicators_release"), [(0,)])
        self.assertEqual(self.query("SELECT count(*) FROM indicators_observation"), [(0,)])
        out = self.run_script(IMPORT, str(UNDESA), "normal")
        self.assertIn("observations added", out)
        (count,) = self.query("SELECT count(*) FROM indicators_observation")[0]
        self.assertGreater(count, 10_000)

    def test_a_publication_killed_half_way_publishes_nothing_and_can_be_done_again(self):
        self.run_script(PUBLISH, "kill", killed=True)
        self.assertEqual(self.query("SELECT state FROM editions_edition"), [("endorsed",)])
        self.assertEqual(self.query("SELECT count(*) FROM editions_publishedfile"), [(0,)])
        out = self.run_script(PUBLISH, "normal")
        self.assertIn("published", out)
        rows = self.query("SELECT path, sha256 FROM editions_publishedfile")
        self.assertEqual(len(rows), 6)
        import hashlib

        for path, sha256 in rows:
            content = (self.folder / "published" / path).read_bytes()
            self.assertEqual(hashlib.sha256(content).hexdigest(), sha256, path)

    def test_a_site_build_killed_half_way_leaves_no_half_file_and_can_be_done_again(self):
        site = self.folder / "site"
        self.run_script(SITE, str(site), "kill", killed=True)
        self.assertTrue(list(site.rglob("*.tmp")))  # the half file, under its temporary name
        out = self.run_script(SITE, str(site), "normal")
        self.assertIn("files", out)
        self.assertEqual(list(site.rglob("*.tmp")), [])
        reference = self.folder / "reference"
        self.run_script(SITE, str(reference), "normal")
        built = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
        clean = {
            p.relative_to(reference): p.read_bytes() for p in reference.rglob("*") if p.is_file()
        }
        built.pop(Path(".migguide-site.json"))
        clean.pop(Path(".migguide-site.json"))
        self.assertEqual(built.keys(), clean.keys())
        self.assertEqual(built, clean)
