"""The guide's figures as SVG (for HTML and PDF), turned into PNG for DOCX.

Charts are Vega-Lite specifications rendered by vl-convert; the policy-cycle diagram is
drawn directly. Colours are the colour-blind-safe Okabe–Ito palette, from migguide.theme."""

from __future__ import annotations

import math
import tempfile
import textwrap
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

import altair as alt
import typst

from migguide import theme

from .chart_worker import render_svg

FONT = "Libertinus Serif"
BRAND = theme.colour("brand")
RING = theme.colour("ring")
OKABE_ITO = {k: theme.colour(k) for k in ("blue", "orange", "green", "vermillion", "sky", "grey")}


def sources_by_area(counts: list[tuple[str, int, int]], L: dict[str, str]) -> str:
    """A horizontal stacked bar per area: existing and potential sources."""
    rows = []
    for order, (area, existing, potential) in enumerate(counts):
        rows.append({"area": area, "kind": L["chart_existing"], "n": existing, "o": order, "k": 0})
        rows.append(
            {"area": area, "kind": L["chart_potential"], "n": potential, "o": order, "k": 1}
        )
    areas = [area for area, *_ in counts]
    bars = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar(height=14)
        .encode(
            y=alt.Y("area:N", sort=areas, title=None, axis=alt.Axis(labelLimit=260)),
            x=alt.X("sum(n):Q", title=L["chart_count"], axis=alt.Axis(format="d", tickMinStep=1)),
            color=alt.Color(
                "kind:N",
                title=None,
                scale=alt.Scale(
                    domain=[L["chart_existing"], L["chart_potential"]],
                    range=[OKABE_ITO["blue"], OKABE_ITO["orange"]],
                ),
                legend=alt.Legend(orient="top", direction="horizontal"),
            ),
            order=alt.Order("k:Q"),
            tooltip=["area:N", "kind:N", "n:Q"],
        )
    )
    chart = (
        bars.properties(width=380, height=alt.Step(20))
        .configure(font=FONT, background="white")
        .configure_view(stroke=None)
    )
    return svg(chart.to_json())


# Axis numbers as the reader writes them: grouped and with the decimal sign of the
# locale given to the chart (`locale`, see indicators.presentation.number_locale); the
# values are scaled beforehand, the unit named in the axis title, never "3.5G".
AXIS_FORMAT = ",~f"


def _finish(chart, width=420, height=220, locale: dict | None = None) -> str:
    config: dict = {"font": FONT, "background": "white"}
    if locale:
        config["locale"] = alt.Locale(number=alt.NumberLocale(**locale))
    return (
        chart.properties(width=width, height=height)
        .configure(**config)
        .configure_view(stroke=None)
        .to_json()
    )


def stock_by_sex(points, L: dict[str, str], *, axis: str = "", locale: dict | None = None) -> str:
    """Immigrants over the years: both sexes, men, women."""
    rows = []
    for year, total, male, female in points:
        for label, value in ((L["both_sexes"], total), (L["men"], male), (L["women"], female)):
            if value is not None:
                rows.append({"year": year, "who": label, "value": value})
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_line(point=True)
        .encode(
            x=alt.X("year:O", title=None),
            y=alt.Y("value:Q", title=axis or L["persons"], axis=alt.Axis(format=AXIS_FORMAT)),
            color=alt.Color(
                "who:N",
                title=None,
                scale=alt.Scale(
                    domain=[L["both_sexes"], L["men"], L["women"]],
                    range=[OKABE_ITO["blue"], OKABE_ITO["green"], OKABE_ITO["vermillion"]],
                ),
                legend=alt.Legend(orient="top"),
            ),
            tooltip=[alt.Tooltip("year:O"), "who:N", alt.Tooltip("value:Q", format=",")],
        )
    )
    return _finish(chart, locale=locale)


