"""Publication as a background task (`publish_edition`), and what the person who asked
for it sees while it runs (`Progress`).

With TASKS_BACKEND=immediate the task runs inside the request, as it always did; with
"database" the request only queues it (a few milliseconds) and a worker renders the
twelve files. The task may run twice — a worker killed half-way is replaced and its task
queued again — so it is written to be run again: the publication's date is fixed when it
is queued (the files made again are the same bytes), the files are rendered into a
folder of their own and moved into place under the edition's lock, and a publication
that is already done is not redone.

What follows a publication is told by the edition's `Event`, as before: e-mails
(`notifications`), webhooks and the static site's rebuild (`operations`, `publishing`)."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext
from django_tasks import TaskResultStatus, task

from migguide.access.models import Access, User

from . import publishing
from .models import Comment, Edition, EditionError

logger = logging.getLogger(__name__)

PROGRESS_SECONDS = 24 * 3600  # how long the cache remembers a task's progress


def _progress_key(result_id: str) -> str:
    return f"migguide:task-progress:{result_id}"


@task(takes_context=True)
def publish_edition(
    context,
    edition_pk: int,
    *,
    user_pk: int | None,
    published_at: str,
    seen_state: str = "",
    comment: str = "",
    language: str = "en",
) -> dict:
    """Publish an edition (`publishing.publish`) as `user_pk` (None: the dialogue's rule
    publishing it unendorsed); returns {"ok", "message"} in the person's language."""
    result_id = context.task_result.id
    at = parse_datetime(published_at)
    edition = Edition.objects.select_related("country").get(pk=edition_pk)
    with translation.override(language):
        if edition.published_at == at and edition.files.exists():
            # This very task finished before its worker could record it: nothing to redo.
            return _outcome(edition, ok=True)
        access = None
        if user_pk is not None:
            access = Access.of(User.objects.get(pk=user_pk), edition.country)

        def progress(done: int, total: int) -> None:
            cache.set(_progress_key(result_id), [done, total], PROGRESS_SECONDS)

        try:
            publishing.publish(
                edition,
                access=access,
                seen_state=seen_state or None,
                comment=comment,
                published_at=at,
                progress=progress,
            )
        except EditionError as error:
            return _outcome(edition, ok=False, message=str(error))
        return _outcome(edition, ok=True)


@task()
def send_move_notifications(edition_pk: int, action: str) -> int:
    """E-mail the people who act next after a move of the edition (`notifications`);
    queued once the move is committed. Returns the number of messages sent."""
    from .notifications import notify

    return notify(Edition.objects.select_related("country").get(pk=edition_pk), action)


@task()
def send_comment_notifications(comment_pk: int) -> int:
    """E-mail a new comment to the coordinators, an answer to the comment's author."""
    from .notifications import notify_comment

    return notify_comment(Comment.objects.select_related("edition__country").get(pk=comment_pk))


def _outcome(edition: Edition, *, ok: bool, message: str = "") -> dict:
    if ok:
        edition.refresh_from_db()
        message = gettext("Edition %(n)s is now %(state)s.") % {
            "n": edition.number,
            "state": edition.get_state_display(),
        }
    return {"ok": ok, "message": message}


def queue_publication(
    edition: Edition,
    *,
    access: Access | None,
    seen_state: str | None = None,
    comment: str = "",
    language: str | None = None,
):
    """Queue (or, with the immediate backend, run now) the publication of an edition;
    returns the task's result, whose `id` the progress page follows."""
    published_at = datetime.datetime.now(tz=datetime.UTC)
    return publish_edition.enqueue(
        edition.pk,
        user_pk=access.user.pk if access is not None else None,
        published_at=published_at.isoformat(),
        seen_state=seen_state or "",
        comment=comment,
        language=language or translation.get_language() or "en",
    )


@dataclass
class Progress:
    """Where a queued task stands, as the page waiting for it shows it."""

    status: str  # "waiting", "running", "done", "failed"
    done: int = 0
    total: int = 0
    ok: bool = False
    message: str = ""

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
            message=value.get("message", ""),
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
    done, total = cache.get(_progress_key(result.id)) or (0, 0)
    if result.status == TaskResultStatus.RUNNING:
        return Progress("running", done=done, total=total)
    return Progress("waiting", done=done, total=total)


def publication_result(result_id: str, edition: Edition):
    """The queued publication task `result_id` of this edition, or None (unknown, or of
    another edition). Read from the database backend's table whatever the backend of
    this process: only a queued publication has a page to follow."""
    from django_tasks_db.models import DBTaskResult

    row = DBTaskResult.objects.filter(id=result_id, task_path=publish_edition.module_path).first()
    if row is None:
        return None
    result = row.task_result
    if not result.args or result.args[0] != edition.pk:
        return None
    return result


def progress_url(edition: Edition, result_id: str) -> str:
    return reverse("editions:publishing", args=[edition.country.iso3, edition.number, result_id])
