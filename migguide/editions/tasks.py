"""Publication as a background task (`publish_edition`), and the page the person who
asked for it follows while it runs (its `Progress`, shared with every queued work of a
person, is `access.work`'s).

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

from django.urls import reverse
from django.utils import translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext
from django_tasks import task

from migguide.access.models import Access, User
from migguide.access.work import queued_result, reporter

from . import publishing
from .models import Comment, Edition, EditionError


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
    at = parse_datetime(published_at)
    edition = Edition.objects.select_related("country").get(pk=edition_pk)
    with translation.override(language):
        if edition.published_at == at and edition.files.exists():
            # This very task finished before its worker could record it: nothing to redo.
            return _outcome(edition, ok=True)
        access = None
        if user_pk is not None:
            access = Access.of(User.objects.get(pk=user_pk), edition.country)

        progress = reporter(context, "files")
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


def publication_result(result_id: str, edition: Edition):
    """The queued publication task `result_id` of this edition, or None (unknown, or of
    another edition). Read from the database backend's table whatever the backend of
    this process: only a queued publication has a page to follow."""
    result = queued_result(result_id, task_path=publish_edition.module_path)
    if result is None or not result.args or result.args[0] != edition.pk:
        return None
    return result


def progress_url(edition: Edition, result_id: str) -> str:
    return reverse("editions:publishing", args=[edition.country.iso3, edition.number, result_id])
