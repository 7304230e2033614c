"""List pages: whole titles as links, texts cut between words, moving an entry to a
place, deleting only through the confirmation page; "Recent changes" filtered and
grouped by day."""

import datetime
import re

from django.test import SimpleTestCase
from django.utils import timezone

from migguide.dossier import models as m
from migguide.dossier.listing import shorten
from migguide.dossier.parts import PARTS
from migguide.testing import CastTestCase

LONG = (
    "Strengthen the coordination between the national statistics office and the border "
    "police so that entries and exits are counted the same way at every crossing point"
)


class ShortenTests(SimpleTestCase):
    def test_a_long_text_is_cut_between_words_with_an_ellipsis(self):
        short = shorten(LONG, 60)
        self.assertLessEqual(len(short), 60)
        self.assertTrue(short.endswith("…"))
        self.assertTrue(LONG.startswith(short[:-1]))
        self.assertEqual(LONG[len(short) - 1], " ")

    def test_a_short_text_is_kept_whole(self):
        self.assertEqual(shorten("Census 2013", 60), "Census 2013")

    def test_one_word_longer_than_the_limit_is_cut_where_it_must(self):
        self.assertEqual(shorten("x" * 80, 60), "x" * 59 + "…")


class ListPageTests(CastTestCase):
    def setUp(self):
        self.client.force_login(self.member)

    def laws(self):
        return list(
            m.LegalInstrument.objects.filter(dossier=self.dossier).values_list("title", flat=True)
        )

    def add_laws(self, *titles):
        for title in titles:
            m.LegalInstrument.objects.create(
                dossier=self.dossier, title=title, kind="law", status="in-force"
            )

    def test_a_recommendations_whole_text_links_to_it_cut_between_words(self):
        rec = m.Recommendation.objects.get(dossier=self.dossier)
        rec.text = LONG + " " + LONG
        rec.save()
        html = self.client.get("/countries/SEN/recommendations/").content.decode()
        link = re.search(
            rf'<th scope="row"[^>]*><a href="[^"]*{rec.uid}/" title="([^"]*)">([^<]*)</a>', html
        )
        self.assertIsNotNone(link, "the recommendation's text is the link")
        self.assertEqual(link.group(1), rec.text)
        shown = link.group(2)
        self.assertTrue(shown.endswith("…"))
        self.assertTrue(rec.text.startswith(shown[:-1]))
        self.assertEqual(rec.text[len(shown) - 1], " ")

    def test_a_long_text_in_an_entrys_history_is_cut_between_words(self):
        rec = m.Recommendation.objects.get(dossier=self.dossier)
        rec.text = " ".join([LONG] * 4)
        rec.save()
        html = self.client.get(f"/countries/SEN/recommendations/{rec.uid}/history/")
        shown = re.search(r'<ins title="[^"]*">([^<]*)</ins>', html.content.decode()).group(1)
        self.assertTrue(shown.endswith("…"))
        self.assertLessEqual(len(shown), 400)
        self.assertTrue(rec.text.startswith(shown[:-1]))
        self.assertEqual(rec.text[len(shown) - 1], " ")

    def test_rows_have_no_delete_button_and_delete_asks_first(self):
        law = m.LegalInstrument.objects.get(dossier=self.dossier)
        html = self.client.get("/countries/SEN/context/").content.decode()
        self.assertNotIn("/delete/", html)
        edit = self.client.get(f"/countries/SEN/context/{law.uid}/")
        self.assertContains(edit, f'href="/countries/SEN/context/{law.uid}/delete/"')
        confirm = self.client.get(f"/countries/SEN/context/{law.uid}/delete/")
        self.assertContains(confirm, f"Delete “{law}”?")
        self.assertTrue(m.LegalInstrument.objects.filter(pk=law.pk).exists())

    def test_each_row_shows_its_place_in_a_number_field(self):
        self.add_laws("Decree", "Order")
        html = self.client.get("/countries/SEN/context/").content.decode()
        places = re.findall(r'<input type="number" name="place" min="1" max="3" value="(\d)"', html)
        self.assertEqual(places, ["1", "2", "3"])
        self.assertIn("Place of “Decree” in the list", html)

    def test_an_entry_moves_to_the_place_typed_the_others_keeping_their_order(self):
        self.add_laws("B", "C", "D")
        first = self.laws()[0]
        d = m.LegalInstrument.objects.get(dossier=self.dossier, title="D")
        others = m.LegalInstrument.history.exclude(uid=d.uid).count()
        r = self.client.post(f"/countries/SEN/context/{d.uid}/move/", {"place": "2"})
        self.assertRedirects(r, "/countries/SEN/context/", fetch_redirect_response=False)
        self.assertEqual(self.laws(), [first, "D", "B", "C"])
        # Only the moved entry has a new line in the history.
        self.assertEqual(m.LegalInstrument.history.exclude(uid=d.uid).count(), others)
        self.assertEqual(d.history.count(), 2)

    def test_a_place_beyond_the_ends_means_the_end(self):
        self.add_laws("B", "C")
        first = self.laws()[0]
        b = m.LegalInstrument.objects.get(dossier=self.dossier, title="B")
        self.client.post(f"/countries/SEN/context/{b.uid}/move/", {"place": "99"})
        self.assertEqual(self.laws(), [first, "C", "B"])
        self.client.post(f"/countries/SEN/context/{b.uid}/move/", {"place": "0"})
        self.assertEqual(self.laws(), ["B", first, "C"])

    def test_a_place_that_is_not_a_number_moves_nothing_and_says_why(self):
        self.add_laws("B")
        before = self.laws()
        b = m.LegalInstrument.objects.get(dossier=self.dossier, title="B")
        r = self.client.post(f"/countries/SEN/context/{b.uid}/move/", {"place": "top"}, follow=True)
        self.assertContains(r, "Give the place to move the entry to, as a number.")
        self.assertEqual(self.laws(), before)


