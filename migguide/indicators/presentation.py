"""How statistics are presented, wherever they are shown (the guide, the statistical
profile, the statistics pages): each key figure written for the reader's language, and
the charts the statistics allow, with their captions and sources."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from babel.numbers import (
    format_compact_currency,
    format_decimal,
    format_percent,
    get_decimal_symbol,
    get_group_symbol,
)
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from . import charts

# The words of the charts and their captions.
CHART_LABELS = {
    "chart_existing": _("existing"),
    "chart_potential": _("potential"),
    "chart_count": _("number of sources"),
    "both_sexes": _("both sexes"),
    "men": _("men"),
    "women": _("women"),
    "persons": _("persons"),
    "chart_stock": _("International migrant stock by sex"),
    "chart_origins": _("Main countries of origin of immigrants, %(year)s"),
    "chart_destinations": _("Main countries of destination of emigrants, %(year)s"),
    "chart_refugees": _("Refugees hosted and refugees from the country"),
    "hosted": _("hosted"),
    "abroad": _("from the country"),
    "chart_remittances": _("Personal remittances received (current US$)"),
    "chart_net": _("Net migration"),
}


def chart_labels(language: str) -> dict[str, str]:
    with translation.override(language):
        return {key: str(value) for key, value in CHART_LABELS.items()}


def figure_text(language: str, figure: dict) -> str:
    """A key figure written for the language: 1,5 %, 3,3 Md $US, 281 867."""
    value, unit = figure["value"], figure["unit"]
    if unit == "percent":
        return f"{format_decimal(round(value, 1), locale=language)} %"
    if unit == "usd":
        return format_compact_currency(value, "USD", locale=language, fraction_digits=1)
    return format_decimal(round(value), locale=language)


class Chart(NamedTuple):
    """A chart of the statistics: what it is called, its Vega-Lite specification, its
    source, one or two sentences saying what it shows (computed from the data), and its
    alternative text (those sentences and the figures drawn)."""

    caption: str
    spec: str
    source: str
    commentary: str
    alt: str


# What a chart says about its data, computed from the figures (see `statistics_charts`).
SENTENCES = {
    "stock_up": _(
        "In %(year)s the country hosted %(value)s international migrants, %(change)s more "
        "than in %(first)s."
    ),
    "stock_down": _(
        "In %(year)s the country hosted %(value)s international migrants, %(change)s fewer "
        "than in %(first)s."
    ),
    "stock_women": _("Women were %(share)s of them."),
    "ranking_origins": _(
        "In %(year)s most immigrants came from %(first)s (%(first_value)s people), then "
        "from %(second)s (%(second_value)s)."
    ),
    "ranking_destinations": _(
        "In %(year)s most emigrants lived in %(first)s (%(first_value)s people), then in "
        "%(second)s (%(second_value)s)."
    ),
    "refugees": _(
        "In %(year)s the country hosted %(hosted)s refugees, while %(abroad)s refugees "
        "from the country were hosted abroad."
    ),
    "remittances": _(
        "Personal remittances received reached %(value)s in %(year)s, against %(first_value)s "
        "in %(first)s."
    ),
    "net_in": _("In %(year)s net migration was %(value)s people: more people arrived than left."),
    "net_out": _("In %(year)s net migration was %(value)s people: more people left than arrived."),
    "values": _("Figures drawn: %(values)s."),
}

# Large numbers on an axis are divided and the unit named in the axis title, so that no
# "3.5G" or "300k" (Vega's SI prefixes, English only) reaches a reader.
SCALES = (
    (1e9, _("%(unit)s, billions")),
    (1e6, _("%(unit)s, millions")),
    (1e3, _("%(unit)s, thousands")),
)


def number_locale(language: str) -> dict:
    """The Vega number locale of `language`: its decimal and grouping symbols."""
    return {
        "decimal": get_decimal_symbol(language),
        "thousands": get_group_symbol(language),
        "grouping": [3],
        "currency": ["", ""],
    }


def _scale(values, unit: str) -> tuple[float, str]:
    top = max((abs(v) for v in values if v is not None), default=0)
    for divisor, title in SCALES:
        if top >= 10 * divisor:
            return divisor, str(title) % {"unit": unit}
    return 1, unit


def _points_text(language: str, points) -> str:
    shown = list(points)
    if len(shown) > 8:  # the first, then the last seven: the trend, not every year
        shown = [shown[0], *shown[-7:]]
    return "; ".join(f"{label}: {format_decimal(round(v), locale=language)}" for label, v in shown)


def statistics_charts(
    L: dict[str, str], statistics: dict, *, full: bool, language: str
) -> list[Chart]:
    """Each chart the statistics allow, in the reader's language (`L`, `language`)."""
    with translation.override(language):
        return list(_charts(L, statistics, full=full, language=language))


