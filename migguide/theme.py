"""The look of everything migguide prints or shows: one palette and one type scale.

Every colour is defined here and nowhere else. Typst templates receive the theme as data
(`guide/typst/theme.typ` reads it), the stylesheet declares the palette as custom
properties (`static/migguide/theme.css`, which a test compares with this module), charts
and DOCX writers read it directly. A leaf module: it imports nothing of migguide, so
every app may read it, the charts in `indicators` as well as the printables in `guide`.
"""

from __future__ import annotations

from pathlib import Path

STYLESHEET = Path(__file__).parent / "static" / "migguide" / "theme.css"

# Named colours, "#rrggbb" (or "#rrggbbaa"). The case of a value is kept as it was first
# written: the charts' SVG (and so the guide's PDF) keep the same bytes.
PALETTE: dict[str, str] = {
    # the house colours
    "brand": "#0b5a7a",
    "brand_dark": "#08425a",
    "ink": "#1d2430",
    "muted": "#5b6573",
    "white": "#ffffff",
    "black": "#000000",
    # lines and washes
    "rule": "#d8dde3",
    "rule_strong": "#b9c2cc",
    "ring": "#c9d6de",  # the policy cycle's circle
    "wash": "#eef3f6",
    "band": "#dfe9ef",  # a group row of a table
    "stripe": "#f6f8fa",  # every other row of a printed table
    "stripe_screen": "#f7f9fa",  # every other row of a table on screen
    # statuses
    "ok": "#1e7a46",
    "alert": "#b3261e",
    "overdue": "#C0392B",
    "overdue_wash": "#F5B7B1",
    "phase_wash": "#DDE6EE",
    "demo": "#8a5a00",
    "demo_wash": "#fff4d6",
    "demo_ink": "#5a3d00",
    # the pages on screen: messages, states, comments, changes
    "wash_screen": "#f4f6f8",
    "bad": "#a1262b",
    "field_edge": "#aeb7c2",
    "stripe_grid": "#fafbfc",
    "demo_edge": "#e8cf8a",
    "ok_wash": "#e7f4ec",
    "ok_edge": "#b9dec6",
    "bad_wash": "#fbe9ea",
    "bad_edge": "#eab5b8",
    "warn_wash": "#fff7e6",
    "warn_edge": "#edd39a",
    "state": "#e8eaee",
    "state_ink": "#333333",
    "quiet_ink": "#555555",
    "comment": "#c9a227",
    "comment_resolved": "#cccccc",
    "quote_edge": "#dddddd",
    "added": "#dff3e6",
    "removed": "#fbe3e1",
    # the portal's map: land and sea, progress, and a five-step blue scale for figures
    "map_sea": "#eef3f7",
    "map_land": "#dfe3e8",
    "not_started": "#b8c2cc",
    "no_data": "#d9d9d9",
    "shade_0": "#eff3ff",
    "shade_1": "#bdd7e7",
    "shade_2": "#6baed6",
    "shade_3": "#3182bd",
    "shade_4": "#08519c",
    "swatch_edge": "#88889922",
    # the spreadsheets' header and answer cells
    "sheet_head": "#1F4E79",
    "sheet_answer": "#FFF8DC",
    # Okabe–Ito: the colour-blind-safe series of charts and timetables
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "grey": "#999999",
}

# The order in which a timetable colours its phases.
SERIES = ("blue", "orange", "green", "sky", "purple", "vermillion", "yellow", "grey")

# The type scale, in points, by role. Each printable has its own body size (a board is
# denser than the guide); headings, captions and small print are shared.
TYPE: dict[str, float] = {
    "display": 36,  # the country on the guide's cover
    "title": 26,  # the guide's title on its cover
    "fact": 20,  # a key figure
    "h1": 19,
    "sheet_title": 16,  # the title block of a questionnaire or a synthesis
    "board_title": 15,
    "kicker": 14,  # what a workshop sheet is
    "h2": 13.5,
    "sheet_h1": 13,  # a part of a questionnaire, a heading of a synthesis
    "lead": 12,  # the edition line of a cover; a workshop's title
    "h3": 11,
    "body": 10.5,  # the guide
    "body_form": 10,  # questionnaire, workshop sheets
    "aside": 10,  # the endorsement on the cover
    "body_synthesis": 9.5,
    "small": 9,
    "caption": 8.5,
    "body_board": 8.5,
    "table": 8.5,  # never smaller in print (issue 16)
    "table_compact": 8.5,
    "running": 8,  # running header and footer of the guide and questionnaire
    "note": 7.5,
    "fine": 7,
    "tick": 6.5,  # month labels of the board
    # Word draws Libertinus larger than Typst: the DOCX has always used these two.
    "docx_h1": 18,
    "docx_display": 32,
}

FONTS: dict[str, object] = {
    # Arabic script falls back to Noto Sans Arabic (shipped: fontpkg-noto-sans-arabic).
    "body": ["Libertinus Serif", "Noto Sans Arabic"],
    "arabic": "Noto Sans Arabic",
    "docx": "Libertinus Serif",
    "mono": "DejaVu Sans Mono",
}


def colour(name: str) -> str:
    """A colour as "#rrggbb"."""
    return PALETTE[name]


def hex6(name: str) -> str:
    """A colour as "RRGGBB", the way Office files write it (cell fills, shading)."""
    return PALETTE[name][1:].upper()


def for_typst() -> dict:
    """The theme as the data every Typst template receives (read by theme.typ)."""
    return {"palette": PALETTE, "type": TYPE, "fonts": FONTS}


def css_name(name: str) -> str:
    """The custom property of a colour in theme.css: brand_dark → --mg-brand-dark."""
    return "--mg-" + name.replace("_", "-")


def stylesheet() -> str:
    """theme.css, for the self-contained HTML documents that inline their styles."""
    return STYLESHEET.read_text(encoding="utf-8")
