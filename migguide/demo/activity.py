"""The activity in the demonstration: the countries' timetables planned around today,
and a national workshop in Senegal with its participants and outputs — idempotent."""

from __future__ import annotations

import datetime

from django.utils import timezone

from migguide.activity.models import Participant, Schedule, Workshop, WorkshopOutput
from migguide.countries.models import Country, Dialogue
from migguide.dossier import models as m

# Planned weeks from the start of the activity, per phase: (start, end).
PLAN = {
    "interest": (0, 4),
    "consultation": (4, 14),
    "workshops": (12, 16),
    "compilation": (16, 24),
    "endorsement": (24, 30),
    "publication": (30, 32),
    "som": (34, 34),
    "follow-up": (32, 84),
}


def plan_timetable(
    country: Country, *, weeks_ago: int, held_outside: dict[str, str] | None = None
) -> datetime.date:
    """Plan the country's phases as `PLAN` says, the activity having started `weeks_ago`
    weeks before today. `held_outside` gives the phases held as planned before the
    platform was used (phase code → the team's note): the platform cannot date them
    from its own facts, so their actual dates are typed. Returns the day it started."""
    dialogue = Dialogue.objects.get(is_default=True)
    start = timezone.localdate() - datetime.timedelta(weeks=weeks_ago)
    held_outside = held_outside or {}
    for phase in dialogue.phases.all():
        weeks = PLAN.get(phase.code)
        if weeks is None:
            continue
        planned = {
            "planned_start": start + datetime.timedelta(weeks=weeks[0]),
            "planned_end": start + datetime.timedelta(weeks=weeks[1], days=4),
        }
        actual = {}
        if phase.code in held_outside:
            actual = {
                "actual_start": planned["planned_start"],
                "actual_end": planned["planned_end"],
                "note": held_outside[phase.code],
            }
        Schedule.objects.update_or_create(country=country, phase=phase, defaults=planned | actual)
    return start


def activity_demo(country: Country) -> str:
    start = plan_timetable(country, weeks_ago=26)
    dossier = m.Dossier.objects.get(country=country)
    day = start + datetime.timedelta(weeks=13)
    workshop, created = Workshop.objects.get_or_create(
        country=country,
        title="Atelier national sur les données migratoires",
        defaults={
            "kind": Workshop.Kind.DISCUSSION,
            "starts_on": day,
            "ends_on": day + datetime.timedelta(days=1),
            "place": "Dakar",
            "agenda": "Jour 1 : cartographie des sources, par domaine\n"
            "Jour 2 : défis, mesures correctives et recommandations",
        },
    )
    if created:
        _hold(workshop, dossier)
    return f"timetable planned, 1 workshop with {workshop.participants.count()} participants"


def _hold(workshop: Workshop, dossier: m.Dossier) -> None:
    """The workshop's participants and the outputs it put into the dossier."""
    institutions = {i.acronym: i for i in m.Institution.objects.filter(dossier=dossier)}
    for name, acronym, role in (
        ("Ousmane Sarr (fictif)", "ANSD", Participant.Role.PARTICIPANT),
        ("Mariama Ba (fictive)", "DGASE", Participant.Role.PARTICIPANT),
        ("Ibrahima Diop (fictif)", "DPAF", Participant.Role.PARTICIPANT),
        ("Khady Ndiaye (fictive)", "OIM", Participant.Role.LOCAL),
        ("Jean Martin (fictif)", "", Participant.Role.INTERNATIONAL),
    ):
        Participant.objects.create(
            workshop=workshop,
            name=name,
            institution=institutions.get(acronym),
            organisation="" if acronym else "ICMPD",
            role=role,
        )
    for part, model, text in (
        ("needs", m.Need, "Formation"),
        ("challenges", m.Challenge, "définitions"),
    ):
        entry = model.objects.filter(dossier=dossier, description__icontains=text).first()
        if entry is not None:
            WorkshopOutput.objects.create(workshop=workshop, part=part, entry_uid=entry.uid)
