"""The rounds' synthesis as files: HTML (the page's body, standalone), PDF (Typst) and
DOCX, written from the same `rounds.Synthesis`, each with the chart of every
framework's movement."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from migguide import theme
from migguide.countries import languages
from migguide.files.text import labelled

from .rounds import Row, Synthesis, title


def render_html(s: Synthesis) -> bytes:
    with override(s.language):
        return render_to_string("commitments/report.html", {"s": s, "title": title(s)}).encode()


def _head() -> list[str]:
    return [
        _("Area or objective"),
        _("Countries engaged"),
        _("Recommendations by status"),
        _("Implemented since the previous round"),
        _("New sources"),
        _("New gaps"),
        _("Reference countries"),
    ]


def _cells(r: Row, since: bool) -> list[str]:
    """A row of the synthesis as the printed tables write it."""
    return [
        f"{r.item.code} {r.title}",
        f"{len(r.countries)}" + (f" ({', '.join(r.countries)})" if r.countries else ""),
        "; ".join(f"{k} {v}" for k, v in r.by_status.items()) or "—",
        str(r.implemented_since) if since else "—",
        str(r.new_sources) if since else "—",
        ", ".join(r.new_gaps) or "—",
        ", ".join(r.references) or "—",
    ]


def _moved(s: Synthesis) -> list[str]:
    return [
        labelled(
            name,
            "; ".join(
                f"{label} {'—' if old is None else old} → {'—' if new is None else new} %"
                for label, old, new in changes
            ),
        )
        for name, changes in s.moved
    ]


def _distribution_head() -> list[str]:
    return [
        _("Measure"),
        "0–24 %",
        "25–49 %",
        "50–74 %",
        "75–100 %",
        _("not measurable"),
        _("Method"),
    ]


def _lead(s: Synthesis) -> str:
    return ngettext(
        "%(n)s country’s shared edition, as frozen on %(date)s.",
        "%(n)s countries’ shared editions, as frozen on %(date)s.",
        s.countries,
    ) % {"n": s.countries, "date": date_format(s.round.freeze_date)}


def render_pdf(s: Synthesis) -> bytes:
    """A4 landscape PDF through Typst (`guide/typst/commitments.typ`), tagged PDF/UA-1
    like the guide; every text travels as data, never as markup."""
    from migguide.guide.writers import typst_pdf

    since = bool(s.previous)
    with override(s.language):
        data = {
            "title": title(s),
            "lead": _lead(s),
            "compared": _("Compared with %(name)s.") % {"name": s.previous.name} if since else "",
            "labels": dict(
                zip(
                    (
                        "area",
                        "engaged",
                        "by_status",
                        "implemented",
                        "sources",
                        "gaps",
                        "references",
                    ),
                    _head(),
                    strict=True,
                ),
                readiness=_("Data readiness (Global Compact objective 1)"),
                moved=_("Countries whose data readiness moved"),
                distribution=_("Distribution in the dialogue"),
                none=_("None yet."),
            ),
            "frameworks": [
                {
                    "name": name,
                    "chart": chart.svg if chart else "",
                    "alt": chart.alt if chart else "",
                    "caption": chart.caption if chart else "",
                    "rows": [
                        {"child": r is not top, "cells": _cells(r, since)}
                        for top in rows
                        for r in (top, *top.children)
                    ],
                }
                for name, rows, chart in s.parts
            ],
            "moved": _moved(s),
            "distribution_head": _distribution_head(),
            "distribution": [
                [m.label, *map(str, counts), m.method] for m, counts in s.distribution
            ],
        }
    return typst_pdf("commitments.typ", data, language=s.language)


def render_docx(s: Synthesis) -> bytes:
    import docx

    from migguide.guide import docx_parts as parts

    rtl = languages.is_rtl(s.language)
    since = bool(s.previous)
    with override(s.language):
        document = docx.Document()
        parts.setup(document, body_size=theme.TYPE["body_form"], rtl=rtl)
        document.add_heading(title(s), 0)
        parts.paragraph(document, _lead(s))
        if since:
            parts.paragraph(document, _("Compared with %(name)s.") % {"name": s.previous.name})
        for name, rows, chart in s.parts:
            document.add_heading(name, 1)
            if chart:
                parts.picture(document, chart.png(), alt=chart.alt, width_cm=15)
                parts.paragraph(document, chart.caption)
            parts.table(
                document,
                _head(),
                [_cells(r, since) for top in rows for r in (top, *top.children)],
            )
        document.add_heading(_("Data readiness (Global Compact objective 1)"), 1)
        document.add_heading(_("Countries whose data readiness moved"), 2)
        for line in _moved(s) or [_("None yet.")]:
            parts.bullet(document, line)
        document.add_heading(_("Distribution in the dialogue"), 2)
        parts.table(
            document,
            _distribution_head(),
            [(m.label, *map(str, counts), m.method) for m, counts in s.distribution],
        )
        return parts.save(document, rtl=rtl)


WRITERS = {"html": render_html, "pdf": render_pdf, "docx": render_docx}
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
