"""The static site rebuilt by a background task whenever what is public changes — an
edition published (or superseded), statistics imported, a person's data erased — when
SITE_AUTO_REBUILD is set, into the `site` storage (SITE_DIR or the bucket). The build is
incremental (`site.build_site_storage`, from the manifest kept in the storage): only the
pages whose inputs changed are rendered again, so one country's publication rewrites
that country's pages, the pages listing every country, the open data of the whole
dialogue (then served from there: `exports`) and the new files.

Two workers of one machine never build the same folder at once (a lock file in VAR_DIR);
a rebuild already waiting in the queue is not queued twice."""

from __future__ import annotations

import fcntl
import logging
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django_tasks import task

from .site import build_site_storage

logger = logging.getLogger(__name__)


@task()
def rebuild_site() -> str:
    """Bring the static site in the `site` storage up to date; returns the build's
    summary line."""
    if not settings.SITE_AUTO_REBUILD:
        return "SITE_AUTO_REBUILD is off: the static site is built by hand"
    work = Path(settings.VAR_DIR)
    work.mkdir(parents=True, exist_ok=True)
    with open(work / "site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        report = build_site_storage()
    logger.info("static site rebuilt: %s", report)
    return str(report)


def public_data_changed() -> None:
    """Queue a rebuild of the static site once the current transaction commits (and
    only if the change is committed)."""
    if settings.SITE_AUTO_REBUILD:
        transaction.on_commit(_queue_rebuild)


def _queue_rebuild() -> None:
    if settings.TASKS_BACKEND == "database":
        from django_tasks_db.models import DBTaskResult

        if DBTaskResult.objects.ready().filter(task_path=rebuild_site.module_path).exists():
            return  # the one waiting will see this change too
    rebuild_site.enqueue()
