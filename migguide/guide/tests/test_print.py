"""The guide as a publication: accessible by construction (PDF/UA-1, alternative text,
languages, repeated header rows, navigable headings, keyboard-reachable tables), laid out
for print (a cover that does not hyphenate its title and carries the logos, the
fingerprint and endorsement on the colophon, no page left near-empty by a table's last
rows), read back as a reader's program reads it."""

import dataclasses
import io
import re

from django.test import TestCase
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from migguide.countries.registry import load_registry
from migguide.dossier import models as m
from migguide.dossier.snapshot import Snapshot
from migguide.files.tests.test_logos import tiny_png
from migguide.guide.blocks import Group, GuideDocument, Paragraph, Section, Table, paragraphs
from migguide.guide.document import build_guide
from migguide.guide.writers import render_docx, render_html, render_pdf, typst_pdf
from migguide.testing import load_demo

FINGERPRINT = "ab12" * 16
ENDORSEMENT = "Endorsed by the Minister of the Interior on 3 December 2026"


def xmp(reader: PdfReader) -> str:
    return reader.xmp_metadata.stream.get_data().decode("utf-8")


class PrintTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_registry()
        dossier = load_demo()
        dossier.add_logo(tiny_png(4, 4), "Emblem of the Republic")
        dossier = m.Dossier.objects.get(pk=dossier.pk)
        cls.snapshot = Snapshot.of(dossier)
        cls.edition = build_guide(
            cls.snapshot,
            language="en",
            edition="Edition 1",
            endorsed=True,
            endorsement=ENDORSEMENT,
            fingerprint=FINGERPRINT,
        )
        cls.glance = build_guide(cls.snapshot, language="fr", light=True, fingerprint=FINGERPRINT)
        cls.pdf = render_pdf(cls.edition)
        cls.reader = PdfReader(io.BytesIO(cls.pdf))

    def test_every_pdf_declares_pdf_ua_1_with_a_structure_its_language_and_shown_title(self):
        for pdf, language in ((self.pdf, "en"), (render_pdf(self.glance), "fr")):
            reader = PdfReader(io.BytesIO(pdf))
            root = reader.trailer["/Root"]
            self.assertIn("<pdfuaid:part>1</pdfuaid:part>", xmp(reader))
            self.assertIn("/StructTreeRoot", root)
            self.assertTrue(root["/MarkInfo"]["/Marked"])
            self.assertEqual(root["/Lang"], language)
            self.assertTrue(root["/ViewerPreferences"]["/DisplayDocTitle"])
            self.assertIn("Senegal" if language == "en" else "Sénégal", reader.metadata.title)

    def test_the_other_typst_documents_are_pdf_ua_1_in_their_language_too(self):
        data = {"title": "Tableau de bord", "made": "2026-12-03", "first": "2026-01"}
        data |= {"last": "2026-12", "today": 0.5, "months": [], "phases": [], "rows": []}
        data |= {"summary": "1 publié", "not_started": ""}
        data["labels"] = dict.fromkeys(
            ["country", "current", "overdue", "planned", "actual", "not_started"], "x"
        )
        reader = PdfReader(io.BytesIO(typst_pdf("board.typ", data, language="fr")))
        self.assertIn("<pdfuaid:part>1</pdfuaid:part>", xmp(reader))
        self.assertEqual(reader.trailer["/Root"]["/Lang"], "fr")
        self.assertEqual(reader.metadata.title, "Tableau de bord")

    def test_a_character_no_font_has_still_prints_in_a_tagged_pdf_not_claiming_ua(self):
        """PDF/UA forbids a glyph printed as an empty box; the user's text is printed as
        it is, in a PDF that says no more than it is."""
        data = {"title": "Tableau 🇸🇳", "made": "2026-12-03", "first": "2026-01"}
        data |= {"last": "2026-12", "today": 0.5, "months": [], "phases": [], "rows": []}
        data |= {"summary": "1 publié", "not_started": ""}
        data["labels"] = dict.fromkeys(
            ["country", "current", "overdue", "planned", "actual", "not_started"], "x"
        )
        with self.assertLogs("migguide.guide.writers", "WARNING"):
            reader = PdfReader(io.BytesIO(typst_pdf("board.typ", data, language="fr")))
        self.assertNotIn("pdfuaid", xmp(reader))
        self.assertIn("/StructTreeRoot", reader.trailer["/Root"])
        self.assertEqual(reader.metadata.title, "Tableau 🇸🇳")

    def test_a_language_that_is_not_a_code_is_not_passed_on(self):
        self.assertEqual(paragraphs("Texte", lang="fr-SN")[0].lang, "fr")
        self.assertEqual(paragraphs("Texte", lang='fr" onclick="x')[0].lang, "")

    def test_a_passage_in_another_language_says_so_in_every_format(self):
        doc = dataclasses.replace(
            self.edition,
            front=[Section("fw", "", "Foreword", [Paragraph("Bienvenue à tous.", lang="fr")])],
        )
        document = Document(io.BytesIO(render_docx(doc)))
        runs = [r for p in document.paragraphs for r in p.runs if r.text == "Bienvenue à tous."]
        self.assertEqual(runs[0]._r.rPr.find(qn("w:lang")).get(qn("w:val")), "fr")
        self.assertIn(
            '<p class="body" lang="fr" dir="auto">Bienvenue à tous.</p>', render_html(doc).decode()
        )
        pdf = render_pdf(doc)
        # The passage's tag in the structure tree (the document itself is in English).
        self.assertTrue(b"/Lang(fr)" in pdf and b"/Lang(en)" in pdf)

    def test_the_cover_has_the_logos_and_no_fingerprint_the_colophon_has_it(self):
        cover, colophon = self.reader.pages[0], self.reader.pages[1]
        self.assertNotIn(FINGERPRINT, cover.extract_text())
        self.assertNotIn("Minister of the Interior", cover.extract_text())
        self.assertIn("Endorsed", cover.extract_text())  # the status stays on the cover
        text = re.sub(r"\s+", "", colophon.extract_text())
        self.assertIn(FINGERPRINT, text)
        self.assertIn("MinisteroftheInterior", text)
        self.assertIn(b"Emblem of the Republic", self.pdf)  # the logo's /Alt
        # The brief closes on its colophon, on its last page.
        glance = PdfReader(io.BytesIO(render_pdf(self.glance)))
        self.assertIn(FINGERPRINT, re.sub(r"\s+", "", glance.pages[-1].extract_text()))
        self.assertNotIn(FINGERPRINT, glance.pages[0].extract_text())

    def test_a_long_cover_title_is_never_hyphenated(self):
        title = "Guide sur l’utilisation des données migratoires"
        doc = build_guide(self.snapshot, language="fr")
        doc = dataclasses.replace(doc, meta=dataclasses.replace(doc.meta, title=title))
        cover = PdfReader(io.BytesIO(render_pdf(doc))).pages[0].extract_text()
        for word in ("utilisation", "données", "migratoires"):
            self.assertIn(word, cover)
        self.assertNotRegex(cover, r"\w-\n")

    def test_the_logos_are_in_every_format_with_their_description(self):
        html = render_html(self.edition).decode()
        self.assertIn('alt="Emblem of the Republic"', html)
        self.assertIn('<img src="data:image/svg+xml;base64,', html)
        document = Document(io.BytesIO(render_docx(self.edition)))
        descriptions = [d.get("descr") for d in document.element.body.iter(qn("wp:docPr"))]
        # The demonstration's neutral mark first, then the logo added after it.
        self.assertEqual(descriptions[1], "Emblem of the Republic")
        self.assertIn("SEN", descriptions[0])

    def test_every_docx_picture_has_alternative_text_and_every_header_row_repeats(self):
        document = Document(io.BytesIO(render_docx(self.edition)))
        pictures = list(document.element.body.iter(qn("wp:docPr")))
        figures = [b for s in self.edition.sections() for b in s.blocks if b.kind == "figure"]
        self.assertEqual(len(pictures), len(self.edition.meta.logos) + len(figures))
        for picture in pictures:
            self.assertGreater(len(picture.get("descr", "")), 10)
            self.assertEqual(picture.get("title"), picture.get("descr")[:250])
        for table in document.tables:
            if len(table.rows) > 1 and len(table.columns) > 1 and table.style.name == "Table Grid":
                first = table.rows[0]._tr
                self.assertIsNotNone(first.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}"))
        headings = {p.style.name for p in document.paragraphs if p.style.name.startswith("Head")}
        self.assertLessEqual({"Heading 1", "Heading 2"}, headings)

    def test_the_html_tables_are_reachable_by_keyboard_and_landmarks_are_not_nested(self):
        html = render_html(self.edition).decode()
        wraps = re.findall(r'<div class="table-wrap"[^>]*>', html)
        self.assertTrue(wraps)
        for wrap in wraps:
            self.assertIn('tabindex="0"', wrap)
            self.assertIn('role="region"', wrap)
            label = re.search(r'aria-labelledby="([^"]+)"', wrap).group(1)
            self.assertEqual(html.count(f'id="{label}"'), 1)
        self.assertNotIn("<aside", html)


