"""The portal's open data described in DCAT-AP 3.0 (JSON-LD), as harvesters of national,
regional and European data portals read it: conforming to the official SHACL shapes
(`shared/standards/dcat-ap-3.0.0`, checked in the tests), with the recommended properties
filled where the published editions state the facts.

What the catalogue describes:
- each information source of a published guide (a `dcat:Dataset`, `dct:type` one of the
  concepts of our own SKOS scheme of kinds of source, published at
  `data/source-kinds.jsonld`), with its collecting institution as publisher and contact
  point (never a person);
- per country, the open data the portal itself publishes (sources, recommendations,
  statistics) with their CSV and JSON distributions;
- per country, the editions of its guide as a `dcat:DatasetSeries`, each edition a
  dataset in the series whose distributions are the published files.
Codes are those of the EU Publications Office's authority tables; media types IANA's."""

from __future__ import annotations

import datetime
import re

from django.utils import translation

from migguide.dossier import models as m
from migguide.editions.models import Edition, PublishedFile

from . import portal

EU = "http://publications.europa.eu/resource/authority/"
IANA = "http://www.iana.org/assignments/media-types/"
ADMS_PUBLISHER = "http://purl.org/adms/publishertype/"
LICENCE = f"{EU}licence/CC_BY_4_0"

# The dossier's codes in the authority tables.
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
LANGUAGES = {"en": "ENG", "fr": "FRA", "pt": "POR", "es": "SPA", "ar": "ARA"}
# A file's format: (EU file type, IANA media type).
FORMATS = {
    "csv": ("CSV", "text/csv"),
    "json": ("JSON", "application/json"),
    "jsonld": ("JSON_LD", "application/ld+json"),
    "pdf": ("PDF", "application/pdf"),
    "docx": (
        "DOCX",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "html": ("HTML", "text/html"),
    "sdmx-csv": ("CSV", "text/csv"),
    "sdmx-xml": ("SDMX", "application/xml"),
}
# The kind of an institution as an ADMS publisher type.
PUBLISHER_TYPE = {
    "ministry": "NationalAuthority",
    "statistics": "NationalAuthority",
    "border": "NationalAuthority",
    "international": "SupraNationalAuthority",
    "academic": "Academia-ScientificOrganisation",
    "civil-society": "NonGovernmentalOrganisation",
    "private": "Company",
}

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "spdx": "http://spdx.org/rdf/terms#",
    "dcatap": "http://data.europa.eu/r5r/",
}
STABLE = f"{EU}planned-availability/STABLE"
# A source's own format as written in the dossier ("Excel", "CSV, PDF" …) → EU file type.
FILE_TYPES = [
    (re.compile(r"\bxlsx?\b|excel", re.I), "XLSX"),
    (re.compile(r"\bcsv\b", re.I), "CSV"),
    (re.compile(r"\bpdf\b", re.I), "PDF"),
    (re.compile(r"\bjson\b", re.I), "JSON"),
    (re.compile(r"\bsdmx\b", re.I), "SDMX"),
    (re.compile(r"\bdocx?\b|word", re.I), "DOCX"),
    (re.compile(r"\bhtml?\b|web", re.I), "HTML"),
]
OPEN_DATA = {
    "sources": "Migration data sources of %(country)s",
    "recommendations": "Recommendations on migration data of %(country)s",
    "statistics": "International migration statistics of %(country)s",
}
OPEN_DATA_DESCRIPTION = {
    "sources": "The information sources on migration listed in the published Guide on "
    "the Use of Migration Data of %(country)s: who collects what, how often, with which "
    "access.",
    "recommendations": "The recommendations of the published Guide on the Use of "
    "Migration Data of %(country)s, with who is responsible, priority, timeframe and "
    "status.",
    "statistics": "International statistics on migration shown in the guide of "
    "%(country)s (UN DESA, World Bank, UNHCR), each row with its publisher, edition and "
    "licence.",
}


def _date(value) -> dict:
    day = value.date() if isinstance(value, datetime.datetime) else value
    return {"@value": day.isoformat(), "@type": "xsd:date"}


def _ref(iri: str) -> dict:
    return {"@id": iri}