def ranking(
    items,
    L: dict[str, str],
    colour: str = "blue",
    *,
    axis: str = "",
    locale: dict | None = None,
    counts: bool = False,
) -> str:
    """Top partners (origins or destinations) as horizontal bars; with `counts`, things
    counted one by one (challenges, countries), whose axis has whole numbers only."""
    rows = [{"name": name, "value": value} for name, value in items]
    x_axis = alt.Axis(format="d", tickMinStep=1) if counts else alt.Axis(format=AXIS_FORMAT)
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar(color=OKABE_ITO[colour])
        .encode(
            y=alt.Y("name:N", sort="-x", title=None, axis=alt.Axis(labelLimit=200)),
            x=alt.X("value:Q", title=axis or L["persons"], axis=x_axis),
            tooltip=["name:N", alt.Tooltip("value:Q", format=",")],
        )
    )
    return _finish(chart, height=alt.Step(18), locale=locale)


def two_series(
    points, labels: tuple[str, str], L: dict[str, str], axis: str, *, locale: dict | None = None
) -> str:
    """Two lines over the years (refugees hosted and abroad)."""
    rows = [
        {"year": p[0], "who": label, "value": value}
        for p in points
        for label, value in zip(labels, p[1:], strict=True)
        if value is not None
    ]
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_line(point=True)
        .encode(
            x=alt.X("year:O", title=None),
            y=alt.Y("value:Q", title=axis, axis=alt.Axis(format=AXIS_FORMAT)),
            color=alt.Color(
                "who:N",
                title=None,
                scale=alt.Scale(
                    domain=list(labels), range=[OKABE_ITO["blue"], OKABE_ITO["orange"]]
                ),
                legend=alt.Legend(orient="top"),
            ),
            tooltip=[alt.Tooltip("year:O"), "who:N", alt.Tooltip("value:Q", format=",")],
        )
    )
    return _finish(chart, locale=locale)


def bars_over_time(
    points, axis: str, colour: str = "blue", fmt: str = AXIS_FORMAT, *, locale: dict | None = None
) -> str:
    rows = [{"year": year, "value": value} for year, value in points if value is not None]
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar(color=OKABE_ITO[colour])
        .encode(
            x=alt.X("year:O", title=None),
            y=alt.Y("value:Q", title=axis, axis=alt.Axis(format=fmt)),
            tooltip=[alt.Tooltip("year:O"), alt.Tooltip("value:Q", format=",")],
        )
    )
    return _finish(chart, locale=locale)


@lru_cache(maxsize=64)
def svg(spec_json: str) -> str:
    """A Vega-Lite chart as SVG, drawn away from this process (chart_worker)."""
    return render_svg(spec_json)


