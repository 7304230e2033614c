"""The public portal, live and as a static export: what it shows comes from published
editions only; no unconsented contact detail and no draft ever reaches it; the open
data reads back (CSV, JSON, DCAT-AP through rdflib)."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
import tempfile
import warnings
from pathlib import Path

import docx
import pypdf
import rdflib
from django.core.management import call_command
from django.test import Client
from rdflib.namespace import DCAT, DCTERMS, RDF

from migguide.access.models import Access
from migguide.dossier import models as m
from migguide.editions.models import Edition
from migguide.editions.publishing import mark_ready, publish
from migguide.indicators.views import bundle_url
from migguide.publishing.mapdata import load_map
from migguide.publishing.portal import countries_of_the_dialogue
from migguide.publishing.site import build_site
from migguide.testing import CastTestCase, translate_all

PAGES = ["/{lang}/", "/{lang}/across/", "/{lang}/data/", "/{lang}/search/?q=census"]


class PortalTestCase(CastTestCase):
    """Senegal's edition 1 is published; then its dossier changes (not published).
    Mali's edition is in review: nothing of it may show."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        m.Contact.objects.create(
            dossier=cls.dossier,
            institution=m.Institution.objects.get(dossier=cls.dossier),
            name="Consenting Person",
            email="consents@example.org",
            phone="+221 33 000 00 01",
            consent_to_publish=True,
            consent_recorded_on=datetime.date(2026, 1, 5),
        )
        m.Contact.objects.filter(dossier=cls.dossier, name__startswith="Person").update(
            phone="+221 77 999 99 99"
        )
        m.Source.objects.create(
            dossier=cls.dossier,
            title='=HYPERLINK("http://example.org","click")',
            url="javascript:alert(1)",
            kind="survey",
            collector=m.Institution.objects.get(dossier=cls.dossier),
        )
        m.Source.objects.create(  # a formula behind a tab: spreadsheets skip it and run it
            dossier=cls.dossier,
            title="\t=1+1",
            kind="survey",
            collector=m.Institution.objects.get(dossier=cls.dossier),
        )
        cls.edition = cls.endorsed_edition()
        mali = Access.of(cls.staff, cls.mali)
        cls.mali_edition = Edition.start(access=mali, languages=["fr"])
        cls.mali_edition.submit(access=mali)

    @classmethod
    def endorsed_edition(cls) -> Edition:
        """A new edition of Senegal in French and English, frozen and endorsed."""
        sen = Access.of(cls.coordinator, cls.senegal)
        translate_all(m.Dossier.objects.get(country=cls.senegal), "en")
        edition = Edition.start(access=sen, languages=["fr", "en"])
        edition.submit(access=sen)
        edition.approve(access=Access.of(cls.reviewer, cls.senegal), sha256=edition.sha256)
        mark_ready(edition, access=sen)
        edition.endorse(
            access=Access.of(cls.endorser, cls.senegal),
            sha256=edition.sha256,
            name="Mamadou Diagne",
            position="DG",
            date=datetime.date(2026, 11, 20),
            statement="",
        )
        return edition

    def setUp(self):
        # Publication writes files: into this test's own folder (see conftest).
        publish(
            Edition.objects.get(pk=self.edition.pk),
            access=Access.of(self.coordinator, self.senegal),
        )
        m.Source.objects.filter(dossier=self.dossier, title__startswith="Census").update(
            title="Census UNPUBLISHED-CHANGE"
        )

    def forbidden(self) -> list[str]:
        """Texts that must never appear in public: Mali's draft, Senegal's unpublished
        change, and the contact details given without consent."""
        return [
            "SECRET-MLI",
            "UNPUBLISHED-CHANGE",
            "SECRET-SEN@example.org",
            "+221 77 999 99 99",
            "Person SECRET-SEN",
        ]


