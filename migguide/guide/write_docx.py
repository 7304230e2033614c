"""The guide as an editable Word document: real heading styles (navigable), tables with
a repeating header row, captions, A4, page X of Y, a table of contents field, figures
as PNG. The zip is written with fixed timestamps so that the same guide gives the same
bytes."""

from __future__ import annotations

import datetime
import functools

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from migguide import theme
from migguide.indicators import charts

from .document import GuideDocument, Section
from .docx_parts import (
    TEXT_WIDTH_CM,
    colour,
    field,
    header_row,
    picture,
    setup,
    shade,
    styled,
    text,
)
from .docx_parts import save as _save

BRAND = colour("brand")
MUTED = colour("muted")
T = theme.TYPE


def _contents(document, doc: GuideDocument) -> None:
    """A table-of-contents field whose current result already lists the headings, so
    that it reads well before Word or LibreOffice updates it with page numbers."""
    entries = [s for s in doc.sections() if s.level <= 2]
    paragraphs = [document.add_paragraph() for _ in entries]
    for paragraph, section in zip(paragraphs, entries, strict=True):
        paragraph.paragraph_format.left_indent = Cm(0.6 * (section.level - 1))
        paragraph.paragraph_format.space_after = Pt(2)
    first, last = paragraphs[0], paragraphs[-1]
    run = first.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    run._r.append(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = ' TOC \\o "1-2" \\h \\z \\u '
    run._r.append(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run._r.append(separate)
    for paragraph, section in zip(paragraphs, entries, strict=True):
        text(paragraph, section.heading, bold=section.level == 1)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    last.add_run()._r.append(end)


def _table(document, block) -> None:
    styled(document, block.caption, "Caption")
    n = len(block.columns)
    table = document.add_table(rows=1, cols=n)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    total = sum(block.widths)
    widths = [Cm(TEXT_WIDTH_CM * w / total) for w in block.widths]
    size = T["table_compact"] if block.compact else T["caption"]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid, which LibreOffice reads
    header_row(table.rows[0], block.columns, size=size, widths=widths)
    for group in block.groups:
        if group.title:
            cells = table.add_row().cells
            merged = cells[0].merge(cells[-1])
            shade(merged, "band")
            text(merged.paragraphs[0], group.title, bold=True, size=size, colour=BRAND)
        for i, row in enumerate(group.rows):
            cells = table.add_row().cells
            for j, (cell, value) in enumerate(zip(cells, row, strict=True)):
                if i % 2:
                    shade(cell, "stripe")
                paragraph = cell.paragraphs[0]
                if block.compact and j > 0:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                first, _, rest = value.partition("\n")
                text(paragraph, first, bold=(j == 0 and not block.compact), size=size)
                if rest:
                    paragraph.add_run().add_break(WD_BREAK.LINE)
                    text(paragraph, rest, size=size)
    if block.note:
        text(document.add_paragraph(), block.note, size=T["note"], colour=MUTED)
    document.add_paragraph()


def _blocks(document, blocks) -> None:
    for block in blocks:
        kind = block.kind
        if kind == "paragraph":
            p = document.add_paragraph()
            text(
                p,
                block.text,
                bold=block.style == "lead",
                italic=block.style == "note",
                colour=MUTED if block.style == "note" else None,
                lang=block.lang,
            )
        elif kind == "list":
            for item in block.items:
                text(styled(document, "", "ListBullet"), item)
        elif kind == "signature":
            p = document.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            text(p, block.name, bold=True)
            p.add_run().add_break(WD_BREAK.LINE)
            text(p, block.title)
        elif kind == "facts":
            table = document.add_table(rows=0, cols=3)
            for start in range(0, len(block.items), 3):
                cells = table.add_row().cells
                for cell, (value, what) in zip(cells, block.items[start : start + 3], strict=False):
                    shade(cell, "wash")
                    text(cell.paragraphs[0], value, bold=True, size=T["fact"], colour=BRAND)
                    text(cell.add_paragraph(), what, size=T["small"])
            document.add_paragraph()
        elif kind == "callout":
            table = document.add_table(rows=1, cols=1)
            cell = table.rows[0].cells[0]
            shade(cell, "wash")
            text(cell.paragraphs[0], block.title, bold=True, colour=BRAND)
            for inner in block.blocks:
                text(cell.add_paragraph(), getattr(inner, "text", ""))
            document.add_paragraph()
        elif kind == "figure":
            picture(
                document,
                charts.png(block.svg),
                alt=block.alt,
                width_cm=TEXT_WIDTH_CM * block.width,
            )
            document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            styled(document, block.caption, "Caption")
        elif kind == "table":
            _table(document, block)


def _section(document, section: Section, *, new_page: bool) -> None:
    if section.level == 1 and new_page:
        document.add_page_break()
    document.add_heading(section.heading, level=min(section.level, 3))
    _blocks(document, section.blocks)
    for child in section.children:
        _section(document, child, new_page=new_page)


def _page_setup(document, doc: GuideDocument) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2.4), Cm(2.2)
    section.left_margin, section.right_margin = Cm(2.2), Cm(2.2)
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    text(
        header,
        doc.meta.running_header + "   —   " + (doc.meta.demo or doc.meta.status),
        size=T["running"],
        colour=MUTED,
    )
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    before, _, rest = doc.meta.page_label.partition("%(page)s")
    middle, _, after = rest.partition("%(total)s")
    for words, code in ((before, "PAGE"), (middle, "NUMPAGES"), (after, None)):
        if words:
            text(footer, words, size=T["running"], colour=MUTED)
        if code:
            field(footer, code, "1")


# A logo is the same in every language and version of a country's guides: drawn as PNG
# once per process (Typst rasterises it), not once per document.
_logo_png = functools.lru_cache(maxsize=32)(charts.png)


def _logos(document, doc: GuideDocument, *, height_cm: float) -> None:
    """The cover's logos side by side, each with its description as alternative text."""
    if not doc.meta.logos:
        return
    run = document.add_paragraph().add_run()
    for i, logo in enumerate(doc.meta.logos):
        if i:
            run.add_text("   ")
        picture(document, _logo_png(logo.svg), alt=logo.description, height_cm=height_cm, run=run)


def _cover(document, doc: GuideDocument) -> None:
    """The cover: logos, the dialogue, the title, the country, the edition and its
    status. What identifies the text (the endorsement, the fingerprint) is on the
    colophon, not here."""
    meta = doc.meta
    _logos(document, doc, height_cm=1.6 if meta.light else 2.4)
    text(document.add_paragraph(), meta.dialogue.upper(), bold=True, colour=BRAND, size=T["h3"])
    if not meta.light:
        for _ in range(5):
            document.add_paragraph()
    document.add_paragraph(meta.title, style="Title")
    text(document.add_paragraph(), meta.country, bold=True, size=T["docx_display"], colour=BRAND)
    text(document.add_paragraph(), f"{meta.edition} · {meta.date}", size=T["lead"], colour=MUTED)
    status = document.add_paragraph()
    text(
        status,
        f" {meta.status} ",
        bold=True,
        size=T["lead"],
        colour=colour("ok" if meta.endorsed else "alert"),
    )
    if meta.demo:
        text(document.add_paragraph(), meta.demo, bold=True, colour=colour("demo"))


def _colophon(document, doc: GuideDocument) -> None:
    """Who made the guide, who endorsed it, and the fingerprint of the endorsed text."""
    meta = doc.meta
    text(document.add_paragraph(), meta.colophon, size=T["small"], colour=MUTED)
    if meta.endorsement:
        text(document.add_paragraph(), meta.endorsement, size=T["small"])
    if meta.fingerprint:
        text(document.add_paragraph(), meta.fingerprint, size=T["note"], colour=MUTED)


def render_docx(doc: GuideDocument) -> bytes:
    document = Document()
    setup(document, rtl=doc.meta.direction == "rtl")
    _page_setup(document, doc)
    _cover(document, doc)
    if not doc.meta.light:
        document.add_page_break()  # the back of the cover: the colophon, at its foot
        for _ in range(28):
            document.add_paragraph()
        _colophon(document, doc)
        document.add_page_break()
        document.add_heading(doc.meta.contents_label, level=1)
        _contents(document, doc)
    for section in doc.front + doc.body + doc.annexes:
        _section(document, section, new_page=not doc.meta.light)
    if doc.meta.light:
        document.add_paragraph()
        _colophon(document, doc)
    date = datetime.datetime.fromisoformat(doc.meta.date_iso)
    props = document.core_properties
    props.title = f"{doc.meta.title} — {doc.meta.country}"
    props.author = doc.meta.dialogue
    props.language = doc.meta.language
    props.created = props.modified = date
    props.last_modified_by = "migguide"
    props.revision = 1
    return _save(document, rtl=doc.meta.direction == "rtl")
