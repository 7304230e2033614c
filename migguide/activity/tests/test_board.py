"""The cross-country pages presented: a summary line, the countries not started folded
into one line, the Gantt chart with a month axis and today's line — on the page, in the
PDF and in the DOCX — and whole numbers on the axes of counted things."""

import datetime
import io
import json
import re

import docx
from django.utils import timezone
from pypdf import PdfReader

from migguide.activity import gantt, som, timeline
from migguide.activity.models import Schedule
from migguide.countries.models import Country, Dialogue
from migguide.indicators import charts
from migguide.testing import CastTestCase, frozen_edition


def pdf_text(data: bytes) -> str:
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


class BoardPresentationTests(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.dialogue = Dialogue.objects.get(is_default=True)
        today = timezone.localdate()
        cls.countries = Country.objects.in_dialogue(cls.dialogue).count()
        for country in (cls.senegal, cls.mali):
            Schedule.objects.create(
                country=country,
                phase=cls.dialogue.phases.get(code="consultation"),
                planned_start=today - datetime.timedelta(days=200),
                planned_end=today + datetime.timedelta(days=120),
            )

    def summary(self) -> dict[str, int]:
        countries = list(Country.objects.in_dialogue(self.dialogue))
        return dict(timeline.summary(timeline.board(countries, self.dialogue)))

    def test_the_summary_line_counts_every_country_once_in_the_activitys_order(self):
        summary = self.summary()
        self.assertEqual(sum(summary.values()), self.countries)
        self.assertEqual(list(summary)[0], "not started")
        self.assertGreaterEqual(summary["not started"], self.countries - 2)

    def test_the_board_page_has_the_summary_the_axis_and_the_countries_not_started_folded(self):
        self.client.force_login(self.staff)
        page = self.client.get("/activity/").content.decode()
        not_started = self.summary()["not started"]
        self.assertIn(f"<strong>{not_started}</strong> not started", page)
        folded = re.search(r'<details class="not-started">(.*?)</details>', page, re.S)
        self.assertIsNotNone(folded)
        self.assertIn(f"Nothing planned or done yet ({not_started})", folded.group(1))
        self.assertIn("Niger", folded.group(1))
        self.assertNotIn("Senegal", folded.group(1))
        # One table row per country under way, each a labelled card on a phone.
        table = page[page.index('<table class="grid board cards">') : page.index("</table>")]
        self.assertEqual(table.count('<tr class="late">') + table.count("<tr>") - 1, 2)
        self.assertIn('data-label="Planned and actual"', table)
        # The month axis names the months the charts cover, today's line among them.
        first, last = timeline.span(timeline.board([self.senegal], self.dialogue))
        axis = re.search(r'<div class="gantt-axis"[^>]*>(.*?)</div>', page, re.S).group(1)
        labels = re.findall(r"<span[^>]*>(\d\d/\d\d)</span>", axis)
        self.assertEqual(labels[0], first.strftime("%m/%y"))
        self.assertIn('class="gantt-today"', axis)
        # Month lines in the charts, and bars tall enough to see.
        chart = re.search(r'<svg class="gantt".*?</svg>', page, re.S).group(0)
        self.assertGreaterEqual(chart.count("<line"), len(gantt.months(first, last)))
        lanes = self.dialogue.phases.count()
        self.assertIn(f'height="{(gantt.LANE * lanes + 2) * gantt.SCALE}"', chart)

    def test_the_board_pdf_names_the_countries_not_started_on_one_line(self):
        self.client.force_login(self.staff)
        text = pdf_text(self.client.get("/activity/timetable.pdf").content)
        not_started = self.summary()["not started"]
        self.assertIn(f"{not_started} not started", text)
        self.assertIn("Nothing planned or done yet", text)
        # Niger appears once, in the line of countries not started, not as a row.
        self.assertEqual(text.count("Niger,") + text.count("Niger "), 1)

    def test_the_board_docx_has_the_summary_the_table_the_gantt_and_the_rest_in_one_line(self):
        self.client.force_login(self.staff)
        r = self.client.get("/activity/timetable.docx")
        self.assertEqual(r["Content-Disposition"], 'attachment; filename="timetable.docx"')
        document = docx.Document(io.BytesIO(r.content))
        paragraphs = [p.text for p in document.paragraphs]
        not_started = self.summary()["not started"]
        self.assertTrue(any(p.startswith(f"{not_started} not started") for p in paragraphs))
        rest = next(p for p in paragraphs if p.startswith("Nothing planned or done yet"))
        self.assertIn("Niger", rest)
        table, chart = document.tables
        self.assertEqual([c.text for c in table.rows[0].cells][:2], ["Country", "Current phase"])
        self.assertEqual(sorted(row.cells[0].text for row in table.rows[1:]), ["Mali", "Senegal"])
        # The Gantt: a column per month, this month marked, the planned months shaded.
        head = [c.text for c in chart.rows[0].cells]
        this_month = timezone.localdate().strftime("%m/%y")
        self.assertIn(f"{this_month} ▼", head)
        shaded = [
            cell
            for row in chart.rows[1:]
            for cell in row.cells[2:]
            if cell._tc.tcPr is not None
            and cell._tc.tcPr.find(docx.oxml.ns.qn("w:shd")) is not None
        ]
        self.assertGreaterEqual(len(shaded), 2 * 10)  # about eleven months planned, twice


class SynthesisPresentationTests(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.dialogue = Dialogue.objects.get(is_default=True)
        frozen_edition(cls.dossier, state="published")

    def test_the_synthesis_folds_the_countries_not_started_in_every_format(self):
        s = som.build(self.dialogue, "en")
        self.assertEqual(len(s.started) + len(s.not_started), len(s.countries))
        self.assertIn("Senegal", [c.name for c in s.started])
        self.assertIn("Niger", [c.name for c in s.not_started])
        html = som.render_html(s).decode()
        self.assertIn(f"<strong>{len(s.not_started)}</strong> not started", html)
        folded = re.search(r'<details class="not-started">(.*?)</details>', html, re.S).group(1)
        self.assertIn("Niger", folded)
        text = pdf_text(som.render_pdf(s))
        self.assertIn(f"{len(s.not_started)} not started", text)
        paragraphs = [p.text for p in docx.Document(io.BytesIO(som.render_docx(s))).paragraphs]
        self.assertTrue(any(p.startswith("Nothing planned or done yet") for p in paragraphs))
        self.assertIn(s.summary_line(), paragraphs)

    def test_counted_things_have_whole_numbers_on_the_axis(self):
        spec = json.loads(charts.ranking([("a", 1), ("b", 2)], {"persons": "n"}, counts=True))
        self.assertEqual(spec["encoding"]["x"]["axis"], {"format": "d", "tickMinStep": 1})
        svg = charts.svg(
            charts.ranking([("a", 1), ("b", 2)], {"persons": "challenges"}, counts=True)
        )
        ticks = re.findall(r">([0-9][0-9.,]*)</text>", svg)
        self.assertTrue(ticks)
        self.assertTrue(all("." not in t for t in ticks), ticks)
