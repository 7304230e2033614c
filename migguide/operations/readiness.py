"""Whether this application server can serve: what `/ready/` tells a load balancer.

`/health/` only says the process answers; ready means the database, the published
storage and the cache answer too, and — when tasks go to workers — that a worker's
heartbeat is recent."""

from __future__ import annotations

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import storages
from django.db import connection

try:  # written by the background tasks' part of issue 19
    from migguide.operations.workers import heartbeat_age
except ImportError:  # pragma: no cover - until that part is merged
    heartbeat_age = None

logger = logging.getLogger(__name__)


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _storage() -> None:
    # A listing reaches the object store (or the folder) without reading any file.
    storages["published"].exists("ready-check")


def _cache() -> None:
    key = f"ready:{uuid.uuid4().hex}"
    cache.set(key, "1", 10)
    if cache.get(key) != "1":
        raise RuntimeError("the cache did not return what was just stored")
    cache.delete(key)


def _tasks_in_workers() -> bool:
    backend = getattr(settings, "TASKS", {}).get("default", {}).get("BACKEND", "")
    return "Immediate" not in backend and "Dummy" not in backend and bool(backend)


def readiness() -> tuple[bool, dict]:
    """(ready, {"database": "ok" | error, "storage": …, "cache": …,
    "worker_heartbeat_age": seconds or None})."""
    report: dict = {}
    ready = True
    for name, check in (("database", _database), ("storage", _storage), ("cache", _cache)):
        try:
            check()
            report[name] = "ok"
        except Exception as error:
            logger.warning("ready: %s unreachable: %s", name, error)
            report[name] = f"{type(error).__name__}: {error}"[:200]
            ready = False
    age = heartbeat_age() if heartbeat_age is not None and report["database"] == "ok" else None
    report["worker_heartbeat_age"] = age
    if _tasks_in_workers() and (age is None or age > settings.WORKER_STALE_SECONDS):
        report["worker"] = "no worker heartbeat within WORKER_STALE_SECONDS"
        ready = False
    return ready, report
