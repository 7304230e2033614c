"""The guide as an editable Word document: real heading styles (navigable), tables with
a repeating header row, captions, A4, page X of Y, a table of contents field, figures
as PNG. The zip is written with fixed timestamps so that the same guide gives the same
bytes."""

from __future__ import annotations

import datetime
import io
import zipfile

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from migguide.indicators import charts

from .document import GuideDocument, Section

BRAND = RGBColor(0x0B, 0x5A, 0x7A)
MUTED = RGBColor(0x5B, 0x65, 0x73)
BODY_FONT = "Libertinus Serif"
HEAD_FONT = "Libertinus Serif"
TEXT_WIDTH_CM = 16.6


def _shade(cell, colour: str) -> None:
    props = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    props.append(shading)


def _repeat_header(row) -> None:
    props = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    props.append(header)


def _field(paragraph, instruction: str, placeholder: str = "") -> None:
    """A Word field (PAGE, NUMPAGES, TOC) that Word and LibreOffice compute."""
    run = paragraph.add_run()
    for tag, text in (
        ("begin", None),
        (None, instruction),
        ("separate", None),
        ("text", placeholder),
        ("end", None),
    ):
        if tag in ("begin", "separate", "end"):
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), tag)
            if tag == "begin":
                char.set(qn("w:dirty"), "true")
            run._r.append(char)
        elif tag == "text":
            t = OxmlElement("w:t")
            t.text = text
            run._r.append(t)
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {text} "
            run._r.append(instr)


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
        _text(paragraph, section.heading, bold=section.level == 1)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    last.add_run()._r.append(end)


def _styles(document, rtl: bool) -> None:
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.1
    for name, size in (("Title", 26), ("Heading 1", 18), ("Heading 2", 13.5), ("Heading 3", 11)):
        style = styles[name]
        style.font.name = HEAD_FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = BRAND
        style.paragraph_format.space_before = Pt(14 if name != "Title" else 0)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
    caption = styles["Caption"]
    caption.font.name = BODY_FONT
    caption.font.size = Pt(8.5)
    caption.font.bold = True
    caption.font.italic = False
    caption.font.color.rgb = MUTED
    caption.paragraph_format.keep_with_next = True
    if rtl:
        for name in ("Normal", "Heading 1", "Heading 2", "Heading 3", "Caption"):
            p_pr = styles[name].element.get_or_add_pPr()
            p_pr.append(OxmlElement("w:bidi"))


def _text(
    paragraph,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    colour: RGBColor | None = None,
) -> None:
    for i, line in enumerate(text.split("\n")):
        run = paragraph.add_run(line)
        run.bold = bold or None
        run.italic = italic or None
        if size:
            run.font.size = Pt(size)
        if colour is not None:
            run.font.color.rgb = colour
        if i < len(text.split("\n")) - 1:
            run.add_break(WD_BREAK.LINE)


def _styled(document, text: str, style_id: str):
    """A paragraph in a style given by id: python-docx's lookup by name costs a
    millisecond a time, and a guide has hundreds of captions and list items."""
    paragraph = document.add_paragraph(text)
    paragraph._p.style = style_id
    return paragraph


def _table(document, block) -> None:
    _styled(document, block.caption, "Caption")
    n = len(block.columns)
    table = document.add_table(rows=1, cols=n)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    total = sum(block.widths)
    widths = [Cm(TEXT_WIDTH_CM * w / total) for w in block.widths]
    size = 8 if block.compact else 8.5
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid, which LibreOffice reads
    header = table.rows[0]
    _repeat_header(header)
    for cell, title, width in zip(header.cells, block.columns, widths, strict=True):
        cell.width = width
        _shade(cell, "0B5A7A")
        _text(cell.paragraphs[0], title, bold=True, size=size, colour=RGBColor(0xFF, 0xFF, 0xFF))
    for group in block.groups:
        if group.title:
            cells = table.add_row().cells
            merged = cells[0].merge(cells[-1])
            _shade(merged, "DFE9EF")
            _text(merged.paragraphs[0], group.title, bold=True, size=size, colour=BRAND)
        for i, row in enumerate(group.rows):
            cells = table.add_row().cells
            for j, (cell, value) in enumerate(zip(cells, row, strict=True)):
                if i % 2:
                    _shade(cell, "F6F8FA")
                paragraph = cell.paragraphs[0]
                if block.compact and j > 0:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                first, _, rest = value.partition("\n")
                _text(paragraph, first, bold=(j == 0 and not block.compact), size=size)
                if rest:
                    paragraph.add_run().add_break(WD_BREAK.LINE)
                    _text(paragraph, rest, size=size)
    if block.note:
        _text(document.add_paragraph(), block.note, size=7.5, colour=MUTED)
    document.add_paragraph()


