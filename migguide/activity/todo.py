"""The activity's part of the to-do list (`access.todo`): the phases of the timetable
that are late, for each country's coordinators and for consortium staff, who follow
every country. Read for all countries at once (`timeline.board`)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext

from migguide.access.models import Role
from migguide.access.todo import Scope, Task
from migguide.countries.models import Dialogue

from .timeline import board


def overdue_phases(scope: Scope) -> list[Task]:
    countries = scope.having(Role.Kind.COORDINATOR, staff=True)
    if not countries:
        return []
    dialogue = Dialogue.objects.filter(is_default=True).first()
    if dialogue is None:
        return []
    tasks = []
    shown: dict = {}  # each date written once: most countries share their planned dates
    for row in board(countries, dialogue):
        timetable = reverse("activity:timetable", args=[row.country.iso3])
        for phase in row.overdue:
            # Overdue means a planned date has passed: there is one.
            planned = phase.planned_end or phase.planned_start
            if planned not in shown:
                shown[planned] = date_format(planned, "DATE_FORMAT")
            text = gettext("%(phase)s: planned for %(date)s") % {
                "phase": phase.phase,
                "date": shown[planned],
            }
            link = f"{timetable}#phase-{phase.phase.code}"
            tasks.append(Task("phases", row.country, text, link, since=planned))
    return tasks
