"""The core indicators are named and defined in every language of the pages and in
Arabic, so a chart or a table never falls back to English without saying so."""

from __future__ import annotations

from django.conf import settings
from django.test import TestCase

from migguide.indicators.catalogue import load_catalogue


class CatalogueTests(TestCase):
    def test_every_indicator_has_a_name_and_definition_in_every_language(self):
        languages = [code for code, _name in settings.LANGUAGES] + ["ar"]
        for code, indicator in load_catalogue().items():
            for language in languages:
                with self.subTest(indicator=code, language=language):
                    self.assertTrue(indicator.names.get(language))
                    self.assertTrue(indicator.definitions.get(language))

    def test_names_read_in_the_field_terms_and_fall_back_to_english(self):
        indicators = load_catalogue()
        stock = indicators["MIG_STOCK_IN"]
        self.assertEqual(stock.name("pt"), "Stock de migrantes internacionais (imigrantes)")
        self.assertEqual(stock.name("es"), "Stock de migrantes internacionales (inmigrantes)")
        self.assertEqual(indicators["ASYLUM_HOSTED"].name("pt"), "Requerentes de asilo acolhidos")
        self.assertEqual(indicators["STATELESS"].name("es"), "Apátridas")
        self.assertEqual(stock.name("de"), "International migrant stock (immigrants)")
        self.assertEqual(stock.definition("de"), stock.definitions["en"])

    def test_loading_again_changes_nothing(self):
        first = {code: (i.names, i.definitions) for code, i in load_catalogue().items()}
        again = {code: (i.names, i.definitions) for code, i in load_catalogue().items()}
        self.assertEqual(first, again)
