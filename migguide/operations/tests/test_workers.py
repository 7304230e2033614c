"""Background tasks on the database backend: a publication queued by its page and made
by a worker, run again safely after its worker was killed, the recovery of tasks left
running by a dead worker, the heartbeat, and `migguide worker`."""

from __future__ import annotations

import datetime
import hashlib
import io
import re
from unittest import mock

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from migguide.countries.models import Dialogue
from migguide.editions.models import Edition, PublishedFile
from migguide.editions.tests.test_editions import EditionTestCase, pdf_text
from migguide.operations.models import WorkerHeartbeat
from migguide.operations.workers import Worker, beat, heartbeat_age, requeue_stale
from migguide.testing import PASSWORD

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# The worker's loop drops stale connections each time it wakes (`close_old_connections`).
# In production it runs in autocommit; here it runs inside the test's transaction, which
# Django then judges unusable and closes — on PostgreSQL, the test's own connection.
keep_the_tests_connection = mock.patch(
    "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
)


def run_worker(worker_id: str = "worker-1", **options) -> Worker:
    """Run, in this process, every task queued now, then stop (whatever memory this
    test process has held, unless `max_memory_mb` is given)."""
    memory = override_settings(WORKER_MAX_MEMORY_MB=options.pop("max_memory_mb", 10**6))
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=options.pop("max_tasks", None),
        worker_id=worker_id,
        excluded_queue_names=[],
        heartbeat_thread=False,
        warm_up=options.pop("warm_up", False),
    )
    with memory:
        worker.run()
    return worker


def files_on_disk(edition: Edition) -> dict[str, str]:
    folder = settings.PUBLISHED_DIR / edition.country.iso3.lower() / str(edition.number)
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def as_killed(result_id, worker_id: str = "dead-worker", minutes: int = 30) -> None:
    """Leave the task as a worker killed while running it leaves it: running, claimed
    by a worker that is never seen again."""
    DBTaskResult.objects.filter(id=result_id).update(
        status="RUNNING",
        started_at=timezone.now() - datetime.timedelta(minutes=minutes),
        finished_at=None,
        worker_ids=[worker_id],
    )


