"""A facilitator tags what a workshop puts into the dossier as it is captured: the
workshop's capture forms for challenges, needs and recommendations offer the items of
the current frameworks, and the tags are saved with the entry."""

import datetime

from migguide.activity.models import Workshop, WorkshopOutput
from migguide.commitments import frameworks
from migguide.commitments.models import Item, Tag
from migguide.dossier import models as m
from migguide.testing import CastTestCase


class WorkshopTaggingTests(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        frameworks.load()
        cls.workshop = Workshop.objects.create(
            country=cls.senegal,
            kind="discussion",
            title="Atelier national",
            place="Dakar",
            starts_on=datetime.date(2026, 3, 10),
            ends_on=datetime.date(2026, 3, 11),
        )
        cls.url = f"/countries/SEN/workshops/{cls.workshop.pk}/"
        cls.gcm1 = Item.objects.get(code="GCM-1")

    def setUp(self):
        self.client.force_login(self.member)

    def test_the_capture_forms_offer_the_framework_items_in_the_readers_language(self):
        page = self.client.get(self.url, headers={"accept-language": "fr"})
        self.assertContains(page, 'name="challenges-commitments"')
        self.assertContains(page, 'name="needs-commitments"')
        self.assertContains(page, f"GCM-1 {self.gcm1.title('fr')[:70]}")
        self.assertContains(page, "Engagements servis")

    def test_a_captured_challenge_is_saved_with_the_items_it_serves(self):
        self.client.post(
            f"{self.url}outputs/challenges/",
            {
                "challenges-category": "updating",
                "challenges-description": "Registres non numérisés",
                "challenges-status": "open",
                "challenges-commitments": [self.gcm1.pk],
            },
        )
        challenge = m.Challenge.objects.get(description="Registres non numérisés")
        self.assertEqual(WorkshopOutput.objects.get().entry_uid, challenge.uid)
        self.assertEqual(
            list(
                Tag.objects.filter(entry_uid=str(challenge.uid)).values_list(
                    "item__code", "confirmed_by"
                )
            ),
            [("GCM-1", self.member.pk)],
        )
        tagging = self.client.get("/countries/SEN/commitments/")
        self.assertContains(tagging, f'<option value="{self.gcm1.pk}" selected>')

    def test_an_item_of_a_retired_framework_is_refused_and_nothing_is_captured(self):
        Item.objects.get(code="GCM-1").framework.retire()
        response = self.client.post(
            f"{self.url}outputs/needs/",
            {
                "needs-description": "Formation des agents",
                "needs-kind": m.Need.Kind.choices[0][0],
                "needs-commitments": [self.gcm1.pk],
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(m.Need.objects.filter(description="Formation des agents").exists())
        self.assertFalse(Tag.objects.exists())
