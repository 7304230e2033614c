"""The rounds' synthesis as files: HTML (the page's body, standalone) and DOCX, written
from the same `rounds.Synthesis`."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import override

from migguide import theme
from migguide.countries import languages

from .rounds import Synthesis, title


def render_html(s: Synthesis) -> bytes:
    with override(s.language):
        return render_to_string("commitments/report.html", {"s": s, "title": title(s)}).encode()


def render_docx(s: Synthesis) -> bytes:
    import docx

    from migguide.guide import docx_parts as parts

    rtl = languages.is_rtl(s.language)
    with override(s.language):
        document = docx.Document()
        parts.setup(document, body_size=theme.TYPE["body_form"], rtl=rtl)
        document.add_heading(title(s), 0)
        if s.previous:
            parts.paragraph(document, _("Compared with %(name)s.") % {"name": s.previous.name})
        since = bool(s.previous)
        for name, rows in s.frameworks:
            document.add_heading(name, 1)
            flat = [(r, False) for top in rows for r in (top, *top.children)]
            parts.table(
                document,
                [
                    _("Area or objective"),
                    _("Countries engaged"),
                    _("Recommendations by status"),
                    _("Implemented since the previous round"),
                    _("New sources"),
                    _("New gaps"),
                    _("Reference countries"),
                ],
                [
                    (
                        f"{r.item.code} {r.title}",
                        f"{len(r.countries)}"
                        + (f" ({', '.join(r.countries)})" if r.countries else ""),
                        "; ".join(f"{k} {v}" for k, v in r.by_status.items()) or "—",
                        str(r.implemented_since) if since else "—",
                        str(r.new_sources) if since else "—",
                        ", ".join(r.new_gaps) or "—",
                        ", ".join(r.references) or "—",
                    )
                    for r, _x in flat
                ],
            )
        document.add_heading(_("Data readiness (Global Compact objective 1)"), 1)
        document.add_heading(_("Countries whose data readiness moved"), 2)
        for name, changes in s.moved or [(_("None yet."), [])]:
            moves = "; ".join(
                f"{label} {'—' if old is None else old} → {'—' if new is None else new} %"
                for label, old, new in changes
            )
            parts.bullet(document, f"{name}: {moves}" if changes else name)
        document.add_heading(_("Distribution in the dialogue"), 2)
        parts.table(
            document,
            [
                _("Measure"),
                "0–24 %",
                "25–49 %",
                "50–74 %",
                "75–100 %",
                _("not measurable"),
                _("Method"),
            ],
            [(m.label, *map(str, counts), m.method) for m, counts in s.distribution],
        )
        return parts.save(document, rtl=rtl)


WRITERS = {"html": render_html, "docx": render_docx}
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
