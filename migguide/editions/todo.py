"""The editions' part of the to-do list (`access.todo`): an edition in review for its
reviewers, one waiting for endorsement for the endorsing authority, an endorsed one
to publish and the open review comments for the coordinators."""

from __future__ import annotations

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop, ngettext

from migguide.access.models import Role
from migguide.access.todo import Scope, Task

from .models import Edition

# state → (role that acts, group, sentence)
WAITING = {
    Edition.State.REVIEW: (
        Role.Kind.REVIEWER,
        "review",
        gettext_noop("Edition %(number)s of the guide waits for your review"),
    ),
    Edition.State.READY: (
        Role.Kind.ENDORSER,
        "endorse",
        gettext_noop("Edition %(number)s of the guide waits for your endorsement"),
    ),
    Edition.State.ENDORSED: (
        Role.Kind.COORDINATOR,
        "publish",
        gettext_noop("Edition %(number)s of the guide is endorsed: publish it"),
    ),
}


def editions_to_act_on(scope: Scope) -> list[Task]:
    countries = {c.pk: c for c in scope.countries if scope.roles.get(c.pk)}
    if not countries:
        return []
    open_comment = Q(comments__parent__isnull=True, comments__resolved_at__isnull=True)
    # Only what the list says: the frozen snapshot (the whole dossier, in JSON) is
    # not read.
    editions = (
        Edition.objects.filter(country__in=countries, state__in=list(WAITING))
        .only("country_id", "number", "state", "frozen_at", "ready_at", "created_at")
        .annotate(
            open_comments=Count("comments", filter=open_comment),
            first_open=Min("comments__created_at", filter=open_comment),
        )
    )
    tasks = []
    for edition in editions:
        country = countries[edition.country_id]
        roles = scope.roles[country.pk]
        link = reverse("editions:detail", args=[country.iso3, edition.number])
        kind, group, sentence = WAITING[edition.state]
        if kind in roles:
            # The endorsing authority goes straight to the endorsement form.
            target = (
                reverse("editions:endorse", args=[country.iso3, edition.number])
                if group == "endorse"
                else link
            )
            text = gettext(sentence) % {"number": edition.number}
            since = edition.ready_at if group != "review" else edition.frozen_at
            tasks.append(Task(group, country, text, target, since=day(since or edition.created_at)))
        if Role.Kind.COORDINATOR in roles and edition.open_comments:
            n = edition.open_comments
            text = ngettext(
                "%(count)d open comment on edition %(number)s",
                "%(count)d open comments on edition %(number)s",
                n,
            ) % {"count": n, "number": edition.number}
            since = day(edition.first_open)
            tasks.append(Task("comments", country, text, link + "#comments-title", n, since))
    return tasks


def day(moment):
    return timezone.localdate(moment) if moment else None
