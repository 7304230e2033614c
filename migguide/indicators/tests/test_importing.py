"""The importers on the publishers' real files (../shared/data), and on broken copies."""

import csv
import shutil
import tempfile
from pathlib import Path

import openpyxl
import xlwt
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase

from migguide.conftest import SHARED_DATA, require
from migguide.countries.models import Country
from migguide.countries.registry import load_registry
from migguide.files.problems import ImportRefused
from migguide.indicators.importing import import_file, series, top_partners
from migguide.indicators.models import Observation, Release
from migguide.testing.hostile import padded_xlsx

UNDESA_2020 = SHARED_DATA / "undesa" / "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx"
UNDESA_2024 = SHARED_DATA / "undesa" / "undesa_pd_2024_ims_stock_by_sex_and_destination.xlsx"
WB_REMIT_XLS = SHARED_DATA / "worldbank" / "API_BX.TRF.PWKR.CD.DT_excel.xls"
WB_NETM = SHARED_DATA / "worldbank" / "sm.pop.netm" / "data.csv"
UNHCR = SHARED_DATA / "unhcr" / "population_rabat18_2000plus.csv"
BILATERAL = SHARED_DATA / "undesa" / "ims2024_bilateral_rabat18.csv"


def value(iso3, code, year, *, sex="", edition=None, partner=None):
    observations = Observation.objects.filter(
        country__iso3=iso3, indicator__code=code, year=year, sex=sex, partner__iso3=partner
    )
    if edition:
        observations = observations.filter(release__edition__contains=edition)
    return observations.get().value


class SharedDataTestCase(TestCase):
    """Tests on the publishers' files in ../shared/data: skipped without them, except
    in CI, where they must be there."""

    @classmethod
    def setUpClass(cls):
        require(SHARED_DATA.is_dir(), f"the shared data folder {SHARED_DATA} is absent")
        super().setUpClass()

    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)


