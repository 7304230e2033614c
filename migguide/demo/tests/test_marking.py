"""Every page in French says only what the French catalogue says (or what people wrote).

The French catalogue is marked for the time of the test: every translation it holds
(ours and Django's) is wrapped in two private-use characters. The pages of the
demonstration are then visited as its coordinator would — the app, from the home page on,
following every link to a page of a kind not seen yet — and as a visitor of the portal;
every text a person reads (text, alt, title, aria-label, placeholder, button values) must
be made of marked pieces, of what people wrote (the values stored in the database, country
names), of numbers and punctuation. Anything else is a string that a French reader would
get in English: the failure names the page and the string."""

from __future__ import annotations

import re
import uuid
from html.parser import HTMLParser
from unittest import mock
from urllib.parse import urljoin, urlsplit

import babel
from babel.numbers import format_compact_currency
from django.apps import apps
from django.db import models
from django.test import Client, TestCase
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import trans_real
from django_tasks_db.models import DBTaskResult, get_date_max

from migguide.access.models import Role, User
from migguide.access.work import outcome, report_progress
from migguide.countries.models import Country
from migguide.countries.registry import load_registry
from migguide.demo.activity import activity_demo
from migguide.demo.consultation import consultation_demo
from migguide.demo.dossier import load_demo_dossier
from migguide.demo.editions import publish_demo_edition
from migguide.dossier.snapshot import _labels_in
from migguide.indicators.profile import load_demo_statistics

OPEN, CLOSE = "\ue000", "\ue001"
MARKED = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
LETTER = re.compile(r"[^\W\d_]")
SEPARATOR = "\x01"
NODE = "\x02"
# Where a page joins several things people wrote, or cuts one short.
JOINS = re.compile(r"\s*(?:[,;·—|/()«»“”\"›]|\s[-–:]\s|…|\.\.\.|(?<=[.:])\s)\s*")
# Hashes, secrets in base 32, file names.
AS_IS_WORD = re.compile(
    r"[0-9a-f]{16,}|[A-Z2-7]{16,}|[\w-]+\.(csv|json|jsonld|xlsx|pdf|docx|xml|po|xlf)"
)
# Shown as they are in every language: names of formats, of the languages in their own
# language (the language menu), of the project.
AS_IS = {
    "migguide",
    "PDF",
    "DOCX",
    "HTML",
    "CSV",
    "JSON",
    "XLSX",
    "XLSForm",
    "KoboToolbox",
    "ODK",
    "GeoJSON",
    "SHA-256",
    "Excel",
    "English",
    "Français",
    "Português",
    "Español",
    "العربية",
    "العربيّة",  # as CLDR writes it in the language menu
    "XLIFF 2.1",
    "XLIFF",
    "PO",
    "SDMX",
    "SDMX-ML",
    "SDMX-CSV",
    "DCAT-AP",
    "JSON-LD",
}
CODE_WRITES = {"history_change_reason", "password", "snapshot", "summary"}
PER_LANGUAGE = {"names", "definitions"}
READ_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder"}
BY_PART = {"dossier:list", "dossier:add"}
LIMIT = 150


