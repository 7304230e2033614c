"""The review page as the reviewer reads it: what changes first and the unchanged
folded, a proposal field by field, corrections before acceptance, and "accept all
remaining"."""

from html.parser import HTMLParser

from migguide.consultation import importing
from migguide.consultation.models import ConsultationError, Decision
from migguide.consultation.questionnaires import QUESTIONNAIRES
from migguide.consultation.review import Review, decide
from migguide.consultation.samples import kobo_xlsx
from migguide.dossier import models as m
from migguide.testing import CastTestCase

Q = QUESTIONNAIRES["authority"]


class Outline(HTMLParser):
    """The page's headings, rows and <details>, in order, as a reader meets them."""

    TAGS = ("th", "h2", "h3", "summary", "dt", "dd")

    def __init__(self):
        super().__init__()
        self.events: list[tuple[str, str, bool]] = []
        self.depth_details = 0
        self.inputs: dict[str, str] = {}
        self._open: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "details":
            self.depth_details += 1
        if tag == "input" and (attrs.get("name") or "").startswith("edit:"):
            self.inputs[attrs["name"]] = attrs.get("value", "")
        if tag == "textarea" and (attrs.get("name") or "").startswith("edit:"):
            self.inputs[attrs["name"]] = ""
        if tag in self.TAGS:
            self._open = (tag, [])

    def handle_endtag(self, tag):
        if tag == "details":
            self.depth_details -= 1
        if self._open and tag == self._open[0]:
            text = " ".join(" ".join(self._open[1]).split())
            self.events.append((tag, text, self.depth_details > 0))
            self._open = None

    def handle_data(self, data):
        if self._open:
            self._open[1].append(data)


class ReviewPageTests(CastTestCase):
    def setUp(self):
        self.inst = m.Institution.objects.get(dossier=self.dossier)
        self.source = m.Source.objects.get(dossier=self.dossier)

    def response(self):
        answers = {
            "institution": {"name": "Office SECRET-SEN", "website": "https://off.example.sn"},
            "sources": [
                {"ref": self.source.uid.hex, "title": "Census SECRET-SEN"},
                {"ref": "new", "title": "Visa register", "kind": "permits", "areas": ["labour"]},
            ],
            "challenges": [{"category": "updating", "description": "Slow updates"}],
        }
        data = kobo_xlsx(Q, [(self.inst.uid.hex, answers)], country="SEN")
        return importing.import_bytes("r.xlsx", data, country=self.senegal).added[0]

    def outline(self, response, person):
        self.client.force_login(person)
        page = self.client.get(f"/countries/SEN/consultation/responses/{response.pk}/")
        self.assertEqual(page.status_code, 200)
        parser = Outline()
        parser.feed(page.content.decode())
        return parser

    def test_new_and_changed_items_come_first_and_the_unchanged_are_folded(self):
        response = self.response()
        outline = self.outline(response, self.member)
        rows = [(text, folded) for tag, text, folded in outline.events if tag == "th"]
        title_row = next(i for i, (text, _f) in enumerate(rows) if "— title" in text)
        self.assertTrue(rows[title_row][1], "the unchanged title is inside the <details>")
        decided = [i for i, (text, folded) in enumerate(rows) if not folded and "new" in text]
        self.assertTrue(decided)
        self.assertLess(max(decided), title_row)
        summary = next(text for tag, text, _f in outline.events if tag == "summary")
        self.assertIn("the dossier already holds", summary)

    def test_a_proposed_source_is_shown_field_by_field_and_its_text_can_be_corrected(self):
        response = self.response()
        outline = self.outline(response, self.member)
        source = next(i for i in Review(response).items if i.what == "New source: Visa register")
        self.assertEqual(outline.inputs[f"edit:title:{source.key}"], "Visa register")
        self.client.force_login(self.reviewer)  # reads, cannot correct
        page = self.client.get(f"/countries/SEN/consultation/responses/{response.pk}/")
        self.assertNotContains(page, 'name="edit:')
        parser = Outline()
        parser.feed(page.content.decode())
        shown = [text for tag, text, _f in parser.events if tag in ("dt", "dd")]
        self.assertIn("Title", shown)
        self.assertIn("Visa register", shown)
        self.assertIn("Areas", shown)

    def test_a_correction_made_before_acceptance_is_what_reaches_the_dossier(self):
        response = self.response()
        review = Review(response)
        source = next(i for i in review.items if i.what == "New source: Visa register")
        self.client.force_login(self.member)
        self.client.post(
            f"/countries/SEN/consultation/responses/{response.pk}/decide/",
            {
                f"item:{source.key}": "accept",
                f"edit:title:{source.key}": "  Register of visas and residence permits ",
            },
        )
        created = m.Source.objects.get(title="Register of visas and residence permits")
        self.assertEqual((created.kind, created.collector), ("permits", self.inst))
        self.assertFalse(m.Source.objects.filter(title="Visa register").exists())
        decision = Decision.objects.get(key=source.key)
        self.assertIn("corrected before acceptance", decision.summary)

    def test_a_correction_that_empties_a_required_field_is_refused_with_a_sentence(self):
        response = self.response()
        source = next(i for i in Review(response).items if i.what == "New source: Visa register")
        with self.assertRaisesMessage(ConsultationError, "this field cannot be left empty"):
            decide(response, {source.key: True}, by=self.member, edits={source.key: {"title": " "}})
        self.assertFalse(Decision.objects.exists())

    def test_accept_all_remaining_accepts_every_pending_item_but_the_rejected(self):
        response = self.response()
        review = Review(response)
        challenge = next(i for i in review.items if i.what == "Slow updates")
        self.client.force_login(self.member)
        page = self.client.post(
            f"/countries/SEN/consultation/responses/{response.pk}/decide/",
            {f"item:{challenge.key}": "reject", "accept_rest": "1"},
            follow=True,
        )
        self.assertContains(page, "Every item is decided.")
        self.assertFalse(m.Challenge.objects.filter(description="Slow updates").exists())
        self.assertTrue(m.Source.objects.filter(title="Visa register").exists())
        self.inst.refresh_from_db()
        self.assertEqual(self.inst.website, "https://off.example.sn")
        self.assertTrue(Review(response).is_reviewed)
