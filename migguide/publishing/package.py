"""The open data as a Frictionless Data Package (`data/package/datapackage.json`, with a
Table Schema for every CSV: types, units, enumerations, primary and foreign keys) and as
CSV on the Web metadata (`data/package/csv-metadata.json`) — for programs: pandas, R,
`frictionless validate`, a statistics office's pipeline.

Two kinds of CSV, on purpose:
- `data/*.csv` are for spreadsheets: written with a byte-order mark (so that Excel opens
  them as UTF-8) and with every text that a spreadsheet would run as a formula — starting
  with `=`, `+`, `-`, `@`, a tab or a carriage return — written after a quote
  (`files.cells.safe_cell`);
- `data/package/*.csv` are for programs: plain UTF-8 without a mark and every value as
  published, unaltered; they are the files the package and the CSVW metadata describe.
Licences: the guides' own data (sources, recommendations, countries) are CC BY 4.0; each
statistic keeps its publisher's licence, given on its row and listed per resource."""

from __future__ import annotations

import csv
import io

from django.conf import settings

from migguide.indicators.models import Indicator

from . import opendata, portal

TABLES = ("countries", "sources", "recommendations", "statistics")
PACKAGE_FILES = ("datapackage.json", "csv-metadata.json", *(f"{t}.csv" for t in TABLES))
COUNTRY_COLUMNS = ["iso3", "m49", "name", "membership", "status", "edition"]
LICENCES = {
    "CC BY 4.0": ("CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/"),
    "CC BY 3.0 IGO": ("CC-BY-3.0-IGO", "https://creativecommons.org/licenses/by/3.0/igo/"),
}
TITLES = {
    "countries": "Countries of the dialogue and where each stands",
    "sources": "Information sources listed in the published guides",
    "recommendations": "Recommendations of the published guides",
    "statistics": "International migration statistics shown in the guides",
}
DESCRIPTIONS = {
    "iso3": "ISO 3166-1 alpha-3 code of the country",
    "m49": "UN M49 numeric code of the country",
    "country": "ISO 3166-1 alpha-3 code of the country (see countries)",
    "edition": "Number of the published edition of the country's guide",
    "language": "Language of the row's texts and labels (ISO 639-1)",
    "id": "Stable identifier of the entry in the country's dossier",
    "partner": "ISO3 of the origin or destination, for bilateral figures; empty otherwise",
    "value": "The figure, in the row's unit",
    "unit": "Unit of the value: persons, percent, usd (current US dollars) or other",
    "licence": "Licence of the row",
    "commitments": (
        "Codes of the framework items the recommendation serves (Cadiz Action Plan CAP-, "
        "Global Compact for Migration GCM-, SDG targets SDG-), as its edition froze them, "
        "separated by spaces; empty if none"
    ),
    "commitment_titles": (
        "Titles of those framework items in the row's language, in the same order, "
        'separated by " | "'
    ),
}
# Columns holding a list (CSV on the Web reads them as one; Table Schema as text).
SEPARATORS = {"commitments": " ", "commitment_titles": " | "}
INTEGER = {"edition", "year"}
NUMBER = {"value"}


def country_rows(statuses) -> list[dict]:
    return [
        {
            "iso3": s.iso3,
            "m49": s.country.numeric,
            "name": s.name,
            "membership": str(s.membership),
            "status": s.status,
            "edition": s.edition.number if s.edition else "",
        }
        for s in statuses
    ]


def rows(table: str, statuses) -> list[dict]:
    if table == "countries":
        return country_rows(statuses)
    return opendata.ROWS[table](statuses)


def columns(table: str) -> list[str]:
    return COUNTRY_COLUMNS if table == "countries" else opendata.COLUMNS[table]


