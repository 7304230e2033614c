import json
import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase

from migguide.countries.registry import load_registry
from migguide.demo.dossier import demo_dossier
from migguide.dossier import exchange
from migguide.dossier import models as m
from migguide.dossier.parts import PARTS


def snapshot():
    """Everything the dossier tables hold, to compare before and after."""
    return {
        part.model.__name__: sorted(
            (str(e.uid), e.version, e.position) for e in part.model.objects.all()
        )
        for part in PARTS
    } | {"dossiers": sorted(m.Dossier.objects.values_list("country__iso3", "version"))}


class ExchangeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_registry()

    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp())

    def write(self, data, name="dossier.json") -> Path:
        path = self.tmp / name
        path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
        return path

    def refused(self, path, *fragments, replace=False):
        before = snapshot()
        with self.assertRaises(CommandError) as caught:
            call_command("dossier", "import", str(path), *(["--replace"] if replace else []))
        message = str(caught.exception)
        self.assertIn("nothing was changed", message)
        self.assertIn(str(path), message)
        for fragment in fragments:
            self.assertIn(fragment, message)
        self.assertEqual(snapshot(), before, "a refused import changed the database")
        return message

    def test_round_trip_gives_identical_json(self):
        """export → import into an empty database → export gives the same bytes."""
        exchange.import_dossier(demo_dossier())
        first = exchange.dumps(exchange.export_dossier(m.Dossier.objects.get()))
        path = self.write(first)
        for part in reversed(PARTS):
            part.model.objects.all().delete()
        m.Dossier.objects.all().delete()
        call_command("dossier", "import", str(path), stdout=StringIO())
        out = self.tmp / "again.json"
        call_command("dossier", "export", "--country", "SEN", "--out", str(out), stderr=StringIO())
        self.assertEqual(out.read_text(encoding="utf-8"), first)

    def test_export_has_every_part_with_stable_key_order(self):
        exchange.import_dossier(demo_dossier())
        text = exchange.dumps(exchange.export_dossier(m.Dossier.objects.get()))
        data = json.loads(text)
        self.assertEqual(list(data), sorted(data))
        for part in PARTS:
            self.assertTrue(data[part.export_key], part.export_key)
        source = data["sources"][0]
        self.assertEqual(list(source), sorted(source))
        self.assertEqual(source["areas"], ["trends", "development", "diaspora"])

    def test_demo_import_counts_every_entry(self):
        report = exchange.import_dossier(demo_dossier())
        self.assertEqual(report.counts["sources"], m.Source.objects.count())
        self.assertEqual(m.Source.objects.count(), 32)
        self.assertEqual(m.Contact.objects.publishable().count(), 9)

    def test_a_file_that_is_not_an_export_is_refused(self):
        self.refused(self.write({"hello": "world"}), "not a migguide dossier export")
        self.refused(self.write("name,iso3\nSenegal,SEN\n"), "not valid JSON")

    def test_a_truncated_file_is_refused(self):
        text = exchange.dumps(demo_dossier())
        self.refused(self.write(text[: len(text) // 2]), "not valid JSON", "is the file complete")

    def test_an_unknown_country_is_refused(self):
        data = demo_dossier() | {"country": "ZZZ"}
        self.refused(self.write(data), "unknown country 'ZZZ'")

    def test_bad_fields_are_named_with_their_place(self):
        data = demo_dossier()
        data["sources"][3]["periodicity"] = "sometimes"
        data["sources"][4]["collector"] = "00000000-0000-0000-0000-000000000000"
        data["recommendations"][0]["text"] = ""
        data["contacts"][1]["consent_to_publish"] = "yes"
        data["institutions"][0]["colour"] = "blue"
        message = self.refused(self.write(data))
        self.assertIn("sources[3].periodicity: Value 'sometimes' is not a valid choice.", message)
        self.assertIn("sources[4].collector: no institution with id", message)
        self.assertIn("recommendations[0].text: This field cannot be blank.", message)
        self.assertIn("contacts[1].consent_to_publish: must be true or false", message)
        self.assertIn("institutions[0].colour: unknown field", message)

    def test_area_notes_must_be_texts_under_known_area_codes(self):
        data = demo_dossier()
        data["dossier"]["area_notes"] = {"trends": 3, "weather": "Rain.", "border": "Fine."}
        message = self.refused(self.write(data))
        self.assertIn("dossier.area_notes.trends: must be text", message)
        self.assertIn("dossier.area_notes.weather: unknown area", message)
        data["dossier"]["area_notes"] = ["Fine."]
        self.refused(self.write(data), "dossier.area_notes: must be an object of texts by area")

    def test_an_export_without_area_notes_imports_with_none(self):
        data = demo_dossier()
        del data["dossier"]["area_notes"]
        exchange.import_dossier(data)
        self.assertEqual(m.Dossier.objects.get().area_notes, {})

    def test_a_failure_late_in_the_file_leaves_nothing_behind(self):
        data = demo_dossier()
        data["forewords"][0]["language"] = None
        self.refused(self.write(data), "forewords[0].language")
        self.assertFalse(m.Dossier.objects.exists())
        self.assertFalse(m.Institution.objects.exists())

    def test_importing_over_an_existing_dossier_needs_replace(self):
        exchange.import_dossier(demo_dossier())
        self.refused(self.write(demo_dossier()), "already has a dossier", "--replace")
        data = demo_dossier()
        data["sources"] = data["sources"][:5]
        data["profile_contents"] = []
        del data["translations"]  # those of the entries left out would be refused
        call_command("dossier", "import", str(self.write(data)), "--replace", stdout=StringIO())
        self.assertEqual(m.Source.objects.count(), 5)
        deleted = m.Source.history.filter(history_type="-").count()
        self.assertEqual(deleted, 32, "the replaced entries' history is kept")

    def test_a_failed_replace_keeps_the_old_dossier(self):
        exchange.import_dossier(demo_dossier())
        data = demo_dossier()
        data["needs"][0]["kind"] = "wishes"
        self.refused(self.write(data), "needs[0].kind", replace=True)
        self.assertEqual(m.Source.objects.count(), 32)

    def test_consent_without_a_date_is_refused(self):
        data = demo_dossier()
        data["contacts"][1]["consent_to_publish"] = True
        self.refused(self.write(data), "contacts[1].consent_recorded_on: Give the date")

    def test_export_without_dossier_is_an_error(self):
        with self.assertRaisesMessage(CommandError, "No dossier for MLI."):
            call_command("dossier", "export", "--country", "mli")
