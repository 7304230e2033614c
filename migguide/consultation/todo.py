"""The consultation's part of the to-do list (`access.todo`): responses whose answers
await a decision, for the people who may accept them into the dossier."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from migguide.access.models import Role
from migguide.access.todo import Scope, Task

from .analysis import pending_items, pending_keys
from .models import Response


def answers_to_review(scope: Scope) -> list[Task]:
    countries = {c.pk: c for c in scope.having(Role.Kind.COORDINATOR, Role.Kind.MEMBER)}
    if not countries:
        return []
    responses = (
        Response.objects.filter(country__in=countries)
        .defer("answers")  # read only to count what is pending, when the count is not kept
        .annotate(n_decisions=Count("decisions"))
        .order_by("received_at", "pk")
    )
    pairs = [(r, countries[r.country_id].dossier.cache_key) for r in responses]
    # One look into the cache for all the responses, whatever it is kept in.
    known = cache.get_many(pending_keys(pairs)) if pairs else {}
    tasks = []
    for response, dossier_key in pairs:
        country = countries[response.country_id]
        pending = pending_items(response, dossier_key, known)
        if not pending:
            continue
        tasks.append(
            Task(
                group="answers",
                country=country,
                text=ngettext(
                    "%(institution)s: %(count)d answer to review",
                    "%(institution)s: %(count)d answers to review",
                    pending,
                )
                % {"institution": response.institution_name, "count": pending},
                link=reverse("consultation:response", args=[country.iso3, response.pk]),
                count=pending,
                since=timezone.localdate(response.received_at),
            )
        )
    return tasks
