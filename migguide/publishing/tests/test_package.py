"""The open data as programs and spreadsheets read it: a Frictionless Data Package that
`frictionless validate` accepts (types, keys, foreign keys, licences), CSV on the Web
metadata for the same files, CSV for spreadsheets with a byte-order mark and formulas
neutralised, CSV for programs unaltered, licences consistent per row and per resource."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

import frictionless
from django.test import Client

from migguide.indicators.catalogue import load_catalogue
from migguide.indicators.models import Observation, Release
from migguide.publishing import package

from .test_portal import PortalTestCase


class PackageTests(PortalTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        indicators = load_catalogue()
        release = Release.objects.create(
            kind=Release.Kind.UNDESA,
            publisher="UN DESA Population Division",
            edition="International Migrant Stock 2024",
            licence="CC BY 3.0 IGO",
        )
        for year, value, sex in ((2020, 274_929, ""), (2020, 129_338, "female")):
            Observation.objects.create(
                release=release,
                indicator=indicators["MIG_STOCK_IN"],
                country=cls.senegal,
                year=year,
                value=value,
                sex=sex,
            )

    def folder(self) -> Path:
        out = Path(tempfile.mkdtemp())
        client = Client()
        for name in package.PACKAGE_FILES:
            response = client.get(f"/data/package/{name}")
            self.assertEqual(response.status_code, 200, name)
            (out / name).write_bytes(response.content)
        return out

    def test_frictionless_validates_the_data_package(self):
        out = self.folder()
        report = frictionless.validate(str(out / "datapackage.json"))
        self.assertTrue(report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"]))
        data = json.loads((out / "datapackage.json").read_text())
        statistics = next(r for r in data["resources"] if r["name"] == "statistics")
        self.assertEqual([x["title"] for x in statistics["licenses"]], ["CC BY 3.0 IGO"])
        unit = next(f for f in statistics["schema"]["fields"] if f["name"] == "unit")
        self.assertIn("persons", unit["constraints"]["enum"])

    def test_a_broken_foreign_key_is_caught_by_the_validator(self):
        out = self.folder()
        rows = (out / "sources.csv").read_text().splitlines()
        (out / "sources.csv").write_text("\n".join([rows[0], "ZZZ" + rows[1][3:], *rows[2:]]))
        report = frictionless.validate(str(out / "datapackage.json"))
        self.assertFalse(report.valid)
        self.assertIn("foreign-key", str(report.flatten(["type"])))

    def test_csvw_metadata_describes_every_file_and_column(self):
        out = self.folder()
        meta = json.loads((out / "csv-metadata.json").read_text())
        self.assertIn("http://www.w3.org/ns/csvw", meta["@context"])
        for table in meta["tables"]:
            header = (out / table["url"]).read_text().splitlines()[0].split(",")
            names = [c["name"] for c in table["tableSchema"]["columns"]]
            self.assertEqual(names, header, table["url"])

    def test_spreadsheet_csv_has_a_bom_and_no_formula_the_program_csv_is_unaltered(self):
        client = Client()
        sheet = client.get("/data/sources.csv").content.decode("utf-8")
        self.assertTrue(sheet.startswith("\ufeff"))
        titles = {r["title"] for r in csv.DictReader(io.StringIO(sheet.lstrip("\ufeff")))}
        self.assertIn("'\t=1+1", titles)  # a tab before a formula: neutralised
        self.assertFalse(any(t.startswith(("=", "+", "@", "\t")) for t in titles))
        program = client.get("/data/package/sources.csv").content.decode("utf-8")
        self.assertFalse(program.startswith("\ufeff"))
        raw = {r["title"] for r in csv.DictReader(io.StringIO(program))}
        self.assertIn("\t=1+1", raw)  # as published: pandas and R read the value itself

    def test_statistics_json_states_the_licences_of_its_rows(self):
        data = Client().get("/data/statistics.json").json()
        self.assertNotIn("licence", data)
        self.assertEqual(data["licences"], sorted({r["licence"] for r in data["rows"]}))
        self.assertEqual({r["unit"] for r in data["rows"]}, {"persons"})