def _blocks(document, blocks) -> None:
    for block in blocks:
        kind = block.kind
        if kind == "paragraph":
            p = document.add_paragraph()
            _text(
                p,
                block.text,
                bold=block.style == "lead",
                italic=block.style == "note",
                colour=MUTED if block.style == "note" else None,
            )
        elif kind == "list":
            for item in block.items:
                _text(_styled(document, "", "ListBullet"), item)
        elif kind == "signature":
            p = document.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _text(p, block.name, bold=True)
            p.add_run().add_break(WD_BREAK.LINE)
            _text(p, block.title)
        elif kind == "facts":
            table = document.add_table(rows=0, cols=3)
            for start in range(0, len(block.items), 3):
                cells = table.add_row().cells
                for cell, (value, what) in zip(cells, block.items[start : start + 3], strict=False):
                    _shade(cell, "EEF3F6")
                    _text(cell.paragraphs[0], value, bold=True, size=20, colour=BRAND)
                    _text(cell.add_paragraph(), what, size=9)
            document.add_paragraph()
        elif kind == "callout":
            table = document.add_table(rows=1, cols=1)
            cell = table.rows[0].cells[0]
            _shade(cell, "EEF3F6")
            _text(cell.paragraphs[0], block.title, bold=True, colour=BRAND)
            for inner in block.blocks:
                _text(cell.add_paragraph(), getattr(inner, "text", ""))
            document.add_paragraph()
        elif kind == "figure":
            document.add_picture(
                io.BytesIO(charts.png(block.svg)), width=Cm(TEXT_WIDTH_CM * block.width)
            )
            picture = document.paragraphs[-1]
            picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
            doc_pr = picture._p.xpath(".//wp:docPr")
            if doc_pr:
                doc_pr[0].set("descr", block.alt)
            _styled(document, block.caption, "Caption")
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
    _text(
        header,
        doc.meta.running_header + "   —   " + (doc.meta.demo or doc.meta.status),
        size=8,
        colour=MUTED,
    )
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    before, _, rest = doc.meta.page_label.partition("%(page)s")
    middle, _, after = rest.partition("%(total)s")
    for text, field in ((before, "PAGE"), (middle, "NUMPAGES"), (after, None)):
        if text:
            _text(footer, text, size=8, colour=MUTED)
        if field:
            _field(footer, field, "1")


def _cover(document, doc: GuideDocument) -> None:
    meta = doc.meta
    _text(document.add_paragraph(), meta.dialogue.upper(), bold=True, colour=BRAND, size=11)
    for _ in range(6):
        document.add_paragraph()
    document.add_paragraph(meta.title, style="Title")
    _text(document.add_paragraph(), meta.country, bold=True, size=32, colour=BRAND)
    _text(document.add_paragraph(), f"{meta.edition} · {meta.date}", size=12, colour=MUTED)
    status = document.add_paragraph()
    _text(
        status,
        f" {meta.status} ",
        bold=True,
        size=12,
        colour=RGBColor(0x1E, 0x7A, 0x46) if meta.endorsed else RGBColor(0xB3, 0x26, 0x1E),
    )
    if meta.demo:
        _text(document.add_paragraph(), meta.demo, bold=True, colour=RGBColor(0x8A, 0x5A, 0))
    if meta.endorsement:
        _text(document.add_paragraph(), meta.endorsement, size=10)
    for _ in range(8):
        document.add_paragraph()
    _text(document.add_paragraph(), meta.colophon, size=9, colour=MUTED)
    if meta.fingerprint:
        _text(document.add_paragraph(), meta.fingerprint, size=7.5, colour=MUTED)


def render_docx(doc: GuideDocument) -> bytes:
    document = Document()
    _styles(document, doc.meta.direction == "rtl")
    _page_setup(document, doc)
    _cover(document, doc)
    if not doc.meta.light:
        document.add_page_break()
        document.add_heading(doc.meta.contents_label, level=1)
        _contents(document, doc)
    else:
        document.add_page_break()
    for section in doc.front + doc.body + doc.annexes:
        _section(document, section, new_page=not doc.meta.light)
    date = datetime.datetime.fromisoformat(doc.meta.date_iso)
    props = document.core_properties
    props.title = f"{doc.meta.title} — {doc.meta.country}"
    props.author = doc.meta.dialogue
    props.language = doc.meta.language
    props.created = props.modified = date
    props.last_modified_by = "migguide"
    props.revision = 1
    out = io.BytesIO()
    document.save(out)
    return _fixed_zip(out.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same archive with every entry dated 1980-01-01, for byte-identical output."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()
