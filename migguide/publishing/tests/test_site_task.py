"""The static site kept up to date by a background task after each publication."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from migguide.editions.publishing import publish
from migguide.editions.tests.test_editions import EditionTestCase
from migguide.publishing.tasks import rebuild_site


class SiteRebuiltAfterPublicationTests(EditionTestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="migguide-site-"))
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def publish_one(self):
        edition = self.ready_edition()
        self.endorse(edition)
        with self.captureOnCommitCallbacks(execute=True):
            publish(edition, access=self.access(self.coordinator), seen_state="endorsed")
        return edition

    def test_a_publication_rebuilds_the_static_site_in_its_storage(self):
        out = self.tmp / "site"
        with override_settings(SITE_DIR=out, SITE_AUTO_REBUILD=True):
            edition = self.publish_one()
        page = (out / "fr" / "countries" / "sen" / "index.html").read_text()
        self.assertIn("SECRET-SEN", page)
        for published in edition.files.all():
            copied = out / published.url.lstrip("/")
            self.assertEqual(copied.read_bytes(), published.read())

    def test_without_automatic_rebuilds_nothing_is_built(self):
        with override_settings(SITE_DIR=self.tmp / "site", SITE_AUTO_REBUILD=False):
            self.publish_one()
            self.assertEqual(
                rebuild_site.call(), "SITE_AUTO_REBUILD is off: the static site is built by hand"
            )
        self.assertFalse((self.tmp / "site").exists())

    def test_on_the_database_backend_one_rebuild_waits_for_several_changes(self):
        with override_settings(
            SITE_DIR=self.tmp / "site",
            SITE_AUTO_REBUILD=True,
            TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
            TASKS_BACKEND="database",
        ):
            self.publish_one()
            self.publish_one()  # supersedes the first: two more changes
        queued = DBTaskResult.objects.filter(task_path=rebuild_site.module_path)
        self.assertEqual([r.status for r in queued], ["READY"])
        self.assertFalse((self.tmp / "site").exists())
