"""Open data of the portal: what the published editions say, as rows for CSV and JSON,
and the source catalogue in the DCAT-AP vocabulary (JSON-LD). Only published editions
and international statistics.

Languages: an edition is published in several languages, its texts translated. The
sources and recommendations files have a `language` column and one row per entry and
language of its edition, text and labels in that language (a text without a current
translation in the edition stays in the language the dossier is written in). Filter on
`language` to read one. The catalogue gives each title and description once per
language, as language-tagged literals. Statistics have no text to translate."""

from __future__ import annotations

from django.utils import translation

from migguide.indicators.models import Observation, Release

from . import portal

CITATION = (
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
        "publisher",
        "edition",
        "licence",
        "citation",
    ],
}


def _published(statuses):
    return [s for s in statuses if s.edition]


def _edition_rows(statuses, read) -> list[dict]:
    """The rows `read` gives from each published snapshot in each of its edition's
    languages, with country, edition, language, licence and citation."""
    rows = []
    for s in _published(statuses):
        for language in s.edition.languages:
            with translation.override(language):
                read_rows = read(portal.public_snapshot(s.edition, language))
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
    return _edition_rows(statuses, portal.recommendations_of)


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

# The dossier's codes in the EU Publications Office's authority tables.
ACCRUAL = {
    "continuous": "CONT",
    "monthly": "MONTHLY",
    "quarterly": "QUARTERLY",
    "annual": "ANNUAL",
    "multiannual": "IRREG",
    "decennial": "DECENNIAL",
    "irregular": "IRREG",
    "one-off": "NEVER",
}
ACCESS_RIGHTS = {
    "public": "PUBLIC",
    "on-request": "RESTRICTED",
    "restricted": "RESTRICTED",
    "internal": "NON_PUBLIC",
}
EU = "http://publications.europa.eu/resource/authority/"


def dcat_catalogue(statuses, base_url: str) -> dict:
    """The information sources of the published guides as a DCAT-AP catalogue: one
    dcat:Dataset per source, published by its collecting institution, with the
    institution (never a person) as contact point."""
    base = base_url.rstrip("/")
    datasets = []
    for s in _published(statuses):
        snapshot = portal.public_snapshot(s.edition, "en")
        # The texts of the source in each language of the edition, tagged.
        texts = {
            language: {e.id: e for e in portal.public_snapshot(s.edition, language).sources}
            for language in s.edition.languages
        }

        def tagged(source, name, texts=texts):
            return [
                {"@value": value, "@language": language}
                for language, by_id in texts.items()
                if (value := getattr(by_id[source.id], name) or by_id[source.id].title)
            ]

        for source in snapshot.sources:
            collector = snapshot.institution(source.collector)
            name = collector.name if collector else ""
            website = collector.website if collector else ""
            dataset = {
                "@id": f"{base}/data/{s.iso3}/sources/{source.id}",
                "@type": "dcat:Dataset",
                "dct:title": tagged(source, "title"),
                "dct:description": tagged(source, "description"),
                "dct:identifier": source.id,
                "dct:spatial": {"@id": f"{EU}country/{s.iso3}"},
                "dcat:theme": [{"@id": f"{EU}data-theme/SOCI"}],
                "dcat:keyword": [snapshot.title_of(code) for code in source.areas],
                "dct:type": source.kind,
                "dct:publisher": {
                    "@type": "foaf:Agent",
                    "foaf:name": name,
                },
                "dcat:contactPoint": {
                    "@type": "vcard:Organization",
                    "vcard:fn": name,
                    **({"vcard:hasURL": {"@id": website}} if website else {}),
                },
            }
            if source.periodicity in ACCRUAL:
                dataset["dct:accrualPeriodicity"] = {
                    "@id": f"{EU}frequency/{ACCRUAL[source.periodicity]}"
                }
            if source.access in ACCESS_RIGHTS:
                dataset["dct:accessRights"] = {
                    "@id": f"{EU}access-right/{ACCESS_RIGHTS[source.access]}"
                }
            if source.temporal_coverage:
                dataset["dct:temporal"] = {
                    "@type": "dct:PeriodOfTime",
                    "rdfs:label": source.temporal_coverage,
                }
            if source.last_update:
                dataset["dct:modified"] = {"@value": source.last_update, "@type": "xsd:date"}
            if str(source.url or "").lower().startswith(("http://", "https://")):
                dataset["dcat:landingPage"] = {"@id": source.url}
            datasets.append(dataset)
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "vcard": "http://www.w3.org/2006/vcard/ns#",
            "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": f"{base}/data/catalogue.jsonld",
        "@type": "dcat:Catalog",
        "dct:title": "Migration data sources of the Rabat Process countries",
        "dct:description": (
            "Information sources on migration mapped by the national workgroups of the "
            "Rabat Process Migration Profile Activity, as published in the endorsed "
            "Guides on the Use of Migration Data."
        ),
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": "Rabat Process"},
        "dct:license": {"@id": portal.LICENCE_URL},
        "dcat:dataset": datasets,
    }
