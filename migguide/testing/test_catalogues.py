"""Every translation catalogue of the interface (French, Portuguese, Spanish, Arabic when
present) is complete enough to use and keeps the placeholders of the English text: a
dropped %(name)s or a changed HTML tag breaks a page or an e-mail at the moment it is read."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from babel.messages.pofile import read_po
from django.conf import settings
from django.test import SimpleTestCase

LOCALE = Path(settings.LOCALE_PATHS[0])
CATALOGUES = ("fr", "pt", "es", "ar")
MIN_TRANSLATED = 0.95

# %(name)s and %s-style conversions (%% is a literal percent sign, kept as such),
# {0}/{name} format fields, and HTML tags.
PLACEHOLDER = re.compile(
    r"%\([a-zA-Z_]\w*\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[sdifr]|%%|\{\w*\}|<[^<>]+>"
)


def placeholders(text: str) -> Counter:
    return Counter(PLACEHOLDER.findall(text))


def present_catalogues() -> list[tuple[str, Path]]:
    paths = [(lang, LOCALE / lang / "LC_MESSAGES" / "django.po") for lang in CATALOGUES]
    return [(lang, path) for lang, path in paths if path.exists()]


def entries(path: Path):
    """(msgid forms, msgstr forms) of every message of a catalogue, the header left out."""
    with path.open("rb") as f:
        catalog = read_po(f)
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        yield message, ids, strings


def same_placeholders(ids: tuple, i: int, string: str, forms: int) -> bool:
    """A singular message keeps exactly its English placeholders. A plural's forms may
    leave the count out ("one comment"), but use only the English ones, and its last
    form keeps exactly those of the English plural."""
    got = placeholders(string)
    if len(ids) == 1:
        return got == placeholders(ids[0])
    if i == forms - 1:
        return got == placeholders(ids[1])
    return set(got) <= set(placeholders(ids[0])) | set(placeholders(ids[1]))


def label(message) -> str:
    ident = message.id[0] if isinstance(message.id, tuple) else message.id
    return repr(ident[:70])


class CataloguesTest(SimpleTestCase):
    def test_the_french_portuguese_and_spanish_catalogues_exist(self):
        present = {lang for lang, _path in present_catalogues()}
        self.assertLessEqual({"fr", "pt", "es"}, present)

    def test_every_catalogue_translates_at_least_95_percent_of_its_messages(self):
        for lang, path in present_catalogues():
            with self.subTest(lang=lang):
                total, untranslated = 0, []
                for message, _ids, strings in entries(path):
                    total += 1
                    if not all(s.strip() for s in strings) or message.fuzzy:
                        untranslated.append(label(message))
                share = 1 - len(untranslated) / total
                self.assertGreaterEqual(
                    share,
                    MIN_TRANSLATED,
                    f"{path}: {share:.1%} translated; untranslated: " + "; ".join(untranslated),
                )

    def test_every_translation_keeps_the_placeholders_and_tags_of_its_english_text(self):
        for lang, path in present_catalogues():
            with self.subTest(lang=lang):
                wrong = []
                for message, ids, strings in entries(path):
                    for i, string in enumerate(strings):
                        if string and not same_placeholders(ids, i, string, len(strings)):
                            got = dict(placeholders(string))
                            wrong.append(f"{label(message)} [{i}]: {got}")
                self.assertEqual(wrong, [], f"{path}: placeholders differ")

    def test_every_catalogue_holds_the_same_messages_as_the_french_one(self):
        french = {m.id for m, _i, _s in entries(LOCALE / "fr" / "LC_MESSAGES" / "django.po")}
        for lang, path in present_catalogues():
            with self.subTest(lang=lang):
                own = {m.id for m, _i, _s in entries(path)}
                self.assertEqual(sorted(map(str, french - own)), [], f"{path}: messages missing")

    def test_the_catalogue_headers_name_the_language_and_two_plural_forms(self):
        for lang, path in present_catalogues():
            if lang == "ar":
                continue  # Arabic has six plural forms: its engineer's header rules.
            with self.subTest(lang=lang):
                with path.open("rb") as f:
                    catalog = read_po(f)
                self.assertEqual(str(catalog.locale), lang)
                self.assertEqual(catalog.num_plurals, 2)