class _Texts(HTMLParser):
    """The texts of a page a person reads or hears. The text of the page is kept as one
    stream (a translated sentence may hold markup); the figures' own text (axis labels,
    drawn by Vega) is left to the charts' tests."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stream: list[str] = []
        self.attributes: list[str] = []
        self.links: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "template", "svg"):
            self._skip += 1
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        for name in READ_ATTRIBUTES & attrs.keys():
            self.attributes.append(attrs[name] or "")
        if tag == "input" and attrs.get("type") in ("submit", "button"):
            self.attributes.append(attrs.get("value") or "")
        self.stream.append(NODE)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template", "svg") and self._skip:
            self._skip -= 1
        self.stream.append(NODE)

    def handle_data(self, data):
        if not self._skip:
            self.stream.append(data)

    @property
    def texts(self) -> list[str]:
        return ["".join(self.stream), *self.attributes]


def _mark(language: str) -> None:
    catalog = trans_real.translation(language)._catalog
    for key, value in list(catalog.items()):
        catalog[key] = f"{OPEN}{value}{CLOSE}"


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _people_wrote(language: str) -> str:
    """What people wrote, one value after the other: every text stored in the database
    but what code writes there (reasons of changes, frozen snapshots, summaries), names
    given per language in `language` only; the countries' names; the people's names."""
    found = set()
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if f.name in CODE_WRITES or getattr(f, "choices", None):
                continue
            if not isinstance(f, models.CharField | models.TextField | models.JSONField):
                continue
            for value in model._default_manager.values_list(f.attname, flat=True).distinct():
                if f.name in PER_LANGUAGE and isinstance(value, dict):
                    value = value.get(language)
                found.update(_strings(value))
    for country in Country.objects.all():
        found.add(country.name(language))
    found.update(user.get_full_name() for user in User.objects.all())
    return SEPARATOR.join(_spaced(v) for v in found if v) + SEPARATOR


def _spaced(text: str) -> str:
    return " ".join(text.split())


class MarkingTests(TestCase):
    """In French; a subclass with another `language` checks that language's pages."""

    language = "fr"

    @classmethod
    def setUpTestData(cls):
        load_registry()
        load_demo_dossier()
        load_demo_statistics()
        senegal = Country.objects.get(iso3="SEN")
        people = {}
        for kind in (Role.Kind.COORDINATOR, Role.Kind.REVIEWER, Role.Kind.ENDORSER):
            people[kind] = User.objects.create_user(
                username=kind, email=f"{kind}@example.org", first_name="Awa", last_name=kind
            )
            Role.objects.create(user=people[kind], country=senegal, kind=kind)
        cls.coordinator = people[Role.Kind.COORDINATOR]
        cls.coordinator.language = cls.language
        cls.coordinator.save()
        consultation_demo(senegal)
        activity_demo(senegal)
        # Published as HTML only: the pages are under test here, not the PDF or DOCX
        # writers, which take most of the time.
        with mock.patch("migguide.editions.publishing.PUBLISHED_FORMATS", ("html",)):
            publish_demo_edition(senegal)

    def setUp(self):
        _mark(self.language)
        self.addCleanup(trans_real._translations.clear)
        # Labels kept per language (areas, stages) were made from the unmarked catalogue
        # by whatever ran before in this process; made again, marked, then dropped.
        _labels_in.cache_clear()
        self.addCleanup(_labels_in.cache_clear)
        self.addCleanup(translation.deactivate)
        self.wrote = SEPARATOR + _people_wrote(self.language)
        self.found: dict[str, bool] = {}
        locale = babel.Locale.parse(self.language)
        self.as_is_words = AS_IS | {
            name.rstrip(".")
            for width in ("wide", "abbreviated")
            for context in ("format", "stand-alone")
            for name in locale.months[context][width].values()
        }
        # Units of compact numbers ("3 Md $US") as the locale writes them.
        self.as_is_words |= {
            format_compact_currency(3 * 10**e, "USD", locale=self.language).split()[-2]
            for e in (3, 6, 9, 12)
        } | {locale.currency_symbols["USD"]}

    def unmarked(self, text: str) -> list[str]:
        """The pieces of a text that are neither in the catalogue nor written by people
        (nor numbers, punctuation or words shown as they are), each with its context."""
        before = None
        while before != text:
            before, text = text, MARKED.sub(SEPARATOR, text)
        if not LETTER.search(text):
            return []
        left = []
        for node in text.split(NODE):
            for chunk in node.split(SEPARATOR):
                chunk = _spaced(chunk)
                if not LETTER.search(chunk) or self.written(chunk):
                    continue
                for piece in JOINS.split(chunk):
                    piece = piece.strip(" .:!?")
                    if LETTER.search(piece) and not self.as_is(piece) and not self.written(piece):
                        context = _spaced(node.replace(SEPARATOR, "|"))[:100]
                        left.append(f"{piece!r} in {context!r}")
        return left

    def written(self, text: str) -> bool:
        """Whether people wrote this, or the start, end or middle of something they wrote
        (a long text is cut short in lists), not inside a word; or two such things side
        by side."""
        text = text.strip(" .:!?…")
        if self._found(text):
            return True
        spaces = [i for i, c in enumerate(text) if c == " "]
        return any(self._found(text[:i]) and self._found(text[i + 1 :]) for i in spaces)

    def _found(self, text: str) -> bool:
        if text not in self.found:
            self.found[text] = bool(text) and (
                f"{SEPARATOR}{text}{SEPARATOR}" in self.wrote
                or bool(re.search(rf"(?<!\w){re.escape(text)}", self.wrote))
            )
        return self.found[text]

    def as_is(self, text: str) -> bool:
        """Words shown the same in every language, given by the locale's data (CLDR:
        month names, units), numbers, file names, hashes."""
        return all(
            w.rstrip(".") in self.as_is_words or not LETTER.search(w) or AS_IS_WORD.fullmatch(w)
            for w in text.split()
        )

    def visit(self, client, start: list[str]) -> dict[str, list[str]]:
        """Follow the links of the site from `start`, one page per kind; what is not
        marked on each page."""
        todo, seen_kinds, seen, problems = list(start), set(), set(), {}
        while todo and len(seen) < LIMIT:
            url = todo.pop(0)
            path = urlsplit(url).path
            if path in seen or not url.startswith("/"):
                continue
            try:
                match = resolve(path)
            except Resolver404:
                continue
            # A part's list and form differ from the others'; its other pages do not.
            part = match.kwargs.get("part") if match.view_name in BY_PART else None
            kind = (match.view_name, part, match.kwargs.get("fmt"))
            if kind in seen_kinds or match.view_name.startswith("admin"):
                continue
            seen.add(path)
            response = client.get(url)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            seen_kinds.add(kind)
            parser = _Texts()
            parser.feed(response.content.decode())
            problems[path] = []
            for text in parser.texts:
                problems.setdefault(path, []).extend(self.unmarked(text))
            if not problems[path]:
                del problems[path]
            todo += [urljoin(url, link) for link in parser.links]
        self.assertGreater(len(seen), 5, "the visit found too few pages to mean anything")
        return problems

    def report(self, problems: dict[str, list[str]]) -> str:
        lines = []
        for path, texts in problems.items():
            lines.append(f"{path}:")
            lines += [f"    {t}" for t in dict.fromkeys(texts)]
        return f"Not in the catalogue of {self.language!r}:\n" + "\n".join(lines)

    def test_what_is_neither_translated_nor_written_by_people_is_named(self):
        institution = "Agence nationale de la Statistique et de la Démographie"
        text = f"{OPEN}Sources{CLOSE} · {institution} · Download the guide"
        left = self.unmarked(text)
        self.assertEqual(len(left), 1, left)
        self.assertTrue(left[0].startswith("'Download the guide' in "), left)

    def test_the_apps_pages_say_only_what_the_catalogue_says(self):
        self.client.force_login(self.coordinator)
        problems = self.visit(self.client, ["/", "/countries/SEN/"])
        self.assertFalse(problems, self.report(problems))

    def test_the_portal_says_only_what_the_catalogue_says(self):
        """Visited from a browser that asks for another language: what the portal
        computes before it switches to the page's language shows up."""
        home = f"/{self.language}/"
        browser = Client(headers={"accept-language": "en" if self.language != "en" else "fr"})
        problems = self.visit(browser, [home, f"{home}search/?q=recensement"])
        self.assertFalse(problems, self.report(problems))

    def test_the_page_of_queued_work_says_only_what_the_catalogue_says(self):
        """Reached only by a redirect once an upload is queued for a worker: visited
        waiting, running and done (its message written by the task in the language)."""
        translation.activate(self.language)
        message = translation.gettext(
            "%(file)s: %(added)d responses to review, %(already)d imported before."
        ) % {"file": "kobo.xlsx", "added": 2, "already": 0}
        done = outcome(
            True,
            message,
            next_url="/countries/SEN/consultation/",
            next_label=translation.gettext("Back to the consultation"),
        )
        translation.deactivate()
        pages = []
        for status, value, steps in (
            ("READY", None, None),
            ("RUNNING", None, "rows"),
            ("RUNNING", None, "texts"),
            ("SUCCESSFUL", done, None),
        ):
            task_id = uuid.uuid4()
            DBTaskResult.objects.create(
                id=task_id,
                task_path="migguide.consultation.tasks.import_answers",
                args_kwargs={
                    "args": ["SEN", "uploads/x/kobo.xlsx"],
                    "kwargs": {"name": "kobo.xlsx", "user_pk": self.coordinator.pk},
                },
                backend_name="default",
                run_after=get_date_max(),
                status=status,
                return_value=value,
            )
            if steps:
                report_progress(str(task_id), 120, 800, steps)
            pages.append(f"/work/{task_id}/")
        self.client.force_login(self.coordinator)
        problems = {}
        for url in pages:
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            parser = _Texts()
            parser.feed(response.content.decode())
            left = [piece for text in parser.texts for piece in self.unmarked(text)]
            if left:
                problems[url] = left
        self.assertFalse(problems, self.report(problems))
