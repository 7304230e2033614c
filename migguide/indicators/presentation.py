"""How statistics are presented, wherever they are shown (the guide, the statistical
profile, the statistics pages): each key figure written for the reader's language, and
the charts the statistics allow, with their captions and sources."""

from __future__ import annotations

from babel.numbers import format_compact_currency, format_decimal
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


def statistics_charts(L: dict[str, str], statistics: dict, *, full: bool):
    """(caption, Vega-Lite spec, source) of each chart the statistics allow."""
    if "stock_by_sex" in statistics:
        s = statistics["stock_by_sex"]
        yield L["chart_stock"], charts.stock_by_sex(s["points"], L), s["source"]
    if not full:
        return
    for key, caption, colour in (
        ("origins", L["chart_origins"], "blue"),
        ("destinations", L["chart_destinations"], "green"),
    ):
        if key in statistics:
            s = statistics[key]
            yield caption % {"year": s["year"]}, charts.ranking(s["items"], L, colour), s["source"]
    if "refugees" in statistics:
        s = statistics["refugees"]
        yield (
            L["chart_refugees"],
            charts.two_series(s["points"], (L["hosted"], L["abroad"]), L, L["persons"]),
            s["source"],
        )
    if "remittances" in statistics:
        s = statistics["remittances"]
        yield (
            L["chart_remittances"],
            charts.bars_over_time([(p[0], p[1]) for p in s["points"]], "US$", "orange"),
            s["source"],
        )
    if "net_migration" in statistics:
        s = statistics["net_migration"]
        yield (
            L["chart_net"],
            charts.bars_over_time(s["points"], L["persons"], "sky"),
            s["source"],
        )
