"""What the public portal shows, as plain data built by a few functions that run their
queries up front. Everything a page shows of a country comes from the snapshot of its
published edition — never from the live dossier — so nothing unpublished can reach the
portal; international statistics are public data and come from their releases."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from migguide.countries.models import Country, Dialogue, Membership
from migguide.dossier import models as m
from migguide.dossier.parts import PARTS_BY_SLUG
from migguide.dossier.snapshot import Snapshot, choices
from migguide.editions.models import Edition
from migguide.files.text import sort_key
from migguide.indicators.models import Indicator, Observation, Release

STATUSES = {
    "not-started": gettext_lazy("not started"),
    "in-progress": gettext_lazy("in progress"),
    "endorsed": gettext_lazy("endorsed"),
    "published": gettext_lazy("published"),
}
# Indicators the map can be coloured by (public, international figures only).
MAP_INDICATORS = ("MIG_STOCK_IN_PCT_POP", "MIG_STOCK_IN", "REFUGEES_HOSTED", "REMIT_IN_PCT_GDP")

SOURCE_FIELDS = ("title", "collector", "areas", "status", "kind", "periodicity", "access", "url")
RECOMMENDATION_FIELDS = ("theme", "text", "responsible", "priority", "timeframe", "status")
LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


@dataclass
class CountryStatus:
    country: Country
    name: str
    status: str
    membership: str
    edition: Edition | None = None  # the newest published one
    endorsed_on: datetime.date | None = None

    @property
    def iso3(self) -> str:
        return self.country.iso3

    @property
    def status_label(self) -> str:
        return str(STATUSES[self.status])


def status_summary(statuses: list[CountryStatus]) -> list[tuple[str, int]]:
    """How many countries stand at each step, in the activity's order, for the one line
    above a cross-country table ("56 not started · 1 published"); the labels stay lazy,
    to be read in the page's language."""
    counts: dict[str, int] = {}
    for s in statuses:
        counts[s.status] = counts.get(s.status, 0) + 1
    return [(label, counts[code]) for code, label in STATUSES.items() if code in counts]


def dialogue() -> Dialogue | None:
    return Dialogue.objects.filter(is_default=True).first()


# While the static site is built, the same answers serve every page (see site.py).
_memo: dict | None = None


def memoised(fn):
    def wrapper(*args):
        if _memo is None:
            return fn(*args)
        key = (fn.__name__, *args)
        if key not in _memo:
            _memo[key] = fn(*args)
        return _memo[key]

    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    return wrapper


@memoised
def countries_of_the_dialogue(language: str) -> list[CountryStatus]:
    """The dialogue's current partners and observers with where each stands in the
    activity, sorted by name in the language."""
    current = dialogue()
    memberships = (
        Membership.objects.filter(dialogue=current).current().active().select_related("country")
        if current
        else []
    )
    countries = {ms.country_id: ms for ms in memberships}
    with_dossier = set(
        m.Dossier.objects.filter(country__in=countries).values_list("country", flat=True)
    )
    # Snapshots are large: each is read only where a page needs it.
    editions = (
        Edition.objects.filter(country__in=countries)
        .filter(state__in=[Edition.State.PUBLISHED, Edition.State.ENDORSED])
        .select_related("endorsement", "country")
        .defer("snapshot")
    )
    published: dict[int, Edition] = {}
    endorsed: dict[int, Edition] = {}
    for edition in editions.order_by("number"):
        if edition.state == Edition.State.PUBLISHED:
            published[edition.country_id] = edition
        elif edition.state == Edition.State.ENDORSED:
            endorsed[edition.country_id] = edition
    result = []
    for pk, membership in countries.items():
        edition = published.get(pk)
        status = (
            "published"
            if edition
            else "endorsed"
            if pk in endorsed
            else "in-progress"
            if pk in with_dossier
            else "not-started"
        )
        signed = getattr(edition or endorsed.get(pk), "endorsement", None)
        result.append(
            CountryStatus(
                country=membership.country,
                name=membership.country.name(language),
                status=status,
                # Read when the page is drawn, in its language (this list is built
                # before the page's language is switched on).
                membership=Membership.Status(membership.status).label,
                edition=edition,
                endorsed_on=signed.date if signed else None,
            )
        )
    result.sort(key=lambda c: sort_key(c.name))  # Côte d'Ivoire among the Cs
    return result


