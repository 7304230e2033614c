"""The chart of a framework's movement: for each of its areas (or objectives, or
targets), the recommendations serving it by status, in the round compared with and in
this one, drawn with the charts of `indicators` and said in words for its alternative
text. Counts only: whole numbers on the axis, nothing ranked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from migguide.dossier import models as m
from migguide.files.text import labelled
from migguide.indicators import charts, presentation

if TYPE_CHECKING:
    from .models import Round
    from .rounds import Row

# Each status and its colour (Okabe–Ito, colour-blind safe), in the order stacked.
COLOURS = {
    m.Recommendation.Status.PROPOSED: "blue",
    m.Recommendation.Status.IN_PROGRESS: "orange",
    m.Recommendation.Status.IMPLEMENTED: "green",
    m.Recommendation.Status.ABANDONED: "grey",
}


@dataclass(frozen=True)
class Figure:
    """A chart with what it is called and what it shows, in words."""

    caption: str
    svg: str
    alt: str

    def png(self) -> bytes:
        return charts.png(self.svg)


def _counts(counts: dict[str, int], names: dict[str, str]) -> str:
    shown = [f"{names[s]} {counts[s]}" for s in COLOURS if counts.get(s)]
    return ", ".join(shown) or "0"


def figure(
    rows: list[Row], *, round_: Round, previous: Round | None, language: str
) -> Figure | None:
    """The movement of one framework's top-level rows (in the active language), or
    None when no recommendation serves any of them in either round."""
    rows = [r for r in rows if r.counts or r.counts_before]
    if not rows:
        return None
    names = {s.value: str(s.label) for s in COLOURS}
    series = ([previous.name] if previous else []) + [round_.name]
    data = []
    for row in rows:
        by_round = ([row.counts_before] if previous else []) + [row.counts]
        for name, counts in zip(series, by_round, strict=True):
            data += [(row.item.code, name, names[s], n) for s, n in counts.items() if n]
    spec = charts.stacked_counts(
        data,
        [(names[s], colour) for s, colour in COLOURS.items()],
        _("recommendations"),
        locale=presentation.number_locale(language),
    )
    if previous:
        caption = _("Recommendations by status in each area, %(previous)s and %(round)s") % {
            "previous": previous.name,
            "round": round_.name,
        }
        said = [
            _("%(area)s: %(before)s in %(previous)s; %(now)s in %(round)s.")
            % {
                "area": f"{row.item.code} {row.title}",
                "before": _counts(row.counts_before, names),
                "previous": previous.name,
                "now": _counts(row.counts, names),
                "round": round_.name,
            }
            for row in rows
        ]
    else:
        caption = _("Recommendations by status in each area, %(round)s") % {"round": round_.name}
        said = [
            labelled(f"{row.item.code} {row.title}", _counts(row.counts, names)) + "."
            for row in rows
        ]
    return Figure(caption, charts.svg(spec), " ".join([caption + ".", *said]))
