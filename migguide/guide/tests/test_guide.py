"""The guide read back the way its readers' programs read it: text out of the PDF, the
DOCX reopened with python-docx, the HTML parsed, and compared with the dossier."""

import io
import re
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

from django.test import TestCase
from docx import Document
from pypdf import PdfReader

from migguide.conftest import require
from migguide.countries.registry import load_registry
from migguide.demo.dossier import demo_dossier
from migguide.dossier import models as m
from migguide.dossier.exchange import export_dossier, import_dossier
from migguide.guide.building import dossier_guide
from migguide.guide.writers import render_docx, render_html, render_pdf
from migguide.indicators.profile import load_demo_statistics

HOSTILE = "#set text(red) $x$ *bold* ] <script>alert(1)</script> \\ @ref"


def squash(text: str) -> str:
    """Text without the line breaks, hyphenation and spacing a layout adds."""
    text = text.replace("\u00ad", "").replace("-\n", "").replace("‐", "-")
    return re.sub(r"[\s\-]+", "", text).casefold()


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self.headings, self._in = [], [], None
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "svg"):
            self._skip += 1
        if tag in ("h1", "h2", "h3"):
            self._in = [tag, ""]

    def handle_endtag(self, tag):
        if tag in ("style", "svg"):
            self._skip -= 1
        if self._in and tag == self._in[0]:
            self.headings.append((tag, self._in[1].strip()))
            self._in = None

    def handle_data(self, data):
        if self._skip:
            return
        self.parts.append(data)
        if self._in:
            self._in[1] += data


def html_text(data: bytes) -> tuple[str, list]:
    parser = _Text()
    parser.feed(data.decode())
    return "\n".join(parser.parts), parser.headings


class GuideOutputTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_registry()
        import_dossier(demo_dossier())
        load_demo_statistics()
        cls.dossier = m.Dossier.objects.get()
        cls.outputs = {}
        for language in ("fr", "en"):
            for light in (False, True):
                doc = dossier_guide(
                    cls.dossier, language=language, version="glance" if light else "full"
                )
                cls.outputs[language, light] = {
                    "doc": doc,
                    "html": render_html(doc),
                    "pdf": render_pdf(doc),
                    "docx": render_docx(doc),
                }

    def texts(self, language="fr", light=False):
        out = self.outputs[language, light]
        return {
            "pdf": pdf_text(out["pdf"]),
            "docx": docx_text(out["docx"]),
            "html": html_text(out["html"])[0],
        }

    def test_every_source_institution_challenge_and_recommendation_is_in_every_format(self):
        expected = (
            [s.title for s in m.Source.objects.all()]
            + [i.acronym for i in m.Institution.objects.all()]
            + [c.description for c in m.Challenge.objects.all()]
            + [r.text for r in m.Recommendation.objects.all()]
        )
        for fmt, text in self.texts().items():
            flat = squash(text)
            missing = [e for e in expected if squash(e) not in flat]
            self.assertEqual(missing, [], f"missing from the {fmt}")

    def test_sources_are_listed_with_their_users(self):
        census = m.Source.objects.get(title__startswith="Cinquième recensement")
        document = Document(io.BytesIO(self.outputs["fr", False]["docx"]))
        rows = [
            row
            for table in document.tables
            for row in table.rows
            if row.cells[0].text.startswith("Cinquième recensement")
        ]
        self.assertTrue(rows)
        for row in rows:
            for institution in census.users.all():
                self.assertIn(institution.acronym, row.cells[-1].text)

    def test_no_contact_without_recorded_consent_appears_anywhere(self):
        hidden = m.Contact.objects.exclude(pk__in=m.Contact.objects.publishable())
        self.assertTrue(hidden.exists())
        for (language, _light), out in self.outputs.items():
            for fmt, text in (
                ("pdf", pdf_text(out["pdf"])),
                ("docx", docx_text(out["docx"])),
                ("html", out["html"].decode()),
            ):
                for contact in hidden:
                    for detail in (contact.name, contact.email, contact.phone):
                        self.assertNotIn(
                            squash(detail), squash(text), f"{detail} in the {language} {fmt}"
                        )
        published = m.Contact.objects.publishable().first()
        self.assertIn(published.email, docx_text(self.outputs["fr", False]["docx"]))

    def test_headings_come_in_the_order_of_the_published_guides(self):
        expected_fr = [
            "Avant-propos",
            "Introduction",
            "Liste des acronymes",
            "Glossaire",
            "Fiche 1\u00a0: Contexte",
            "Chiffres clés",
            "Fiche 2\u00a0: État des données et informations migratoires",
            "Fiche 3\u00a0: Outils et pratiques soutenant la prise de décisions informées",
            "Fiche 4\u00a0: Recommandations",
            "Annexe A — Liste de contacts",
        ]
        out = self.outputs["fr", False]
        outline = [
            item.title
            for item in PdfReader(io.BytesIO(out["pdf"])).outline
            if not isinstance(item, list)
        ]
        self.assertEqual(outline, expected_fr)
        document = Document(io.BytesIO(out["docx"]))
        docx_h1 = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
        self.assertEqual(docx_h1, ["Sommaire", *expected_fr])
        html_h2 = [text for tag, text in html_text(out["html"])[1] if tag == "h2"]
        self.assertEqual(html_h2, ["Sommaire", *expected_fr])
        en = PdfReader(io.BytesIO(self.outputs["en", False]["pdf"])).outline
        self.assertIn(
            "2 Mapping of migration data and information",
            [i.title for i in en if not isinstance(i, list)],
        )

    def test_section_two_has_a_table_per_area_the_coverage_matrix_and_the_gaps(self):
        text = self.texts("en")["docx"]
        for area in (
            "Migration trends",
            "Border management",
            "Migration in crisis situations",
            "Migration and development",
            "Labour migration",
        ):
            self.assertIn(f"— {area}", text)
        self.assertIn("Governmental entities — existing sources", text)
        self.assertIn("Other entities — potential sources", text)
        self.assertIn("Coverage of the areas by institution", text)
        self.assertIn("existing sources cover this area", text)
        self.assertIn("no known user", text)

    def test_key_figures_open_the_guide_with_their_sources(self):
        for language, stock in (("fr", "281 867"), ("en", "281,867")):
            for fmt, text in self.texts(language).items():
                flat = squash(text)
                self.assertIn(squash(stock), flat, f"{language} {fmt}")
                self.assertIn(squash("International Migrant Stock 2024"), flat)
                self.assertIn(squash("Refugee Data Finder"), flat)
        self.assertIn(squash("3,3 Md $US"), squash(self.texts("fr")["docx"]))

    def test_the_statistical_profile_is_short_and_cites_every_figure(self):
        doc = dossier_guide(self.dossier, language="en", version="profile")
        pdf = render_pdf(doc)
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        self.assertTrue(2 <= pages <= 4, pages)
        text = pdf_text(pdf)
        self.assertIn("Statistical profile", text)
        self.assertIn(squash("World Development Indicators, updated 2023-05-10"), squash(text))
        self.assertIn("Key figures and their sources", docx_text(render_docx(doc)))

    def test_page_counts(self):
        full = len(PdfReader(io.BytesIO(self.outputs["fr", False]["pdf"])).pages)
        glance = len(PdfReader(io.BytesIO(self.outputs["fr", True]["pdf"])).pages)
        self.assertTrue(16 <= full <= 30, full)
        self.assertLessEqual(glance, 4)
        self.assertGreaterEqual(glance, 2)

    def test_every_page_of_a_draft_says_so(self):
        reader = PdfReader(io.BytesIO(self.outputs["en", False]["pdf"]))
        self.assertIn("Draft — not endorsed", reader.pages[0].extract_text())
        for page in reader.pages[1:]:
            self.assertIn("Demonstration content", page.extract_text())
        self.assertIn("Page 3 of", reader.pages[2].extract_text())
        self.assertIn("Projet — non validé", pdf_text(self.outputs["fr", True]["pdf"]))

    def test_output_is_deterministic(self):
        doc = dossier_guide(self.dossier, language="fr")
        out = self.outputs["fr", False]
        self.assertEqual(render_html(doc), out["html"])
        self.assertEqual(render_docx(doc), out["docx"])
        self.assertEqual(pdf_text(render_pdf(doc)), pdf_text(out["pdf"]))

    def test_figures_are_vector_in_pdf_and_html_and_png_in_docx(self):
        out = self.outputs["fr", False]
        self.assertIn(b"<svg", out["html"])
        document = Document(io.BytesIO(out["docx"]))
        images = [r for r in document.part.rels.values() if "image" in r.reltype]
        self.assertEqual(len(images), 9)  # the cover's logo, 6 statistics charts, areas, cycle
        self.assertTrue(all(r.target_part.content_type == "image/png" for r in images))
        self.assertEqual(out["html"].count(b'role="img"'), 8)

    def test_the_html_is_self_contained_and_accessible(self):
        html = self.outputs["en", False]["html"].decode()
        self.assertNotRegex(html, r'(src|href)="(https?:)?//')
        self.assertNotIn("<script", html)
        self.assertIn('<html lang="en" dir="ltr">', html)
        self.assertIn('<th scope="col">', html)
        self.assertIn("aria-label=", html)

    def test_dates_follow_the_language(self):
        months_fr = (
            "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
        )
        self.assertRegex(
            self.outputs["fr", False]["doc"].meta.date, rf"^\d{{1,2}} ({months_fr}) \d{{4}}$"
        )
        self.assertRegex(
            self.outputs["en", False]["doc"].meta.date,
            r"^(January|February|March|April|May|June|July|August|September|"
            r"October|November|December) \d{1,2}, \d{4}$",
        )

    def test_libreoffice_opens_the_docx(self):
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        require(soffice is not None, "LibreOffice is not installed")
        folder = Path(tempfile.mkdtemp())
        source = folder / "guide.docx"
        source.write_bytes(self.outputs["fr", False]["docx"])
        subprocess.run(
            [
                soffice,
                "--headless",
                f"-env:UserInstallation=file://{folder}/lo",
                "--convert-to",
                "pdf",
                "--outdir",
                str(folder),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        converted = PdfReader(folder / "guide.pdf")
        self.assertGreaterEqual(len(converted.pages), 15)
        self.assertIn("Établi avec migguide", converted.pages[1].extract_text())  # colophon
        self.assertIn("Sommaire", converted.pages[2].extract_text())


class HostileTextTests(TestCase):
    """User text is data: markup characters of Typst, HTML and Markdown come out as
    the same characters, in every format."""

    def test_markup_in_every_text_field_is_printed_literally(self):
        load_registry()
        data = demo_dossier()
        data["dossier"]["situation"] = HOSTILE
        for key in (
            "institutions",
            "sources",
            "challenges",
            "recommendations",
            "glossary",
            "legal_instruments",
            "use_examples",
            "needs",
            "forewords",
        ):
            for entry in data[key]:
                for name, value in entry.items():
                    if isinstance(value, str) and name not in (
                        "id",
                        "kind",
                        "status",
                        "periodicity",
                        "access",
                        "category",
                        "theme",
                        "priority",
                        "timeframe",
                        "function",
                        "language",
                        "collector",
                        "institution",
                        "responsible",
                        "last_update",
                        "website",
                        "url",
                        "email",
                        "acronym",
                    ):
                        entry[name] = f"{value} {HOSTILE}"
        import_dossier(data)
        dossier = m.Dossier.objects.get()
        doc = dossier_guide(dossier, language="en")
        html = render_html(doc).decode()
        self.assertNotIn("<script>alert(1)</script>", html)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", html)
        pdf = pdf_text(render_pdf(doc))
        self.assertIn(squash(HOSTILE), squash(pdf))
        self.assertIn(HOSTILE, docx_text(render_docx(doc)))
        self.assertEqual(export_dossier(dossier)["dossier"]["situation"], HOSTILE)
