"""Frameworks, tagging, rounds and readiness, read back as a person or program would."""

import datetime
import io
import tempfile
from pathlib import Path

import docx
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from migguide.commitments import documents, frameworks, readiness, rounds
from migguide.commitments.models import CommitmentError, Framework, Item, Reference, Round, Tag
from migguide.countries.models import Dialogue
from migguide.dossier import models as m
from migguide.dossier.snapshot import Snapshot
from migguide.editions.models import Edition
from migguide.testing import PASSWORD, CastTestCase, frozen_edition


def client_docx(test, pk) -> bytes:
    response = test.client_for(test.staff).get(f"/activity/rounds/{pk}.docx")
    test.assertEqual(response["Content-Type"].split(";")[0], documents.CONTENT_TYPES["docx"])
    return response.content


class CommitmentsTests(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        frameworks.load()
        cls.dialogue = Dialogue.objects.get(is_default=True)
        cls.rec = m.Recommendation.objects.get(dossier=cls.dossier)
        cls.gcm11 = Item.objects.get(code="GCM-11")
        cls.cap4 = Item.objects.get(code="CAP-4")

    def client_for(self, user):
        self.client.login(username=user.username, password=PASSWORD)
        return self.client

    def test_loading_the_frameworks_gives_the_plans_objectives_and_targets(self):
        self.assertEqual(Item.objects.filter(framework__code="gcm").count(), 23)
        self.assertEqual(Item.objects.get(code="CAP-3.6").parent.code, "CAP-3")
        self.assertFalse(Item.objects.get(code="CAP-5").checked)
        self.assertEqual(
            Item.objects.get(code="GCM-11").title("fr"),
            "Gérer les frontières de manière intégrée, sûre et coordonnée",
        )
        loaded = frameworks.load()
        self.assertEqual(loaded.created, 0)

    def test_a_border_recommendation_is_suggested_the_border_items_with_reasons(self):
        page = self.client_for(self.member).get("/countries/SEN/commitments/")
        self.assertContains(page, "GCM-11")
        self.assertContains(page, "points")

    def test_a_member_confirms_the_items_an_entry_serves_and_an_edition_freezes_them(self):
        client = self.client_for(self.member)
        client.post(
            f"/countries/SEN/commitments/{self.rec.uid}/save/",
            {"items": [self.gcm11.pk, self.cap4.pk]},
        )
        self.assertEqual(
            set(Tag.objects.filter(dossier=self.dossier).values_list("item__code", flat=True)),
            {"GCM-11", "CAP-4"},
        )
        edition = frozen_edition(self.dossier)
        self.assertEqual(
            edition.snapshot["dossier"]["commitments"][str(self.rec.uid)], ["CAP-4", "GCM-11"]
        )

    def test_a_reviewer_cannot_tag(self):
        response = self.client_for(self.reviewer).post(
            f"/countries/SEN/commitments/{self.rec.uid}/save/", {"items": [self.gcm11.pk]}
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Tag.objects.exists())

    def test_a_retired_framework_takes_no_new_tags(self):
        gcm = Framework.objects.get(code="gcm")
        gcm.retire()
        with self.assertRaisesMessage(CommitmentError, "GCM-11 belongs to a retired framework."):
            Tag.set_for_entry(dossier=self.dossier, uid=str(self.rec.uid), items=[self.gcm11])
        with self.assertRaisesMessage(CommitmentError, "already retired"):
            gcm.retire()

    def test_the_synthesis_shows_what_was_implemented_since_the_previous_round(self):
        Tag.set_for_entry(dossier=self.dossier, uid=str(self.rec.uid), items=[self.cap4])
        frozen_edition(self.dossier, number=1)
        past = Round.objects.create(
            name="SOM 2025",
            meeting_date=datetime.date(2025, 6, 1),
            freeze_date=datetime.date(2025, 5, 1),
        )
        self.assertEqual(rounds.freeze(past, self.dialogue), 1)
        self.rec.status = "implemented"
        self.rec.save()
        frozen_edition(self.dossier, number=2)
        now = Round.objects.create(
            name="SOM 2026",
            meeting_date=datetime.date(2026, 6, 1),
            freeze_date=datetime.date(2026, 5, 1),
        )
        rounds.freeze(now, self.dialogue)
        Reference.objects.create(round=now, item=self.cap4, country=self.senegal)
        s = rounds.build(now, language="en")
        cap = dict(s.frameworks)["Cadiz Action Plan 2023–2027"]
        row = next(r for r in cap if r.item.code == "CAP-4")
        self.assertEqual(row.countries, ["Senegal"])
        self.assertEqual(row.by_status, {"implemented": 1})
        self.assertEqual(row.implemented_since, 1)
        self.assertEqual(row.references, ["Senegal"])
        self.assertEqual([name for name, _c in s.moved], ["Senegal"])
        page = self.client_for(self.staff).get(f"/activity/rounds/{now.pk}/")
        self.assertContains(page, "CAP-4")
        self.assertContains(page, "SOM 2025")
        self.assertEqual(
            self.client_for(self.outsider).get(f"/activity/rounds/{now.pk}/").status_code, 403
        )
        body = docx.Document(io.BytesIO(client_docx(self, now.pk)))
        text = "\n".join(c.text for t in body.tables for row in t.rows for c in row.cells)
        self.assertIn("CAP-4", text)
        self.assertIn("Senegal", text)
        with self.assertRaisesMessage(CommitmentError, "already frozen"):
            rounds.freeze(now, self.dialogue)

    def test_the_synthesis_queries_do_not_grow_with_the_countries(self):
        frozen_edition(self.dossier)
        r = Round.objects.create(
            name="R", meeting_date=datetime.date(2026, 6, 1), freeze_date=datetime.date(2026, 5, 1)
        )
        rounds.freeze(r, self.dialogue)
        with CaptureQueriesContext(connection) as one:
            rounds.build(r, language="fr")
        frozen_edition(self.other_dossier)
        r2 = Round.objects.create(
            name="R2", meeting_date=datetime.date(2026, 7, 1), freeze_date=datetime.date(2026, 6, 1)
        )
        rounds.freeze(r2, self.dialogue)
        with CaptureQueriesContext(connection) as two:
            rounds.build(r2, language="fr")
        self.assertLessEqual(len(one), 8)
        self.assertLessEqual(len(two), 8)

    def test_readiness_counts_public_areas_sources_on_time_and_implemented(self):
        source = m.Source.objects.get(dossier=self.dossier)
        source.access, source.last_update, source.periodicity = (
            "public",
            datetime.date(2025, 1, 1),
            "annual",
        )
        source.save()
        data = readiness.measure(
            Snapshot.of(self.dossier), languages=["fr"], on=datetime.date(2025, 6, 1)
        )
        self.assertEqual(data["public_areas"], [1, 9])
        self.assertEqual(data["on_time"], [1, 1])
        self.assertEqual(data["implemented"], [0, 1])
        late = readiness.measure(
            Snapshot.of(self.dossier), languages=["fr"], on=datetime.date(2026, 6, 1)
        )
        self.assertEqual(late["on_time"], [0, 1])

    def test_the_rounds_command_opens_freezes_and_writes_the_synthesis(self):
        frozen_edition(self.dossier)
        out = io.StringIO()
        call_command(
            "rounds",
            "open",
            "--name",
            "SOM X",
            "--meeting",
            "2026-06-01",
            "--freeze",
            "2026-05-01",
            stdout=out,
        )
        r = Round.objects.get(name="SOM X")
        call_command("rounds", "freeze", "--round", str(r.pk), stdout=out)
        path = Path(tempfile.mkdtemp()) / "s.html"
        call_command(
            "rounds", "report", "--round", str(r.pk), "--lang", "fr", "--out", str(path), stdout=out
        )
        self.assertIn("CAP-4", path.read_text(encoding="utf-8"))
        self.assertIn("1 countries", out.getvalue())
        self.assertIn(
            str(Edition.objects.get(country=self.senegal).pk),
            str(Round.objects.get(pk=r.pk).editions),
        )
