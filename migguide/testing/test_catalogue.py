"""The French catalogue writes French: a non-breaking space before ":", ";", "?" and "!"
(an ordinary one lets the sign start a new line on a narrow screen)."""

import re
from pathlib import Path

from babel.messages.pofile import read_po
from django.test import SimpleTestCase
from django.utils import translation

import migguide
from migguide.files.text import labelled

CATALOGUE = Path(migguide.__file__).parent / "locale" / "fr" / "LC_MESSAGES" / "django.po"
SPACE_BEFORE_SIGN = re.compile(r" [:;?!]")


class FrenchCatalogueTests(SimpleTestCase):
    def test_every_french_sign_that_wants_a_space_has_a_non_breaking_one(self):
        with CATALOGUE.open("rb") as f:
            catalogue = read_po(f)
        wrong = []
        for message in catalogue:
            strings = message.string if isinstance(message.string, tuple) else [message.string]
            wrong += [message.id for s in strings if SPACE_BEFORE_SIGN.search(s or "")]
        self.assertEqual(wrong, [], "an ordinary space before : ; ? or ! in these")

    def test_a_label_and_its_value_are_joined_as_french_writes_them(self):
        with translation.override("fr"):
            self.assertEqual(labelled("Source", "ANSD"), "Source\u00a0: ANSD")
        with translation.override("en"):
            self.assertEqual(labelled("Source", "ANSD"), "Source: ANSD")