def program_csv(table: str, statuses) -> str:
    """A CSV for programs: UTF-8, no byte-order mark, values unaltered."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns(table), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows(table, statuses))
    return out.getvalue()


def _field(table: str, name: str) -> dict:
    field: dict = {"name": name, "type": "string"}
    if name in INTEGER and not (table == "statistics" and name == "edition"):
        field["type"] = "integer"
    if name in NUMBER:
        field["type"] = "number"
    if name in DESCRIPTIONS:
        field["description"] = DESCRIPTIONS[name]
    constraints: dict = {}
    if name in ("iso3", "country"):
        constraints = {"required": True, "pattern": "[A-Z]{3}"}
    elif name == "language":
        constraints = {"required": True, "enum": [code for code, _ in settings.LANGUAGES]}
    elif name == "unit":
        constraints = {"required": True, "enum": [u for u, _ in Indicator.Unit.choices]}
    elif name == "sex":
        constraints = {"enum": ["", "male", "female"]}
    elif name == "indicator":
        codes = sorted(Indicator.objects.values_list("code", flat=True))
        constraints = {"required": True, "enum": codes}
    elif name == "status" and table == "countries":
        constraints = {"enum": ["published", "endorsed", "in-progress", "not-started"]}
    elif name == "licence" and table != "statistics":
        constraints = {"enum": [portal.LICENCE]}
    elif name in ("id", "year", "value"):
        constraints = {"required": True}
    if table == "countries" and name == "edition":
        field["type"] = "integer"
    if constraints:
        field["constraints"] = constraints
    return field


def _schema(table: str) -> dict:
    schema: dict = {
        "fields": [_field(table, name) for name in columns(table)],
        # An empty cell is a value here (no sex, no partner): only nothing is missing.
        "missingValues": [] if table == "statistics" else [""],
    }
    if table == "countries":
        schema["missingValues"] = [""]
        schema["primaryKey"] = ["iso3"]
    elif table == "statistics":
        schema["primaryKey"] = [
            "country",
            "indicator",
            "year",
            "sex",
            "partner",
            "publisher",
            "edition",
        ]
        schema["foreignKeys"] = [
            {"fields": "country", "reference": {"resource": "countries", "fields": "iso3"}}
        ]
    else:
        schema["primaryKey"] = ["country", "edition", "language", "id"]
        schema["foreignKeys"] = [
            {"fields": "country", "reference": {"resource": "countries", "fields": "iso3"}}
        ]
    return schema


def _licences(table: str, statuses) -> list[dict]:
    if table == "statistics":
        found = sorted({r["licence"] for r in opendata.statistics_rows(statuses)} - {""})
    else:
        found = [portal.LICENCE]
    return [
        {"name": LICENCES.get(name, (name, ""))[0], "title": name}
        | ({"path": LICENCES[name][1]} if name in LICENCES else {})
        for name in found
    ]


def datapackage(statuses, base_url: str) -> dict:
    """The Frictionless Data Package describing `data/package/*.csv`."""
    base = base_url.rstrip("/")
    return {
        "profile": "tabular-data-package",
        "name": "migguide-open-data",
        "title": "Open data of the Rabat Process guides on the use of migration data",
        "homepage": f"{base}/",
        "licenses": [{"name": "CC-BY-4.0", "title": "CC BY 4.0", "path": LICENCES["CC BY 4.0"][1]}],
        "sources": [{"title": "migguide", "path": f"{base}/"}],
        "resources": [
            {
                "name": table,
                "path": f"{table}.csv",
                "profile": "tabular-data-resource",
                "title": TITLES[table],
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "licenses": _licences(table, statuses),
                "schema": _schema(table),
            }
            for table in TABLES
        ],
    }


def csvw_metadata(statuses, base_url: str) -> dict:
    """CSV on the Web metadata for the same files (W3C Recommendation)."""
    kinds = {"string": "string", "integer": "integer", "number": "double"}
    tables = []
    for table in TABLES:
        schema = _schema(table)
        tables.append(
            {
                "url": f"{table}.csv",
                "dc:title": TITLES[table],
                # Statistics: each row's licence is its publisher's (the licence column).
                **(
                    {"dc:license": {"@id": LICENCES["CC BY 4.0"][1]}}
                    if table != "statistics"
                    else {}
                ),
                "tableSchema": {
                    "columns": [
                        {
                            "name": f["name"],
                            "titles": f["name"],
                            "datatype": kinds[f["type"]],
                            **({"dc:description": f["description"]} if "description" in f else {}),
                            **(
                                {"separator": SEPARATORS[f["name"]]}
                                if f["name"] in SEPARATORS
                                else {}
                            ),
                            **(
                                {"required": True}
                                if f.get("constraints", {}).get("required")
                                else {}
                            ),
                        }
                        for f in schema["fields"]
                    ],
                    "primaryKey": schema["primaryKey"],
                    **(
                        {
                            "foreignKeys": [
                                {
                                    "columnReference": "country",
                                    "reference": {
                                        "resource": "countries.csv",
                                        "columnReference": "iso3",
                                    },
                                }
                            ]
                        }
                        if table != "countries"
                        else {}
                    ),
                },
            }
        )
    return {
        "@context": ["http://www.w3.org/ns/csvw", {"@language": "en"}],
        "dc:title": "Open data of the Rabat Process guides on the use of migration data",
        "dc:publisher": f"{base_url.rstrip('/')}/",
        "tables": tables,
    }
