"""The guide's fixed text in Portuguese and Spanish: headings, captions and the cover
read in the reader's language in the PDF, the DOCX and the HTML."""

from __future__ import annotations

import io

from django.test import TestCase
from docx import Document
from pypdf import PdfReader

from migguide.countries.registry import load_registry
from migguide.demo.dossier import demo_dossier
from migguide.dossier import models as m
from migguide.dossier.exchange import import_dossier
from migguide.guide.building import dossier_guide
from migguide.guide.tests.test_guide import html_text, pdf_text
from migguide.guide.writers import render_docx, render_html, render_pdf
from migguide.indicators.profile import load_demo_statistics

HEADINGS = {
    "pt": [
        # The demonstration is written in French: the draft says its translation into
        # Portuguese is not finished.
        "Tradução inacabada",
        "Prefácios",
        "Introdução",
        "Lista de siglas",
        "Glossário",
        "Secção 1: Contexto",
        "Números-chave",
        "Secção 2: Levantamento dos dados e informações sobre migração",
        "Secção 3: Instrumentos e práticas para políticas baseadas em dados concretos",
        "Secção 4: Recomendações",
        "Anexo A — Lista de contactos",
    ],
    "es": [
        "Traducción sin terminar",
        "Prólogos",
        "Introducción",
        "Lista de siglas",
        "Glosario",
        "Sección 1: Contexto",
        "Cifras clave",
        "Sección 2: Inventario de los datos e información sobre migración",
        "Sección 3: Herramientas y prácticas para la formulación de políticas basadas en "
        "datos empíricos",
        "Sección 4: Recomendaciones",
        "Anexo A — Lista de contactos",
    ],
}
TITLES = {
    "pt": "Guia de Utilização dos Dados Migratórios",
    "es": "Guía sobre el Uso de los Datos Migratorios",
}


class PortugueseAndSpanishGuideTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_registry()
        import_dossier(demo_dossier())
        load_demo_statistics()
        dossier = m.Dossier.objects.get()
        cls.outputs = {}
        for language in HEADINGS:
            doc = dossier_guide(dossier, language=language, version="full")
            cls.outputs[language] = {
                "html": render_html(doc),
                "pdf": render_pdf(doc),
                "docx": render_docx(doc),
            }

    def test_the_headings_read_in_the_guides_language_in_every_format(self):
        for language, expected in HEADINGS.items():
            with self.subTest(language=language):
                out = self.outputs[language]
                outline = [
                    item.title
                    for item in PdfReader(io.BytesIO(out["pdf"])).outline
                    if not isinstance(item, list)
                ]
                self.assertEqual(outline, expected)
                document = Document(io.BytesIO(out["docx"]))
                docx_h1 = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
                self.assertEqual(docx_h1[1:], expected)
                html_h2 = [text for tag, text in html_text(out["html"])[1] if tag == "h2"]
                self.assertEqual(html_h2[1:], expected)

    def test_the_cover_names_the_guide_and_the_html_its_language(self):
        for language, title in TITLES.items():
            with self.subTest(language=language):
                out = self.outputs[language]
                self.assertIn(title, pdf_text(out["pdf"]))
                self.assertIn(f'lang="{language}"', out["html"].decode())
