"""The read API for systems: only what the portal shows, paginated, conditional
(ETag, Last-Modified), open to any origin, a bounded number of queries, and described
by an OpenAPI 3.1 document the official validator accepts and every answer matches."""

from __future__ import annotations

import jsonschema
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openapi_spec_validator import validate as validate_spec

from migguide.countries.models import Membership
from migguide.indicators.catalogue import load_catalogue
from migguide.indicators.models import Observation, Release

from .test_portal import PortalTestCase


class ApiTests(PortalTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        release = Release.objects.create(
            kind=Release.Kind.UNDESA,
            publisher="UN DESA Population Division",
            edition="International Migrant Stock 2024",
            licence="CC BY 3.0 IGO",
        )
        indicator = load_catalogue()["MIG_STOCK_IN"]
        for year, value in ((2015, 250_000), (2020, 274_929)):
            Observation.objects.create(
                release=release, indicator=indicator, country=cls.senegal, year=year, value=value
            )

    def setUp(self):
        super().setUp()
        self.client = Client()
        self.spec = self.client.get("/api/v1/openapi.json").json()

    def get(self, url, **headers):
        response = self.client.get(url, headers=headers)
        self.assertEqual(response["Access-Control-Allow-Origin"], "*")
        return response

    def matches(self, item, schema):
        jsonschema.validate(item, self.spec["components"]["schemas"][schema])

    def test_the_description_is_valid_openapi_3_1(self):
        validate_spec(self.spec)
        self.assertEqual(self.spec["openapi"], "3.1.0")
        index = self.get("/api/v1/").json()
        self.assertTrue(index["openapi"].endswith("/api/v1/openapi.json"))

    def test_countries_are_paginated_and_match_their_schema(self):
        first = self.get("/api/v1/countries/?page_size=1").json()
        self.assertEqual(len(first["results"]), 1)
        self.assertGreater(first["count"], 1)
        self.assertIn("page=2", first["next"])
        self.assertIsNone(first["previous"])
        for item in self.get("/api/v1/countries/?page_size=1000").json()["results"]:
            self.matches(item, "Country")
        senegal = self.get("/api/v1/countries/sen/").json()
        self.assertEqual((senegal["status"], senegal["edition"]), ("published", 1))
        french = self.get("/api/v1/countries/sen/?lang=fr").json()
        self.assertEqual(french["name"], "Sénégal")
        self.assertEqual(self.get("/api/v1/countries/zzz/").status_code, 404)

    def test_bad_parameters_are_answered_with_a_readable_error(self):
        for query in ("page=0", "page_size=5000", "page=x", "lang=xx"):
            response = self.get(f"/api/v1/sources/?{query}")
            self.assertEqual(response.status_code, 400, query)
            self.assertTrue(response.json()["error"])

    def test_only_published_editions_and_their_content_are_shown(self):
        editions = self.get("/api/v1/editions/").json()["results"]
        self.assertEqual([(e["country"], e["number"]) for e in editions], [("SEN", 1)])
        for url in (f["url"] for f in editions[0]["files"]):
            response = self.client.get("/" + url.split("://", 1)[1].split("/", 1)[1])
            self.assertEqual(response.status_code, 200, url)
            # The file is closed by hand: response.close() would fire request_finished,
            # which closes the database connection in the middle of the test.
            for closer in response._resource_closers:
                closer()
        sources = self.get("/api/v1/sources/?page_size=1000").json()
        # One row per source and language of the edition (open data's language column).
        frozen = self.edition.frozen.sources
        self.assertEqual(sources["count"], len(frozen) * len(self.edition.languages))
        text = str(sources) + str(self.get("/api/v1/recommendations/").json())
        for forbidden in self.forbidden():
            self.assertNotIn(forbidden, text)
        for item in sources["results"]:
            self.matches(item, "Source")

    def test_editions_come_twenty_to_a_page_as_the_description_says(self):
        page = self.get("/api/v1/editions/").json()
        declared = self.spec["paths"]["/editions/"]["get"]["parameters"][1]["$ref"]
        size = self.spec["components"]["parameters"][declared.rsplit("/", 1)[1]]
        self.assertEqual(size["name"], "page_size")
        self.assertEqual(page["page_size"], size["schema"]["default"])
        self.assertEqual(page["page_size"], 20)
        self.assertEqual(self.get("/api/v1/editions/?page_size=100").json()["page_size"], 100)

    def test_the_countries_kept_between_requests_follow_a_change_of_membership(self):
        def count():
            return self.get("/api/v1/countries/?page_size=1000").json()["count"]

        before = count()
        leaving = Membership.objects.filter(country=self.mali).current().active()
        self.assertTrue(leaving.exists())
        leaving.update(status=Membership.Status.FORMER)
        # Kept as long as the cache keeps their token (an hour, or until a publication).
        self.assertEqual(count(), before)
        cache.clear()
        self.assertEqual(count(), before - 1)

    def test_statistics_carry_their_unit_and_can_be_filtered(self):
        found = self.get("/api/v1/statistics/?country=SEN&indicator=mig_stock_in&year=2020")
        rows = found.json()["results"]
        self.assertEqual(
            [(r["year"], r["value"], r["unit"]) for r in rows], [(2020, 274929.0, "persons")]
        )
        self.matches(rows[0], "Observation")
        self.assertEqual(self.get("/api/v1/statistics/?year=twenty").status_code, 400)

    def test_a_harvester_asking_again_gets_not_modified(self):
        first = self.get("/api/v1/sources/")
        self.assertTrue(first["ETag"] and first["Last-Modified"])
        again = self.get("/api/v1/sources/", If_None_Match=first["ETag"])
        self.assertEqual(again.status_code, 304)
        since = self.get("/api/v1/sources/", If_Modified_Since=first["Last-Modified"])
        self.assertEqual(since.status_code, 304)
        other = self.get("/api/v1/sources/?page_size=5", If_None_Match=first["ETag"])
        self.assertEqual(other.status_code, 200)

    def test_lists_read_a_bounded_number_of_queries(self):
        for url in (
            "/api/v1/countries/",
            "/api/v1/editions/",
            "/api/v1/sources/",
            "/api/v1/recommendations/",
            "/api/v1/statistics/",
        ):
            self.get(url)  # rows of an edition are cached after the first reading
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.get(url).status_code, 200)
            self.assertLessEqual(len(queries), 12, (url, [q["sql"] for q in queries]))
