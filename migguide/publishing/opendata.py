"""Open data of the portal: what the published editions say, as rows for CSV and JSON,
and the source catalogue in the DCAT-AP vocabulary (JSON-LD). Only published editions
and international statistics.

Languages: an edition is published in several languages, its texts translated. The
sources and recommendations files have a `language` column and one row per entry and
language of its edition, text and labels in that language (a text without a current
translation in the edition stays in the language the dossier is written in). Filter on
`language` to read one. The catalogue gives each title and description once per
language, as language-tagged literals. Statistics have no text to translate.

Commitments: a recommendation's row gives the codes of the framework items it serves
(Cadiz Action Plan, Global Compact, SDG targets) as its edition froze them, separated by
spaces, and their titles in the row's language, in the same order, separated by " | "."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext_noop

from migguide.commitments.models import Item, in_language
from migguide.indicators.models import Observation, Release

from . import portal

# In English in the files (labels in English), translated on the portal's pages.
CITATION = gettext_noop(
    "Rabat Process — Migration Profile Activity, open data of the published Guides on the "
    "Use of Migration Data (migguide)."
)
FILES = (
    "sources.csv",
    "sources.json",
    "recommendations.csv",
    "recommendations.json",
    "statistics.csv",
    "statistics.json",
    "catalogue.jsonld",
    "source-kinds.jsonld",
    "statistics-sdmx.csv",
    "statistics-sdmx.xml",
    "statistics-structure.xml",
)
# The kinds of source (a SKOS concept scheme) are one list for every country, and the
# SDMX files hold every country (one data structure, one dataflow).
COUNTRY_FILES = tuple(
    name
    for name in FILES
    if name != "source-kinds.jsonld" and "sdmx" not in name and "structure" not in name
)
COLUMNS = {
    "sources": [
        "country",
        "edition",
        "language",
        "id",
        "title",
        "collector",
        "areas",
        "status",
        "kind",
        "periodicity",
        "access",
        "url",
        "licence",
        "citation",
    ],
    "recommendations": [
        "country",
        "edition",
        "language",
        "id",
        "theme",
        "text",
        "responsible",
        "priority",
        "timeframe",
        "status",
        "commitments",
        "commitment_titles",
        "licence",
        "citation",
    ],
    "statistics": [
        "country",
        "indicator",
        "year",
        "sex",
        "partner",
        "value",
        "unit",
        "publisher",
        "edition",
        "licence",
        "citation",
    ],
}


def _published(statuses):
    return [s for s in statuses if s.edition]


def _edition_rows(statuses, read, *, commitments: bool = False) -> list[dict]:
    """The rows `read` gives from each published snapshot in each of its edition's
    languages, with country, edition, language, licence and citation — and, asked for,
    the framework items each entry serves as the edition froze them (never the live
    tags), titled in the row's language."""
    rows = []
    titles = Item.titles_by_code() if commitments else {}
    for s in _published(statuses):
        frozen = (s.edition.snapshot or {}).get("dossier", {}).get("commitments") or {}
        for language in s.edition.languages:
            with translation.override(language):
                read_rows = read(portal.public_snapshot(s.edition, language))
            if commitments:
                for row in read_rows:
                    codes = frozen.get(str(row["id"]), [])
                    row["commitments"] = " ".join(codes)
                    row["commitment_titles"] = " | ".join(
                        in_language(titles.get(code, {}), language) or code for code in codes
                    )
            for row in read_rows:
                rows.append(
                    {
                        "country": s.iso3,
                        "edition": s.edition.number,
                        "language": language,
                        **{k: v for k, v in row.items() if k not in ("codes", "link", "lang")},
                        "licence": portal.LICENCE,
                        "citation": CITATION,
                    }
                )
    return rows


def sources_rows(statuses) -> list[dict]:
    return _edition_rows(statuses, portal.sources_of)


def recommendations_rows(statuses) -> list[dict]:
    return _edition_rows(statuses, portal.recommendations_of, commitments=True)


def statistics_rows(statuses) -> list[dict]:
    """International figures of the dialogue's countries, every release kept (national
    figures are shown in a guide only once it is published, not here)."""
    observations = (
        Observation.objects.filter(country__in=[s.country for s in statuses])
        .exclude(release__kind=Release.Kind.NATIONAL)
        .select_related("country", "indicator", "release", "partner")
        .order_by("country__iso3", "indicator__code", "release_id", "year", "sex", "partner_id")
    )
    return [
        {
            "country": o.country.iso3,
            "indicator": o.indicator.code,
            "year": o.year,
            "sex": o.sex,
            "partner": o.partner.iso3 if o.partner else "",
            "value": o.value,
            "unit": o.indicator.unit,
            "publisher": o.release.publisher,
            "edition": o.release.edition,
            "licence": o.release.licence,
            "citation": o.release.citation or f"{o.release.publisher}, {o.release.edition}",
        }
        for o in observations
    ]


ROWS = {
    "sources": sources_rows,
    "recommendations": recommendations_rows,
    "statistics": statistics_rows,
}
