"""Where each country stands in the activity: the phases of its dialogue with planned
dates (typed) and actual dates — taken from facts the platform knows (a questionnaire
sent, a workshop held, an edition endorsed or published) rather than typed twice.

Built for all countries at once with a fixed number of queries, whatever their number."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from migguide.access.models import Role
from migguide.consultation.models import Dispatch, Response
from migguide.countries.models import Country, Dialogue, Phase
from migguide.editions.models import Edition, Endorsement, Event

from .models import Schedule, Workshop

DONE, ACTIVE, OVERDUE, PLANNED, UNPLANNED = "done", "active", "overdue", "planned", "unplanned"


@dataclass
class PhaseRow:
    phase: Phase
    planned_start: datetime.date | None = None
    planned_end: datetime.date | None = None
    actual_start: datetime.date | None = None
    actual_end: datetime.date | None = None
    from_facts: bool = False
    note: str = ""
    today: datetime.date = field(default_factory=timezone.localdate)

    @property
    def status(self) -> str:
        if self.actual_end:
            return DONE
        late_end = self.planned_end and self.planned_end < self.today
        late_start = (
            self.planned_start and self.planned_start < self.today and not self.actual_start
        )
        if late_end or late_start:
            return OVERDUE
        if self.actual_start:
            return ACTIVE
        return PLANNED if self.planned_start or self.planned_end else UNPLANNED

    @property
    def overdue(self) -> bool:
        return self.status == OVERDUE


@dataclass
class CountryRow:
    country: Country
    phases: list[PhaseRow]

    @property
    def current(self) -> PhaseRow | None:
        """The first phase not finished, in the activity's order."""
        return next((p for p in self.phases if p.status != DONE), None)

    @property
    def overdue(self) -> list[PhaseRow]:
        return [p for p in self.phases if p.overdue]

    @property
    def started(self) -> bool:
        """Whether anything is planned or has happened yet."""
        return any(p.status != UNPLANNED for p in self.phases)

    def name(self, language: str | None = None) -> str:
        return self.country.name(language)


def _day(value) -> datetime.date | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _per_country(queryset, key: str = "country", **aggregates) -> dict[int, dict]:
    """One aggregate query over all countries: {country id: {name: day}}."""
    return {
        row[key]: {name: _day(row[name]) for name in aggregates}
        for row in queryset.values(key).annotate(**aggregates)
    }


def facts(country_ids: list[int]) -> dict[int, dict[str, tuple]]:
    """(start, end) of the phases the platform can date by itself, per country."""
    countries = {"country__in": country_ids}
    editions = {"edition__country__in": country_ids}
    # The national team appointed: the expression of interest is through.
    appointed = _per_country(Role.objects.filter(**countries), first=Min("granted_at"))
    sent = _per_country(Dispatch.objects.filter(**countries), first=Min("created_at"))
    answered = _per_country(Response.objects.filter(**countries), last=Max("received_at"))
    held = _per_country(
        Workshop.objects.filter(**countries, starts_on__lte=timezone.localdate()),
        first=Min("starts_on"),
        last=Max("ends_on"),
    )
    submitted = _per_country(
        Event.objects.filter(**editions, action=Event.Action.SUBMIT),
        "edition__country",
        first=Min("at"),
    )
    endorsed = _per_country(
        Endorsement.objects.filter(**editions), "edition__country", first=Min("date")
    )
    published = _per_country(
        Edition.objects.filter(**countries, published_at__isnull=False),
        first=Min("published_at"),
    )
    out: dict[int, dict[str, tuple]] = {}
    for pk in country_ids:

        def day(found, name, pk=pk):
            return found.get(pk, {}).get(name)

        spans = {
            "interest": (day(appointed, "first"), day(appointed, "first")),
            "consultation": (
                day(sent, "first") or day(answered, "last"),
                day(answered, "last"),
            ),
            "workshops": (day(held, "first"), day(held, "last")),
            "compilation": (None, day(submitted, "first")),
            "endorsement": (
                day(submitted, "first") or day(endorsed, "first"),
                day(endorsed, "first"),
            ),
            "publication": (day(published, "first"), day(published, "first")),
            "follow-up": (day(published, "first"), None),
        }
        out[pk] = {code: span for code, span in spans.items() if any(span)}
    return out


def board(countries: list[Country], dialogue: Dialogue) -> list[CountryRow]:
    """One row per country, its phases in order."""
    phases = list(dialogue.phases.order_by("position"))
    ids = [c.pk for c in countries]
    # Plain rows, not models: the to-do home reads the board of every country.
    typed = {
        (s.country_id, s.phase_id): s
        for s in Schedule.objects.filter(country__in=ids, phase__dialogue=dialogue).values_list(
            "country_id",
            "phase_id",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "note",
            named=True,
        )
    }
    known = facts(ids)
    today = timezone.localdate()
    rows = []
    for country in countries:
        row_phases = []
        for phase in phases:
            s = typed.get((country.pk, phase.pk))
            start, end = known[country.pk].get(phase.code, (None, None))
            row_phases.append(
                PhaseRow(
                    phase=phase,
                    planned_start=s.planned_start if s else None,
                    planned_end=s.planned_end if s else None,
                    actual_start=start or (s.actual_start if s else None),
                    actual_end=end or (s.actual_end if s else None),
                    from_facts=bool(start or end),
                    note=s.note if s else "",
                    today=today,
                )
            )
        rows.append(CountryRow(country, row_phases))
    return rows


def summary(rows: list[CountryRow]) -> list[tuple[str, int]]:
    """Where the countries stand, in one line: how many have nothing planned yet, how
    many are at each phase (their first phase not finished), how many are done — in the
    activity's order, leaving out what no country is at."""
    if not rows:
        return []
    groups: dict[str, int] = {}
    for row in rows:
        if not row.started:
            key = "not-started"
        elif row.current is None:
            key = "done"
        else:
            key = row.current.phase.code
        groups[key] = groups.get(key, 0) + 1
    labels = [("not-started", _("not started"))]
    labels += [(p.phase.code, str(p.phase)) for p in rows[0].phases]
    labels += [("done", _("done"))]
    return [(label, groups[key]) for key, label in labels if key in groups]


def span(rows: list[CountryRow]) -> tuple[datetime.date, datetime.date]:
    """The dates the chart covers: every planned and actual date, and today."""
    today = timezone.localdate()
    days = [today]
    for row in rows:
        for p in row.phases:
            days += [
                d
                for d in (p.planned_start, p.planned_end, p.actual_start, p.actual_end)
                if d is not None
            ]
    first, last = min(days), max(days)
    first = first.replace(day=1)
    last = (last.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    return first, last


def bars(row: CountryRow, first: datetime.date, last: datetime.date) -> list[dict]:
    """Each phase's planned and actual bar as fractions of the chart's width."""
    total = max((last - first).days, 1)
    today = timezone.localdate()

    def frac(day):
        return max(0.0, min(1.0, (day - first).days / total))

    out = []
    for i, p in enumerate(row.phases):
        item = {"index": i, "code": p.phase.code, "name": str(p.phase), "status": p.status}
        if p.planned_start or p.planned_end:
            a = p.planned_start or p.planned_end
            b = p.planned_end or p.planned_start
            item["planned"] = (frac(a), max(frac(b) - frac(a), 0.004))
        if p.actual_start or p.actual_end:
            a = p.actual_start or p.actual_end
            b = p.actual_end or today
            item["actual"] = (frac(a), max(frac(b) - frac(a), 0.004))
        out.append(item)
    return out