def policy_cycle(stages: list[str]) -> str:
    """The six stages of the policy cycle on a circle, each leading to the next."""
    size, radius, box_w, box_h = 460, 160, 150, 50
    cx = cy = size / 2
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'width="{size}" height="{size}" font-family="{FONT}" font-size="14">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="8" refY="5" '
        'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        f'<path d="M 0 0 L 10 5 L 0 10 z" fill="{BRAND}"/></marker></defs>',
        f'<circle cx="{cx}" cy="{cy}" r="{radius}" fill="none" stroke="{RING}" stroke-width="2"/>',
    ]
    n = len(stages)
    points = []
    for i in range(n):
        angle = -math.pi / 2 + 2 * math.pi * i / n
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle), angle))
    for i in range(n):
        a1 = points[i][2] + 0.33
        a2 = points[(i + 1) % n][2] - 0.33
        if a2 < a1:
            a2 += 2 * math.pi
        x1, y1 = cx + radius * math.cos(a1), cy + radius * math.sin(a1)
        x2, y2 = cx + radius * math.cos(a2), cy + radius * math.sin(a2)
        parts.append(
            f'<path d="M {x1:.1f} {y1:.1f} A {radius} {radius} 0 0 1 {x2:.1f} '
            f'{y2:.1f}" fill="none" stroke="{BRAND}" stroke-width="2.5" '
            'marker-end="url(#arrow)"/>'
        )
    for i, (x, y, _angle) in enumerate(points):
        parts.append(
            f'<rect x="{x - box_w / 2:.1f}" y="{y - box_h / 2:.1f}" width="{box_w}" '
            f'height="{box_h}" rx="10" fill="{BRAND}"/>'
        )
        lines = textwrap.wrap(f"{i + 1}. {stages[i]}", 20)[:2]
        for j, line in enumerate(lines):
            dy = (j - (len(lines) - 1) / 2) * 17 + 5
            parts.append(
                f'<text x="{x:.1f}" y="{y + dy:.1f}" text-anchor="middle" '
                f'fill="white">{escape(line)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


PNG_PAGE = """#set page(width: auto, height: auto, margin: 6pt, fill: white)
#image(bytes(sys.inputs.svg), format: "svg", width: 16cm)
"""


@lru_cache(maxsize=64)
def png(svg: str, ppi: int = 200) -> bytes:
    """The figure as a PNG, for DOCX. Typst rasterises it with the same embedded fonts
    as the PDF, so the figure reads the same in both."""
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "figure.typ"
        page.write_text(PNG_PAGE, encoding="utf-8")
        return typst.compile(
            str(page), format="png", ppi=ppi, sys_inputs={"svg": svg}, ignore_system_fonts=True
        )


def stacked_counts(
    rows: list[tuple[str, str, str, int]],
    kinds: list[tuple[str, str]],
    axis: str,
    *,
    locale: dict | None = None,
) -> str:
    """Things counted one by one, as horizontal bars stacked by kind, in groups: one
    small panel per group (an area), one bar per series in it (a round), so that the
    bars of a group compare at a glance. `rows` are (group, series, kind, count) in
    the order shown; `kinds` are (kind, colour name), in the order stacked. The axis has
    whole numbers only and is shared by every panel.

    The specification is kept for the same data: a page that shows it on every visit
    does not pay Altair's validation (a tenth of a second a chart) each time."""
    return _stacked_counts(
        tuple(map(tuple, rows)),
        tuple(map(tuple, kinds)),
        axis,
        tuple(
            sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in (locale or {}).items())
        ),
    )


@lru_cache(maxsize=64)
def _stacked_counts(rows: tuple, kinds: tuple, axis: str, locale: tuple) -> str:
    locale = {k: list(v) if isinstance(v, tuple) else v for k, v in locale}
    groups = list(dict.fromkeys(g for g, *_ in rows))
    series = list(dict.fromkeys(s for _g, s, *_ in rows))
    order = {k: i for i, (k, _c) in enumerate(kinds)}
    values = [{"g": g, "s": s, "k": k, "n": n, "o": order[k]} for g, s, k, n in rows if n]
    bars = (
        alt.Chart(alt.Data(values=values))
        .mark_bar(height=12)
        .encode(
            y=alt.Y("s:N", sort=series, title=None, axis=alt.Axis(labelLimit=160)),
            x=alt.X("sum(n):Q", title=axis, axis=alt.Axis(format="d", tickMinStep=1)),
            color=alt.Color(
                "k:N",
                title=None,
                scale=alt.Scale(
                    domain=[k for k, _c in kinds], range=[OKABE_ITO[c] for _k, c in kinds]
                ),
                legend=alt.Legend(orient="top", direction="horizontal"),
            ),
            order=alt.Order("o:Q"),
        )
        .properties(width=360, height=alt.Step(16))
    )
    config: dict = {"font": FONT, "background": "white"}
    if locale:
        config["locale"] = alt.Locale(number=alt.NumberLocale(**locale))
    chart = bars.facet(
        row=alt.Row(
            "g:N",
            sort=groups,
            title=None,
            header=alt.Header(
                labelAngle=0,
                labelAlign="left",
                labelAnchor="start",
                labelOrient="top",
                labelPadding=2,
                labelFontWeight="bold",
            ),
        ),
        spacing=6,
    )
    return chart.configure(**config).configure_view(stroke=None).to_json()
