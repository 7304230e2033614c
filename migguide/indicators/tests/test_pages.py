import csv
import gzip
import io

from migguide.indicators.catalogue import load_catalogue
from migguide.indicators.models import Observation
from migguide.indicators.profile import load_demo_statistics, statistics_for
from migguide.indicators.views import bundle_url
from migguide.testing import CastTestCase


class StatisticsPagesTests(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_demo_statistics()

    def test_the_page_shows_key_figures_with_sources_and_charts(self):
        self.client.force_login(self.reviewer)
        r = self.client.get("/countries/SEN/statistics/")
        self.assertContains(r, "281,867")
        self.assertContains(r, "UN DESA Population Division, International Migrant Stock 2024")
        self.assertContains(r, 'type="application/json"', count=6)
        self.assertContains(r, "<svg", count=6)
        self.assertContains(
            r, '<script src="/static/migguide/charts.js" defer></script>', html=True
        )
        # The chart bundle is only named, fetched when the reader asks for it.
        self.assertContains(r, f'data-charts-bundle="{bundle_url()}"')
        self.assertNotContains(r, f'src="{bundle_url()}"')
        self.assertNotContains(r, "Add a national figure")

    def test_paired_series_cite_their_releases_in_a_stable_order(self):
        """The guide must read the same in every process: no set order in its text."""
        remittances = statistics_for(self.senegal, "en")["remittances"]
        self.assertEqual(
            remittances["source"],
            "World Bank, World Development Indicators, data to 2023; "
            "World Bank, World Development Indicators, updated 2023-05-10",
        )
        self.assertEqual(remittances["points"][0][0], 1990)

    def test_csv_download_cites_every_release(self):
        self.client.force_login(self.member)
        r = self.client.get("/countries/SEN/statistics.csv")
        lines = r.content.decode().splitlines()
        self.assertEqual(
            lines[0], "country,indicator,year,sex,partner,value,unit,publisher,edition,licence,file"
        )
        self.assertEqual(len(lines) - 1, Observation.objects.filter(country__iso3="SEN").count())
        self.assertIn("International Migrant Stock 2024", r.content.decode())

    def test_a_national_figure_is_entered_with_its_source(self):
        self.client.force_login(self.member)
        indicator = load_catalogue()["MIG_STOCK_IN"]
        r = self.client.post(
            "/countries/SEN/statistics/national/add/",
            {
                "indicator": indicator.pk,
                "year": 2023,
                "sex": "",
                "value": "300000",
                "publisher": "ANSD",
                "edition": "RGPH-5",
            },
        )
        self.assertRedirects(r, "/countries/SEN/statistics/")
        r = self.client.get("/countries/SEN/statistics/")
        self.assertContains(r, "ANSD, RGPH-5")
        national = Observation.objects.get(release__kind="national")
        self.assertEqual((national.year, national.value), (2023, 300000))
        # Beside the international figure, never instead of it.
        figures = [
            f for f in statistics_for(self.senegal, "en")["figures"] if f["code"] == "MIG_STOCK_IN"
        ]
        self.assertEqual(
            [(f["value"], f["national"]) for f in figures], [(281867, False), (300000, True)]
        )
        self.assertEqual(figures[1]["source"], "ANSD, RGPH-5")

    def test_the_chart_bundle_is_served_by_the_app(self):
        r = self.client.get(bundle_url())
        self.assertEqual(r.status_code, 200)
        self.assertIn(b"vegaEmbed", r.content)
        self.assertIn(b"migguideCharts", r.content)

    def test_the_chart_bundle_is_fingerprinted_gzipped_and_kept_for_a_year(self):
        self.assertRegex(bundle_url(), r"^/charts/vega-[0-9a-f]{12}\.js$")
        plain = self.client.get(bundle_url()).content
        r = self.client.get(bundle_url(), headers={"accept-encoding": "gzip, br"})
        self.assertEqual(r["Content-Encoding"], "gzip")
        self.assertEqual(gzip.decompress(r.content), plain)
        self.assertLess(len(r.content), len(plain) / 2.5)
        self.assertEqual(r["Cache-Control"], "public, max-age=31536000, immutable")
        self.assertIn("Accept-Encoding", r["Vary"])

    def test_an_old_chart_bundle_address_leads_to_the_current_one(self):
        r = self.client.get("/charts/vega-000000000000.js")
        self.assertRedirects(r, bundle_url(), fetch_redirect_response=False)

    def test_csv_download_writes_a_formula_as_text(self):
        """A publisher or edition typed by a member is data: a spreadsheet opening the
        file must not run it (nor one hidden behind a tab or a carriage return)."""
        from migguide.indicators.models import Release

        hostile = [
            '=HYPERLINK("http://example.org","click")',
            "+1+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(1+1)",
            "\t=1+1",
            "\r=1+1",
        ]
        releases = list(Release.objects.filter(observations__country=self.senegal).distinct())
        self.assertGreaterEqual(len(releases), len(hostile))
        for release, text in zip(releases, hostile, strict=False):
            release.publisher = text
            release.save(update_fields=["publisher"])
        self.client.force_login(self.member)
        r = self.client.get("/countries/SEN/statistics.csv")
        rows = list(csv.DictReader(io.StringIO(r.content.decode())))
        publishers = {row["publisher"] for row in rows}
        for text in hostile:
            self.assertIn("'" + text, publishers)
        for row in rows:
            texts = [cell for column, cell in row.items() if column not in ("year", "value")]
            for cell in texts:
                self.assertNotIn(cell[:1], ("=", "+", "-", "@", "\t", "\r"), row)
