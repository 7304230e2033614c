"""The guide in the reader's language: translated texts read back out of the PDF, the
DOCX and the HTML; a draft marks what is left in the main language, an endorsed guide
never does."""

import io
import re

from django.test import TestCase
from django.utils import translation
from django.utils.translation import gettext

from migguide.countries.models import Country
from migguide.countries.registry import load_registry
from migguide.dossier import models as m
from migguide.dossier.exchange import export_dossier
from migguide.dossier.snapshot import Snapshot
from migguide.dossier.translation import units
from migguide.guide.building import dossier_guide
from migguide.guide.document import build_guide
from migguide.guide.writers import render_docx, render_html, render_pdf
from migguide.testing import small_dossier

from .test_guide import docx_text, html_text, pdf_text, squash

SITUATION_FR = (
    "Le Sénégal est un pays d’origine, de transit et de destination des migrations, et "
    "la diaspora joue un rôle majeur dans le développement du pays."
)
SITUATION_EN = (
    "Senegal is a country of origin, transit and destination of migration, and its "
    "diaspora plays a major part in the country's development."
)
FRENCH_WORDS = {"le", "la", "les", "des", "du", "de", "et", "est", "un", "une", "dans", "pour"}


def translate_everything(dossier: m.Dossier, language: str = "en") -> None:
    """A translation of every required text (the situation a real English sentence)."""
    for unit in units(export_dossier(dossier), language):
        if unit.optional:
            continue
        text = SITUATION_EN if unit.field == "situation" else f"{unit.source} [{language}]"
        m.Translation.objects.create(
            dossier=dossier,
            entry_uid=unit.uid,
            field=unit.field,
            language=language,
            text=text,
            source_text=unit.source,
        )


def paragraph_with(text: str, needle: str) -> str:
    """The paragraph (one line of the reopened DOCX) holding `needle`."""
    return next(line for line in text.splitlines() if needle in line)


class TranslatedGuideTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_registry()
        cls.dossier = small_dossier(Country.objects.get(iso3="SEN"), "sn")
        cls.dossier.languages = ["fr", "en"]
        cls.dossier.situation = SITUATION_FR
        cls.dossier.save()
        translate_everything(cls.dossier)
        cls.source = m.Source.objects.get(dossier=cls.dossier)

    def english(self):
        return dossier_guide(self.dossier, language="en")

    def test_the_english_guide_of_a_fully_translated_dossier_reads_english_without_marks(self):
        doc = self.english()
        outputs = {
            "pdf": pdf_text(render_pdf(doc)),
            "docx": docx_text(render_docx(doc)),
            "html": html_text(render_html(doc))[0],
        }
        for fmt, text in outputs.items():
            with self.subTest(fmt):
                self.assertNotIn(squash("Le Sénégal est un pays"), squash(text))
                self.assertNotIn("[FR", text)
                self.assertNotIn("Translation not finished", text)
        # The paragraph as Word holds it: no French function word in it.
        paragraph = paragraph_with(outputs["docx"], "Senegal is a country of origin")
        words = set(re.findall(r"[a-zà-ÿ’']+", paragraph.casefold()))
        self.assertEqual(words & FRENCH_WORDS, set())
        self.assertIn(squash(SITUATION_EN), squash(outputs["pdf"]))
        self.assertIn("Census sn [en]", outputs["docx"])
        self.assertEqual(doc.language_of(SITUATION_EN), "en")

    def test_a_draft_marks_a_missing_translation_and_counts_it_at_its_start(self):
        m.Translation.objects.filter(dossier=self.dossier, field="situation").delete()
        doc = self.english()
        pdf = pdf_text(render_pdf(doc))
        self.assertIn(squash(f"[FR — not translated] {SITUATION_FR}"), squash(pdf))
        self.assertIn("Translation not finished", pdf)
        self.assertIn(
            "1 text of this draft is not yet translated, or its translation is outdated: "
            "it is shown in French and marked.",
            doc.text(),
        )
        self.assertEqual(doc.front[0].id, "translation-notice")
        # The writers can tell that passage is in French.
        self.assertEqual(doc.language_of(f"[FR — not translated] {SITUATION_FR}"), "fr")
        self.assertEqual(doc.language_of("Census sn [en]"), "en")

    def test_a_passage_left_in_french_is_read_out_in_french_by_every_writer(self):
        """WCAG 3.1.2: a screen reader reading the English guide switches to French for
        the situation left untranslated — the HTML paragraph says lang="fr", the DOCX
        run's language is French; the rest stays English."""
        m.Translation.objects.filter(dossier=self.dossier, field="situation").delete()
        doc = self.english()
        html = render_html(doc).decode()
        paragraph = re.search(r"<p[^>]*>\[FR — not translated\] Le Sénégal[^<]*</p>", html)
        self.assertIsNotNone(paragraph, "the situation's paragraph is not in the HTML")
        self.assertIn('lang="fr"', paragraph.group(0))
        translated = re.search(r"<p[^>]*>Senegal[^<]*</p>", html) or re.search(
            r"<(?:p|li|td)[^>]*>[^<]*\[en\][^<]*<", html
        )
        self.assertIsNotNone(translated)
        self.assertNotIn('lang="fr"', translated.group(0))

        from docx import Document
        from docx.oxml.ns import qn

        document = Document(io.BytesIO(render_docx(doc)))
        runs = [
            r
            for p in document.paragraphs
            if "Le Sénégal" in p.text
            for r in p.runs
            if r.text.strip()
        ]
        self.assertTrue(runs)
        for run in runs:
            lang = run._r.rPr.find(qn("w:lang")) if run._r.rPr is not None else None
            self.assertIsNotNone(lang, run.text)
            self.assertEqual(lang.get(qn("w:val")), "fr")

    def test_a_draft_marks_an_outdated_translation_in_the_readers_language(self):
        self.source.title = "Census sn, 2023 round"
        self.source.save()
        text = docx_text(render_docx(self.english()))
        self.assertIn("[FR — translation outdated] Census sn, 2023 round", text)
        self.assertNotIn("Census sn [en]", text)
        french = dossier_guide(self.dossier, language="fr").text()
        self.assertNotIn("[FR", french)  # the main language is never marked

    def test_an_endorsed_guide_never_carries_marks(self):
        m.Translation.objects.filter(dossier=self.dossier, field="situation").delete()
        doc = build_guide(Snapshot.of(self.dossier), language="en", endorsed=True)
        self.assertNotIn("[FR", doc.text())
        self.assertNotIn("translation-notice", [s.id for s in doc.front])
        self.assertIn(SITUATION_FR, doc.text())
        self.assertEqual(doc.language_of(SITUATION_FR), "fr")

    def test_the_glossary_reads_the_readers_column_or_its_translation(self):
        term = m.GlossaryTerm.objects.get(dossier=self.dossier)
        term.definition_fr = "Personne qui quitte son pays."
        term.save()
        english = build_guide(Snapshot.of(self.dossier), language="en").text()
        self.assertIn("Term sn | Personne qui quitte son pays.", english)
        self.dossier.languages = ["fr", "en", "pt"]
        self.dossier.save()
        uid = str(term.uid)
        pt = build_guide(Snapshot.of(self.dossier), language="pt").text()
        with translation.override("pt"):
            mark = gettext("[%(language)s — not translated]") % {"language": "FR"}
        self.assertIn(f"{mark} Terme sn", pt)
        self.assertNotIn("not translated", pt)  # the mark in the reader's language
        for name, text, source in (
            ("term", "Termo sn", "Terme sn"),
            ("definition", "Pessoa que deixa o seu país.", "Personne qui quitte son pays."),
        ):
            m.Translation.objects.create(
                dossier=self.dossier,
                entry_uid=uid,
                field=name,
                language="pt",
                text=text,
                source_text=source,
            )
        pt = build_guide(Snapshot.of(self.dossier), language="pt").text()
        self.assertIn("Termo sn | Pessoa que deixa o seu país.", pt)
        # French and English have their own columns: nothing to translate there.
        self.assertNotIn("glossary", {u.part for u in units(export_dossier(self.dossier), "en")})
