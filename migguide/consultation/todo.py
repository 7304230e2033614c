"""The consultation's part of the to-do list (`access.todo`): responses whose answers
await a decision, for the people who may accept them into the dossier."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import ngettext

from migguide.access.models import Role
from migguide.access.todo import Scope, Task

from .analysis import pending_items
from .models import Response


def answers_to_review(scope: Scope) -> list[Task]:
    countries = {c.pk: c for c in scope.having(Role.Kind.COORDINATOR, Role.Kind.MEMBER)}
    if not countries:
        return []
    responses = (
        Response.objects.filter(country__in=countries)
        .annotate(n_decisions=Count("decisions"))
        .order_by("received_at", "pk")
    )
    tasks = []
    for response in responses:
        country = countries[response.country_id]
        pending = pending_items(response, country.dossier.cache_key)
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
            )
        )
    return tasks
