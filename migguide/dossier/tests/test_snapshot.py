"""The typed snapshot every reader shares: it reads every stored snapshot exactly, its
lookups and rules say what the dossier says, and its public view names only who
consented."""

from __future__ import annotations

import datetime
import json

from django.test import TestCase

from migguide.countries.registry import load_registry
from migguide.dossier import models as m
from migguide.dossier.exchange import export_dossier
from migguide.dossier.snapshot import ENTRY_CLASSES, Snapshot, choices
from migguide.editions.models import Edition, snapshot_hash
from migguide.testing import CastTestCase, frozen_edition, load_demo


class EveryStoredSnapshotTests(CastTestCase):
    def test_every_stored_edition_reads_back_exactly_and_keeps_its_hash(self):
        frozen_edition(self.dossier, number=1)
        frozen_edition(self.other_dossier, number=1)
        self.assertTrue(Edition.objects.exists())
        for edition in Edition.objects.exclude(snapshot=None):
            snapshot = Snapshot.from_json(edition.snapshot["dossier"])
            self.assertEqual(snapshot.to_json(), edition.snapshot["dossier"])
            rebuilt = {**edition.snapshot, "dossier": snapshot.to_json()}
            self.assertEqual(snapshot_hash(rebuilt), edition.sha256)
            for key, entry_class in ENTRY_CLASSES.items():
                stored = edition.snapshot["dossier"][key]
                self.assertEqual(len(getattr(snapshot, key)), len(stored), key)
                for entry, data in zip(getattr(snapshot, key), stored, strict=True):
                    self.assertIsInstance(entry, entry_class)
                    for name, value in data.items():
                        expected = tuple(value) if isinstance(value, list) else value
                        self.assertEqual(getattr(entry, name), expected, f"{key}.{name}")

    def test_the_live_dossier_and_its_export_read_the_same(self):
        self.assertEqual(
            Snapshot.of(self.dossier).to_json(),
            Snapshot.from_json(export_dossier(self.dossier)).data,
        )


class LookupsAndRulesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_registry()
        cls.dossier = load_demo()
        cls.export = export_dossier(cls.dossier)
        cls.snapshot = Snapshot.from_json(cls.export)

    def test_references_are_named_by_what_they_name(self):
        s = self.snapshot
        ansd = m.Institution.objects.get(dossier=self.dossier, acronym="ANSD")
        self.assertEqual(s.short_name(str(ansd.uid)), "ANSD")
        self.assertEqual(s.institution(str(ansd.uid)).name, ansd.name)
        source = m.Source.objects.filter(dossier=self.dossier).first()
        self.assertEqual(s.source_title(str(source.uid)), source.title)
        self.assertEqual(s.title_of(str(source.uid)), source.title.splitlines()[0][:90])
        self.assertEqual(s.title_of("border"), str(m.Area.Code.BORDER.label))
        self.assertEqual(s.title_of(None), "")
        self.assertEqual(s.short_name("not-an-id"), "")

    def test_gaps_and_counts_follow_the_sources(self):
        s = self.snapshot
        existing = m.Source.objects.filter(dossier=self.dossier, status="existing")
        covered = set(existing.values_list("areas__code", flat=True)) - {None}
        self.assertEqual(s.covered_areas(), covered)
        self.assertEqual(s.gap_areas(), [a for a in m.Area.FOCUS if a not in covered])
        for area, n_existing, n_potential in s.counts_by_area(s.areas_with_sources()):
            in_area = m.Source.objects.filter(dossier=self.dossier, areas__code=area)
            self.assertEqual(n_existing, in_area.filter(status="existing").count(), area)
            self.assertEqual(n_potential, in_area.filter(status="potential").count(), area)
        unused = m.Source.objects.filter(dossier=self.dossier, users=None).count()
        self.assertEqual(len(s.unused_sources()), unused)

    def test_recommendations_are_grouped_in_the_order_of_the_choices(self):
        groups = self.snapshot.recommendations_by("theme")
        order = [code for code, _ in m.Recommendation.Theme.choices]
        self.assertEqual(list(groups), [c for c in order if c in groups])
        self.assertEqual(sum(len(g) for g in groups.values()), len(self.export["recommendations"]))

    def test_choices_read_in_the_language_asked(self):
        self.assertEqual(
            choices("fr")["theme"]["border"], "informations sur la gestion des frontières"
        )
        self.assertEqual(choices("en")["area"]["border"], "border management")

    def test_the_public_view_blanks_who_did_not_consent_in_the_data_too(self):
        contact = m.Contact.objects.filter(dossier=self.dossier).first()
        contact.consent_to_publish, contact.consent_recorded_on = False, None
        contact.save()
        consented = m.Contact.objects.filter(dossier=self.dossier).exclude(pk=contact.pk).first()
        consented.consent_to_publish = True
        consented.consent_recorded_on = datetime.date(2026, 1, 5)
        consented.save()
        public = Snapshot.of(self.dossier).public()
        hidden = public.contact(str(contact.uid))
        self.assertTrue(hidden.withheld)
        self.assertEqual((hidden.name, hidden.email, hidden.phone), ("", "", ""))
        self.assertNotIn(contact.name, json.dumps(public.to_json(), ensure_ascii=False))
        self.assertEqual(public.contact(str(consented.uid)).name, consented.name)
        # Consent withdrawn in the newer snapshot counts for the older one too.
        older = Snapshot.of(self.dossier)
        consented.consent_to_publish, consented.consent_recorded_on = False, None
        consented.save()
        newer = Snapshot.of(self.dossier)
        self.assertTrue(older.public(consent_of=newer).contact(str(consented.uid)).withheld)
