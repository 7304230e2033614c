"""Every public output in the reader's language: the portal's country page and its
search, the open data and the SOM synthesis read an edition's texts translated into the
reader's language when the edition has it, as written otherwise."""

from __future__ import annotations

import csv
import io
import json
import warnings

import rdflib
from django.test import Client
from django.utils import translation
from rdflib.namespace import DCAT, DCTERMS

from migguide.activity import som
from migguide.countries.models import Dialogue
from migguide.dossier import models as m
from migguide.editions.models import Edition, make_snapshot, snapshot_hash
from migguide.publishing import portal
from migguide.testing import CastTestCase


class PublicLanguageTests(CastTestCase):
    """Senegal's dossier is written in French and translated into English; its
    published edition 1 is in both. A source title and a challenge's corrective action
    are translated; the source's description is translated from an older text
    (outdated), so it stays in French in English."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.dossier.languages = ["fr", "en"]
        cls.dossier.save()
        source = m.Source.objects.get(dossier=cls.dossier)
        source.description = "Recensement général de la population"
        source.save()
        challenge = m.Challenge.objects.get(dossier=cls.dossier)
        challenge.corrective_actions = "Former les agents"
        challenge.save()
        for uid, name, text, made_from in (
            (source.uid, "title", "Census in English", "Census SECRET-SEN"),
            (source.uid, "description", "Old description", "Une ancienne description"),
            (challenge.uid, "corrective_actions", "Train the staff", "Former les agents"),
        ):
            m.Translation.objects.create(
                dossier=cls.dossier,
                entry_uid=str(uid),
                field=name,
                language="en",
                text=text,
                source_text=made_from,
            )
        snapshot = make_snapshot(cls.dossier, ["fr", "en"])
        cls.edition = Edition.objects.create(
            country=cls.senegal,
            number=1,
            languages=["fr", "en"],
            state=Edition.State.PUBLISHED,
            snapshot=snapshot,
            sha256=snapshot_hash(snapshot),
        )

    def test_the_country_page_reads_in_the_readers_language(self):
        english = Client().get("/en/countries/sen/")
        self.assertContains(english, '<th scope="row">Census in English</th>', html=False)
        # Not translated: shown as written, marked as French for screen readers.
        self.assertRegex(
            english.content.decode(), r'<td[^>]* lang="fr"[^>]*>Recommendation SECRET-SEN</td>'
        )
        french = Client().get("/fr/countries/sen/")
        self.assertContains(french, "Census SECRET-SEN")
        self.assertNotContains(french, "Census in English")
        self.assertNotContains(french, 'lang="fr">Recommendation')

    def test_the_search_finds_and_shows_the_texts_of_the_readers_language(self):
        found = Client().get("/en/search/", {"q": "census in english"})
        self.assertContains(found, "Census in English")
        self.assertNotContains(Client().get("/fr/search/", {"q": "english"}), "Census in English")
        script = Client().get("/en/search/index.js").content.decode()
        self.assertIn("Census in English", script)
        self.assertIn("Recensement général de la population", script)  # outdated: as written
        self.assertNotIn("Old description", script)

    def test_a_language_the_edition_lacks_shows_the_texts_as_written(self):
        french_only = Edition(languages=["fr"], snapshot=self.edition.snapshot)
        self.assertEqual(portal.shown_language(french_only, "en"), "fr")
        titles = [s.title for s in portal.public_snapshot(french_only, "en").sources]
        self.assertIn("Census SECRET-SEN", titles)
        self.assertNotIn("Census in English", titles)

    def test_open_data_has_a_row_per_language_of_the_edition(self):
        rows = list(
            csv.DictReader(io.StringIO(Client().get("/data/SEN/sources.csv").content.decode()))
        )
        by_language = {(r["language"], r["title"]) for r in rows}
        self.assertIn(("fr", "Census SECRET-SEN"), by_language)
        self.assertIn(("en", "Census in English"), by_language)
        self.assertEqual(len(rows), 2 * m.Source.objects.filter(dossier=self.dossier).count())
        data = json.loads(Client().get("/data/recommendations.json").content)
        self.assertEqual({row["language"] for row in data["rows"]}, {"fr", "en"})
        labels = {r["language"]: r["theme"] for r in data["rows"]}
        for language in ("fr", "en"):
            with translation.override(language):
                self.assertEqual(labels[language], str(m.Recommendation.Theme("border").label))
        self.assertNotEqual(labels["fr"], labels["en"])

    def test_the_source_catalogue_tags_each_title_with_its_language(self):
        content = Client().get("/data/catalogue.jsonld").content
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "ConjunctiveGraph", DeprecationWarning)
            graph = rdflib.Graph().parse(data=content, format="json-ld")
        titles = {
            (t.language, str(t))
            for dataset in graph.subjects(predicate=DCAT.keyword)
            for t in graph.objects(dataset, DCTERMS.title)
        }
        self.assertIn(("en", "Census in English"), titles)
        self.assertIn(("fr", "Census SECRET-SEN"), titles)

    def test_the_som_synthesis_reads_in_the_reports_language(self):
        dialogue = Dialogue.objects.get(is_default=True)
        english = som.build(dialogue, "en")
        actions = [a for _c, _n, top in english.challenges for a, _count in top]
        self.assertEqual(actions, ["Train the staff"])
        french = som.build(dialogue, "fr")
        actions = [a for _c, _n, top in french.challenges for a, _count in top]
        self.assertEqual(actions, ["Former les agents"])