@override_settings(TASKS=DATABASE_TASKS, TASKS_BACKEND="database")
@keep_the_tests_connection
class PublicationOnTheDatabaseBackendTests(EditionTestCase):
    def endorsed(self) -> Edition:
        edition = self.ready_edition()
        self.endorse(edition)
        return edition

    def coordinator_client(self) -> Client:
        client = Client()
        client.login(username="coordinator", password=PASSWORD)
        return client

    def test_the_publish_page_queues_the_work_and_a_worker_publishes_the_files(self):
        edition = self.endorsed()
        client = self.coordinator_client()
        r = client.post("/countries/SEN/editions/1/publish/", {"seen_state": "endorsed"})
        self.assertEqual(r.status_code, 302)
        self.assertRegex(r["Location"], r"^/countries/SEN/editions/1/publishing/[0-9a-f-]{36}/$")
        # Queued, not done: the request rendered nothing.
        edition.refresh_from_db()
        self.assertEqual(edition.state, "endorsed")
        self.assertFalse(PublishedFile.objects.exists())
        waiting = client.get(r["Location"])
        self.assertContains(waiting, '<meta http-equiv="refresh" content="3">', html=False)
        self.assertContains(waiting, "<progress")

        worker = run_worker()
        self.assertEqual(worker._run_tasks, 1)
        edition.refresh_from_db()
        self.assertEqual(edition.state, "published")
        on_disk = files_on_disk(edition)
        self.assertEqual(
            on_disk, {f.name: f.sha256 for f in PublishedFile.objects.filter(edition=edition)}
        )
        self.assertEqual(len(on_disk), 6)  # one language × full and at a glance × 3 formats
        pdf = next(f for f in edition.files.all() if f.fmt == "pdf" and f.version == "full")
        self.assertIn("Mamadou Diagne", pdf_text(pdf.read()))

        done = client.get(r["Location"])
        self.assertNotContains(done, 'http-equiv="refresh"', html=False)
        self.assertContains(done, "Published files")
        self.assertContains(done, f"/published/SEN/1/{pdf.name}")
        self.assertEqual(DBTaskResult.objects.get().status, "SUCCESSFUL")

    def test_a_publication_whose_worker_was_killed_is_redone_by_the_next_with_each_file_once(
        self,
    ):
        edition = self.endorsed()
        r = self.coordinator_client().post(
            "/countries/SEN/editions/1/publish/", {"seen_state": "endorsed"}
        )
        task_id = r["Location"].rstrip("/").rsplit("/", 1)[1]
        # The worker dies after moving the files into place, before the database commits.
        with mock.patch(
            "migguide.editions.models.Edition._supersede_older", side_effect=SystemExit(137)
        ):
            run_worker("doomed")
        as_killed(task_id)
        edition.refresh_from_db()
        self.assertEqual(edition.state, "endorsed")
        left_by_the_killed_run = files_on_disk(edition)
        self.assertEqual(len(left_by_the_killed_run), 6)

        run_worker("worker-2")
        edition.refresh_from_db()
        self.assertEqual(edition.state, "published")
        stored = {f.name: f.sha256 for f in edition.files.all()}
        self.assertEqual(files_on_disk(edition), stored)
        self.assertEqual(len(stored), 6)
        # The task fixed the publication's date when it was queued: the same bytes.
        self.assertEqual(stored, left_by_the_killed_run)
        result = DBTaskResult.objects.get(id=task_id)
        self.assertEqual(
            (result.status, result.worker_ids), ("SUCCESSFUL", ["dead-worker", "worker-2"])
        )

    def test_a_worker_warms_up_on_the_latest_edition_without_storing_anything(self):
        edition = self.endorsed()
        self.coordinator_client().post(
            "/countries/SEN/editions/1/publish/", {"seen_state": "endorsed"}
        )
        with mock.patch("migguide.editions.tasks.publishing.publish") as publish:
            worker = run_worker(warm_up=True, max_tasks=1)
            # The task ran after the warm-up, which wrote nothing of its own.
            publish.assert_called_once()
        self.assertEqual(worker.warmed_up, ["fr full"])
        edition.refresh_from_db()
        self.assertEqual(edition.state, "endorsed")
        self.assertFalse(PublishedFile.objects.exists())
        self.assertFalse((settings.PUBLISHED_DIR / "sen").exists())

    def test_a_worker_warms_up_in_every_language_of_the_latest_edition(self):
        first = self.endorsed()
        Edition.objects.create(  # frozen since, in two languages
            country=first.country,
            number=2,
            languages=["fr", "en"],
            state=Edition.State.ENDORSED,
            snapshot=first.snapshot,
            sha256=first.sha256,
            frozen_at=first.frozen_at + datetime.timedelta(days=1),
            changes_annex=False,
        )
        worker = run_worker(warm_up=True)
        # The full guide in the first language, at a glance in the others.
        self.assertEqual(worker.warmed_up, ["fr full", "en glance"])
        self.assertFalse(PublishedFile.objects.exists())

    def test_a_warmed_up_worker_publishes_the_same_files(self):
        edition = self.endorsed()
        self.coordinator_client().post(
            "/countries/SEN/editions/1/publish/", {"seen_state": "endorsed"}
        )
        worker = run_worker(warm_up=True)
        self.assertEqual((worker.warmed_up, worker._run_tasks), (["fr full"], 1))
        edition.refresh_from_db()
        self.assertEqual(edition.state, "published")
        self.assertEqual(
            files_on_disk(edition),
            {f.name: f.sha256 for f in PublishedFile.objects.filter(edition=edition)},
        )

    def test_a_finished_publication_run_again_changes_nothing(self):
        edition = self.endorsed()
        r = self.coordinator_client().post(
            "/countries/SEN/editions/1/publish/", {"seen_state": "endorsed"}
        )
        task_id = r["Location"].rstrip("/").rsplit("/", 1)[1]
        run_worker()
        edition.refresh_from_db()
        before = (edition.published_at, files_on_disk(edition), list(edition.events.all()))
        # Killed after publishing, before recording that the task succeeded.
        as_killed(task_id, worker_id="worker-1")
        WorkerHeartbeat.objects.update(seen_at=timezone.now() - datetime.timedelta(hours=1))
        run_worker("worker-2")
        edition.refresh_from_db()
        self.assertEqual(
            (edition.published_at, files_on_disk(edition), list(edition.events.all())), before
        )
        self.assertEqual(PublishedFile.objects.count(), 6)
        self.assertEqual(DBTaskResult.objects.get(id=task_id).status, "SUCCESSFUL")

    def test_a_refused_publication_shows_the_reason_in_the_persons_language(self):
        edition = self.endorsed()
        client = self.coordinator_client()
        r = client.post(
            "/countries/SEN/editions/1/publish/",
            {"seen_state": "endorsed"},
            headers={"accept-language": "fr"},
        )
        # Someone else published it meanwhile.
        from migguide.editions.publishing import publish

        publish(edition, access=self.access(self.coordinator))
        run_worker()
        page = client.get(r["Location"], headers={"accept-language": "fr"})
        self.assertContains(page, "par quelqu’un d’autre")
        self.assertEqual(PublishedFile.objects.count(), 6)

    def test_the_progress_page_speaks_french_while_waiting_running_and_done(self):
        self.endorsed()
        client = self.coordinator_client()
        french = {"headers": {"accept-language": "fr"}}
        r = client.post("/countries/SEN/editions/1/publish/", {"seen_state": "endorsed"}, **french)
        waiting = client.get(r["Location"], **french).content.decode()
        self.assertIn("Publication de", waiting)
        self.assertIn("En attente du démarrage du travail par le serveur.", waiting)
        self.assertIn("Cette page se recharge d’elle-même régulièrement\u00a0;", waiting)
        # Running, four files of six made: the bar and the count.
        DBTaskResult.objects.update(status="RUNNING", started_at=timezone.now())
        task_id = r["Location"].rstrip("/").rsplit("/", 1)[1]
        cache.set(f"migguide:task-progress:{task_id}", [4, 6])
        running = client.get(r["Location"], **french).content.decode()
        self.assertIn('<progress max="100" value="67"', running)
        self.assertIn("4 fichiers sur 6 créés.", running)
        DBTaskResult.objects.update(status="READY", started_at=None)
        run_worker()
        done = client.get(r["Location"], **french).content.decode()
        self.assertIn("Fichiers publiés", done)
        self.assertIn("L’édition 1 est désormais à l’état « publiée ».", done)
        self.assertNotIn("Publishing", done)

    def test_a_publication_that_crashes_says_so_in_french_and_publishes_nothing(self):
        edition = self.endorsed()
        client = self.coordinator_client()
        french = {"headers": {"accept-language": "fr"}}
        r = client.post("/countries/SEN/editions/1/publish/", {"seen_state": "endorsed"}, **french)
        with mock.patch(
            "migguide.editions.publishing.render_files", side_effect=RuntimeError("disk full")
        ):
            run_worker()
        self.assertEqual(DBTaskResult.objects.get().status, "FAILED")
        page = client.get(r["Location"], **french).content.decode()
        self.assertIn("La publication n’a pas abouti", page)
        self.assertIn("à cause d’une erreur du serveur", page)
        self.assertNotIn("disk full", page)  # the details are for the log
        edition.refresh_from_db()
        self.assertEqual(edition.state, "endorsed")
        self.assertFalse(PublishedFile.objects.exists())

    def test_the_daily_rule_queues_the_publication_of_an_overdue_edition(self):
        edition = self.ready_edition()
        Edition.objects.filter(pk=edition.pk).update(
            ready_at=timezone.now() - datetime.timedelta(days=400)
        )
        Dialogue.objects.filter(is_default=True).update(unendorsed_publication_days=90)
        out = io.StringIO()
        call_command("editions", "apply-rules", stdout=out)
        self.assertIn("SEN edition 1: publication queued as task", out.getvalue())
        self.assertIn("1 edition(s) queued for publication", out.getvalue())
        run_worker()
        edition.refresh_from_db()
        self.assertEqual((edition.state, edition.unendorsed), ("published", True))
        self.assertIsNone(edition.events.last().by)

    def test_the_weekly_digests_from_cron_are_queued_for_a_worker(self):
        out = io.StringIO()
        call_command("todo", "digest", stdout=out)
        call_command("followup", "digest", stdout=out)
        self.assertEqual(out.getvalue().count("Queued as task"), 2)
        run_worker()
        self.assertEqual(
            sorted(r.task_path for r in DBTaskResult.objects.filter(status="SUCCESSFUL")),
            [
                "migguide.access.tasks.send_todo_digests",
                "migguide.activity.tasks.send_followup_digests",
            ],
        )

    def test_only_the_countrys_managers_may_follow_a_publication(self):
        self.endorsed()
        r = self.coordinator_client().post(
            "/countries/SEN/editions/1/publish/", {"seen_state": "endorsed"}
        )
        member = Client()
        member.login(username="member", password=PASSWORD)
        self.assertEqual(member.get(r["Location"]).status_code, 403)
        other = re.sub(r"[0-9a-f]{8}-", "00000000-", r["Location"])
        self.assertEqual(self.coordinator_client().get(other).status_code, 404)


