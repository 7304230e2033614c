"""The writers of a guide: the same GuideDocument as HTML, PDF (Typst) and DOCX."""

from __future__ import annotations

import dataclasses
import json
import logging
from importlib import resources
from pathlib import Path

import typst
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from migguide import theme
from migguide.countries import languages
from migguide.files.text import printable

from .document import GuideDocument, Section

TYPST_DIR = Path(__file__).parent / "typst"
logger = logging.getLogger(__name__)


def _font_paths() -> list[str]:
    """Fonts beyond those Typst embeds: Noto Sans Arabic (OFL), an install dependency
    (the wheel fontpkg-noto-sans-arabic), the fallback after the body face for Arabic
    script in every printable (theme.FONTS)."""
    return [str(resources.files("fontpkg_noto_sans_arabic") / "files")]


def _plain(doc: GuideDocument) -> dict:
    def convert(value):
        if dataclasses.is_dataclass(value):
            data = {f.name: convert(getattr(value, f.name)) for f in dataclasses.fields(value)}
            kind = getattr(type(value), "kind", None)
            if kind:
                data["kind"] = kind
            if isinstance(value, Section):
                data["heading"] = value.heading
            return data
        if isinstance(value, list | tuple):
            return [convert(v) for v in value]
        return value

    return convert(doc)


def render_html(
    doc: GuideDocument,
    *,
    comment_link: str = "",
    comment_label: str = "",
    entry_link: str = "",
    entry_label: str = "",
) -> bytes:
    """A self-contained, printable HTML page: styles and figures inline, nothing fetched.
    With `comment_link` (a URL the section's id completes) each section's heading is
    followed by a link to comment on it, and with `entry_link` (a URL ending in "?" that
    `section=<part>&entry=<id>` completes) each row of a table that is a dossier entry —
    the reviewers' preview, never a published file."""
    doc = printable(doc)
    sections = doc.front + doc.body + doc.annexes
    toc = [s for s in doc.sections() if s.level <= 2] if not doc.meta.light else []
    guide_css = (Path(__file__).parent / "templates" / "guide" / "guide.css").read_text()
    css = theme.stylesheet() + guide_css
    return render_to_string(
        "guide/guide.html",
        {
            "doc": doc,
            "sections": sections,
            "toc": toc,
            "css": css,
            "comment_link": comment_link,
            "comment_label": comment_label,
            "entry_link": entry_link,
            "entry_label": entry_label,
        },
    ).encode("utf-8")


def typst_pdf(template: str, data: dict, *, language: str | None = None) -> bytes:
    """A PDF from one of our Typst templates, with `data` passed as JSON: whatever
    text it holds is placed as text, never read as Typst markup. The theme travels
    beside it (theme.typ reads it), with the document's `language` (the active one
    unless given) and its direction (right to left for Arabic).

    Every PDF is tagged PDF/UA-1: Typst then refuses a document without a title or an
    image without alternative text, so an inaccessible PDF cannot be made at all (a
    template that forgets one fails its tests)."""
    language = (language or translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    options = {
        "root": str(TYPST_DIR),
        "sys_inputs": {
            "data": json.dumps(printable(data), ensure_ascii=False),
            "theme": json.dumps(theme.for_typst()),
            "language": language,
            "direction": "rtl" if languages.is_rtl(language) else "ltr",
        },
        "font_paths": _font_paths(),
        "ignore_system_fonts": True,
        "format": "pdf",
        "pdf_tags": True,
    }
    try:
        return typst.compile(str(TYPST_DIR / template), pdf_standards=["ua-1"], **options)
    except typst.TypstError as error:
        # A character none of the fonts has (an emoji in a name) would print as an empty
        # box, which PDF/UA forbids. The text is the user's: it is printed as it is, in a
        # PDF still tagged, titled and in its language, that does not claim PDF/UA.
        # Arabic shaped into ligatures whose glyphs map to no code point is refused the
        # same way ("missing codepoints"): printed, tagged, not claiming PDF/UA.
        if not any(
            reason in str(error)
            for reason in ("could not be displayed with font", "missing codepoints")
        ):
            raise
        logger.warning("%s: not PDF/UA-1 (%s)", template, error)
        return typst.compile(str(TYPST_DIR / template), **options)


def render_pdf(doc: GuideDocument) -> bytes:
    """A4 PDF through Typst. The document travels as JSON data, never as markup."""
    return typst_pdf("guide.typ", _plain(doc), language=doc.meta.language)


def render_docx(doc: GuideDocument) -> bytes:
    from .write_docx import render_docx as write

    return write(printable(doc))


WRITERS = {"html": render_html, "pdf": render_pdf, "docx": render_docx}
EXTENSIONS = {"html": "html", "pdf": "pdf", "docx": "docx"}
