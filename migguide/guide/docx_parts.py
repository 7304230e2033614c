"""The parts every Word document of migguide is made of: document setup (styles, fonts,
language), headings, paragraphs, captions, tables whose header row repeats on every page,
shading and fields, all in the colours and sizes of migguide.theme. Used by the guide's
writer, the SOM synthesis and the workshop report, so that they look alike."""

from __future__ import annotations

import io
import unicodedata
import zipfile

from docx.enum.table import WD_TABLE_ALIGNMENT, WD_TABLE_DIRECTION
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.run import Run

from migguide import theme

BODY_FONT = theme.FONTS["docx"]
HEAD_FONT = theme.FONTS["docx"]
ARABIC_FONT = theme.FONTS["arabic"]
TEXT_WIDTH_CM = 16.6  # A4 less the margins


def colour(name: str) -> RGBColor:
    """A colour of the theme, as python-docx wants it."""
    return RGBColor.from_string(theme.hex6(name))


def setup(document, *, body_size: float = theme.TYPE["body"], rtl: bool = False) -> None:
    """The styles of a document: body and heading fonts and sizes, headings in the
    brand colour and kept with what follows, captions small and muted; right to left
    when the language is written so."""
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(body_size)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.1
    for name, size in (
        ("Title", theme.TYPE["title"]),
        ("Heading 1", theme.TYPE["docx_h1"]),
        ("Heading 2", theme.TYPE["h2"]),
        ("Heading 3", theme.TYPE["h3"]),
    ):
        style = styles[name]
        style.font.name = HEAD_FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = colour("brand")
        style.paragraph_format.space_before = Pt(14 if name != "Title" else 0)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
    caption = styles["Caption"]
    caption.font.name = BODY_FONT
    caption.font.size = Pt(theme.TYPE["caption"])
    caption.font.bold = True
    caption.font.italic = False
    caption.font.color.rgb = colour("muted")
    caption.paragraph_format.keep_with_next = True
    if rtl:
        for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "Caption"):
            _bidi(styles[name].element.get_or_add_pPr())
            r_pr = styles[name].element.get_or_add_rPr()
            # Word draws Arabic with the complex-script font and size (w:cs, w:szCs).
            r_pr.get_or_add_rFonts().set(qn("w:cs"), ARABIC_FONT)
            size = styles[name].font.size
            if size is not None and r_pr.find(qn("w:szCs")) is None:
                sz_cs = OxmlElement("w:szCs")
                sz_cs.set(qn("w:val"), str(int(size.pt * 2)))
                r_pr.insert_element_before(sz_cs, *_AFTER_SZ_CS)


# Where w:bidi and w:szCs go among their siblings (the order ECMA-376 requires).
_AFTER_P_BIDI = (
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
    "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
    "w:pPrChange",
)  # fmt: skip
_AFTER_SECT_BIDI = ("w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange")
_AFTER_SZ_CS = (
    "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign",
    "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath",
)  # fmt: skip


def _bidi(properties, successors=_AFTER_P_BIDI) -> None:
    if properties.find(qn("w:bidi")) is None:
        properties.insert_element_before(OxmlElement("w:bidi"), *successors)


def _starts_left_to_right(text: str) -> bool:
    """Whether the first letter with a direction of its own is written left to right."""
    for char in text:
        direction = unicodedata.bidirectional(char)
        if direction in ("R", "AL"):
            return False
        if direction == "L":
            return True
    return False


def right_to_left(document) -> None:
    """Lay a finished document out right to left, for Arabic: every paragraph (body,
    tables, headers, footers) a bidi paragraph (w:bidi) with right-to-left runs
    (w:rtl) unless its text starts in a left-to-right script, every table mirrored,
    every section right to left. Alignments are left
    as written: in a bidi paragraph Word reads w:jc "left"/"right" as start/end, so a
    paragraph without one starts on the right and a signature set to "right" (the end)
    moves to the left, as a mirrored page wants. Digits stay Western (0-9), as in
    Maghreb usage."""
    parts = [document.element.body]
    for section in document.sections:
        _bidi(section._sectPr, _AFTER_SECT_BIDI)
        for part in (section.header, section.footer, section.first_page_header):
            if not part.is_linked_to_previous:
                parts.append(part._element)
    for part in parts:
        for p in part.iter(qn("w:p")):
            if _starts_left_to_right("".join(t.text or "" for t in p.iter(qn("w:t")))):
                # Text still in the dossier's main language (French, say) keeps its own
                # direction, as HTML's dir="auto" would.
                continue
            _bidi(p.get_or_add_pPr())
            for r in p.iter(qn("w:r")):
                Run(r, None).font.rtl = True
    for table in document.tables:
        table.table_direction = WD_TABLE_DIRECTION.RTL