class LivePortalTests(PortalTestCase):
    def test_every_page_in_both_languages_shows_only_what_is_published(self):
        client = Client()
        urls = [p.format(lang=lang) for lang in ("en", "fr") for p in PAGES]
        urls += [f"/{lang}/countries/{c}/" for lang in ("en", "fr") for c in ("sen", "mli", "cpv")]
        for url in urls:
            r = client.get(url)
            self.assertEqual(r.status_code, 200, url)
            for text in self.forbidden():
                self.assertNotContains(r, text, msg_prefix=url)
        r = client.get("/fr/countries/sen/")
        self.assertContains(r, "Census SECRET-SEN")  # as published
        self.assertContains(r, "Mamadou Diagne")
        self.assertContains(r, 'lang="fr"')
        self.assertContains(r, "/published/SEN/1/guide-sen-fr-edition-1.pdf")
        self.assertNotContains(r, 'href="javascript:')  # an address, not a script
        r = client.get("/en/countries/mli/")
        self.assertContains(r, "No guide has been published")

    def test_a_french_page_speaks_french_whatever_the_browser_asks(self):
        """The search's type labels and the membership column were in the browser's
        language, computed before the page's language was switched on."""
        client = Client(headers={"accept-language": "en"})
        r = client.get("/fr/search/?q=census")
        self.assertContains(r, "source d’information")
        self.assertNotContains(r, ">information source<")
        r = client.get("/fr/across/")
        self.assertContains(r, '<td data-label="Statut au sein du dialogue">partenaire</td>')
        self.assertNotContains(r, "<td>partner</td>")

    def test_the_map_reaches_every_country_of_the_dialogue(self):
        r = Client().get("/en/")
        statuses = countries_of_the_dialogue("en")
        self.assertGreaterEqual(len(statuses), 50)
        shapes = load_map()
        for s in statuses:
            self.assertContains(r, f'data-iso3="{s.iso3}"', msg_prefix=s.iso3)
            self.assertTrue(s.iso3 in shapes["shapes"] or s.iso3 in shapes["centres"], s.iso3)
        for small in ("CPV", "GMB", "STP", "MLT"):  # a marker makes them clickable
            self.assertIn(small, shapes["centres"])
        self.assertContains(r, 'class="country status-published" data-iso3="SEN"')
        self.assertContains(r, 'class="country status-in-progress" data-iso3="MLI"')
        # Without JavaScript: a list of links below the map.
        self.assertContains(r, 'href="countries/sen/"')

    def test_the_map_colours_by_the_newest_international_figures(self):
        from migguide.indicators.importing import series
        from migguide.indicators.profile import load_demo_statistics

        load_demo_statistics()
        r = Client().get("/en/")
        layers = {layer["code"]: layer for layer in r.context["layers"]}
        self.assertIn("MIG_STOCK_IN", layers)
        for code, layer in layers.items():
            _release, points = series(self.senegal, code)
            year, value = points[-1]
            self.assertEqual(layer["values"]["SEN"], {"year": year, "value": value}, code)

    def test_open_data_reads_back(self):
        client = Client()
        r = client.get("/data/SEN/sources.csv")
        rows = list(csv.DictReader(io.StringIO(r.content.decode())))
        titles = {row["title"] for row in rows}
        self.assertIn("Census SECRET-SEN", titles)
        self.assertIn('\'=HYPERLINK("http://example.org","click")', titles)  # neutralised
        self.assertIn("'\t=1+1", titles)
        data = json.loads(client.get("/data/recommendations.json").content)
        self.assertEqual(data["licence"], "CC BY 4.0")
        self.assertEqual({row["country"] for row in data["rows"]}, {"SEN"})
        self.assertEqual(client.get("/data/MLI/sources.csv").status_code, 200)
        self.assertNotIn(b"SECRET-MLI", client.get("/data/MLI/sources.csv").content)

    def test_the_source_catalogue_is_dcat_ap(self):
        r = Client().get("/data/catalogue.jsonld")
        with warnings.catch_warnings():
            # rdflib's own JSON-LD reader still uses its deprecated ConjunctiveGraph.
            warnings.filterwarnings("ignore", "ConjunctiveGraph", DeprecationWarning)
            graph = rdflib.Graph().parse(data=r.content, format="json-ld")
        (catalogue,) = graph.subjects(RDF.type, DCAT.Catalog)
        for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.publisher):
            self.assertIsNotNone(graph.value(catalogue, prop), prop)
        datasets = [
            d
            for d in graph.objects(catalogue, DCAT.dataset)
            if "source-kinds" in str(graph.value(d, DCTERMS.type))
        ]
        self.assertEqual(len(datasets), m.Source.objects.filter(dossier=self.dossier).count())
        for dataset in datasets:
            self.assertIn((dataset, RDF.type, DCAT.Dataset), graph)
            for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.publisher):
                self.assertIsNotNone(graph.value(dataset, prop), (dataset, prop))
            self.assertIsNotNone(graph.value(dataset, DCAT.contactPoint))
        self.assertNotIn("SECRET-SEN@example.org", r.content.decode())

    def test_the_catalogue_names_datasets_at_the_configured_public_address(self):
        with self.settings(SITE_URL="https://migration.example.org"):
            text = Client().get("/data/catalogue.jsonld").content.decode()
        self.assertIn("https://migration.example.org/", text)
        self.assertNotIn("testserver", text)


