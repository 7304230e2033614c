"""Work a person asked for that runs as a background task (an import, a publication), and
what they see while it runs: its `Progress`, read from the task's result and from the
cache where the task reports how far it got (`reporter`).

A task followed this way is queued with the person's `user_pk` and `language` among its
keyword arguments — the page `/work/<id>/` shows it to that person only — and returns
`outcome(...)`: whether it went well, a message already in the person's language (the
task runs under `translation.override(language)`), and where to go next. With
TASKS_BACKEND=immediate the task has run by the time `enqueue` returns, and the view
that queued it says the outcome at once (`tell`), as before tasks existed."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.contrib import messages
from django.core.cache import cache
from django.core.files.storage import storages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django_tasks import TaskResultStatus

from migguide.files.storage import discard_upload, read

logger = logging.getLogger(__name__)

PROGRESS_SECONDS = 24 * 3600  # how long the cache remembers a task's progress
# What the counted steps of a task are, as the progress page names them.
STEPS = ("files", "rows", "texts")


# What each kind of followed task is, as its page names it (filled by the apps that
# define the tasks: `KINDS[task.module_path] = gettext_lazy(...)`).
KINDS: dict[str, str] = {}


def progress_key(result_id: str) -> str:
    return f"migguide:task-progress:{result_id}"


def report_progress(result_id: str, done: int, total: int, steps: str = "files") -> None:
    cache.set(progress_key(result_id), [done, total, steps], PROGRESS_SECONDS)


def reporter(context, steps: str) -> Callable[[int, int], None]:
    """progress(done, total) for the task running in `context` (`takes_context=True`),
    counting `steps` (one of STEPS); written to the cache at most a hundred times."""
    result_id = context.task_result.id
    last = [-1]

    def progress(done: int, total: int) -> None:
        percent = 100 * done // total if total else 0
        if percent != last[0] or done == total:
            last[0] = percent
            report_progress(result_id, done, total, steps)

    return progress


def outcome(ok: bool, message: str, *, warning: bool = False, next_url="", next_label="") -> dict:
    """What a followed task returns (JSON, kept with its result)."""
    return {
        "ok": ok,
        "message": message,
        "warning": warning,
        "next_url": next_url,
        "next_label": next_label,
    }


@dataclass
class Progress:
    """Where a queued task stands, as the page waiting for it shows it."""

    status: str  # "waiting", "running", "done", "failed"
    done: int = 0
    total: int = 0
    steps: str = "files"
    ok: bool = False
    warning: bool = False
    message: str = ""
    next_url: str = ""
    next_label: str = ""

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed")

    @property
    def percent(self) -> int:
        if self.finished:
            return 100
        return round(100 * self.done / self.total) if self.total else 0


def progress_of(result) -> Progress:
    """The Progress of a task result (as `enqueue` or `get_result` return it)."""
    if result.status == TaskResultStatus.SUCCESSFUL:
        value = result.return_value or {}
        return Progress(
            "done" if value.get("ok") else "failed",
            ok=bool(value.get("ok")),
            warning=bool(value.get("warning")),
            message=value.get("message", ""),
            next_url=value.get("next_url", ""),
            next_label=value.get("next_label", ""),
        )
    if result.status == TaskResultStatus.FAILED:
        logger.error("task %s failed: %s", result.id, result.errors[-1].traceback[-2000:])
        return Progress(
            "failed",
            message=gettext(
                "The work could not be finished because of an error on the server; "
                "nothing was changed. The administrators can see the error in the log."
            ),
        )
    done, total, steps = [*(cache.get(progress_key(result.id)) or (0, 0)), "files"][:3]
    status = "running" if result.status == TaskResultStatus.RUNNING else "waiting"
    return Progress(status, done=done, total=total, steps=steps if steps in STEPS else "files")


def queued_result(result_id: str, *, task_path: str | None = None):
    """The task result `result_id` as the database backend keeps it, or None. Read from
    its table whatever the backend of this process: only queued work has a page."""
    from django_tasks_db.models import DBTaskResult

    rows = DBTaskResult.objects.filter(id=result_id)
    if task_path is not None:
        rows = rows.filter(task_path=task_path)
    row = rows.first()
    return row.task_result if row is not None else None


def result_for(result_id: str, user):
    """The queued task `result_id` if it was queued for `user` (its `user_pk`), else None."""
    result = queued_result(result_id)
    if result is None or not user.is_authenticated:
        return None
    if (result.kwargs or {}).get("user_pk") != user.pk:
        return None
    return result


def on_upload(key: str, job: Callable[[bytes], dict], *, before: Callable[[], dict]) -> dict:
    """Run `job` on the bytes of an upload kept in the `default` storage
    (`files.storage.keep_upload`), then remove the upload — done or refused (a task that
    fails is not run again). A task run again after its worker was killed finds the
    upload if the work was not done (it is done in one transaction), else the outcome
    remembered, else asks `before()` what the earlier run did."""
    if not storages["default"].exists(key):
        return cache.get(_upload_key(key)) or before()
    try:
        done = job(read("default", key))
        cache.set(_upload_key(key), done, PROGRESS_SECONDS)
    finally:
        discard_upload(key)
    return done


def _upload_key(key: str) -> str:
    return f"migguide:upload-outcome:{key}"


def handled_before(name: str, **where) -> dict:
    """The outcome of a task run again whose upload an earlier run imported or refused,
    and whose outcome is forgotten: not a success — the person is asked to upload it
    again (an import run twice writes nothing twice)."""
    return outcome(
        False,
        gettext(
            "The work on %(file)s was interrupted and what came of it is no longer known. "
            "Upload the file again: what was already imported is not imported twice."
        )
        % {"file": name},
        **where,
    )


def message_lines(message: str, name: str) -> tuple[str, list[str]]:
    """A finished work's message as its page shows it: the first line, then the problems
    listed under it, each without the file's name in front (the page names the file)."""
    first, *rest = message.split("\n") if message else [""]
    prefixes = (f"{name}: ", f"{name}\u00a0: ") if name else ()
    for i, line in enumerate(rest):
        for prefix in prefixes:
            if line.startswith(prefix):
                rest[i] = line[len(prefix) :]
                break
    return first, rest


