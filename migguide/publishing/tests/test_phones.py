"""The portal on phones and slow links: every page compressed, the chart script only on
request, the map drawn with what it needs, tables that become labelled cards, a favicon,
a table of contents on the country page, and the cross-country page summarised."""

from __future__ import annotations

import gzip
import json
import re

from django.contrib.staticfiles import finders
from django.test import Client
from django.utils.html import escape

from migguide.indicators.profile import load_demo_statistics
from migguide.indicators.views import bundle_url
from migguide.publishing import mapdata
from migguide.publishing.portal import countries_of_the_dialogue
from migguide.publishing.tests.test_portal import PortalTestCase


def cards(html: str) -> list[str]:
    return re.findall(r'<table class="[^"]*\bcards\b[^"]*".*?</table>', html, re.S)


class PhonePortalTests(PortalTestCase):
    @classmethod
    def endorsed_edition(cls):
        load_demo_statistics()  # before the edition is frozen: the country page has charts
        return super().endorsed_edition()

    def test_every_portal_page_and_app_page_is_sent_compressed(self):
        client = Client(headers={"accept-encoding": "gzip"})
        for url in ["/en/", "/fr/countries/sen/", "/en/across/", "/en/data/"]:
            with self.subTest(url=url):
                r = client.get(url)
                self.assertEqual(r.status_code, 200)
                self.assertEqual(r["Content-Encoding"], "gzip")
                self.assertIn("</html>", gzip.decompress(r.content).decode())
        client.force_login(self.coordinator)
        for url in ["/", "/countries/SEN/", "/countries/SEN/sources/"]:
            with self.subTest(url=url):
                r = client.get(url)
                self.assertEqual(r.status_code, 200)
                self.assertEqual(r["Content-Encoding"], "gzip")

    def test_the_country_page_offers_its_contents_and_loads_no_chart_library(self):
        html = self.client.get("/en/countries/sen/").content.decode()
        toc = re.search(r'<nav class="toc".*?</nav>', html, re.S).group(0)
        targets = re.findall(r'href="#([^"]+)"', toc)
        self.assertEqual(len(targets), 5)
        for target in targets:
            self.assertIn(f'id="{target}"', html)
        # The charts are drawn; their interactive script is only named, fetched on request.
        self.assertIn("<svg", html)
        self.assertNotIn(f'src="{bundle_url()}"', html)
        self.assertRegex(html, r'data-charts-bundle="[./]*charts/vega-[0-9a-f]{12}\.js"')
        self.assertIn("migguide/charts.js", html)

    def test_every_cell_of_a_card_table_says_what_it_is(self):
        for url in ["/en/countries/sen/", "/fr/countries/sen/", "/en/across/"]:
            html = self.client.get(url).content.decode()
            tables = cards(html)
            self.assertTrue(tables, url)
            for table in tables:
                cells = re.findall(r"<td\b[^>]*>", table)
                self.assertTrue(cells, url)
                for cell in cells:
                    self.assertRegex(cell, r'data-label="[^"]+"', f"{url}: {cell}")

    def test_across_countries_sums_up_and_folds_the_countries_not_started(self):
        statuses = countries_of_the_dialogue("en")
        french = self.client.get("/fr/across/").content.decode()
        self.assertIn("</strong> pas commencé</span>", french)
        html = self.client.get("/en/across/").content.decode()
        summary = re.search(r'<p class="summary">(.*?)</p>', html, re.S).group(1)
        counts = [int(n) for n in re.findall(r"<strong>(\d+)</strong>", summary)]
        self.assertEqual(sum(counts), len(statuses))
        not_started = [s for s in statuses if s.status == "not-started"]
        self.assertIn(f"<strong>{len(not_started)}</strong> not started", summary)
        folded = re.search(r'<details class="not-started">(.*?)</details>', html, re.S).group(1)
        for s in not_started:
            self.assertIn(escape(s.name), folded)
        [table] = cards(html)
        self.assertEqual(table.count('<th scope="row">'), len(statuses) - len(not_started))
        self.assertIn("Senegal", table)

    def test_a_favicon_on_every_page_from_the_static_files(self):
        self.assertIsNotNone(finders.find("migguide/favicon.svg"))
        with open(finders.find("migguide/favicon.ico"), "rb") as f:
            self.assertEqual(f.read(4), b"\x00\x00\x01\x00")  # an icon file
        self.client.force_login(self.coordinator)
        for url in ["/en/", "/en/countries/sen/", "/"]:
            html = self.client.get(url).content.decode()
            self.assertRegex(html, r'<link rel="icon" href="[^"]*favicon\.ico"', url)
            self.assertRegex(html, r'<link rel="icon" href="[^"]*favicon\.svg"', url)


class MapTests(PortalTestCase):
    def test_the_map_keeps_every_country_with_a_fifth_of_the_stored_bytes(self):
        stored = json.loads(mapdata.DATA.read_text(encoding="utf-8"))["shapes"]
        drawn = mapdata.load_map()["shapes"]
        self.assertEqual(set(drawn), set(stored))
        self.assertLess(sum(map(len, drawn.values())), sum(map(len, stored.values())) / 5)
        for code, path in drawn.items():
            self.assertEqual(path.count("M"), stored[code].count("M"), code)  # no island lost

    def test_simplifying_keeps_the_corners_and_drops_what_lies_on_the_line(self):
        square = "M0,0L5,0.3L10,0L10,10L0,10Z"
        self.assertEqual(mapdata.simplified(square), "M0 0l10 0 0 10-10 0z")
        self.assertEqual(mapdata.simplified("M3.2,4.4L3.4,4.6Z"), "M3 4h1v1h-1z")
