"""The demonstration dossiers in several languages: Senegal written in French and
translated into English (one translation outdated on purpose), Cabo Verde written in
Portuguese and translated into English and French — each read back as a reader of the
guide would, through the snapshot in a language."""

import re
from collections import Counter

from django.test import TestCase

from migguide.countries.registry import load_registry
from migguide.demo.dossier import DOSSIERS, demo_dossier, load_demo_dossier
from migguide.dossier import exchange
from migguide.dossier import models as m
from migguide.dossier.models import DOSSIER_KEY
from migguide.dossier.snapshot import Snapshot
from migguide.dossier.translation import CURRENT, MISSING, OUTDATED, TRANSLATABLE, units

# Short words that only (or nearly only) one language uses, to tell which language a
# text is in.
FUNCTION_WORDS = {
    "fr": {"le", "la", "les", "des", "du", "une", "est", "sont", "pour", "dans"},
    "en": {"the", "of", "and", "is", "are", "for", "in"},
    "pt": {"da", "do", "dos", "das", "em", "para", "uma", "são", "não"},
}


def texts(snapshot: Snapshot) -> list[str]:
    """Every translatable text of a snapshot, as the guide reads it."""
    found = [snapshot.situation, snapshot.framework]
    for part, fields in TRANSLATABLE.items():
        if part == DOSSIER_KEY:
            continue
        for entry in getattr(snapshot, part):
            found += [getattr(entry, name) or "" for name in fields]
    return found


def words_of(snapshot: Snapshot) -> Counter:
    """How many function words of each language the snapshot's texts hold."""
    words = re.findall(r"[^\W\d_]+", " ".join(texts(snapshot)).lower())
    return Counter(
        {language: sum(w in known for w in words) for language, known in FUNCTION_WORDS.items()}
    )


class DemoTranslationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_registry()

    def test_senegal_has_every_required_english_text_and_one_outdated_on_purpose(self):
        found = units(demo_dossier("SEN"), "en")
        missing = [u.key for u in found if u.state == MISSING and not u.optional]
        outdated = [u for u in found if u.state == OUTDATED]
        self.assertEqual(missing, [])
        self.assertEqual(len(outdated), 1)
        # The one the demonstration's README names.
        self.assertEqual((outdated[0].part, outdated[0].field), ("challenges", "description"))
        self.assertIn("plusieurs mois de retard", outdated[0].source)
        self.assertNotIn("plusieurs mois", outdated[0].translated_from)
        self.assertGreater(len(found), 300)

    def test_senegal_gives_customary_english_names_of_institutions(self):
        given = demo_dossier("SEN")["translations"]["en"]
        ansd = next(i for i in demo_dossier("SEN")["institutions"] if i["acronym"] == "ANSD")
        self.assertEqual(
            given[ansd["id"]]["name"]["text"], "National Agency of Statistics and Demography"
        )

    def test_cabo_verde_is_written_in_portuguese_and_translated_into_english_and_french(self):
        data = demo_dossier("CPV")
        self.assertEqual(data["dossier"]["languages"], ["pt", "en", "fr"])
        self.assertTrue(data["dossier"]["is_demo"])
        for language in ("en", "fr"):
            with self.subTest(language=language):
                found = units(data, language)
                self.assertGreater(len(found), 150)
                self.assertEqual([u.key for u in found if u.state != CURRENT], [])

    def test_cabo_verde_has_about_a_dozen_sources_and_consent_for_the_coordinator_only_given(
        self,
    ):
        data = demo_dossier("CPV")
        self.assertTrue(10 <= len(data["sources"]) <= 15)
        self.assertGreaterEqual(len({a for s in data["sources"] for a in s["areas"]}), 6)
        contacts = {c["id"]: c for c in data["contacts"]}
        coordinator = next(w for w in data["workgroup"] if w["is_coordinator"])
        self.assertTrue(contacts[coordinator["contact"]]["consent_to_publish"])
        self.assertTrue(contacts[coordinator["contact"]]["consent_recorded_on"])
        self.assertTrue(any(not c["consent_to_publish"] for c in contacts.values()))

    def test_each_file_is_what_the_exporter_writes_and_goes_through_import_unchanged(self):
        for iso3, path in DOSSIERS.items():
            with self.subTest(iso3=iso3):
                report = load_demo_dossier(iso3)
                self.assertIn(iso3, str(report))
                dossier = m.Dossier.objects.get(country__iso3=iso3)
                exported = exchange.dumps(exchange.export_dossier(dossier))
                self.assertEqual(exported, path.read_text(encoding="utf-8"))

    def test_the_english_texts_of_senegal_read_in_english(self):
        load_demo_dossier("SEN")
        snapshot = Snapshot.of(m.Dossier.objects.get(country__iso3="SEN"))
        french, english = words_of(snapshot), words_of(snapshot.in_language("en"))
        # As written, French; in English, English by a wide margin (the outdated
        # challenge stays in French, marked).
        self.assertGreater(french["fr"], 5 * french["en"])
        self.assertGreater(english["en"], 10 * english["fr"])
        untranslated = snapshot.in_language("en").untranslated
        self.assertEqual(list(untranslated.values()), [OUTDATED])

    def test_the_english_and_french_texts_of_cabo_verde_read_in_those_languages(self):
        load_demo_dossier("CPV")
        snapshot = Snapshot.of(m.Dossier.objects.get(country__iso3="CPV"))
        portuguese = words_of(snapshot)
        self.assertGreater(portuguese["pt"], 5 * (portuguese["en"] + portuguese["fr"]))
        for language, others in (("en", ("pt", "fr")), ("fr", ("pt", "en"))):
            with self.subTest(language=language):
                translated = snapshot.in_language(language)
                self.assertEqual(translated.untranslated, {})
                counts = words_of(translated)
                self.assertGreater(counts[language], 10 * sum(counts[o] for o in others))
