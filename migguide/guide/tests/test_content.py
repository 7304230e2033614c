"""What the guide says, read from the document the writers lay out: the introduction,
the narrative of each area, one area per source, the gaps named, the charts' sentences
and alternative text, the at-a-glance brief."""

import json
import re

from django.test import TestCase

from migguide.countries.registry import load_registry
from migguide.demo.dossier import demo_dossier
from migguide.dossier import models as m
from migguide.dossier.exchange import import_dossier
from migguide.dossier.snapshot import Snapshot
from migguide.guide.blocks import BulletList, Figure, Paragraph, Table, block_text
from migguide.guide.building import dossier_guide
from migguide.guide.labels import labels
from migguide.indicators.presentation import statistics_charts
from migguide.indicators.profile import load_demo_statistics, statistics_for


def section(doc, sid):
    return next(s for s in doc.sections() if s.id == sid)


def text_of(sec) -> str:
    return "\n".join(block_text(b) for b in sec.blocks)


class GuideContentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_registry()
        import_dossier(demo_dossier())
        load_demo_statistics()
        cls.dossier = m.Dossier.objects.get()
        cls.english = Snapshot.of(cls.dossier).in_language("en")
        cls.docs = {
            (language, version): dossier_guide(cls.dossier, language=language, version=version)
            for language in ("fr", "en")
            for version in ("full", "glance", "profile")
        }

    def test_each_source_is_described_in_its_first_area_and_referred_to_in_the_others(self):
        doc = self.docs["en", "full"]
        census = m.Source.objects.get(title__startswith="Cinquième recensement")
        # The English guide reads the English translation of the title.
        title = self.english.source(str(census.uid)).title
        rows = [
            (s.id, row)
            for s in doc.sections()
            if s.id.startswith("area-")
            for b in s.blocks
            if isinstance(b, Table)
            for g in b.groups
            for row in g.rows
            if row[0].startswith(title)
        ]
        self.assertEqual([sid for sid, _row in rows], ["area-trends"])
        development = text_of(section(doc, "area-development"))
        self.assertIn(f"{title} (see 2.1)", development)
        # Its users are in the last column, the table four columns wide.
        row = rows[0][1]
        self.assertEqual(len(row), 4)
        for institution in census.users.all():
            self.assertIn(institution.acronym, row[-1])

    def test_each_area_opens_with_the_workgroup_note_then_sentences_from_the_data(self):
        en = section(self.docs["en", "full"], "area-trends")
        self.assertEqual(en.blocks[0], Paragraph(self.english.area_notes["trends"]))
        fr_trends = section(self.docs["fr", "full"], "area-trends")
        self.assertEqual(fr_trends.blocks[0], Paragraph(self.dossier.area_notes["trends"]))
        existing = [
            s
            for s in m.Source.objects.filter(areas__code="trends")
            if s.status == m.Source.Status.EXISTING
        ]
        said = text_of(en)
        self.assertIn(f"{len(existing)} existing sources cover this area.", said)
        self.assertIn("Data are collected by", said)
        self.assertIn("are known to use them", said)
        fr = text_of(section(self.docs["fr", "full"], "area-trends"))
        self.assertIn(f"{len(existing)} sources existantes couvrent ce domaine.", fr)
        # One source: the singular, in both languages.
        asylum_en = text_of(section(self.docs["en", "full"], "area-asylum"))
        asylum_fr = text_of(section(self.docs["fr", "full"], "area-asylum"))
        self.assertIn("1 existing source covers this area.", asylum_en)
        self.assertIn("1 source existante couvre ce domaine.", asylum_fr)

    def test_the_gaps_name_the_sources_nobody_uses(self):
        gaps = text_of(section(self.docs["en", "full"], "gaps"))
        unused = m.Source.objects.filter(users__isnull=True)
        self.assertTrue(unused.exists())
        for source in unused:
            title = self.english.source(str(source.uid)).title
            self.assertIn(f"{title} ({source.collector.acronym}): no known user.", gaps)
        self.assertNotIn("sources have no known user", gaps)

    def test_every_figure_says_what_its_data_show_with_their_numbers(self):
        for key, doc in self.docs.items():
            figures = [b for s in doc.sections() for b in s.blocks if isinstance(b, Figure)]
            self.assertTrue(figures, key)
            for figure in figures:
                self.assertRegex(figure.alt, r"\d", f"{key}: {figure.caption}")
                self.assertNotIn(figure.alt, figure.caption)
                self.assertGreater(len(figure.alt), 40)

    def test_each_chart_is_followed_by_a_sentence_computed_from_its_data(self):
        facts = section(self.docs["en", "full"], "key-figures")
        after = [
            facts.blocks[i + 1]
            for i, b in enumerate(facts.blocks)
            if isinstance(b, Figure) and i + 1 < len(facts.blocks)
        ]
        self.assertTrue(all(isinstance(p, Paragraph) for p in after))
        stock = next(p.text for p in after if "international migrants" in p.text)
        self.assertIn("281,867", stock)
        self.assertIn("more than in 1990", stock)

    def test_key_figures_come_after_fiche_1(self):
        ids = [s.id for s in self.docs["fr", "full"].body]
        self.assertEqual(ids[:3], ["context", "key-figures", "mapping"])

    def test_chart_axes_are_written_in_the_readers_locale_without_si_prefixes(self):
        data = statistics_for(self.dossier.country, "fr")
        for chart in statistics_charts(labels("fr"), data, full=True, language="fr"):
            spec = json.loads(chart.spec)
            self.assertNotIn('"~s"', chart.spec)
            self.assertEqual(spec["config"]["locale"]["number"]["decimal"], ",")
        remittances = next(
            c
            for c in statistics_charts(labels("fr"), data, full=True, language="fr")
            if "US$" in (json.loads(c.spec)["encoding"]["y"].get("title") or "")
        )
        self.assertEqual(json.loads(remittances.spec)["encoding"]["y"]["title"], "US$, en millions")

    def test_the_introduction_says_who_made_the_guide_and_how_to_cite_it(self):
        intro = text_of(section(self.docs["en", "full"], "introduction"))
        members = m.WorkgroupMember.objects.count()
        self.assertIn(f"national workgroup, {members} members", intro)
        self.assertIn("To cite this guide: Senegal, Guide on the Use of Migration Data", intro)
        self.assertIn("/en/countries/sen/", intro)
        for fiche in ("Fiche 1", "Fiche 2", "Fiche 3", "Fiche 4"):
            self.assertIn(fiche, intro)
        fr = section(self.docs["fr", "full"], "introduction")
        self.assertEqual(fr.title, "Introduction")
        self.assertIn("Pour citer ce guide", text_of(fr))

    def test_every_fiche_opens_with_how_to_read_it(self):
        for sid in ("context", "mapping", "tools", "recommendations"):
            notes = [
                b.text
                for b in section(self.docs["en", "full"], sid).blocks
                if isinstance(b, Paragraph) and b.style == "note"
            ]
            self.assertTrue(any(n.startswith("How to read this Fiche") for n in notes), sid)

    def test_the_glance_names_five_gaps_the_priorities_and_where_to_read_more(self):
        doc = self.docs["en", "glance"]
        gaps = next(b for b in section(doc, "gaps").blocks if isinstance(b, BulletList))
        self.assertTrue(3 <= len(gaps.items) <= 5, gaps.items)
        self.assertTrue(any("no known user" in g for g in gaps.items))
        top = section(doc, "top")
        table = next(b for b in top.blocks if isinstance(b, Table))
        self.assertLessEqual(table.row_count, 5)
        self.assertTrue(all(row[1] and row[2] for g in table.groups for row in g.rows))
        qr = next(b for b in top.blocks if isinstance(b, Figure))
        self.assertIn("<svg", qr.svg)
        self.assertRegex(qr.alt, r"https?://.+/en/countries/sen/")

    def test_the_statistical_profile_defines_its_indicators(self):
        profile = text_of(section(self.docs["en", "profile"], "key-figures"))
        self.assertIn("Definitions of the indicators", profile)
        self.assertTrue(re.search(r"International migrant stock.*\n", profile))
