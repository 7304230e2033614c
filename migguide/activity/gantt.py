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

from .timeline import OVERDUE, CountryRow, bars, span, summary

COLOURS = [theme.colour(name) for name in theme.SERIES]
RED = theme.colour("overdue")
RULE = theme.colour("rule")
LANE = 6
WIDTH = 600
# Pixels per lane on the page: a bar is then 10 px high, enough to see and to point at.
SCALE = 2


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
    grid = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="0" y2="{}" stroke="{}" stroke-width="0.5"/>',
        (
            (f"{tick['at'] * WIDTH / 100:.1f}", f"{tick['at'] * WIDTH / 100:.1f}", height, RULE)
            for tick in axis(first, last)
        ),
    )
    body = grid + format_html_join(
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
        height * SCALE,
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


def axis(first: datetime.date, last: datetime.date) -> list[dict]:
    """The month axis over the charts: where each month starts (a percentage of the
    width) and, for one month in three when the span is longer than a year, its label."""
    total = max((last - first).days, 1)
    every = 1 if len(months(first, last)) <= 12 else 3
    return [
        {
            "at": round((m - first).days / total * 100, 2),
            "label": m.strftime("%m/%y") if (m.month - 1) % every == 0 else "",
        }
        for m in months(first, last)
    ]


def today_at(first: datetime.date, last: datetime.date) -> float:
    """Where today falls on the axis, as a percentage of the width."""
    total = max((last - first).days, 1)
    return round((timezone.localdate() - first).days / total * 100, 2)


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
    started = [row for row in rows if row.started]
    data = {
        "title": title,
        "summary": " · ".join(f"{n} {label}" for label, n in summary(rows)),
        "not_started": ", ".join(row.name(language) for row in rows if not row.started),
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
            "not_started": _("Nothing planned or done yet"),
        },
        "rows": [
            {
                "country": row.name(language),
                "current": str(row.current.phase) if row.current else _("done"),
                "current_status": labels[row.current.status] if row.current else "",
                "overdue": ", ".join(str(p.phase) for p in row.overdue),
                "bars": bars(row, first, last),
            }
            for row in started
        ],
    }
    return typst_pdf("board.typ", data, language=language)


def render_docx(rows: list[CountryRow], language: str, title: str) -> bytes:
    """The board for Word: the summary line, a table of the countries under way, the
    Gantt chart as a table of month cells (pale: planned, solid: actual, red: overdue,
    today's month marked), and the countries not started named in one line."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    from migguide.countries import languages
    from migguide.guide import docx_parts as parts

    first, last = span(rows)
    started = [row for row in rows if row.started]
    labels = status_labels()
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.2))
    parts.setup(document, body_size=theme.TYPE["body_form"], rtl=languages.is_rtl(language))
    document.add_heading(title, 0)
    parts.paragraph(document, f"{first:%Y-%m} → {last:%Y-%m} — {timezone.localdate():%Y-%m-%d}")
    parts.paragraph(document, " · ".join(f"{n} {label}" for label, n in summary(rows)))
    if started:
        parts.table(
            document,
            [_("Country"), _("Current phase"), _("Status"), _("Overdue")],
            [
                (
                    row.name(language),
                    str(row.current.phase) if row.current else _("done"),
                    labels[row.current.status] if row.current else "",
                    ", ".join(str(p.phase) for p in row.overdue) or "—",
                )
                for row in started
            ],
        )
        document.add_heading(_("Gantt"), 1)
        legend = [f"{i + 1}. {p.phase}" for i, p in enumerate(started[0].phases)]
        parts.paragraph(document, " · ".join(legend))
        parts.paragraph(document, _("pale: planned · solid: actual · red: overdue · ▼: this month"))
        month_list = months(first, last)
        today = timezone.localdate()
        now = next((i for i, m in enumerate(month_list) if m <= today < _next(m)), None)
        head = [_("Country"), ""] + [
            f"{m:%m/%y}" + (" ▼" if i == now else "") for i, m in enumerate(month_list)
        ]
        t = document.add_table(rows=1, cols=len(head))
        t.style = "Table Grid"
        size = theme.TYPE["fine"]
        parts.header_row(t.rows[0], head, size=size)
        for row in started:
            for i, p in enumerate(row.phases):
                cells = t.add_row().cells
                parts.text(cells[0].paragraphs[0], row.name(language) if i == 0 else "", size=size)
                parts.text(cells[1].paragraphs[0], str(i + 1), size=size)
                for c, month in enumerate(month_list, start=2):
                    if _covers(p.actual_start or p.actual_end, p.actual_end or today, month):
                        parts.shade(cells[c], theme.SERIES[i % len(theme.SERIES)])
                    elif _covers(p.planned_start or p.planned_end, p.planned_end, month):
                        parts.shade(cells[c], "overdue_wash" if p.overdue else "phase_wash")
    not_started = [row.name(language) for row in rows if not row.started]
    if not_started:
        parts.paragraph(
            document,
            f"{_('Nothing planned or done yet')} ({len(not_started)}): " + ", ".join(not_started),
        )
    return parts.save(document, rtl=languages.is_rtl(language))


def _next(month: datetime.date) -> datetime.date:
    return (month + datetime.timedelta(days=32)).replace(day=1)


def _covers(start, end, month: datetime.date) -> bool:
    """Whether the span from `start` to `end` (or `start` alone) touches `month`."""
    end = end or start
    return bool(start and end and start < _next(month) and end >= month)