@dataclass
class Recent:
    """A file the person uploaded lately, as the home lists it."""

    id: str
    name: str
    queued_at: object
    progress: Progress


def recent_for(user, *, hours: int = 24, limit: int = 10) -> list[Recent]:
    """The files `user` handed to the task workers in the last `hours` (the newest
    first): the home lists them, so that a person who left the page of an import finds
    it again. Nothing without workers (the work was done in the request)."""
    from django.conf import settings
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    if settings.TASKS_BACKEND != "database" or not user.is_authenticated:
        return []
    rows = (
        DBTaskResult.objects.filter(
            args_kwargs__kwargs__user_pk=user.pk,
            args_kwargs__kwargs__has_key="name",
            enqueued_at__gte=timezone.now() - timedelta(hours=hours),
        )
        .order_by("-enqueued_at")
        .only("id", "status", "args_kwargs", "return_value", "enqueued_at", "task_path")[:limit]
    )
    return [
        Recent(
            str(row.id),
            row.args_kwargs["kwargs"]["name"],
            row.enqueued_at,
            progress_of(row.task_result),
        )
        for row in rows
    ]


def work_url(result_id) -> str:
    return reverse("work", args=[result_id])


def tell(request, result, *, otherwise: str):
    """The answer of a view that queued `result`: the page following the work, or — the
    task done here and now (immediate backend) — its message and a redirect to where it
    leads (`otherwise` when it leads nowhere)."""
    if not result.is_finished:
        return redirect(work_url(result.id))
    progress = progress_of(result)
    if not progress.ok:
        level = messages.error
    else:
        level = messages.warning if progress.warning else messages.success
    level(request, progress.message)
    return redirect(progress.next_url or otherwise)
