"""Arabic pages read right to left: the app and the portal set <html lang dir> from the
language, and their headings come from the Arabic catalogue."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from django.conf import settings
from django.test import Client
from django.utils.translation import gettext, override

from migguide.testing import PASSWORD, CastTestCase


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.html_attrs: dict = {}
        self.headings: list[str] = []
        self._heading = None

    def handle_starttag(self, tag, attrs):
        if tag == "html":
            self.html_attrs = dict(attrs)
        if tag in ("h1", "h2"):
            self._heading = ""

    def handle_endtag(self, tag):
        if tag in ("h1", "h2") and self._heading is not None:
            self.headings.append(self._heading.strip())
            self._heading = None

    def handle_data(self, data):
        if self._heading is not None:
            self._heading += data


def read(response) -> _Page:
    page = _Page()
    page.feed(response.content.decode())
    return page


def arabic(text: str) -> str:
    with override("ar"):
        translated = gettext(text)
    return translated


ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")


class RightToLeftPageTests(CastTestCase):
    def test_the_portal_in_arabic_is_right_to_left_with_arabic_headings(self):
        page = read(Client().get("/ar/"))
        self.assertEqual(page.html_attrs, {"lang": "ar", "dir": "rtl"})
        heading = arabic("Guides on the use of migration data")
        self.assertRegex(heading, ARABIC_LETTER)
        self.assertIn(heading, page.headings)

    def test_the_portal_in_french_stays_left_to_right(self):
        page = read(Client().get("/fr/"))
        self.assertEqual(page.html_attrs, {"lang": "fr", "dir": "ltr"})

    def test_the_sign_in_page_follows_the_language_cookie_to_the_right(self):
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
        page = read(client.get("/login/"))
        self.assertEqual(page.html_attrs, {"lang": "ar", "dir": "rtl"})
        self.assertIn(arabic("Sign in"), page.headings)

    def test_a_person_who_chose_arabic_reads_the_dossier_right_to_left(self):
        self.coordinator.language = "ar"
        self.coordinator.save(update_fields=["language"])
        client = Client()
        self.assertTrue(client.login(username="coordinator", password=PASSWORD))
        page = read(client.get("/countries/sen/"))
        self.assertEqual(page.html_attrs, {"lang": "ar", "dir": "rtl"})
        self.assertTrue(page.headings)
        self.assertRegex(page.headings[0], ARABIC_LETTER)
