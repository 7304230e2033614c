"""The statistics in SDMX: the sdmx1 library (what statistical offices' Python tools
use) reads the SDMX-ML 2.1 structure and data back with the same values; SDMX-CSV for
people opens in a spreadsheet with codes and labels."""

from __future__ import annotations

import csv
import io

import sdmx as sdmx1
from django.test import Client

from migguide.countries.models import Country
from migguide.indicators.catalogue import load_catalogue
from migguide.indicators.models import Observation, Release

from .test_portal import PortalTestCase


class SdmxTests(PortalTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        indicators = load_catalogue()
        old = Release.objects.create(
            kind=Release.Kind.UNDESA,
            publisher="UN DESA Population Division",
            edition="International Migrant Stock 2020",
        )
        new = Release.objects.create(
            kind=Release.Kind.UNDESA,
            publisher="UN DESA Population Division",
            edition="International Migrant Stock 2024",
        )
        bank = Release.objects.create(
            kind=Release.Kind.WORLDBANK, publisher="World Bank", edition="WDI 2025"
        )
        for release, year, value, sex in (
            (old, 2020, 270_000, ""),
            (new, 2020, 274_929, ""),
            (new, 2020, 129_338, "female"),
            (new, 2024, 290_100, ""),
        ):
            Observation.objects.create(
                release=release,
                indicator=indicators["MIG_STOCK_IN"],
                country=cls.senegal,
                year=year,
                value=value,
                sex=sex,
            )
        Observation.objects.create(
            release=bank,
            indicator=indicators["REMIT_IN_PCT_GDP"],
            country=cls.senegal,
            year=2023,
            value=9.25,
        )
        Observation.objects.create(
            release=new,
            indicator=indicators["MIG_STOCK_OUT"],
            country=cls.senegal,
            partner=Country.objects.get(iso3="FRA"),
            year=2024,
            value=125_000,
        )

    def read(self):
        client = Client()
        structure = sdmx1.read_sdmx(
            io.BytesIO(client.get("/data/statistics-structure.xml").content)
        )
        dsd = structure.structure["DSD_MIGRATION"]
        data = sdmx1.read_sdmx(
            io.BytesIO(client.get("/data/statistics-sdmx.xml").content), structure=dsd
        )
        return structure, dsd, data

    def test_the_structure_reads_back_with_m49_areas_and_sdg_names(self):
        structure, dsd, _data = self.read()
        self.assertEqual(
            [d.id for d in dsd.dimensions.components],
            ["FREQ", "SERIES", "REF_AREA", "SEX", "COUNTERPART_AREA", "TIME_PERIOD"],
        )
        areas = structure.codelist["CL_AREA"]
        self.assertEqual(str(areas["686"].name["en"]), "Senegal")
        self.assertEqual(str(areas["686"].name["fr"]), "Sénégal")
        self.assertIn("BX_TRF_PWKR", structure.codelist["CL_SERIES"])  # the SDG series
        self.assertEqual(sorted(structure.codelist["CL_SEX"].items), ["F", "M", "_T"])

    def test_the_data_reads_back_with_the_same_values_newest_release_only(self):
        _structure, _dsd, data = self.read()
        values = {}
        for series_key, observations in data.data[0].series.items():
            key = {k: v.value for k, v in series_key.values.items()}
            attributes = {k: v.value for k, v in series_key.attrib.items()}
            for obs in observations:
                values[
                    (
                        key["SERIES"],
                        key["SEX"],
                        key["COUNTERPART_AREA"],
                        obs.dim.values["TIME_PERIOD"].value,
                    )
                ] = (float(obs.value), attributes["UNIT_MEASURE"], attributes["SOURCE_DETAIL"])
        self.assertEqual(
            values[("MIG_STOCK_IN", "_T", "_Z", "2020")],
            (274929.0, "NUMBER", "UN DESA Population Division, International Migrant Stock 2024"),
        )
        self.assertEqual(values[("MIG_STOCK_IN", "F", "_Z", "2020")][0], 129338.0)
        self.assertEqual(values[("BX_TRF_PWKR", "_T", "_Z", "2023")][:2], (9.25, "PERCENT"))
        self.assertEqual(values[("MIG_STOCK_OUT", "_T", "250", "2024")][0], 125000.0)
        self.assertEqual(len(values), 5)  # the 2020 edition's figure is not repeated

    def test_sdmx_csv_opens_in_a_spreadsheet_with_codes_and_labels(self):
        content = Client().get("/data/statistics-sdmx.csv").content.decode("utf-8")
        self.assertTrue(content.startswith("\ufeff"))  # Excel reads it as UTF-8
        rows = list(csv.DictReader(io.StringIO(content.lstrip("\ufeff"))))
        first = rows[0]
        self.assertEqual(first["DATAFLOW: Dataflow"], "MIGGUIDE:DF_MIGRATION(1.0)")
        self.assertIn("686: Senegal", {r["REF_AREA: Reference area"] for r in rows})
        self.assertEqual(len(rows), 5)
