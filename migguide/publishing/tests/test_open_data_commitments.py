"""The framework items a recommendation serves travel with it into the open data (CSV,
JSON, the data package, the API) as its published edition froze them — codes, and
titles in the row's language — never the live tags of the dossier."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

import frictionless
import jsonschema
from django.test import Client

from migguide.access.models import Access
from migguide.commitments import frameworks
from migguide.commitments.models import Item, Tag
from migguide.dossier import models as m
from migguide.editions.models import Edition
from migguide.editions.publishing import publish
from migguide.publishing import package as package_

from .test_portal import PortalTestCase

GCM11_FR = "Gérer les frontières de manière intégrée, sûre et coordonnée"


class OpenDataCommitmentsTests(PortalTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        frameworks.load()
        cls.rec = m.Recommendation.objects.get(dossier=cls.dossier)
        cls.gcm11 = Item.objects.get(code="GCM-11")
        cls.cap4 = Item.objects.get(code="CAP-4")

    def tag(self, *items):
        Tag.set_for_entry(dossier=self.dossier, uid=str(self.rec.uid), items=items)

    def publish_second_edition(self):
        edition = self.endorsed_edition()
        publish(
            Edition.objects.get(pk=edition.pk), access=Access.of(self.coordinator, self.senegal)
        )

    def csv_rows(self) -> list[dict]:
        content = Client().get("/data/recommendations.csv").content.decode("utf-8-sig")
        return [r for r in csv.DictReader(io.StringIO(content)) if r["id"] == str(self.rec.uid)]

    def test_live_tags_stay_out_of_the_open_data_until_an_edition_freezes_them(self):
        self.tag(self.gcm11)
        self.assertEqual({r["commitments"] for r in self.csv_rows()}, {""})
        self.publish_second_edition()
        rows = {r["language"]: r for r in self.csv_rows() if r["edition"] == "2"}
        self.assertEqual(rows["fr"]["commitments"], "GCM-11")
        self.assertEqual(rows["fr"]["commitment_titles"], GCM11_FR)
        self.assertEqual(
            rows["en"]["commitment_titles"], self.gcm11.title("en")
        )  # the row's language
        self.tag(self.cap4)  # the live dossier moves on; the published edition does not
        self.assertEqual(
            {r["commitments"] for r in self.csv_rows() if r["edition"] == "2"}, {"GCM-11"}
        )

    def test_the_json_file_and_the_api_give_codes_and_titles_matching_the_schema(self):
        self.tag(self.gcm11, self.cap4)
        self.publish_second_edition()
        client = Client()
        data = json.loads(client.get("/data/recommendations.json").content)
        fr = next(
            r
            for r in data["rows"]
            if r["id"] == str(self.rec.uid) and r["language"] == "fr" and r["edition"] == 2
        )
        self.assertEqual(fr["commitments"], "CAP-4 GCM-11")
        self.assertEqual(fr["commitment_titles"].split(" | "), [self.cap4.title("fr"), GCM11_FR])
        spec = client.get("/api/v1/openapi.json").json()
        schema = spec["components"]["schemas"]["Recommendation"]
        self.assertIn("framework items", schema["properties"]["commitments"]["description"])
        results = client.get("/api/v1/recommendations/?page_size=1000").json()["results"]
        tagged = [r for r in results if r["commitments"]]
        self.assertEqual({r["commitments"] for r in tagged}, {"CAP-4 GCM-11"})
        for row in results:
            jsonschema.validate(row, schema)

    def test_the_data_package_describes_the_commitment_columns_and_validates(self):
        self.tag(self.gcm11, self.cap4)
        self.publish_second_edition()
        client = Client()
        meta = client.get("/data/package/csv-metadata.json").json()
        table = next(t for t in meta["tables"] if t["url"] == "recommendations.csv")
        columns = {c["name"]: c for c in table["tableSchema"]["columns"]}
        self.assertEqual(columns["commitments"]["separator"], " ")
        self.assertEqual(columns["commitment_titles"]["separator"], " | ")
        package = client.get("/data/package/datapackage.json").json()
        resource = next(r for r in package["resources"] if r["name"] == "recommendations")
        names = [f["name"] for f in resource["schema"]["fields"]]
        self.assertIn("commitments", names)
        content = client.get("/data/package/recommendations.csv").content.decode()
        rows = list(csv.DictReader(io.StringIO(content)))
        self.assertEqual(list(rows[0]), names)
        self.assertIn("CAP-4 GCM-11", {r["commitments"] for r in rows})
        out = Path(tempfile.mkdtemp())
        for name in package_.PACKAGE_FILES:
            (out / name).write_bytes(client.get(f"/data/package/{name}").content)
        report = frictionless.validate(str(out / "datapackage.json"))
        self.assertTrue(report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"]))
