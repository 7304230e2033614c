import datetime

from django.template import Context, Template
from django.test import SimpleTestCase
from django.utils import translation


class MonthYearTests(SimpleTestCase):
    def render(self, language: str, month: int) -> str:
        with translation.override(language):
            return Template("{% load dossier %}{{ d|month_year }}").render(
                Context({"d": datetime.date(2024, month, 1)})
            )

    def test_june_and_july_read_differently_in_french(self):
        """Django's "M" gave "Jui" for both."""
        self.assertEqual(self.render("fr", 6), "juin 2024")
        self.assertEqual(self.render("fr", 7), "juil. 2024")

    def test_english_keeps_its_abbreviations(self):
        self.assertEqual(self.render("en", 7), "Jul 2024")


class LabelledTests(SimpleTestCase):
    def test_the_colon_of_a_label_is_the_languages(self):
        with translation.override("fr"):
            text = Template("{% load dossier %}{% labelled 'Statut' '<b>' %}").render(Context())
        self.assertEqual(text, "Statut\u00a0: &lt;b&gt;")
