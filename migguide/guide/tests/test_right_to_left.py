"""The Arabic guide read back as its readers' programs read it: the HTML's direction,
the PDF's text and embedded fonts (pypdf), the DOCX's bidi paragraphs (python-docx)."""

from __future__ import annotations

import io
import re

from django.test import TestCase
from django.utils.translation import gettext, override
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from migguide.countries.registry import load_registry
from migguide.demo.dossier import demo_dossier
from migguide.dossier import models as m
from migguide.dossier.exchange import import_dossier
from migguide.guide.building import dossier_guide
from migguide.guide.writers import render_docx, render_html, render_pdf
from migguide.indicators.profile import load_demo_statistics

ARABIC_LETTER = re.compile(r"[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")
LATIN_LETTER = re.compile(r"[A-Za-zÀ-ÿ]")


def arabic(text: str) -> str:
    with override("ar"):
        translated = gettext(text)
    return translated


def text_of(p) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def starts_in_arabic(text: str) -> bool:
    first = re.search(r"[^\W\d_]", text)
    return bool(first and ARABIC_LETTER.match(first.group()))


def pdf_fonts(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font") or {}
        for font in fonts.values():
            # A subset is named "ABCDEF+Family-Style".
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return names


class ArabicGuideTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_registry()
        import_dossier(demo_dossier())
        load_demo_statistics()
        dossier = m.Dossier.objects.get()
        doc = dossier_guide(dossier, language="ar", version="full")
        cls.html = render_html(doc).decode()
        cls.pdf = render_pdf(doc)
        cls.docx = Document(io.BytesIO(render_docx(doc)))
        cls.french_docx = Document(
            io.BytesIO(render_docx(dossier_guide(dossier, language="fr", version="glance")))
        )

    def test_the_html_guide_is_right_to_left_with_arabic_headings(self):
        self.assertIn('<html lang="ar" dir="rtl">', self.html)
        heading = arabic("Mapping of migration data and information")
        self.assertRegex(heading, ARABIC_LETTER)
        self.assertRegex(self.html, rf"<h[12][^>]*>[^<]*{re.escape(heading)}")
        # The demonstration's own text is still French (marked untranslated in this
        # draft): tagged as French, the browser gives it its own direction.
        self.assertRegex(
            self.html, r'<p class="[^"]*"(?: lang="fr")? dir="auto">(\[FR[^\]]*\] )?Le Sénégal est'
        )

    def test_the_pdf_is_set_in_arabic_with_noto_sans_arabic_embedded(self):
        reader = PdfReader(io.BytesIO(self.pdf))
        self.assertIn("NotoSansArabic-Regular", pdf_fonts(reader))
        text = "\n".join(page.extract_text() for page in reader.pages)
        # The fixed text is Arabic; the demonstration's own content is French, so
        # Latin letters remain — but Arabic letters are a large share of the text.
        arabic_letters = len(ARABIC_LETTER.findall(text))
        latin_letters = len(LATIN_LETTER.findall(text))
        self.assertGreater(arabic_letters, latin_letters / 2)
        # Words read back whole from the shaped text (the glossary heading, a source).
        words = set(re.findall(r"[\u0600-\u06ff]+", text))
        self.assertIn(arabic("Glossary"), words)
        self.assertIn("مصدر", words)

    def test_the_docx_has_bidi_paragraphs_rtl_runs_mirrored_tables_and_an_rtl_section(self):
        body = self.docx.element.body
        paragraphs = [p for p in body.iter(qn("w:p")) if text_of(p).strip()]
        arabic_first = [p for p in paragraphs if starts_in_arabic(text_of(p))]
        self.assertGreater(len(arabic_first), 100)
        for p in arabic_first:
            self.assertIsNotNone(p.find(f"{qn('w:pPr')}/{qn('w:bidi')}"), text_of(p))
            for r in p.iter(qn("w:r")):
                self.assertIsNotNone(r.find(f"{qn('w:rPr')}/{qn('w:rtl')}"))
        # The demonstration's own text is still French: it keeps its direction.
        french = next(p for p in paragraphs if "Le Sénégal est" in text_of(p)[:40])
        self.assertIsNone(french.find(f"{qn('w:pPr')}/{qn('w:bidi')}"))
        self.assertTrue(self.docx.tables)
        for table in self.docx.tables:
            self.assertIsNotNone(table._tbl.tblPr.find(qn("w:bidiVisual")))
        for section in self.docx.sections:
            self.assertIsNotNone(section._sectPr.find(qn("w:bidi")))
        headings = [p.text for p in self.docx.paragraphs if p.style.name.startswith("Heading")]
        self.assertIn(arabic("Glossary"), headings)

    def test_a_french_docx_stays_left_to_right(self):
        body = self.french_docx.element.body
        self.assertEqual(list(body.iter(qn("w:bidi"))), [])
        self.assertEqual(list(body.iter(qn("w:rtl"))), [])