@override_settings(TASKS=DATABASE_TASKS, TASKS_BACKEND="database", TASK_STALE_SECONDS=60)
@keep_the_tests_connection
class StaleTaskTests(EditionTestCase):
    def queued(self) -> DBTaskResult:
        from migguide.editions.tasks import publish_edition

        result = publish_edition.enqueue(
            999999, user_pk=None, published_at=timezone.now().isoformat()
        )
        return DBTaskResult.objects.get(id=result.id)

    def test_a_task_left_running_by_a_silent_worker_is_queued_again(self):
        task = self.queued()
        as_killed(task.id, worker_id="gone", minutes=5)
        beat("gone", now=timezone.now() - datetime.timedelta(minutes=5))
        self.assertEqual(requeue_stale(), [str(task.id)])
        task.refresh_from_db()
        self.assertEqual(task.status, "READY")

    def test_a_task_killed_moments_after_it_started_is_queued_once_its_worker_is_silent(self):
        task = self.queued()
        as_killed(task.id, worker_id="killed", minutes=0)
        beat("killed", now=timezone.now() - datetime.timedelta(seconds=61))
        self.assertEqual(requeue_stale(), [str(task.id)])

    def test_a_task_whose_worker_is_still_beating_is_left_running(self):
        task = self.queued()
        as_killed(task.id, worker_id="busy", minutes=5)
        beat("busy")  # a long task: its worker's thread still beats
        self.assertEqual(requeue_stale(), [])
        task.refresh_from_db()
        self.assertEqual(task.status, "RUNNING")

    def test_a_task_started_moments_ago_is_left_running(self):
        task = self.queued()
        as_killed(task.id, worker_id="never-beat", minutes=0)
        self.assertEqual(requeue_stale(), [])

    def test_the_heartbeat_age_is_that_of_the_newest_worker(self):
        self.assertIsNone(heartbeat_age())
        now = timezone.now()
        beat("old", now=now - datetime.timedelta(seconds=300))
        beat("recent", now=now - datetime.timedelta(seconds=4))
        self.assertAlmostEqual(heartbeat_age(now=now), 4.0, places=3)

    def test_a_worker_leaves_after_its_maximum_number_of_tasks(self):
        from migguide.editions.tasks import publish_edition

        for _ in range(3):
            publish_edition.enqueue(999999, user_pk=None, published_at=timezone.now().isoformat())
        worker = run_worker("limited", max_tasks=2)
        self.assertEqual(worker._run_tasks, 2)
        self.assertEqual(DBTaskResult.objects.filter(status="READY").count(), 1)
        self.assertEqual(WorkerHeartbeat.objects.get(name="limited").tasks_run, 2)

    def test_a_worker_that_holds_too_much_memory_leaves_after_its_task(self):
        from migguide.editions.tasks import publish_edition

        for _ in range(2):
            publish_edition.enqueue(999999, user_pk=None, published_at=timezone.now().isoformat())
        worker = run_worker("heavy", max_memory_mb=1)
        self.assertEqual(worker._run_tasks, 1)
        self.assertEqual(DBTaskResult.objects.filter(status="READY").count(), 1)

    def test_a_worker_with_no_frozen_edition_has_nothing_to_warm_up_on(self):
        worker = run_worker("fresh", warm_up=True)
        self.assertEqual((worker.warmed_up, worker._run_tasks), ([], 0))
        self.assertTrue(WorkerHeartbeat.objects.filter(name="fresh").exists())

    def test_the_worker_command_refuses_to_run_without_the_database_backend(self):
        with (
            override_settings(TASKS_BACKEND="immediate"),
            self.assertRaisesMessage(CommandError, "TASKS_BACKEND is not 'database'"),
        ):
            call_command("worker", "--batch")

    def test_the_worker_command_runs_the_queue_and_says_how_many_tasks_it_ran(self):
        self.queued()
        out = io.StringIO()
        call_command("worker", "--batch", "--worker-id", "cli", stdout=out)
        self.assertIn("worker cli: 1 tasks run, leaving", out.getvalue())
        self.assertEqual(DBTaskResult.objects.get().status, "FAILED")  # no such edition
