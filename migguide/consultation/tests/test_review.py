"""A reviewer between every answer and the dossier: items new, changed and unchanged;
accepted items written with their provenance, rejected ones not; stale pages refused."""

from migguide.consultation import importing
from migguide.consultation.models import ConsultationError, Provenance
from migguide.consultation.questionnaires import QUESTIONNAIRES
from migguide.consultation.review import Review, decide
from migguide.consultation.samples import kobo_xlsx
from migguide.dossier import models as m
from migguide.testing import CastTestCase

Q = QUESTIONNAIRES["authority"]


class ReviewTests(CastTestCase):
    def setUp(self):
        self.inst = m.Institution.objects.get(dossier=self.dossier)
        self.source = m.Source.objects.get(dossier=self.dossier)

    def response(self, answers, inst=None):
        uid = self.inst.uid.hex if inst is None else inst
        data = kobo_xlsx(Q, [(uid, answers)], country="SEN")
        return importing.import_bytes("r.xlsx", data, country=self.senegal).added[0]

    def item(self, review, what):
        return next(i for i in review.items if what in i.what)

    def test_changed_field_accepted_goes_to_the_dossier_with_provenance_and_history(self):
        response = self.response(
            {
                "institution": {"name": "Office SECRET-SEN", "website": "https://off.example.sn"},
                "sources": [
                    {
                        "ref": self.source.uid.hex,
                        "title": "Census SECRET-SEN",
                        "periodicity": "annual",
                    }
                ],
            }
        )
        review = Review(response)
        periodicity = self.item(review, "periodicity")
        website = self.item(review, "website")
        self.assertEqual(
            (periodicity.status, periodicity.current, periodicity.proposed),
            ("changed", "every ten years", "annual"),
        )
        self.assertEqual(self.item(review, "title").status, "unchanged")
        decide(response, {periodicity.key: True, website.key: False}, by=self.reviewer)
        self.source.refresh_from_db()
        self.inst.refresh_from_db()
        self.assertEqual(self.source.periodicity, "annual")
        self.assertEqual(self.inst.website, "")
        self.assertEqual(self.source.history.first().history_user, self.reviewer)
        provenance = Provenance.objects.get()
        self.assertEqual(
            (provenance.entry_uid, provenance.field, provenance.response),
            (self.source.uid, "periodicity", response),
        )
        after = Review(response)
        self.assertTrue(after.is_reviewed)
        self.assertFalse(self.item(after, "website").decision.accepted)

    def test_the_counts_of_the_review_agree_with_their_number_in_french(self):
        """Never "1 nouveaux"."""
        response = self.response(
            {"institution": {"name": "Office SECRET-SEN", "website": "https://off.example.sn"}}
        )
        self.assertEqual(Review(response).counts()["changed"], 1)  # the website
        self.reviewer.language = "fr"
        self.reviewer.save()
        self.client.force_login(self.reviewer)
        page = self.client.get(f"/countries/SEN/consultation/responses/{response.pk}/")
        self.assertContains(page, "1 modifié,")
        self.assertNotContains(page, "1 modifiés")

    def test_new_source_and_challenge_are_created_for_the_institution(self):
        response = self.response(
            {
                "sources": [
                    {"ref": "new", "title": "Visa register", "kind": "permits", "areas": ["labour"]}
                ],
                "challenges": [{"category": "updating", "description": "Slow updates"}],
                "used_sources": [],
            }
        )
        review = Review(response)
        keys = {i.key: True for i in review.items if i.status == "new"}
        self.assertEqual(len(keys), 2)
        decide(response, keys, by=self.member)
        source = m.Source.objects.get(title="Visa register")
        self.assertEqual((source.collector, source.kind), (self.inst, "permits"))
        self.assertEqual([a.code for a in source.areas.all()], ["labour"])
        challenge = m.Challenge.objects.get(description="Slow updates")
        self.assertEqual(challenge.responsible, self.inst)
        self.assertEqual(Provenance.objects.filter(field="").count(), 2)

    def test_a_new_institution_must_be_accepted_before_what_belongs_to_it(self):
        response = self.response(
            {
                "institution": {"name": "Direction des visas", "kind": "ministry"},
                "sources": [{"ref": "new", "title": "Visa register", "kind": "permits"}],
            },
            inst="",
        )
        review = Review(response)
        source_item = self.item(review, "Visa register")
        with self.assertRaisesMessage(ConsultationError, "accept the new institution first"):
            decide(response, {source_item.key: True}, by=self.member)
        self.assertFalse(m.Source.objects.filter(title="Visa register").exists())
        institution_item = self.item(review, "New institution")
        decide(response, {institution_item.key: True, source_item.key: True}, by=self.member)
        new = m.Institution.objects.get(name="Direction des visas")
        self.assertEqual(m.Source.objects.get(title="Visa register").collector, new)
        response.refresh_from_db()
        self.assertEqual(response.institution, new)

    def test_a_page_older_than_the_response_state_saves_nothing(self):
        response = self.response(
            {"challenges": [{"category": "use", "description": "Nobody reads it"}]}
        )
        key = Review(response).items[0].key
        decide(response, {key: False}, by=self.member)
        with self.assertRaisesMessage(ConsultationError, "was decided already"):
            decide(response, {key: True}, by=self.member)
        with self.assertRaisesMessage(ConsultationError, "changed since you opened the page"):
            decide(response, {"challenges:new:000000000000": True}, by=self.member)
        self.assertFalse(m.Challenge.objects.filter(description="Nobody reads it").exists())
