"""E-mail to the people who must act next on an edition, each in their own language.
Sent after the move is committed: a refused move tells nobody anything."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mass_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from migguide.access.models import Role

from .models import Comment, Edition, Event

# Who acts after each move, and what they are told.
NEXT = {
    Event.Action.SUBMIT: (
        [Role.Kind.REVIEWER],
        gettext_noop("%(country)s: edition %(number)s of the guide is ready for your review"),
    ),
    Event.Action.REQUEST_CHANGES: (
        [Role.Kind.COORDINATOR, Role.Kind.MEMBER],
        gettext_noop("%(country)s: changes requested to edition %(number)s of the guide"),
    ),
    Event.Action.APPROVE: (
        [Role.Kind.COORDINATOR],
        gettext_noop("%(country)s: a reviewer approved edition %(number)s of the guide"),
    ),
    Event.Action.REFREEZE: (
        [Role.Kind.REVIEWER],
        gettext_noop(
            "%(country)s: edition %(number)s of the guide was updated; please read it again"
        ),
    ),
    Event.Action.READY: (
        [Role.Kind.ENDORSER],
        gettext_noop("%(country)s: edition %(number)s of the guide awaits your endorsement"),
    ),
    Event.Action.ENDORSE: (
        [Role.Kind.COORDINATOR],
        gettext_noop("%(country)s: edition %(number)s is endorsed and can be published"),
    ),
    Event.Action.PUBLISH: (
        list(Role.Kind),
        gettext_noop("%(country)s: edition %(number)s of the guide is published"),
    ),
    Event.Action.PUBLISH_UNENDORSED: (
        list(Role.Kind),
        gettext_noop(
            "%(country)s: edition %(number)s of the guide is published without endorsement"
        ),
    ),
}
NEW_COMMENT = gettext_noop("%(country)s: a new comment on edition %(number)s of the guide")
ANSWER = gettext_noop("%(country)s: an answer to your comment on edition %(number)s of the guide")


def _send(users, edition: Edition, subject: str, text: str, *, page="detail", anchor="") -> int:
    """One message per person, in their language, with the link to where they act
    (the edition, its endorsement form, a comment)."""
    link = settings.SITE_URL.rstrip("/") + reverse(
        f"editions:{page}", args=[edition.country.iso3, edition.number]
    )
    link += f"#{anchor}" if anchor else ""
    messages = []
    # Someone who never chose a language reads the one their country's team writes in.
    team = (getattr(edition.country, "dossier", None) and edition.country.dossier.languages) or [
        settings.LANGUAGE_CODE
    ]
    for user in sorted(set(users), key=lambda u: u.pk):
        if not user.email or not user.is_active:
            continue
        language = user.language or team[0]
        with translation.override(language):
            title = gettext(subject) % {
                "country": edition.country.name(language),
                "number": edition.number,
            }
            body = [title, text, gettext("Open the edition: %(link)s") % {"link": link}]
            messages.append(
                (
                    f"[migguide] {title}",
                    "\n\n".join(b for b in body if b) + "\n",
                    settings.DEFAULT_FROM_EMAIL,
                    [user.email],
                )
            )
    return send_mass_mail(messages, fail_silently=False) if messages else 0


def notify(edition: Edition, action: str) -> int:
    if action not in NEXT:
        return 0
    kinds, subject = NEXT[action]
    last = edition.events.order_by("-at", "-pk").first()
    roles = (
        Role.objects.effective()
        .filter(country=edition.country, kind__in=kinds)
        .select_related("user")
    )
    users = [r.user for r in roles if last is None or r.user_id != last.by_id]
    # The endorsing authority is sent straight to the endorsement form.
    page = "endorse" if action == Event.Action.READY else "detail"
    return _send(users, edition, subject, last.comment if last else "", page=page)


def notify_comment(comment: Comment) -> int:
    """A new comment goes to the coordinators; an answer to the comment's author."""
    edition = comment.edition
    if comment.parent_id:
        users, subject = [comment.parent.author] if comment.parent.author else [], ANSWER
    else:
        roles = Role.objects.filter(country=edition.country, kind=Role.Kind.COORDINATOR)
        users, subject = [r.user for r in roles.select_related("user")], NEW_COMMENT
    users = [u for u in users if u.pk != comment.author_id]
    return _send(users, edition, subject, comment.text, anchor=f"comment-{comment.pk}")