def _period(text: str) -> dict | None:
    """A period of time from the free text of a source's coverage ("2013-2023",
    "since 2010", "2021"), as start and end years; None when no year is stated."""
    years = [int(y) for y in re.findall(r"\b(1[89]\d\d|20\d\d)\b", text or "")]
    if not years:
        return None
    period: dict = {"@type": "dct:PeriodOfTime", "rdfs:label": text}
    period["dcat:startDate"] = {"@value": str(min(years)), "@type": "xsd:gYear"}
    if len(years) > 1 or not re.search(r"since|depuis|desde|from|à partir", text, re.I):
        period["dcat:endDate"] = {"@value": str(max(years)), "@type": "xsd:gYear"}
    return period


def _agent(iri: str, name: str, kind: str) -> dict:
    agent = {"@id": iri, "@type": "foaf:Agent", "foaf:name": name}
    if kind in PUBLISHER_TYPE:
        agent["dct:type"] = _ref(ADMS_PUBLISHER + PUBLISHER_TYPE[kind])
    return agent


def _distribution(iri: str, url: str, fmt: str, title: str, description: str, **extra) -> dict:
    file_type, media = FORMATS[fmt]
    node = {
        "@id": iri,
        "@type": "dcat:Distribution",
        "dct:title": title,
        "dct:description": description,
        "dcatap:availability": _ref(STABLE),
        "dcat:accessURL": _ref(url),
        "dcat:downloadURL": _ref(url),
        "dct:format": _ref(f"{EU}file-type/{file_type}"),
        "dcat:mediaType": _ref(IANA + media),
        "dct:license": _ref(LICENCE),
    }
    node.update(extra)
    return node


def _file_description(f: PublishedFile, country: str, number: int) -> str:
    what = {"glance": "at a glance", "profile": "statistical profile"}.get(f.version, "full")
    return (
        f"Guide on the Use of Migration Data of {country}, edition {number} ({what}), "
        f"in {f.language.upper()}, as {FORMATS[f.fmt][0]}."
    )


def source_kinds(base: str) -> dict:
    """The kinds of source as a SKOS concept scheme (labels in every language of the
    portal): what each source dataset's `dct:type` points to."""
    scheme = f"{base}/data/source-kinds.jsonld"
    labels: dict[str, list] = {}
    for language in portal.languages():
        with translation.override(language):
            for code, label in m.Source.Kind.choices:
                labels.setdefault(code, []).append({"@value": str(label), "@language": language})
    concepts = [
        {
            "@id": f"{scheme}#{code}",
            "@type": "skos:Concept",
            "skos:prefLabel": labels[code],
            "skos:notation": code,
            "skos:inScheme": _ref(scheme),
            "skos:topConceptOf": _ref(scheme),
        }
        for code, _label in m.Source.Kind.choices
    ]
    return {
        "@context": CONTEXT,
        "@graph": [
            {
                "@id": scheme,
                "@type": "skos:ConceptScheme",
                "dct:title": "Kinds of migration data source (migguide)",
                "skos:hasTopConcept": [_ref(c["@id"]) for c in concepts],
            },
            *concepts,
        ],
    }


