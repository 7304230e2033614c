"""The timetable drawn: one small Gantt chart per country (planned bars pale, actual
bars solid, overdue in red, today as a line), as inline SVG for the pages, as Typst
data for the PDF, as coloured month cells in the XLSX."""

from __future__ import annotations

import datetime
import io

import openpyxl
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from migguide import theme
from migguide.files.cells import safe_text

from .timeline import OVERDUE, CountryRow, bars, span

COLOURS = [theme.colour(name) for name in theme.SERIES]
RED = theme.colour("overdue")
LANE = 5
WIDTH = 600


def colour(index: int) -> str:
    return COLOURS[index % len(COLOURS)]


def svg(row: CountryRow, first: datetime.date, last: datetime.date) -> str:
    items = bars(row, first, last)
    height = LANE * len(items) + 2
    total = max((last - first).days, 1)
    today = (timezone.localdate() - first).days / total * WIDTH
    rects = []
    for item in items:
        y = 1 + item["index"] * LANE
        if "planned" in item:
            x, w = item["planned"]
            stroke = RED if item["status"] == OVERDUE else "none"
            rects.append(
                (
                    x * WIDTH,
                    y,
                    max(w * WIDTH, 2),
                    LANE - 1,
                    colour(item["index"]),
                    "0.3",
                    stroke,
                    f"{item['name']} — {_('planned')}",
                )
            )
        if "actual" in item:
            x, w = item["actual"]
            rects.append(
                (
                    x * WIDTH,
                    y + 1,
                    max(w * WIDTH, 2),
                    LANE - 3,
                    colour(item["index"]),
                    "1",
                    "none",
                    f"{item['name']} — {_('actual')}",
                )
            )
    body = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" fill-opacity="{}" '
        'stroke="{}"><title>{}</title></rect>',
        rects,
    )
    return format_html(
        '<svg class="gantt" viewBox="0 0 {} {}" width="100%" height="{}" '
        'preserveAspectRatio="none" role="img" aria-label="{}">{}'
        '<line x1="{}" x2="{}" y1="0" y2="{}" '
        'stroke="{}" stroke-width="1" stroke-dasharray="2 2"/></svg>',
        WIDTH,
        height,
        round(height * 1.4),
        _("Timetable of %(country)s") % {"country": row.name()},
        body,
        f"{today:.1f}",
        f"{today:.1f}",
        height,
        theme.colour("ink"),
    )


def months(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    out, day = [], first
    while day < last:
        out.append(day)
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return out


def render_xlsx(rows: list[CountryRow], language: str) -> bytes:
    """Sheet 1, the table (a row per country and phase); sheet 2, the Gantt chart as
    month cells (pale: planned, solid: actual, red: overdue)."""
    wb = openpyxl.Workbook()
    table = wb.active
    table.title = _("Timetable")[:31]
    head = [
        _("Country"),
        _("Phase"),
        _("Planned start"),
        _("Planned end"),
        _("Actual start"),
        _("Actual end"),
        _("From the platform's facts"),
        _("Status"),
        _("Note"),
    ]
    table.append(head)
    labels = status_labels()
    for row in rows:
        for p in row.phases:
            table.append([None] * len(head))
            r = table.max_row
            for c, value in enumerate(
                [
                    row.name(language),
                    str(p.phase),
                    p.planned_start,
                    p.planned_end,
                    p.actual_start,
                    p.actual_end,
                    _("yes") if p.from_facts else "",
                    labels[p.status],
                    p.note,
                ],
                start=1,
            ):
                safe_text(table.cell(r, c), value)
                if isinstance(value, datetime.date):
                    table.cell(r, c).number_format = "yyyy-mm-dd"
            if p.overdue:
                table.cell(r, 8).font = Font(color=theme.hex6("overdue"), bold=True)
    for c, width in enumerate([28, 40, 13, 13, 13, 13, 12, 14, 30], start=1):
        table.column_dimensions[get_column_letter(c)].width = width
    table.freeze_panes = "C2"
    first, last = span(rows)
    chart = wb.create_sheet(_("Gantt")[:31])
    month_list = months(first, last)
    chart.append([_("Country"), _("Phase")] + [m.strftime("%Y-%m") for m in month_list])
    for row in rows:
        for i, p in enumerate(row.phases):
            chart.append([row.name(language), str(p.phase)])
            r = chart.max_row
            base = colour(i).lstrip("#")
            for c, month in enumerate(month_list, start=3):
                end = (month + datetime.timedelta(days=32)).replace(day=1)
                cell = chart.cell(r, c)

                def covers(a, b, month=month, end=end):
                    return a and b and a < end and b >= month

                if covers(p.actual_start or p.actual_end, p.actual_end or timezone.localdate()):
                    cell.fill = PatternFill("solid", fgColor=base)
                elif covers(p.planned_start or p.planned_end, p.planned_end or p.planned_start):
                    wash = "overdue_wash" if p.overdue else "phase_wash"
                    cell.fill = PatternFill("solid", fgColor=theme.hex6(wash))
    chart.column_dimensions["A"].width = 24
    chart.column_dimensions["B"].width = 36
    for c in range(3, 3 + len(month_list)):
        chart.column_dimensions[get_column_letter(c)].width = 4
        chart.cell(1, c).alignment = Alignment(text_rotation=90)
    for sheet in wb.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def status_labels() -> dict[str, str]:
    return {
        "done": _("done"),
        "active": _("under way"),
        "overdue": _("overdue"),
        "planned": _("planned"),
        "unplanned": _("not planned"),
    }


def render_pdf(rows: list[CountryRow], language: str, title: str) -> bytes:
    from migguide.guide.writers import typst_pdf

    first, last = span(rows)
    labels = status_labels()
    total = max((last - first).days, 1)
    data = {
        "title": title,
        "made": timezone.localdate().isoformat(),
        "first": first.strftime("%Y-%m"),
        "last": last.strftime("%Y-%m"),
        "today": (timezone.localdate() - first).days / total,
        "months": [
            {"label": m.strftime("%m/%y"), "at": (m - first).days / total}
            for m in months(first, last)
        ],
        "phases": [
            {"name": str(p.phase), "colour": colour(i)} for i, p in enumerate(rows[0].phases)
        ]
        if rows
        else [],
        "labels": {
            "country": _("Country"),
            "current": _("Current phase"),
            "overdue": _("Overdue"),
            "planned": _("planned"),
            "actual": _("actual"),
        },
        "rows": [
            {
                "country": row.name(language),
                "current": str(row.current.phase) if row.current else _("done"),
                "current_status": labels[row.current.status] if row.current else "",
                "overdue": ", ".join(str(p.phase) for p in row.overdue),
                "bars": bars(row, first, last),
            }
            for row in rows
        ],
    }
    return typst_pdf("board.typ", data, language=language)