class RecentChangesTests(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # The cast was written long ago; two changes are made today.
        long_ago = timezone.now() - datetime.timedelta(days=40)
        for model in [m.Dossier, *(part.model for part in PARTS)]:
            model.history.update(history_date=long_ago)
        law = m.LegalInstrument.objects.get(dossier=cls.dossier)
        law._history_user = cls.coordinator
        law.title = "Law on asylum"
        law.save()
        rec = m.Recommendation.objects.get(dossier=cls.dossier)
        rec._history_user = cls.member
        rec.text = "Count returns"
        rec.save()

    def setUp(self):
        self.client.force_login(self.member)

    def page(self, query=""):
        return self.client.get(f"/countries/SEN/changes/{query}").content.decode()

    def test_changes_are_filtered_by_person(self):
        html = self.page(f"?by={self.coordinator.pk}")
        self.assertIn("Law on asylum", html)
        self.assertNotIn("Count returns", html)
        self.assertIn(f'<option value="{self.coordinator.pk}" selected>', html)

    def test_changes_are_filtered_by_part(self):
        html = self.page("?part=recommendations")
        self.assertIn("Count returns", html)
        self.assertNotIn("Law on asylum", html)

    def test_changes_are_filtered_by_period(self):
        html = self.page("?days=7")
        self.assertIn("Count returns", html)
        self.assertNotIn("Census SECRET-SEN", html)
        self.assertIn("Census SECRET-SEN", self.page())

    def test_changes_are_grouped_under_a_heading_per_day(self):
        html = self.page()
        days = re.findall(r'<h2 class="changes-day">([^<]+)</h2>', html)
        today = timezone.localtime().date()
        long_ago = today - datetime.timedelta(days=40)
        self.assertEqual(len(days), 2)
        self.assertIn(str(today.year), days[0])
        self.assertIn(f"{today.day} ", days[0])
        self.assertIn(f"{long_ago.day} ", days[1])

    def test_nothing_matching_is_said(self):
        html = self.page(f"?by={self.coordinator.pk}&part=recommendations")
        self.assertIn("No change matches these filters.", html)
        self.assertIn('href="?"', html)

    def test_the_filters_speak_french(self):
        self.client.cookies.load({"django_language": "fr"})
        html = self.client.get(
            "/countries/SEN/changes/", HTTP_ACCEPT_LANGUAGE="fr"
        ).content.decode()
        for words in ["Personne", "Période", "tout le monde", "les 7 derniers jours"]:
            self.assertIn(words, html)