def dcat_catalogue(statuses, base_url: str) -> dict:
    """The open data of the published guides of `statuses` (the portal's countries) as
    a DCAT-AP 3.0 catalogue, every address under `base_url`."""
    base = base_url.rstrip("/")
    published = [s for s in statuses if s.edition]
    catalogue_iri = f"{base}/data/catalogue.jsonld"
    kinds = source_kinds(base)
    graph: list[dict] = []
    datasets: list[dict] = []
    languages: set[str] = set()
    dates: list[datetime.datetime] = []
    editions = {
        s.country.pk: list(
            Edition.objects.filter(
                country=s.country,
                state__in=[Edition.State.PUBLISHED, Edition.State.SUPERSEDED],
            )
            .defer("snapshot")
            .order_by("number")
        )
        for s in published
    }
    files: dict[int, list[PublishedFile]] = {}
    for f in PublishedFile.objects.filter(
        edition__in=[e for group in editions.values() for e in group], erasures__isnull=True
    ).order_by("language", "version", "fmt"):
        files.setdefault(f.edition_id, []).append(f)
    for s in published:
        spatial = _ref(f"{EU}country/{s.iso3}")
        snapshot = portal.public_snapshot(s.edition, "en")
        # Each source's texts in every language of the edition, tagged with it.
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

        languages |= set(s.edition.languages)
        dates += [e.published_at for e in editions[s.country.pk] if e.published_at]
        modified = _date(s.edition.published_at or s.edition.created_at)
        # The sources the guide lists.
        for source in snapshot.sources:
            collector = snapshot.institution(source.collector)
            name = collector.name if collector else s.name
            agent_iri = f"{base}/data/{s.iso3}/institutions/{collector.id if collector else ''}"
            dataset = {
                "@id": f"{base}/data/{s.iso3}/sources/{source.id}",
                "@type": "dcat:Dataset",
                "dct:title": tagged(source, "title"),
                "dct:description": tagged(source, "description"),
                "dct:identifier": source.id,
                "dct:spatial": spatial,
                "dcat:theme": [_ref(f"{EU}data-theme/SOCI")],
                "dcat:keyword": [snapshot.title_of(code) for code in source.areas]
                or [snapshot.display("sources", "kind", source.kind)],
                "dct:type": _ref(f"{base}/data/source-kinds.jsonld#{source.kind}"),
                "dct:publisher": _agent(agent_iri, name, collector.kind if collector else ""),
                "dcat:contactPoint": {
                    "@type": "vcard:Organization",
                    "vcard:fn": name,
                    **(
                        {"vcard:hasURL": _ref(collector.website)}
                        if collector and collector.website.startswith(("http://", "https://"))
                        else {}
                    ),
                },
            }
            if source.periodicity in ACCRUAL:
                dataset["dct:accrualPeriodicity"] = _ref(
                    f"{EU}frequency/{ACCRUAL[source.periodicity]}"
                )
            if source.access in ACCESS_RIGHTS:
                dataset["dct:accessRights"] = _ref(
                    f"{EU}access-right/{ACCESS_RIGHTS[source.access]}"
                )
            if period := _period(source.temporal_coverage):
                dataset["dct:temporal"] = period
            if source.last_update:
                dataset["dct:modified"] = {"@value": source.last_update, "@type": "xsd:date"}
            page = f"{base}/en/countries/{s.iso3.lower()}/"
            url = str(source.url or "")
            if url.lower().startswith(("http://", "https://")):
                dataset["dcat:landingPage"] = _ref(url)
                access = {"dcat:accessURL": _ref(url)}
                what = "Access through the collecting institution's address."
            else:
                access = {"dcat:accessURL": _ref(page)}
                what = "Described in the country's guide; access through the collector."
            distribution = {
                "@id": f"{dataset['@id']}#access",
                "@type": "dcat:Distribution",
                "dct:title": source.title,
                "dct:description": what,
                "dcatap:availability": _ref(STABLE),
                **access,
            }
            # The source's own format, when the dossier names one; its licence is the
            # collector's to state (not known to the guide), so none is claimed.
            found = next((t for p, t in FILE_TYPES if p.search(source.data_format or "")), None)
            if found:
                distribution["dct:format"] = _ref(f"{EU}file-type/{found}")
            dataset["dcat:distribution"] = [distribution]
            datasets.append(dataset)
        # The portal's own open data of the country.
        for stem, title in OPEN_DATA.items():
            iri = f"{base}/data/{s.iso3}/{stem}"
            datasets.append(
                {
                    "@id": iri,
                    "@type": "dcat:Dataset",
                    "dct:title": title % {"country": s.name},
                    "dct:description": OPEN_DATA_DESCRIPTION[stem] % {"country": s.name},
                    "dct:identifier": f"{s.iso3}-{stem}",
                    "dct:spatial": spatial,
                    "dcat:theme": [_ref(f"{EU}data-theme/SOCI")],
                    "dcat:keyword": ["migration", stem],
                    "dct:publisher": _ref(f"{base}/#publisher"),
                    "dct:modified": modified,
                    "dcat:contactPoint": {"@type": "vcard:Organization", "vcard:fn": "migguide"},
                    "dcat:distribution": [
                        _distribution(
                            f"{iri}.{fmt}",
                            f"{base}/data/{s.iso3}/{stem}.{fmt}",
                            fmt,
                            f"{title % {'country': s.name}} ({fmt.upper()})",
                            OPEN_DATA_DESCRIPTION[stem] % {"country": s.name},
                        )
                        for fmt in ("csv", "json")
                    ],
                }
            )
        # The editions of its guide, as a series.
        series_iri = f"{base}/data/{s.iso3}/guide"
        series_title = f"Guide on the Use of Migration Data — {s.name}"
        members = []
        for edition in editions[s.country.pk]:
            iri = f"{series_iri}/{edition.number}"
            members.append(
                {
                    "@id": iri,
                    "@type": "dcat:Dataset",
                    "dct:title": f"{series_title}, edition {edition.number}",
                    "dct:description": (
                        f"Edition {edition.number} of the guide of {s.name}, "
                        "endorsed by its national coordinating authority."
                    ),
                    "dct:identifier": f"{s.iso3}-guide-{edition.number}",
                    "dct:spatial": spatial,
                    "dcat:theme": [_ref(f"{EU}data-theme/SOCI")],
                    "dcat:keyword": ["migration", "guide"],
                    "dct:language": [
                        _ref(f"{EU}language/{LANGUAGES[c]}")
                        for c in edition.languages
                        if c in LANGUAGES
                    ],
                    "dct:publisher": _ref(f"{base}/#publisher"),
                    "dcat:contactPoint": {"@type": "vcard:Organization", "vcard:fn": "migguide"},
                    "dcat:inSeries": _ref(series_iri),
                    **({"dct:issued": _date(edition.published_at)} if edition.published_at else {}),
                    "dcat:distribution": [
                        _distribution(
                            f"{iri}/{f.name}",
                            f"{base}/published/{s.iso3}/{edition.number}/{f.name}",
                            f.fmt,
                            f.name,
                            _file_description(f, s.name, edition.number),
                            **{
                                "dcat:byteSize": {
                                    "@value": str(f.size),
                                    "@type": "xsd:decimal",  # as DCAT-AP 3.0.0 ranges it
                                },
                                "spdx:checksum": {
                                    "@type": "spdx:Checksum",
                                    "spdx:algorithm": _ref(
                                        "http://spdx.org/rdf/terms#checksumAlgorithm_sha256"
                                    ),
                                    "spdx:checksumValue": {
                                        "@value": f.sha256,
                                        "@type": "xsd:hexBinary",
                                    },
                                },
                                "dct:language": _ref(
                                    f"{EU}language/{LANGUAGES.get(f.language, 'MUL')}"
                                ),
                            },
                        )
                        for f in files.get(edition.pk, [])
                        if f.fmt in FORMATS
                    ],
                }
            )
        datasets.append(
            {
                "@id": series_iri,
                "@type": "dcat:DatasetSeries",
                "dct:title": series_title,
                "dct:description": (
                    f"Every edition of the Guide on the Use of Migration Data of {s.name}."
                ),
                "dct:spatial": spatial,
                "dct:publisher": _ref(f"{base}/#publisher"),
                "dcat:contactPoint": {"@type": "vcard:Organization", "vcard:fn": "migguide"},
                "dct:modified": modified,
                **({"dcat:first": _ref(members[0]["@id"])} if members else {}),
                **({"dcat:last": _ref(members[-1]["@id"])} if members else {}),
            }
        )
        datasets.extend(members)
    # The statistics of every country in SDMX (one data structure for the dialogue).
    sdmx_iri = f"{base}/data/statistics-sdmx"
    datasets.append(
        {
            "@id": sdmx_iri,
            "@type": "dcat:Dataset",
            "dct:title": "International migration statistics of the Rabat Process countries (SDMX)",
            "dct:description": (
                "The international statistics shown in the guides (UN DESA, World Bank, "
                "UNHCR) for every country of the dialogue, as SDMX-CSV 1.0 and SDMX-ML 2.1 "
                "structure-specific data, with their data structure definition (reference "
                "areas by UN M49 code)."
            ),
            "dct:identifier": "statistics-sdmx",
            "dct:spatial": [_ref(f"{EU}country/{s.iso3}") for s in published],
            "dcat:theme": [_ref(f"{EU}data-theme/SOCI")],
            "dcat:keyword": ["migration", "statistics", "SDMX"],
            "dct:publisher": _ref(f"{base}/#publisher"),
            "dcat:contactPoint": {"@type": "vcard:Organization", "vcard:fn": "migguide"},
            "dct:conformsTo": _ref(f"{base}/data/statistics-structure.xml"),
            "dcat:distribution": [
                _distribution(
                    f"{sdmx_iri}.csv",
                    f"{base}/data/statistics-sdmx.csv",
                    "sdmx-csv",
                    "SDMX-CSV 1.0, codes with their labels",
                    "For people: opens in a spreadsheet.",
                ),
                _distribution(
                    f"{sdmx_iri}.xml",
                    f"{base}/data/statistics-sdmx.xml",
                    "sdmx-xml",
                    "SDMX-ML 2.1 structure-specific data",
                    "For statistical systems; its structure is statistics-structure.xml.",
                ),
            ],
        }
    )
    graph.append({"@id": f"{base}/data/statistics-structure.xml", "@type": "dct:Standard"})
    catalogue = {
        "@id": catalogue_iri,
        "@type": "dcat:Catalog",
        "dct:title": "Migration data of the Rabat Process countries",
        "dct:description": (
            "Information sources on migration mapped by the national workgroups of the "
            "Rabat Process Migration Profile Activity, the recommendations and statistics "
            "of their endorsed Guides on the Use of Migration Data, and the guides "
            "themselves."
        ),
        "dct:publisher": _ref(f"{base}/#publisher"),
        "dct:license": _ref(LICENCE),
        "foaf:homepage": _ref(f"{base}/"),
        "dct:language": [
            _ref(f"{EU}language/{LANGUAGES[c]}")
            for c in sorted(languages | set(portal.languages()))
            if c in LANGUAGES
        ],
        "dct:spatial": [_ref(f"{EU}country/{s.iso3}") for s in published],
        "dcat:themeTaxonomy": [
            _ref(f"{EU}data-theme"),
            _ref(f"{base}/data/source-kinds.jsonld"),
        ],
        "dcat:dataset": [_ref(d["@id"]) for d in datasets if d["@type"] == "dcat:Dataset"],
        "dcat:series": [_ref(d["@id"]) for d in datasets if d["@type"] == "dcat:DatasetSeries"],
    }
    if dates:
        catalogue["dct:issued"] = _date(min(dates))
        catalogue["dct:modified"] = _date(max(dates))
    graph.append(catalogue)
    graph.append(
        {
            "@id": f"{base}/#publisher",
            "@type": "foaf:Agent",
            "foaf:name": "Rabat Process — Migration Profile Activity",
            "dct:type": _ref(ADMS_PUBLISHER + "SupraNationalAuthority"),
        }
    )
    graph.append({"@id": f"{base}/", "@type": "foaf:Document"})
    graph.append(
        {
            "@id": LICENCE,
            "@type": "dct:LicenseDocument",
            "dct:type": _ref("http://purl.org/adms/licencetype/Attribution"),
        }
    )
    graph.append(
        {
            "@id": "http://purl.org/adms/licencetype/Attribution",
            "@type": "skos:Concept",
            "skos:prefLabel": {"@value": "Attribution", "@language": "en"},
        }
    )
    graph.append(
        {"@id": f"{EU}data-theme", "@type": "skos:ConceptScheme", "dct:title": "Data theme"}
    )
    for kind in sorted(PUBLISHER_TYPE.values()) + ["SupraNationalAuthority"]:
        graph.append(
            {
                "@id": ADMS_PUBLISHER + kind,
                "@type": "skos:Concept",
                "skos:prefLabel": {"@value": kind, "@language": "en"},
            }
        )
    for _file_type, media in FORMATS.values():
        graph.append({"@id": IANA + media, "@type": "dct:MediaType"})
    graph.extend(datasets)
    graph.extend(kinds["@graph"])
    return {"@context": CONTEXT, "@graph": graph}
