"""The static site rebuilt by a background task whenever what is public changes — an
edition published (or superseded), statistics imported, a person's data erased — when
the SITE_DIR setting names its folder. The build is incremental (`site.build_site`): only
the pages whose inputs changed are rendered again, so one country's publication rewrites
that country's pages, the pages listing every country and the new files.

Two workers never build the same folder at once (a lock file beside it); a rebuild
already waiting in the queue is not queued twice."""

from __future__ import annotations

import fcntl
import logging
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django_tasks import task

from .site import build_site

logger = logging.getLogger(__name__)


@task()
def rebuild_site() -> str:
    """Bring the static site in SITE_DIR up to date; returns the build's summary line."""
    out: Path | None = settings.SITE_DIR
    if out is None:
        return "SITE_DIR is not set: no static site to rebuild"
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out.with_name(out.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        report = build_site(out)
    logger.info("static site rebuilt: %s", report)
    return str(report)


def public_data_changed() -> None:
    """Queue a rebuild of the static site once the current transaction commits (and
    only if the change is committed)."""
    if settings.SITE_DIR is not None:
        transaction.on_commit(_queue_rebuild)


def _queue_rebuild() -> None:
    if settings.TASKS_BACKEND == "database":
        from django_tasks_db.models import DBTaskResult

        if DBTaskResult.objects.ready().filter(task_path=rebuild_site.module_path).exists():
            return  # the one waiting will see this change too
    rebuild_site.enqueue()