def _texts(folder: Path):
    """Every file of the export as text: PDFs and DOCX read as a user's tools would."""
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        if path.suffix == ".pdf":
            reader = pypdf.PdfReader(path)
            yield path, " ".join(page.extract_text() for page in reader.pages)
        elif path.suffix == ".docx":
            document = docx.Document(path)
            texts = [p.text for p in document.paragraphs]
            texts += [c.text for t in document.tables for row in t.rows for c in row.cells]
            yield path, "\n".join(texts)
        else:
            yield path, path.read_bytes().decode("utf-8", errors="replace")


class StaticExportTests(PortalTestCase):
    def test_the_export_has_no_draft_and_no_unconsented_detail(self):
        out = Path(tempfile.mkdtemp()) / "site"
        report = build_site(out)
        self.assertGreater(report.files, 100)
        scanned = 0
        for path, text in _texts(out):
            scanned += 1
            for forbidden in self.forbidden():
                self.assertNotIn(forbidden, text, path)
        self.assertGreater(scanned, 100)
        pdf = out / "published/SEN/1/guide-sen-fr-edition-1.pdf"
        pdf_text = dict(_texts(pdf.parent))[pdf]
        self.assertIn("consents@example.org", pdf_text)  # consent recorded: published
        # Links are relative and name the files, so the folder works from disk.
        home = (out / "en/index.html").read_text()
        self.assertIn('href="countries/sen/index.html"', home)
        self.assertIn('href="../static/migguide/style.css"', home)
        self.assertNotRegex(home, r'(href|src)="/(?!/)')
        country = (out / "fr/countries/sen/index.html").read_text()
        self.assertIn('href="../../../published/SEN/1/guide-sen-fr-edition-1.pdf"', country)
        self.assertTrue((out / "published/SEN/1/guide-sen-fr-edition-1.pdf").is_file())
        self.assertTrue((out / bundle_url().lstrip("/")).is_file())
        self.assertTrue((out / "static/migguide/favicon.ico").is_file())

    def test_the_exported_catalogue_names_the_address_it_will_be_served_from(self):
        out = Path(tempfile.mkdtemp()) / "site"
        build_site(out, base_url="https://data.example.org/rabat")
        text = (out / "data/catalogue.jsonld").read_text()
        self.assertIn('"https://data.example.org/rabat/', text)
        self.assertNotIn("testserver", text)
        self.assertNotIn("localhost", text)

    def test_a_rebuild_rewrites_only_what_changed(self):
        out = Path(tempfile.mkdtemp()) / "site"
        build_site(out)
        again = build_site(out)
        self.assertEqual(again.written, 0, again.written_paths)
        # A second edition of Senegal is published: its pages change, Mali's do not.
        publish(self.endorsed_edition(), access=Access.of(self.coordinator, self.senegal))
        after = build_site(out)
        written = set(after.written_paths)
        self.assertIn("fr/countries/sen/index.html", written)
        self.assertIn("published/SEN/2/guide-sen-fr-edition-2.pdf", written)
        self.assertNotIn("fr/countries/mli/index.html", written)
        self.assertFalse(any("countries/cpv" in p for p in written))
        self.assertIn("UNPUBLISHED-CHANGE", (out / "fr/countries/sen/index.html").read_text())

    def test_the_command(self):
        out = Path(tempfile.mkdtemp()) / "site"
        stdout = io.StringIO()
        call_command("site", "build", "--out", str(out), stdout=stdout)
        self.assertRegex(stdout.getvalue(), re.compile(r"\d+ files — \d+ written"))