class TableSpillTests(TestCase):
    """A table closing a chapter leaves at least three of its rows, or none, on the
    page after: never a page holding only its last one or two rows (without the fitting,
    48 and 49 rows leave 1 and 2 rows alone on a page before the next chapter)."""

    @classmethod
    def setUpTestData(cls):
        load_registry()
        cls.meta = build_guide(Snapshot.of(load_demo()), language="en").meta

    def test_no_page_holds_only_the_last_two_rows_of_a_closing_table(self):
        for n in range(46, 56):
            rows = [[f"Row{k}", f"Value {k}"] for k in range(1, n + 1)]
            table = Table(1, "Table 1 — Sources", ["Name", "Value"], [Group("", rows)], [1, 2])
            doc = GuideDocument(
                self.meta,
                [],
                [
                    Section("one", "1", "One", [table]),
                    Section("two", "2", "Two", [Paragraph("Next chapter.")]),
                ],
                [],
            )
            pages = [p.extract_text() for p in PdfReader(io.BytesIO(render_pdf(doc))).pages]
            holding = [
                {int(k) for k in re.findall(r"Row(\d+)\b", text)} for text in pages if "Row" in text
            ]
            with self.subTest(rows=n, per_page=[len(h) for h in holding]):
                self.assertTrue(all(len(h) >= 3 for h in holding))
