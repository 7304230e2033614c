"""The open-data catalogue against the official DCAT-AP 3.0.0 SHACL shapes (as
ckanext-dcat tests its own output): no violation, the recommended properties filled
where the editions state the facts, and every IRI the catalogue mints resolving."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import rdflib
from django.conf import settings
from django.test import Client
from rdflib.namespace import DCTERMS, RDF, SKOS

from migguide.conftest import SHARED_DATA, require
from migguide.publishing.site import build_site

from .test_portal import PortalTestCase

# rdflib's DCAT namespace predates DCAT 3 (no DatasetSeries, inSeries): an open one.
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
SITE = settings.SITE_URL.rstrip("/")
SHAPES = SHARED_DATA.parent / "standards" / "dcat-ap-3.0.0"


def validate(path: Path, *extra: str) -> str:
    """The official validator's report on a catalogue; fails the test on a violation."""
    require((SHAPES / "validate.py").is_file(), f"the DCAT-AP shapes are not in {SHAPES}")
    run = subprocess.run(
        [sys.executable, str(SHAPES / "validate.py"), str(path), *extra],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return run.stdout + run.stderr


def graph_of(content: bytes) -> rdflib.Graph:
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "ConjunctiveGraph", DeprecationWarning)
        return rdflib.Graph().parse(data=content, format="json-ld")


class DcatConformanceTests(PortalTestCase):
    def test_the_catalogue_conforms_to_the_dcat_ap_3_shapes(self):
        with self.settings(SITE_URL="https://migration.example.org"):
            content = Client().get("/data/catalogue.jsonld").content
        path = Path(tempfile.mkdtemp()) / "catalogue.jsonld"
        path.write_bytes(content)
        report = validate(path)
        self.assertIn("0 result(s)", report, report)
        # The recommended properties: only what the editions cannot state is left — a
        # country's bounding box and centroid (the EU's authority table holds them), the
        # period of a source whose coverage names no year, and the format and licence of
        # a national source's own data (the collector's to state).
        recommended = validate(path, "--recommended")
        left = {
            line.split(" on ")[1].split(",")[0]
            for line in recommended.splitlines()
            if " Warning " in line or " Violation " in line
        }
        self.assertLessEqual(
            left, {"bbox", "centroid", "temporal", "format", "license"}, recommended
        )
        # … and every distribution of the portal's own files has them.
        graph = graph_of(content)
        for distribution in graph.subjects(RDF.type, DCAT.Distribution):
            if str(distribution).endswith("#access"):
                continue
            for prop in (DCTERMS.format, DCTERMS.license, DCAT.mediaType, DCAT.downloadURL):
                self.assertIsNotNone(graph.value(distribution, prop), (distribution, prop))

    def test_every_kind_of_source_is_a_concept_of_a_scheme_published_on_the_portal(self):
        client = Client()
        catalogue = graph_of(client.get("/data/catalogue.jsonld").content)
        scheme = client.get("/data/source-kinds.jsonld")
        self.assertEqual(scheme.status_code, 200)
        kinds = graph_of(scheme.content)
        concepts = set(kinds.subjects(RDF.type, SKOS.Concept))
        typed = [
            catalogue.value(d, DCTERMS.type)
            for d in catalogue.subjects(RDF.type, DCAT.Dataset)
            if catalogue.value(d, DCTERMS.type) is not None
        ]
        self.assertTrue(typed)
        for kind in typed:
            self.assertIn(kind, concepts)
            self.assertTrue(str(kind).startswith(f"{SITE}/data/source-kinds.jsonld#"))
        labels = {str(label) for label in kinds.objects(None, SKOS.prefLabel)}
        self.assertIn("recensement", {label.casefold() for label in labels})

    def test_the_guide_editions_form_a_series_whose_files_are_distributions(self):
        graph = graph_of(Client().get("/data/catalogue.jsonld").content)
        (series,) = graph.subjects(RDF.type, DCAT.DatasetSeries)
        members = list(graph.subjects(DCAT.inSeries, series))
        self.assertEqual(len(members), 1)
        downloads = {
            str(graph.value(d, DCAT.downloadURL))
            for d in graph.objects(members[0], DCAT.distribution)
        }
        self.assertIn(f"{SITE}/published/SEN/1/guide-sen-fr-edition-1.pdf", downloads)
        for url in downloads:
            response = Client().get(url.removeprefix(SITE))
            self.assertEqual(response.status_code, 200)
            # The file is closed by hand: response.close() would fire request_finished,
            # which closes the database connection in the middle of the test.
            for closer in response._resource_closers:
                closer()

    def test_the_static_export_conforms_too(self):
        out = Path(tempfile.mkdtemp()) / "site"
        build_site(out, base_url="https://data.example.org/")
        path = out / "data" / "catalogue.jsonld"
        self.assertIn("0 result(s)", validate(path))
        data = json.loads(path.read_text())
        kinds = json.loads((out / "data" / "source-kinds.jsonld").read_text())
        self.assertTrue(data["@graph"] and kinds["@graph"])
