"""Statistics imported by a background task: the file stored until a worker imports it,
once, and the reasons of a refusal kept in the task's result."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from migguide.countries.registry import load_registry
from migguide.indicators.models import Release
from migguide.indicators.tasks import import_statistics, queue_import
from migguide.indicators.tests.test_importing import UNHCR, SharedDataTestCase
from migguide.operations.tests.test_workers import (
    as_killed,
    keep_the_tests_connection,
    run_worker,
)

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@keep_the_tests_connection
class ImportTaskTests(SharedDataTestCase):
    @classmethod
    def setUpTestData(cls):
        load_registry()

    def setUp(self):
        super().setUp()
        media = override_settings(MEDIA_ROOT=self.tmp / "media")
        media.enable()
        self.addCleanup(media.disable)

    def stored_files(self) -> list[str]:
        return sorted(p.name for p in (self.tmp / "media").rglob("*") if p.is_file())

    @override_settings(TASKS=DATABASE_TASKS, TASKS_BACKEND="database")
    def test_a_queued_import_is_made_once_by_a_worker_even_run_twice(self):
        out = io.StringIO()
        call_command("import", "unhcr", str(UNHCR), "--queue", stdout=out)
        self.assertIn("import queued as task", out.getvalue())
        self.assertFalse(Release.objects.exists())
        self.assertEqual(self.stored_files(), [UNHCR.name])

        run_worker()
        task = DBTaskResult.objects.get()
        self.assertEqual(task.status, "SUCCESSFUL")
        self.assertTrue(task.return_value["ok"])
        release = Release.objects.get()
        self.assertEqual(release.file_name, UNHCR.name)
        self.assertEqual(self.stored_files(), [])

        # Its worker killed after the import, before the task was recorded as done:
        # run again, it finds the release the file made.
        as_killed(task.id)
        run_worker("worker-2")
        task.refresh_from_db()
        self.assertEqual(task.status, "SUCCESSFUL")
        self.assertEqual(Release.objects.count(), 1)
        self.assertIn(f"imported as release {release.pk}", task.return_value["report"])

        # The same file sent again is recognised by its hash too.
        again = queue_import("unhcr", UNHCR)
        run_worker("worker-3")
        self.assertEqual(Release.objects.count(), 1)
        self.assertIn(
            "already imported", DBTaskResult.objects.get(id=again.id).return_value["report"]
        )

    def test_a_refused_file_says_why_in_the_result_and_is_not_kept(self):
        broken = self.tmp / "population.csv"
        broken.write_text("Year,Country of asylum\n2020,SEN\n")
        result = queue_import("unhcr", broken)  # immediate backend: done at once
        outcome = result.return_value
        self.assertFalse(outcome["ok"])
        self.assertIn("population.csv", outcome["report"])
        self.assertFalse(Release.objects.exists())
        self.assertEqual(self.stored_files(), [])
        self.assertEqual(import_statistics.name, "import_statistics")
