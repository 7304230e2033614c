"""Task workers: `migguide worker` runs the database backend's loop of django-tasks-db
on any number of machines, each worker writing a heartbeat every few seconds (a thread,
so that a long task does not silence it) and leaving after `WORKER_MAX_TASKS` tasks, or
as soon as it holds more than `WORKER_MAX_MEMORY_MB`, so that its supervisor starts a
fresh process.

django-tasks-db never runs a task again once a worker claimed it: a worker killed in the
middle (SIGKILL, a machine lost) leaves it "running" for ever. Every worker, when it starts
and then every minute, puts back in the queue the tasks marked running whose worker has
been silent for `TASK_STALE_SECONDS` (`requeue_stale`). Our tasks are written to be
run again safely (a publication already done is not redone; its files are written once)."""

from __future__ import annotations

import datetime
import logging
import os
import resource
import socket
import threading
import time

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker as DatabaseWorker
from django_tasks_db.models import DBTaskResult

from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 5
REQUEUE_EVERY_SECONDS = 60
FORGET_AFTER = datetime.timedelta(days=7)  # heartbeats of workers long gone


def memory_mb() -> int:
    """The memory this process holds now (resident set), in MB. Not the peak of
    getrusage: Linux carries it over from the parent a worker was forked from."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024  # elsewhere: the peak


def beat(name: str, *, tasks_run: int | None = None, now=None) -> None:
    """Record that the worker `name` is alive now."""
    now = now or timezone.now()
    values = {"seen_at": now, "host": socket.gethostname()[:255], "pid": os.getpid()}
    if tasks_run is not None:
        values["tasks_run"] = tasks_run
    WorkerHeartbeat.objects.update_or_create(
        name=name, defaults=values, create_defaults={**values, "started_at": now}
    )


def heartbeat_age(now=None) -> float | None:
    """Seconds since the newest heartbeat of any worker; None when no worker ever ran."""
    newest = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True)
    seen = newest.first()
    if seen is None:
        return None
    return max(0.0, ((now or timezone.now()) - seen).total_seconds())


def requeue_stale(now=None) -> list[str]:
    """Put back in the queue (READY) every task marked running whose worker has been
    silent for `TASK_STALE_SECONDS` — its worker died with it. A worker that never wrote
    a heartbeat (django-tasks-db's own `db_worker`) is judged by when the task started.
    Returns the ids of the tasks queued again."""
    now = now or timezone.now()
    stale_before = now - datetime.timedelta(seconds=settings.TASK_STALE_SECONDS)
    seen = dict(WorkerHeartbeat.objects.values_list("name", "seen_at"))
    requeued = []
    with transaction.atomic():
        for result in DBTaskResult.objects.running().select_for_update(skip_locked=True):
            last_seen = seen.get(result.worker_ids[-1]) if result.worker_ids else None
            if (last_seen or result.started_at or now) >= stale_before:
                continue
            result.status = "READY"
            result.started_at = None
            result.save(update_fields=["status", "started_at"])
            requeued.append(str(result.id))
            logger.warning(
                "task %s (%s) was running on a worker gone silent: queued again",
                result.id,
                result.task_path,
            )
    WorkerHeartbeat.objects.filter(seen_at__lt=now - FORGET_AFTER).delete()
    return requeued


class Worker(DatabaseWorker):
    """django-tasks-db's worker with a heartbeat and the recovery of killed tasks.
    `heartbeat_thread=False` (tests run it in-process inside a transaction) beats only
    before and after each task. With `warm_up` it first renders a guide and throws it
    away (`editions.publishing.warm_up`), so that its first publication does not pay
    for what a fresh process loads once."""

    def __init__(self, *, heartbeat_thread: bool = True, warm_up: bool = False, **options) -> None:
        super().__init__(**options)
        self.heartbeat_thread = heartbeat_thread
        self.warm_up = warm_up
        self.warmed_up: list[str] = []
        self._stopped = threading.Event()

    def run(self) -> None:
        beat(self.worker_id, tasks_run=0)
        requeue_stale()
        thread = None
        if self.heartbeat_thread:
            thread = threading.Thread(target=self._keep_beating, daemon=True)
            thread.start()
        try:
            if self.warm_up:
                self._warm_up()
            super().run()
        finally:
            self._stopped.set()
            if thread is not None:
                thread.join(timeout=HEARTBEAT_SECONDS * 2)

    def run_task(self, db_task_result: DBTaskResult) -> None:
        try:
            super().run_task(db_task_result)
        finally:
            beat(self.worker_id, tasks_run=self._run_tasks)
        if memory_mb() > settings.WORKER_MAX_MEMORY_MB:
            # Typst and the chart engine keep what they took: leave after this task,
            # the supervisor starts a fresh process.
            logger.info(
                "worker %s: %d MB after %d tasks, leaving",
                self.worker_id,
                memory_mb(),
                self._run_tasks,
            )
            self.running = False

    def _warm_up(self) -> None:
        from migguide.editions.publishing import warm_up

        started = time.perf_counter()
        try:
            self.warmed_up = warm_up()
        except Exception:  # a guide that cannot be made is the publication's error, not ours
            logger.exception("worker %s: warming up failed", self.worker_id)
        else:
            logger.info(
                "worker %s: warmed up in %.1f s (%s)",
                self.worker_id,
                time.perf_counter() - started,
                ", ".join(self.warmed_up) or "no edition to render",
            )

    def _keep_beating(self) -> None:
        last_requeue = timezone.now()
        while not self._stopped.wait(HEARTBEAT_SECONDS):
            try:
                beat(self.worker_id, tasks_run=self._run_tasks)
                if (timezone.now() - last_requeue).total_seconds() >= REQUEUE_EVERY_SECONDS:
                    requeue_stale()
                    last_requeue = timezone.now()
            except Exception:  # the database may be briefly away; the next beat retries
                logger.exception("worker %s: heartbeat failed", self.worker_id)
            finally:
                close_old_connections()
