# ruff: noqa: E501 -- the method sentences are msgids, kept whole for the translators
"""Data readiness of a country (Global Compact objective 1), from a dossier snapshot,
measure by measure with its method — never a single score, never a ranking."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from migguide.dossier import models as m
from migguide.dossier import translation
from migguide.dossier.snapshot import Snapshot

MEASURES = ("public_areas", "on_time", "implemented", "translated")


@dataclass
class Measure:
    key: str
    done: int
    total: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.done / self.total) if self.total else None

    @property
    def label(self) -> str:
        return labels()[self.key][0]

    @property
    def method(self) -> str:
        return labels()[self.key][1]


def labels() -> dict[str, tuple[str, str]]:
    return {
        "public_areas": (
            _("Areas of data with an existing public source"),
            _(
                "Areas (other than “other areas”) with at least one existing source whose access is public."
            ),
        ),
        "on_time": (
            _("Sources updated on time"),
            _(
                "Existing sources with a known periodicity and last update, not past their next due update."
            ),
        ),
        "implemented": (
            _("Recommendations implemented"),
            _("Recommendations implemented, out of those not abandoned."),
        ),
        "translated": (
            _("Dossier translated into the dialogue’s languages"),
            _(
                "Texts translated and current, over every language of the dialogue other than the dossier’s own."
            ),
        ),
    }


def measure(snapshot: Snapshot, *, languages, on: datetime.date) -> dict[str, list[int]]:
    """{measure: [done, total]} for a snapshot, as of the date `on`."""
    areas = [c for c in m.Area.Code.values if c != m.Area.Code.OTHER]
    public = {a for s in snapshot.existing_sources() if s.access == "public" for a in s.areas}
    due = []
    for s in snapshot.existing_sources():
        step = m.Source.UPDATE_EVERY.get(s.periodicity)
        if step and s.last_update:
            due.append(step(datetime.date.fromisoformat(str(s.last_update)[:10])))
    kept = [r for r in snapshot.recommendations if r.status != "abandoned"]
    done = total = 0
    for language in languages:
        if language != snapshot.main_language:
            d, t = translation.progress(snapshot.data, language)
            done, total = done + d, total + t
    return {
        "public_areas": [len(public & set(areas)), len(areas)],
        "on_time": [sum(d >= on for d in due), len(due)],
        "implemented": [sum(r.status == "implemented" for r in kept), len(kept)],
        "translated": [done, total],
    }


def measures(data: dict[str, list[int]]) -> list[Measure]:
    return [Measure(k, *data.get(k, [0, 0])) for k in MEASURES]


def distribution(per_country: list[dict[str, list[int]]]) -> dict[str, list[int]]:
    """For each measure, how many countries fall in 0–24 %, 25–49 %, 50–74 %, 75–100 %
    (and without the measure): the dialogue's distribution, with no names."""
    out = {k: [0, 0, 0, 0, 0] for k in MEASURES}
    for data in per_country:
        for mm in measures(data):
            p = mm.percent
            out[mm.key][4 if p is None else min(p // 25, 3)] += 1
    return out


def of_editions(editions, *, languages, today: datetime.date) -> list[tuple[str, list[Measure]]]:
    """A country's readiness in each of its published editions, oldest first (each as
    of its publication, the current one as of today): its own movement, for the portal."""
    editions = sorted(editions, key=lambda e: e.number)
    out = []
    for i, edition in enumerate(editions):
        on = today if i == len(editions) - 1 else (edition.published_at or edition.frozen_at)
        on = on.date() if isinstance(on, datetime.datetime) else (on or today)
        snap = edition.frozen or Snapshot.empty()
        out.append((edition.label, measures(measure(snap, languages=languages, on=on))))
    return out