def _charts(L, statistics, *, full, language) -> Iterator[Chart]:
    def num(v) -> str:
        return format_decimal(round(v), locale=language)

    def say(key, **values) -> str:
        return str(SENTENCES[key]) % values

    locale = number_locale(language)
    if "stock_by_sex" in statistics:
        s = statistics["stock_by_sex"]
        points = [p for p in s["points"] if p[1] is not None]
        divisor, axis = _scale([p[1] for p in points], L["persons"])
        words = ""
        if len(points) >= 2:
            (y0, v0, *_), (y1, v1, _m, women) = points[0], points[-1]
            change = format_percent(abs(v1 - v0) / v0, locale=language) if v0 else ""
            words = say(
                "stock_up" if v1 >= v0 else "stock_down",
                year=y1,
                value=num(v1),
                change=change,
                first=y0,
            )
            if women is not None and v1:
                words += " " + say("stock_women", share=format_percent(women / v1, locale=language))
        yield Chart(
            L["chart_stock"],
            charts.stock_by_sex(
                [[p[0], *(x / divisor if x is not None else None for x in p[1:])] for p in points],
                L,
                axis=axis,
                locale=locale,
            ),
            s["source"],
            words,
            f"{words} {say('values', values=_points_text(language, [p[:2] for p in points]))}",
        )
    if not full:
        return
    for key, caption, colour in (
        ("origins", L["chart_origins"], "blue"),
        ("destinations", L["chart_destinations"], "green"),
    ):
        if key not in statistics:
            continue
        s = statistics[key]
        items = sorted(s["items"], key=lambda i: -i[1])
        divisor, axis = _scale([v for _n, v in items], L["persons"])
        words = ""
        if len(items) >= 2:
            words = say(
                f"ranking_{key}",
                year=s["year"],
                first=items[0][0],
                first_value=num(items[0][1]),
                second=items[1][0],
                second_value=num(items[1][1]),
            )
        yield Chart(
            caption % {"year": s["year"]},
            charts.ranking(
                [(n, v / divisor) for n, v in items], L, colour, axis=axis, locale=locale
            ),
            s["source"],
            words,
            f"{words} {say('values', values=_points_text(language, items[:10]))}",
        )
    if "refugees" in statistics:
        s = statistics["refugees"]
        points = s["points"]
        divisor, axis = _scale([v for p in points for v in p[1:]], L["persons"])
        last = next((p for p in reversed(points) if p[1] is not None and p[2] is not None), None)
        words = (
            say("refugees", year=last[0], hosted=num(last[1]), abroad=num(last[2])) if last else ""
        )
        hosted = [(p[0], p[1]) for p in points if p[1] is not None]
        yield Chart(
            L["chart_refugees"],
            charts.two_series(
                [[p[0], *(v / divisor if v is not None else None for v in p[1:])] for p in points],
                (L["hosted"], L["abroad"]),
                L,
                axis,
                locale=locale,
            ),
            s["source"],
            words,
            f"{words} {L['hosted']} — {say('values', values=_points_text(language, hosted))}",
        )
    if "remittances" in statistics:
        s = statistics["remittances"]
        points = [(p[0], p[1]) for p in s["points"] if p[1] is not None]
        divisor, axis = _scale([v for _y, v in points], "US$")

        def usd(v) -> str:
            return format_compact_currency(v, "USD", locale=language, fraction_digits=1)

        words = ""
        if len(points) >= 2:
            words = say(
                "remittances",
                year=points[-1][0],
                value=usd(points[-1][1]),
                first=points[0][0],
                first_value=usd(points[0][1]),
            )
        shown = ", ".join(f"{y}: {usd(v)}" for y, v in points[-8:])
        yield Chart(
            L["chart_remittances"],
            charts.bars_over_time(
                [(y, v / divisor) for y, v in points], axis, "orange", locale=locale
            ),
            s["source"],
            words,
            f"{words} {say('values', values=shown)}",
        )
    if "net_migration" in statistics:
        s = statistics["net_migration"]
        points = [(p[0], p[1]) for p in s["points"] if p[1] is not None]
        divisor, axis = _scale([v for _y, v in points], L["persons"])
        words = ""
        if points:
            year, value = points[-1]
            words = say("net_in" if value >= 0 else "net_out", year=year, value=num(value))
        yield Chart(
            L["chart_net"],
            charts.bars_over_time(
                [(y, v / divisor) for y, v in points], axis, "sky", locale=locale
            ),
            s["source"],
            words,
            f"{words} {say('values', values=_points_text(language, points))}",
        )