@memoised
def _map_values(code: str) -> dict:
    """Each country's newest international value of an indicator — what `series` gives
    country by country, in two queries for all of them (the home page asks for four
    indicators of 57 countries)."""
    members = Country.objects.filter(memberships__dialogue=dialogue()).distinct()
    rank = {
        pk: i for i, pk in enumerate(Release.objects.newest_first().values_list("pk", flat=True))
    }
    best: dict[str, tuple] = {}
    for iso3, release, year, value in (
        Observation.objects.filter(
            indicator__code=code, sex="", partner__isnull=True, country__in=members
        )
        .exclude(release__kind=Release.Kind.NATIONAL)
        .values_list("country__iso3", "release_id", "year", "value")
    ):
        key = (rank[release], -year)
        if iso3 not in best or key < best[iso3][0]:
            best[iso3] = (key, year, value)
    return {iso3: {"year": year, "value": value} for iso3, (_k, year, value) in best.items()}


def map_figures(statuses: list[CountryStatus], language: str) -> list[dict]:
    """For each indicator the map can show: its name, unit and each country's newest
    international value (national figures are not public unless published)."""
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=MAP_INDICATORS)}
    layers = []
    for code in MAP_INDICATORS:
        if code not in indicators:
            continue
        members = {s.iso3 for s in statuses}
        values = {k: v for k, v in _map_values(code).items() if k in members}
        if values:
            layers.append(
                {
                    "code": code,
                    "name": indicators[code].name(language),
                    "unit": indicators[code].unit,
                    "values": values,
                }
            )
    return layers


# -- one country --------------------------------------------------------------------


def public_edition(country: Country) -> Edition | None:
    return (
        Edition.objects.filter(country=country, state=Edition.State.PUBLISHED)
        .select_related("endorsement", "country")
        .order_by("-number")
        .first()
    )


def shown_language(edition: Edition, language: str) -> str:
    """The language an edition's texts are shown in to a reader of `language`: that
    one if the edition has it, else the language its dossier is written in."""
    return language if language in edition.languages else edition.frozen.main_language


def public_snapshot(edition: Edition, language: str) -> Snapshot:
    """The dossier an edition froze, in the reader's language (`shown_language`), as
    the public may see it (Snapshot.public): what every page, file and index of the
    portal reads."""
    return edition.frozen.in_language(shown_language(edition, language)).public()


def _rows(snapshot: Snapshot, part_key: str, fields: tuple[str, ...]) -> list[dict]:
    rows = []
    for entry in snapshot.entries(part_key):
        row = {"id": entry.id}
        for name in fields:
            row[name] = snapshot.display(part_key, name, getattr(entry, name))
        url = str(getattr(entry, "url", "") or "")
        # Only web addresses become links: a "javascript:" address stays text.
        row["link"] = url if url.lower().startswith(("http://", "https://")) else ""
        # A text left as written (no current translation) is marked with its language,
        # so that a screen reader reads it as such (WCAG 3.1.2).
        row["lang"] = {
            name: snapshot.main_language
            for name in fields
            if (entry.id, name) in snapshot.untranslated
        }
        row["codes"] = {
            name: list(value) if isinstance(value, tuple) else value
            for name in ("areas", "status", "theme")
            if (value := getattr(entry, name, None)) is not None
        }
        rows.append(row)
    return rows


def field_labels(part_slug: str, fields: tuple[str, ...]) -> dict[str, str]:
    meta = PARTS_BY_SLUG[part_slug].model._meta
    return {name: str(meta.get_field(name).verbose_name) for name in fields}


