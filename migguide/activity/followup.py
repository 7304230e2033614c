"""Follow-up and update capability: each source's next update due from its
periodicity, each recommendation's implementation status with its dated history, a
country's data health, and the periodic digest to coordinators."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from migguide.access.digests import Digest, already_sent, send_weekly
from migguide.access.models import Role
from migguide.dossier import models as m

OPEN = (m.Recommendation.Status.PROPOSED, m.Recommendation.Status.IN_PROGRESS)


@dataclass
class Health:
    """A country's data health, in four figures."""

    areas_covered: int
    areas: int
    public_sources: int
    sources: int
    overdue_sources: int
    open_recommendations: int

    @property
    def areas_share(self) -> int:
        return round(100 * self.areas_covered / self.areas) if self.areas else 0

    @property
    def public_share(self) -> int:
        return round(100 * self.public_sources / self.sources) if self.sources else 0


@dataclass
class Dashboard:
    dossier: m.Dossier
    health: Health
    overdue: list[tuple[m.Source, datetime.date]]
    due_soon: list[tuple[m.Source, datetime.date]]
    recommendations: list[tuple[m.Recommendation, list[tuple[datetime.datetime, str, str]]]]
    today: datetime.date = field(default_factory=timezone.localdate)


def dashboard(dossier: m.Dossier, *, soon_days: int = 90) -> Dashboard:
    today = timezone.localdate()
    sources = list(
        m.Source.objects.filter(dossier=dossier)
        .select_related("collector")
        .prefetch_related("areas")
    )
    overdue, soon = [], []
    for s in sources:
        due = s.update_due
        if due is None:
            continue
        if due < today:
            overdue.append((s, due))
        elif due <= today + datetime.timedelta(days=soon_days):
            soon.append((s, due))
    covered = {
        a.code for s in sources if s.status == m.Source.Status.EXISTING for a in s.areas.all()
    }
    recommendations = list(m.Recommendation.objects.filter(dossier=dossier))
    statuses = dict(m.Recommendation.Status.choices)
    history: dict[int, list] = {}
    records = (
        m.Recommendation.history.filter(id__in=[r.pk for r in recommendations])
        .order_by("id", "history_date", "history_id")
        .values("id", "history_date", "status", "history_user__username")
    )
    last: dict[int, str] = {}
    for h in records:
        if last.get(h["id"]) != h["status"]:
            history.setdefault(h["id"], []).append(
                (
                    h["history_date"],
                    str(statuses.get(h["status"], h["status"])),
                    h["history_user__username"] or "",
                )
            )
            last[h["id"]] = h["status"]
    health = Health(
        areas_covered=len(covered),
        areas=len(m.Area.Code),
        public_sources=sum(1 for s in sources if s.access == m.Source.Access.PUBLIC),
        sources=len(sources),
        overdue_sources=len(overdue),
        open_recommendations=sum(1 for r in recommendations if r.status in OPEN),
    )
    return Dashboard(
        dossier=dossier,
        health=health,
        overdue=sorted(overdue, key=lambda x: x[1]),
        due_soon=sorted(soon, key=lambda x: x[1]),
        recommendations=[(r, history.get(r.pk, [])) for r in recommendations],
    )


def digest(*, today: datetime.date | None = None) -> int:
    """One e-mail per coordinator and country with something to follow up: overdue
    sources, sources due within a month, open recommendations. For cron (weekly)."""
    from migguide.countries.models import Dialogue

    from .timeline import board

    messages = []
    done = already_sent("followup", today)
    dialogue = Dialogue.objects.filter(is_default=True).first()
    roles = Role.objects.filter(kind=Role.Kind.COORDINATOR).select_related("user", "country")
    by_country: dict[int, list] = {}
    for role in roles:
        written = (role.user_id, role.country.iso3) in done  # this week, by an earlier run
        if role.user.is_active and role.user.email and not written:
            by_country.setdefault(role.country_id, []).append(role.user)
    for dossier in m.Dossier.objects.filter(country__in=by_country).select_related("country"):
        d = dashboard(dossier, soon_days=30)
        late_phases = []
        if dialogue is not None:
            [row] = board([dossier.country], dialogue)
            late_phases = [str(p.phase) for p in row.overdue]
        if not (d.overdue or d.due_soon or d.health.open_recommendations or late_phases):
            continue
        link = settings.SITE_URL.rstrip("/") + reverse(
            "activity:follow-up", args=[dossier.country.iso3]
        )
        for user in by_country[dossier.country_id]:
            # Someone who never chose a language reads the one the team writes in.
            language = user.language or (dossier.languages or [settings.LANGUAGE_CODE])[0]
            with translation.override(language):
                subject = _("%(country)s: follow-up of the migration data guide") % {
                    "country": dossier.country.name(language)
                }
                lines = [subject, ""]
                if d.overdue:
                    lines.append(_("Sources overdue for an update:"))
                    lines += [f"- {s.title} ({due.isoformat()})" for s, due in d.overdue]
                if d.due_soon:
                    lines.append(_("Sources due within a month:"))
                    lines += [f"- {s.title} ({due.isoformat()})" for s, due in d.due_soon]
                if late_phases:
                    lines.append(
                        _("Overdue phases of the timetable: %(phases)s")
                        % {"phases": ", ".join(late_phases)}
                    )
                lines.append(
                    _("Open recommendations: %(n)s") % {"n": d.health.open_recommendations}
                )
                lines += ["", _("Details: %(link)s") % {"link": link}]
                messages.append(
                    Digest(
                        user,
                        f"[migguide] {subject}",
                        "\n".join(lines) + "\n",
                        about=dossier.country.iso3,
                    )
                )
    return send_weekly("followup", messages, today)