class RealFilesTests(SharedDataTestCase):
    @classmethod
    def setUpTestData(cls):
        load_registry()
        cls.senegal = Country.objects.get(iso3="SEN")

    def test_undesa_2020_and_2024_editions_are_both_kept(self):
        first = import_file("undesa", UNDESA_2020)
        second = import_file("undesa", UNDESA_2024)
        self.assertEqual(first.edition, "International Migrant Stock 2020")
        self.assertEqual(value("SEN", "MIG_STOCK_IN", 2020, edition="2020"), 274929)
        self.assertEqual(value("SEN", "MIG_STOCK_IN", 2020, sex="male", edition="2020"), 145591)
        self.assertEqual(value("CIV", "MIG_STOCK_IN", 2020, edition="2020"), 2564857)
        self.assertEqual(value("CIV", "MIG_STOCK_IN", 2020, edition="2024"), 2760255)
        self.assertIn("Channel Islands (830)", first.not_recognised)
        self.assertIn("Sub-Saharan Africa (947)", first.aggregates)
        self.assertGreater(len(second.aggregates), 40)
        release, points = series(Country.objects.get(iso3="CIV"), "MIG_STOCK_IN")
        self.assertEqual(release.edition, "International Migrant Stock 2024")
        self.assertIn((2020, 2760255.0), points)
        share = value("SEN", "MIG_STOCK_IN_PCT_POP", 2020, edition="2020")
        self.assertAlmostEqual(share, 1.64, delta=0.05)
        female = value("SEN", "MIG_STOCK_IN_PCT_FEMALE", 2020, edition="2020")
        self.assertAlmostEqual(female, 100 * (274929 - 145591) / 274929, delta=0.1)

    def test_an_earlier_edition_with_two_row_headers(self):
        """Editions up to 2019 title the table 'Table 1.' and put the years on a row of
        their own under the labels (code, name, sex); rebuilt here in that layout from
        the 2020 edition's own values."""
        source = openpyxl.load_workbook(UNDESA_2020, read_only=True, data_only=True)
        data = [r for r in source["Table 1"].iter_rows(min_row=12, values_only=True) if r[3]]
        source.close()
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "Table 1"
        sheet.append(["International Migrant Stock 2019"])
        sheet.append(
            [
                "Table 1. International migrant stock at mid-year by sex and by major area, "
                "region, country or area of destination, 1990-2020"
            ]
        )
        labels = ["Sort\norder", "Major area, region, country or area of destination"]
        labels += ["Notes", "Code", "Type of data (a)"]
        for sex in ("both sexes", "males", "females"):
            labels += [f"International migrant stock at mid-year ({sex})"] + [None] * 6
        sheet.append(labels)
        sheet.append([None] * 5 + [1990, 1995, 2000, 2005, 2010, 2015, 2020] * 3)
        for row in data:
            sheet.append(list(row[:26]))
        earlier = self.tmp / "UN_MigrantStockTotal_2019.xlsx"
        book.save(earlier)

        report = import_file("undesa", earlier)
        self.assertEqual(report.edition, "International Migrant Stock 2019")
        self.assertEqual(value("SEN", "MIG_STOCK_IN", 2020, edition="2019"), 274929)
        self.assertEqual(value("SEN", "MIG_STOCK_IN", 1990, sex="male", edition="2019"), 138840)
        self.assertEqual(value("SEN", "MIG_STOCK_IN", 2020, sex="female", edition="2019"), 129338)
        self.assertIn("WORLD (900)", report.aggregates)

    def earlier_rows(self, head: list[list]) -> list[list]:
        """Table 1 of the 2020 edition in the layout of the editions up to 2019 (labels,
        then the years on a row of their own), under the header rows `head`."""
        source = openpyxl.load_workbook(UNDESA_2020, read_only=True, data_only=True)
        data = [r for r in source["Table 1"].iter_rows(min_row=12, values_only=True) if r[3]]
        source.close()
        labels = ["Sort order", "Major area, region, country or area of destination"]
        labels += ["Notes", "Code", "Type of data (a)"]
        for sex in ("both sexes", "males", "females"):
            labels += [f"International migrant stock at mid-year ({sex})"] + [None] * 6
        years = [None] * 5 + [1990, 1995, 2000, 2005, 2010, 2015, 2020] * 3
        return [*head, labels, years, *(list(r[:26]) for r in data)]

    def test_an_excel_97_edition_titled_with_a_dash(self):
        """An older edition as it circulates: an .xls workbook, its table titled
        "Table 1 - …", the edition only in the document symbol, the citation in a cell of
        its own row further right."""
        book = xlwt.Workbook()
        sheet = book.add_sheet("Table 1")
        head = [
            ["POP/DB/MIG/Stock/Rev.2017"],
            [
                "Table 1 - International migrant stock at mid-year by sex and by major "
                "area, region, country or area, 1990-2017"
            ],
            [
                None,
                None,
                "Citation: United Nations, Department of Economic and Social "
                "Affairs, Population Division (2017). Trends in International Migrant Stock: "
                "The 2017 revision (United Nations database, POP/DB/MIG/Stock/Rev.2017).",
            ],
        ]
        for i, row in enumerate(self.earlier_rows(head)):
            for j, cell in enumerate(row):
                if cell is not None:
                    sheet.write(i, j, cell)
        path = self.tmp / "UN_MigrantStockTotal_2017.xls"
        book.save(str(path))

        report = import_file("undesa", path)
        self.assertEqual(report.edition, "International Migrant Stock 2017")
        release = Release.objects.get(edition="International Migrant Stock 2017")
        self.assertTrue(release.citation.startswith("United Nations, Department of Economic"))
        self.assertEqual(value("SEN", "MIG_STOCK_IN", 2020, edition="2017"), 274929)
        self.assertEqual(value("SEN", "MIG_STOCK_IN", 1990, sex="male", edition="2017"), 138840)

    def test_a_table_without_a_numbered_title_is_recognised_by_its_columns(self):
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "Sheet1"
        head = [["Trends in International Migrant Stock: The 2019 Revision"]]
        for row in self.earlier_rows(head):
            sheet.append(row)
        path = self.tmp / "stock.xlsx"
        book.save(path)
        report = import_file("undesa", path)
        self.assertEqual(report.edition, "International Migrant Stock 2019")
        self.assertEqual(value("SEN", "MIG_STOCK_IN", 2020, edition="2019"), 274929)

    def test_titles_punctuated_every_way_are_read(self):
        for title in ("Table 1: ", "Table 1. ", "Table 1 - ", "TABLE 1 – ", "Table 1 "):
            with self.subTest(title=title):
                book = openpyxl.Workbook()
                book.active.title = "T1"
                head = [
                    ["International Migrant Stock 2015"],
                    [title + "International migrant stock at mid-year by sex"],
                ]
                for row in self.earlier_rows(head):
                    book.active.append(row)
                path = self.tmp / "punctuated.xlsx"
                book.save(path)
                Observation.objects.all().delete()
                Release.objects.all().delete()
                import_file("undesa", path)
                self.assertEqual(value("SEN", "MIG_STOCK_IN", 2020, edition="2015"), 274929)

    def test_a_copy_that_lost_its_edition_is_refused_with_the_reason(self):
        book = openpyxl.Workbook()
        book.active.title = "Table 1"
        head = [["Table 1. International migrant stock at mid-year by sex"]]
        for row in self.earlier_rows(head):
            book.active.append(row)
        path = self.tmp / "no-edition.xlsx"
        book.save(path)
        self.refused_here(path, "the edition of the International Migrant Stock is not stated")

    def refused_here(self, path, fragment):
        with self.assertRaises(ImportRefused) as caught:
            import_file("undesa", path)
        self.assertIn(fragment, str(caught.exception))
        self.assertFalse(Release.objects.exists())

    def test_importing_the_same_file_again_changes_nothing(self):
        import_file("undesa", UNDESA_2020)
        count = Observation.objects.count()
        again = import_file("undesa", UNDESA_2020)
        self.assertTrue(again.already)
        self.assertEqual(Observation.objects.count(), count)
        self.assertEqual(Release.objects.count(), 1)

    def test_world_bank_excel_keeps_the_release_as_published(self):
        report = import_file("worldbank", WB_REMIT_XLS)
        self.assertEqual(report.edition, "World Development Indicators, updated 2023-05-10")
        remittances = value("SEN", "REMIT_IN_USD", 2019)
        self.assertAlmostEqual(remittances / 1e6, 138, delta=1)  # a publisher error, cited
        self.assertIn("Kosovo (XKX)", report.not_recognised)
        self.assertIn("World (WLD)", report.aggregates)

    def test_world_bank_data_package_and_a_sentinel_that_is_data(self):
        import_file("worldbank", WB_NETM)
        self.assertEqual(value("SEN", "NET_MIGRATION", 2023), -9999)

    def test_unhcr_totals_by_asylum_and_origin(self):
        import_file("unhcr", UNHCR)
        hosted = abroad = 0
        with open(UNHCR, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                if row["year"] == "2020" and row["refugees"]:
                    if row["coa_iso"] == "SEN":
                        hosted += int(float(row["refugees"]))
                    if row["coo_iso"] == "SEN":
                        abroad += int(float(row["refugees"]))
        self.assertEqual(value("SEN", "REFUGEES_HOSTED", 2020), hosted)
        self.assertEqual(value("SEN", "REFUGEES_ABROAD", 2020), abroad)

    def test_bilateral_gives_origins_and_destinations(self):
        import_file("bilateral", BILATERAL)
        expected = 0
        with open(BILATERAL, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                if row["geo"] == "SEN" and row["from"] == "GIN" and row["t"] == "2024":
                    expected += int(row["n"])
        _release, year, partners = top_partners(self.senegal, "MIG_STOCK_IN")
        self.assertEqual(year, 2024)
        self.assertEqual({c.iso3: v for c, v in partners}["GIN"], expected)
        _release, _year, destinations = top_partners(self.senegal, "MIG_STOCK_OUT")
        self.assertTrue(destinations)


class BrokenFilesTests(SharedDataTestCase):
    """Broken files are refused with the place of the problem, and nothing is written."""

    @classmethod
    def setUpTestData(cls):
        load_registry()

    def refused(self, kind, path, *fragments):
        before = (Release.objects.count(), Observation.objects.count())
        with self.assertRaises(ImportRefused) as caught:
            import_file(kind, path)
        message = str(caught.exception)
        self.assertIn(str(path), message)
        for fragment in fragments:
            self.assertIn(fragment, message)
        self.assertEqual((Release.objects.count(), Observation.objects.count()), before)
        return message

    def test_a_truncated_workbook(self):
        broken = self.tmp / "truncated.xlsx"
        broken.write_bytes(UNDESA_2020.read_bytes()[:100_000])
        self.refused("undesa", broken, "not an Excel workbook")

    def test_the_wrong_workbook(self):
        self.refused("undesa", WB_REMIT_XLS, "no table of the international migrant stock found")
        other = self.tmp / "other.xlsx"
        book = openpyxl.Workbook()
        book.active.append(["Hello", "world"])
        book.save(other)
        self.refused("undesa", other, "no table of the international migrant stock found")

    def test_a_renamed_sheet(self):
        copy = self.tmp / "remittances.xlsx"
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "Daten"
        sheet.append(["Country Name", "Country Code", "Indicator Name", "Indicator Code", "2020"])
        book.save(copy)
        self.refused("worldbank", copy, "no sheet 'Data' (found: Daten)")

    def test_text_in_a_number_cell_names_sheet_row_and_column(self):
        copy = self.tmp / "stock.xlsx"
        shutil.copy(UNDESA_2020, copy)
        book = openpyxl.load_workbook(copy)
        sheet = book["Table 1"]
        for row in sheet.iter_rows():
            if row[3].value == 686:  # Senegal's location code
                row[11].value = "about 275,000"
                senegal_row = row[0].row
        book.save(copy)
        self.refused(
            "undesa",
            copy,
            f"sheet 'Table 1', row {senegal_row}, column L "
            "(Senegal, 2020): 'about 275,000' is not a number",
        )

    def test_a_formula_in_a_name(self):
        copy = self.tmp / "unhcr.csv"
        with open(UNHCR, newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        rows[3][1] = '=HYPERLINK("http://example.org","Cameroon")'
        with open(copy, "w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows(rows)
        self.refused("unhcr", copy, "row 4, column 'coo_name': a spreadsheet formula")

    def test_a_truncated_csv(self):
        copy = self.tmp / "bilateral.csv"
        copy.write_text(
            BILATERAL.read_text(encoding="utf-8")[:5000].rsplit(",", 2)[0], encoding="utf-8"
        )
        self.refused("bilateral", copy, "columns where 9 are expected (is the file complete?)")

    def test_the_command_reports_and_refuses(self):
        with self.assertRaises(CommandError):
            call_command("import", "unhcr", str(WB_REMIT_XLS))


class HostileFilesTests(TestCase):
    """Files built to exhaust the memory of whoever reads them are refused while being
    read, naming the file, the sheet and the limit; nothing is written."""

    @classmethod
    def setUpTestData(cls):
        load_registry()

    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)

    def refused_by_the_command(self, kind, path, fragment):
        with self.assertRaises(CommandError) as caught:
            call_command("import", kind, str(path))
        self.assertIn(str(path), str(caught.exception))
        self.assertIn(fragment, str(caught.exception))
        self.assertEqual((Release.objects.count(), Observation.objects.count()), (0, 0))

    def test_a_workbook_declaring_the_whole_excel_grid_is_refused(self):
        path = self.tmp / "grid.xlsx"
        # Titled as a UN DESA table, so that the UN DESA reader reads it past its head.
        path.write_bytes(padded_xlsx(title="Table 1: International migrant stock by sex"))
        for kind in ("undesa", "worldbank"):
            self.refused_by_the_command(
                kind, path, "sheet 'Sheet1' has more rows than the limit of 200000; refused."
            )

    def test_an_old_excel_workbook_wider_than_the_limit_is_refused(self):
        book = xlwt.Workbook()
        sheet = book.add_sheet("Data")
        for c, text in enumerate(["Country Name", "Country Code", "1990", "2000", "2010"]):
            sheet.write(0, c, text)
        path = self.tmp / "remittances.xls"
        book.save(str(path))
        with self.settings(UPLOAD_MAX_COLUMNS=4):
            self.refused_by_the_command(
                "worldbank",
                path,
                "sheet 'Data', row 1 has more columns than the limit of 4; refused.",
            )

    def test_a_csv_longer_than_the_limit_is_refused(self):
        path = self.tmp / "unhcr.csv"
        with open(path, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(["year", "coo_iso", "coa_iso", "refugees", "asylum_seekers"])
            writer.writerows([[2020, "SEN", "MLI", i, 0] for i in range(20)])
        with self.settings(UPLOAD_MAX_ROWS=10):
            self.refused_by_the_command(
                "unhcr", path, "file 'unhcr.csv' has more rows than the limit of 10; refused."
            )