def sources_of(snapshot: Snapshot) -> list[dict]:
    return _rows(snapshot, "sources", SOURCE_FIELDS)


def recommendations_of(snapshot: Snapshot) -> list[dict]:
    return _rows(snapshot, "recommendations", RECOMMENDATION_FIELDS)


def edition_statistics(edition: Edition, language: str) -> dict:
    """The statistics frozen with the edition, in the language if it has it."""
    statistics = (edition.snapshot or {}).get("statistics", {})
    return statistics.get(language) or next(iter(statistics.values()), {})


def citation(edition: Edition, language: str) -> str:
    current = dialogue()
    with translation.override(language):
        return _(
            "%(dialogue)s, Guide on the Use of Migration Data: %(country)s, %(edition)s (%(year)s)."
        ) % {
            "dialogue": current.name(language) if current else "",
            "country": edition.country.name(language),
            "edition": edition.label_in(language),
            "year": edition.published_at.year if edition.published_at else "",
        }


# -- across countries ---------------------------------------------------------------


def across_countries(statuses: list[CountryStatus], language: str) -> dict:
    """Progress by country, and what the published editions say together: sources by
    area, challenges by category, recommendations by theme."""
    areas, challenges, themes = Counter(), Counter(), Counter()
    with translation.override(language):
        labels = choices(language)
        published = [s for s in statuses if s.edition]
        for status in published:
            data = public_snapshot(status.edition, language)
            for source in data.sources:
                for code in source.areas:
                    areas[labels["area"].get(code, code)] += 1
            for challenge in data.challenges:
                challenges[labels["category"].get(challenge.category, challenge.category)] += 1
            for rec in data.recommendations:
                themes[labels["theme"].get(rec.theme, rec.theme)] += 1
    return {
        "progress": Counter(s.status for s in statuses),
        "published": published,
        "sources_by_area": areas.most_common(),
        "challenges_by_category": challenges.most_common(),
        "recommendations_by_theme": themes.most_common(),
    }


# -- search -------------------------------------------------------------------------


def search_index(statuses: list[CountryStatus], language: str) -> list[dict]:
    """Everything the portal publishes that a person may look for: guides, sources,
    institutions and recommendations of the published editions."""
    items = []
    for status in statuses:
        items.append({"kind": "country", "title": status.name, "iso3": status.iso3, "text": ""})
        if not status.edition:
            continue
        snapshot = public_snapshot(status.edition, language)
        items.append(
            {
                "kind": "guide",
                "title": f"{status.name} — {status.edition.label_in(language)}",
                "iso3": status.iso3,
                "text": snapshot.situation[:300],
            }
        )
        for source in snapshot.sources:
            items.append(
                {
                    "kind": "source",
                    "title": source.title,
                    "iso3": status.iso3,
                    "text": f"{snapshot.title_of(source.collector)} {source.description}"[:300],
                }
            )
        for institution in snapshot.institutions:
            items.append(
                {
                    "kind": "institution",
                    "title": institution.name,
                    "iso3": status.iso3,
                    "text": institution.acronym,
                }
            )
        for rec in snapshot.recommendations:
            items.append(
                {
                    "kind": "recommendation",
                    "title": rec.text[:160],
                    "iso3": status.iso3,
                    "text": "",
                }
            )
    return items


KINDS = {
    "country": gettext_lazy("country"),
    "guide": gettext_lazy("guide"),
    "source": gettext_lazy("information source"),
    "institution": gettext_lazy("institution"),
    "recommendation": gettext_lazy("recommendation"),
}


def search(items: list[dict], query: str, limit: int = 100) -> list[dict]:
    words = [w for w in _fold(query).split() if w]
    if not words:
        return []
    found = []
    for item in items:
        haystack = _fold(f"{item['title']} {item['text']}")
        if all(w in haystack for w in words):
            found.append(dict(item, kind_label=str(KINDS[item["kind"]])))
    return found[:limit]


def _fold(text: str) -> str:
    """Without accents and case, for sorting and searching."""
    import unicodedata

    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]
