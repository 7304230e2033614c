"""The OpenAPI 3.1 description of the read API (`api.py`), served at
`/api/v1/openapi.json` and checked by openapi-spec-validator in the tests."""

from __future__ import annotations

from . import api, opendata, package


def _text(description: str = "") -> dict:
    return {"type": "string", **({"description": description} if description else {})}


def _nullable(kind: str, description: str = "") -> dict:
    return {"type": [kind, "null"], **({"description": description} if description else {})}


ROW_SCHEMAS = {
    "Country": {
        "iso3": _text("ISO 3166-1 alpha-3 code"),
        "m49": _text("UN M49 numeric code"),
        "name": _text("Name in the language asked for"),
        "membership": _text("Partner or observer of the dialogue"),
        "status": {
            "type": "string",
            "enum": ["published", "endorsed", "in-progress", "not-started"],
        },
        "edition": _nullable("integer", "Number of the newest published edition"),
        "endorsed_on": _nullable("string", "Date of its endorsement (YYYY-MM-DD)"),
        "portal_url": {"type": "string", "format": "uri"},
    },
    "File": {
        "language": _text(),
        "version": {"type": "string", "enum": ["full", "glance", "profile"]},
        "format": {"type": "string", "enum": ["html", "pdf", "docx"]},
        "url": {"type": "string", "format": "uri"},
        "size": {"type": "integer", "minimum": 0},
        "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
    },
    "Edition": {
        "country": _text(),
        "number": {"type": "integer"},
        "state": {"type": "string", "enum": ["published", "superseded"]},
        "title": _text(),
        "languages": {"type": "array", "items": _text()},
        "sha256": _text("SHA-256 of the frozen content the endorsement covers"),
        "endorsed_on": _nullable("string"),
        "published_at": _nullable("string"),
        "files": {"type": "array", "items": {"$ref": "#/components/schemas/File"}},
    },
    # The rows of the open data, column for column (publishing.opendata.COLUMNS).
    **{
        schema: {
            name: {"type": "integer"}
            if name == "edition"
            else _text(package.DESCRIPTIONS.get(name, ""))
            for name in opendata.COLUMNS[table]
        }
        for schema, table in (("Source", "sources"), ("Recommendation", "recommendations"))
    },
    "Observation": {
        "country": _text(),
        "indicator": _text(),
        "unit": {"type": "string", "enum": ["persons", "percent", "usd", "other"]},
        "year": {"type": "integer"},
        "sex": {"type": "string", "enum": ["", "male", "female"]},
        "partner": _text("ISO3 of the origin or destination, for bilateral figures"),
        "value": {"type": "number"},
        "publisher": _text(),
        "edition": _text(),
        "licence": _text(),
        "citation": _text(),
    },
}

PARAMETERS = {
    "page": {
        "name": "page",
        "in": "query",
        "schema": {"type": "integer", "minimum": 1, "default": 1},
    },
    "page_size": {
        "name": "page_size",
        "in": "query",
        "schema": {
            "type": "integer",
            "minimum": 1,
            "maximum": api.MAX_PAGE_SIZE,
            "default": api.PAGE_SIZE,
        },
    },
    "edition_page_size": {
        "name": "page_size",
        "in": "query",
        "description": "Editions carry their files: they come 20 to a page unless asked",
        "schema": {
            "type": "integer",
            "minimum": 1,
            "maximum": api.MAX_PAGE_SIZE,
            "default": api.EDITIONS_PAGE_SIZE,
        },
    },
    "lang": {
        "name": "lang",
        "in": "query",
        "description": "Language of names and labels",
        "schema": {"type": "string", "default": "en"},
    },
    "country": {
        "name": "country",
        "in": "query",
        "description": "Only this country (ISO3)",
        "schema": {"type": "string", "pattern": "^[A-Za-z]{3}$"},
    },
}

LISTS = {
    "/countries/": ("Country", "The dialogue's countries and where each stands"),
    "/editions/": ("Edition", "Published editions of the guides, with their files"),
    "/sources/": ("Source", "Information sources listed in the published guides"),
    "/recommendations/": ("Recommendation", "Recommendations of the published guides"),
    "/statistics/": ("Observation", "International statistics, every release kept"),
}

HEADERS = {
    "ETag": {"schema": {"type": "string"}},
    "Last-Modified": {"schema": {"type": "string"}},
}


def _object(properties: dict) -> dict:
    return {"type": "object", "properties": properties, "required": sorted(properties)}


def _list_operation(schema: str, summary: str, extra: list[dict]) -> dict:
    page = {
        "type": "object",
        "required": ["count", "page", "page_size", "next", "previous", "results"],
        "properties": {
            "count": {"type": "integer"},
            "page": {"type": "integer"},
            "page_size": {"type": "integer"},
            "next": {"type": ["string", "null"], "format": "uri"},
            "previous": {"type": ["string", "null"], "format": "uri"},
            "results": {"type": "array", "items": {"$ref": f"#/components/schemas/{schema}"}},
        },
    }
    return {
        "get": {
            "summary": summary,
            "operationId": f"list{schema}s",
            "parameters": [
                {"$ref": f"#/components/parameters/{p}"}
                for p in (
                    "page",
                    "edition_page_size" if schema == "Edition" else "page_size",
                    "lang",
                    "country",
                )
            ]
            + extra,
            "responses": {
                "200": {
                    "description": "A page of results",
                    "headers": HEADERS,
                    "content": {"application/json": {"schema": page}},
                },
                "304": {"description": "Not modified since the ETag or date given"},
                "400": {"$ref": "#/components/responses/BadRequest"},
            },
        }
    }


def document(base: str) -> dict:
    paths = {}
    for path, (schema, summary) in LISTS.items():
        extra = []
        if schema == "Observation":
            extra = [
                {"name": "indicator", "in": "query", "schema": {"type": "string"}},
                {"name": "year", "in": "query", "schema": {"type": "integer"}},
            ]
        paths[path] = _list_operation(schema, summary, extra)
    paths["/countries/{iso3}/"] = {
        "get": {
            "summary": "One country of the dialogue",
            "operationId": "getCountry",
            "parameters": [
                {
                    "name": "iso3",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string", "pattern": "^[A-Za-z]{3}$"},
                },
                {"$ref": "#/components/parameters/lang"},
            ],
            "responses": {
                "200": {
                    "description": "The country",
                    "headers": HEADERS,
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Country"}}
                    },
                },
                "304": {"description": "Not modified"},
                "404": {"$ref": "#/components/responses/NotFound"},
            },
        }
    }
    error = {
        "type": "object",
        "required": ["error"],
        "properties": {"error": {"type": "string"}},
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "migguide open data API",
            "version": "1.0.0",
            "summary": "The published guides on the use of migration data, for systems.",
            "description": (
                "Only what the public portal shows: published editions, their sources and "
                "recommendations, and international statistics. Lists are paginated; "
                "answers carry ETag and Last-Modified for conditional requests."
            ),
            "license": {"name": "CC BY 4.0", "identifier": "CC-BY-4.0"},
        },
        "servers": [{"url": f"{base}/api/v1"}],
        "paths": paths,
        "components": {
            "schemas": {name: _object(props) for name, props in ROW_SCHEMAS.items()},
            "parameters": PARAMETERS,
            "responses": {
                "BadRequest": {
                    "description": "A parameter is wrong",
                    "content": {"application/json": {"schema": error}},
                },
                "NotFound": {
                    "description": "No such item",
                    "content": {"application/json": {"schema": error}},
                },
            },
        },
    }
