"""Translations of the dossier's texts: their state, and their journey through the
dossier export and import."""

import copy

from django.test import TestCase

from migguide.countries.models import Country
from migguide.countries.registry import load_registry
from migguide.dossier import exchange
from migguide.dossier import models as m
from migguide.dossier.translation import CURRENT, MISSING, OUTDATED, progress, units
from migguide.files.problems import ImportRefused
from migguide.testing import small_dossier


class TranslationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_registry()

    def setUp(self):
        self.dossier = small_dossier(Country.objects.get(iso3="SEN"), "sn")
        self.dossier.languages = ["fr", "en"]
        self.dossier.save()
        self.source = m.Source.objects.get(dossier=self.dossier)

    def translate(self, uid, field, text, source):
        return m.Translation.objects.create(
            dossier=self.dossier,
            entry_uid=uid,
            field=field,
            language="en",
            text=text,
            source_text=source,
        )

    def state(self, data, uid, field):
        return next(u for u in units(data, "en") if u.uid == uid and u.field == field).state

    def test_a_translation_is_current_until_its_main_text_changes_then_outdated(self):
        uid = str(self.source.uid)
        self.translate(uid, "title", "Census sn (en)", "Census sn")
        data = exchange.export_dossier(self.dossier)
        self.assertEqual(self.state(data, uid, "title"), CURRENT)
        self.source.title = "Census sn, 2023 round"
        self.source.save()
        data = exchange.export_dossier(self.dossier)
        self.assertEqual(self.state(data, uid, "title"), OUTDATED)
        self.assertEqual(self.state(data, "dossier", "situation"), MISSING)

    def test_progress_counts_required_texts_only(self):
        data = exchange.export_dossier(self.dossier)
        done, total = progress(data, "en")
        names = {u.field for u in units(data, "en") if u.optional}
        self.assertIn("name", names)  # an institution's name stays as written
        self.assertEqual(done, 0)
        self.translate("dossier", "situation", "Situation sn (en)", "Situation sn")
        data = exchange.export_dossier(self.dossier)
        self.assertEqual(progress(data, "en"), (1, total))

    def test_translations_survive_export_and_import_byte_for_byte(self):
        self.translate(str(self.source.uid), "title", "Census sn (en)", "Census sn")
        self.translate("dossier", "situation", "Situation (en)", "Situation sn")
        first = exchange.dumps(exchange.export_dossier(self.dossier))
        exchange.import_dossier(exchange.export_dossier(self.dossier), replace=True)
        self.assertEqual(exchange.dumps(exchange.export_dossier(self.dossier)), first)
        self.assertEqual(m.Translation.objects.filter(dossier=self.dossier).count(), 2)

    def test_the_translations_of_a_deleted_entry_are_not_exported(self):
        self.translate(str(self.source.uid), "title", "Census sn (en)", "Census sn")
        m.ProfileContent.objects.filter(dossier=self.dossier).delete()
        self.source.delete()
        self.assertEqual(exchange.export_dossier(self.dossier)["translations"], {})

    def test_an_import_naming_an_unknown_entry_or_field_or_language_is_refused_whole(self):
        data = exchange.export_dossier(self.dossier)
        bad = copy.deepcopy(data)
        bad["translations"] = {
            "en": {
                "0c9d8b0e-5b7e-4b8e-9d6e-1f2a3b4c5d6e": {"title": {"text": "x", "source": "y"}},
                str(self.source.uid): {"kind": {"text": "x", "source": "y"}},
                "dossier": {"situation": "plain text"},
            },
            "de": {"dossier": {"situation": {"text": "x", "source": "y"}}},
        }
        before = m.Translation.objects.count()
        with self.assertRaises(ImportRefused) as caught:
            exchange.import_dossier(bad, replace=True)
        message = str(caught.exception)
        self.assertIn("no entry with this id", message)
        self.assertIn(f"translations.en.{self.source.uid}.kind", message)
        self.assertIn('must be an object with "text" and "source"', message)
        self.assertIn("'de' is not one of the dossier's languages", message)
        self.assertEqual(m.Translation.objects.count(), before)


class InLanguageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_registry()

    def test_the_snapshot_in_a_language_reads_current_translations_and_lists_the_rest(self):
        from migguide.dossier.snapshot import Snapshot

        dossier = small_dossier(Country.objects.get(iso3="SEN"), "sn")
        dossier.languages = ["fr", "en"]
        dossier.save()
        source = m.Source.objects.get(dossier=dossier)
        uid = str(source.uid)
        for entry_uid, name, text, made_from in (
            (uid, "title", "Census sn (en)", "Census sn"),
            ("dossier", "situation", "Situation (en)", "an older situation"),
        ):
            m.Translation.objects.create(
                dossier=dossier,
                entry_uid=entry_uid,
                field=name,
                language="en",
                text=text,
                source_text=made_from,
            )
        snap = Snapshot.of(dossier)
        english = snap.in_language("en")
        self.assertEqual(english.source(uid).title, "Census sn (en)")
        self.assertEqual(english.situation, "Situation sn")  # outdated: main text kept
        self.assertEqual(english.untranslated[("dossier", "situation")], OUTDATED)
        self.assertNotIn((uid, "title"), english.untranslated)
        self.assertEqual(english.to_json(), snap.to_json())
        french = snap.in_language("fr")
        self.assertEqual(french.source(uid).title, "Census sn")
        self.assertEqual(french.untranslated, {})