def text(
    paragraph,
    value: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    colour: RGBColor | None = None,
    lang: str = "",
) -> None:
    """Runs of text with the line breaks kept; `lang` for a passage in another language
    than the document's (screen readers and spelling follow it)."""
    lines = value.split("\n")
    for i, line in enumerate(lines):
        run = paragraph.add_run(line)
        if lang:
            language = OxmlElement("w:lang")
            language.set(qn("w:val"), lang)
            run._r.get_or_add_rPr().append(language)
        run.bold = bold or None
        run.italic = italic or None
        if size:
            run.font.size = Pt(size)
        if colour is not None:
            run.font.color.rgb = colour
        if i < len(lines) - 1:
            run.add_break(WD_BREAK.LINE)


def styled(document, value: str, style_id: str):
    """A paragraph in a style given by id: python-docx's lookup by name costs a
    millisecond a time, and a guide has hundreds of captions and list items."""
    paragraph = document.add_paragraph(value)
    paragraph._p.style = style_id
    return paragraph


def paragraph(document, value: str, **how):
    p = document.add_paragraph()
    text(p, value, **how)
    return p


def bullet(document, value: str):
    p = styled(document, "", "ListBullet")
    text(p, value)
    return p


def caption(document, value: str):
    return styled(document, value, "Caption")


def shade(cell, name: str) -> None:
    """A cell filled with a colour of the theme."""
    props = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), theme.hex6(name))
    props.append(shading)


def repeat_header(row) -> None:
    """Mark a row as the table's header, repeated at the top of every page."""
    props = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    props.append(header)


def header_row(row, titles, *, size: float, widths=None) -> None:
    """The header row of a table: white bold titles on the brand colour, repeated."""
    repeat_header(row)
    for i, (cell, title) in enumerate(zip(row.cells, titles, strict=True)):
        if widths:
            cell.width = widths[i]
        shade(cell, "brand")
        text(cell.paragraphs[0], title, bold=True, size=size, colour=colour("white"))


def table(document, head: list[str], rows, *, size: float = theme.TYPE["caption"]):
    """A plain table: a repeated header row, then one row per item, every other row
    striped; values are text, line breaks kept."""
    t = document.add_table(rows=1, cols=len(head))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    header_row(t.rows[0], [str(h) for h in head], size=size)
    for i, row in enumerate(rows):
        cells = t.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            if i % 2:
                shade(cell, "stripe")
            text(cell.paragraphs[0], str(value), size=size)
    return t


def picture(
    document, png: bytes, *, alt: str, width_cm: float | None = None, height_cm=None, run=None
):
    """A picture (PNG), `width_cm` wide or `height_cm` high, with its alternative text
    (the description Word reads aloud and checks for); in `run` when given (logos side by
    side), else in a paragraph of its own. The drawing's inline shape is returned."""
    size = {"width": Cm(width_cm)} if width_cm else {"height": Cm(height_cm)}
    if run is None:
        run = document.add_paragraph().add_run()
    shape = run.add_picture(io.BytesIO(png), **size)
    describe(shape, alt)
    return shape


def describe(shape, alt: str) -> None:
    """Alternative text on an inline picture: `descr` (what Word shows as "Alt Text")
    and `title`, on the drawing's docPr."""
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", alt)
    doc_pr.set("title", alt[:250])


def field(paragraph, instruction: str, placeholder: str = "") -> None:
    """A Word field (PAGE, NUMPAGES, TOC) that Word and LibreOffice compute."""
    run = paragraph.add_run()
    for tag, value in (
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
            t.text = value
            run._r.append(t)
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {value} "
            run._r.append(instr)


def save(document, *, rtl: bool = False) -> bytes:
    """The document's bytes, every zip entry dated 1980-01-01: the same document gives
    the same bytes. `rtl` lays it out right to left first."""
    if rtl:
        right_to_left(document)
    out = io.BytesIO()
    document.save(out)
    return fixed_zip(out.getvalue())


def fixed_zip(data: bytes) -> bytes:
    """The same archive with every entry dated 1980-01-01, for byte-identical output."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()
