"""The public portal: no sign-in, nothing unpublished. Each view builds its page from
portal.py and renders it in the language of the URL; the static export calls the same
views."""

from __future__ import annotations

import csv
import io
import json

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_safe

from migguide.commitments import readiness
from migguide.countries.models import Country
from migguide.dossier.models import Area
from migguide.editions.models import PublishedFile
from migguide.editions.publishing import grouped_files
from migguide.files.cells import safe_cell
from migguide.indicators.views import bundle_url, web_statistics

from . import dcat, exports, opendata, package, portal, sdmx
from .mapdata import map_context


def public_base_url(request) -> str:
    """The portal's public address: the static site's (`site build --base-url`), else
    the configured SITE_URL — never the host a request happened to name."""
    given = getattr(request, "public_base_url", None) or settings.SITE_URL
    return given.rstrip("/") + "/"


def _page(request, lang: str, template: str, context: dict, *, path_of=None) -> HttpResponse:
    """Render in the URL's language, with the links to this page in the other ones."""
    with translation.override(lang):
        switch = [
            (code, translation.get_language_info(code)["name_local"], path_of(code))
            for code in portal.languages()
            if code != lang
        ]
        return render(
            request,
            template,
            {
                **context,
                "lang": lang,
                "page": template.rsplit("/", 1)[-1].removesuffix(".html"),
                "switch": switch,
                "dialogue": portal.dialogue(),
            },
        )


@require_safe
@gzip_page  # public pages without secrets: compressing them is safe (no BREACH)
def home(request, lang):
    statuses = portal.countries_of_the_dialogue(lang)
    with translation.override(lang):
        layers = portal.map_figures(statuses, lang)
    return _page(
        request,
        lang,
        "publishing/home.html",
        {
            "statuses": statuses,
            "map": map_context(statuses),
            "layers": layers,
            "statuses_legend": list(portal.STATUSES.items()),
            "counts": portal.across_countries(statuses, lang)["progress"],
        },
        path_of=lambda code: reverse("portal:home", args=[code]),
    )


@require_safe
@gzip_page
def country(request, lang, iso3):
    country = Country.objects.filter(iso3=iso3.upper()).first()
    statuses = {s.iso3: s for s in portal.countries_of_the_dialogue(lang)}
    if country is None or country.iso3 not in statuses:
        raise Http404("No such country in the dialogue.")
    status = statuses[country.iso3]
    edition = status.edition
    context = {"status": status, "edition": edition}
    if edition is not None:
        snapshot = portal.public_snapshot(edition, lang)
        files = list(edition.files.filter(erasures__isnull=True))
        with translation.override(lang):
            figures, charts = web_statistics(portal.edition_statistics(edition, lang), lang)
            sources = portal.sources_of(snapshot)
            context.update(
                {
                    "files": files,
                    "downloads": grouped_files(files, first=lang),
                    "file_language": lang if lang in edition.languages else edition.languages[0],
                    "earlier": country.editions.filter(state="superseded")
                    .defer("snapshot")
                    .prefetch_related(
                        Prefetch("files", PublishedFile.objects.filter(erasures__isnull=True))
                    )
                    .order_by("-number"),
                    "figures": figures,
                    "charts": charts,
                    "bundle": bundle_url(),
                    "sources": sources,
                    "source_labels": portal.field_labels("sources", portal.SOURCE_FIELDS),
                    "areas": [
                        (a.code, str(a))
                        for a in Area.objects.all()
                        if any(a.code in s["codes"].get("areas", []) for s in sources)
                    ],
                    "recommendations": portal.recommendations_of(snapshot),
                    "recommendation_labels": portal.field_labels(
                        "recommendations", portal.RECOMMENDATION_FIELDS
                    ),
                    "citation": portal.citation(edition, lang),
                    # Only published editions: the country's own movement, on the portal.
                    "readiness": readiness.of_editions(
                        [edition, *country.editions.filter(state="superseded")],
                        languages=getattr(portal.dialogue(), "languages", []),
                        today=timezone.localdate(),
                    ),
                }
            )
    return _page(
        request,
        lang,
        "publishing/country.html",
        context,
        path_of=lambda code: reverse("portal:country", args=[code, country.iso3.lower()]),
    )


@require_safe
@gzip_page
def across(request, lang):
    statuses = portal.countries_of_the_dialogue(lang)
    return _page(
        request,
        lang,
        "publishing/across.html",
        {
            "started": [s for s in statuses if s.status != "not-started"],
            "not_started": [s for s in statuses if s.status == "not-started"],
            "summary": portal.status_summary(statuses),
            "across": portal.across_countries(statuses, lang),
        },
        path_of=lambda code: reverse("portal:across", args=[code]),
    )


@require_safe
@gzip_page
def data_index(request, lang):
    statuses = portal.countries_of_the_dialogue(lang)
    return _page(
        request,
        lang,
        "publishing/data.html",
        {
            "published": [s for s in statuses if s.edition],
            "files": opendata.FILES,
            "country_files": opendata.COUNTRY_FILES,
            "package_files": package.PACKAGE_FILES,
            "citation": opendata.CITATION,
            "licence": portal.LICENCE,
            "licence_url": portal.LICENCE_URL,
        },
        path_of=lambda code: reverse("portal:data", args=[code]),
    )


@require_safe
@gzip_page
def search(request, lang):
    statuses = portal.countries_of_the_dialogue(lang)
    query = request.GET.get("q", "").strip()[:200]
    with translation.override(lang):  # the results' labels, in the page's language
        results = portal.search(portal.search_index(statuses, lang), query) if query else []
    return _page(
        request,
        lang,
        "publishing/search.html",
        {"query": query, "results": results},
        path_of=lambda code: reverse("portal:search", args=[code]),
    )


@require_safe
@gzip_page
def search_index(request, lang):
    """The search index as a script, for the static export where no server answers
    searches (a script loads from disk too, where fetching a JSON file is refused)."""
    statuses = portal.countries_of_the_dialogue(lang)
    with translation.override(lang):
        items = portal.search_index(statuses, lang)
        for item in items:
            item["url"] = reverse("portal:country", args=[lang, item["iso3"].lower()])
    # As json_script does: no "<", ">" or "&" in the text, whatever a title holds.
    data = json.dumps(items, ensure_ascii=False).translate(
        {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
    )
    body = f"window.MIGGUIDE_INDEX = {data};\n"
    return HttpResponse(body, content_type="text/javascript; charset=utf-8")


def _sdmx_file(stem: str, fmt: str, statuses) -> HttpResponse:
    """The statistics in SDMX: SDMX-CSV for people, SDMX-ML data and structure."""
    if stem == "statistics-structure":
        return HttpResponse(
            sdmx.structure_message(portal.languages()),
            content_type="application/xml; charset=utf-8",
        )
    rows = sdmx.observations([s.country for s in statuses])
    if fmt == "xml":
        return HttpResponse(sdmx.data_message(rows), content_type="application/xml; charset=utf-8")
    response = HttpResponse("\ufeff" + sdmx.sdmx_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{stem}.csv"'
    return response


@require_safe
@gzip_page
def data_file(request, name, iso3=None):
    """Open data: sources, recommendations and statistics as CSV and JSON, the source
    catalogue as DCAT-AP JSON-LD — for all countries or one."""
    if name not in (opendata.COUNTRY_FILES if iso3 else opendata.FILES):
        raise Http404("No such file.")
    statuses = portal.countries_of_the_dialogue("en")
    if not iso3 and (stored := exports.stored_response(request, name, statuses)):
        return stored  # built by the static site's rebuild (a task)
    if iso3:
        statuses = [s for s in statuses if s.iso3 == iso3.upper()]
        if not statuses:
            raise Http404("No such country in the dialogue.")
    stem, fmt = name.rsplit(".", 1)
    if stem.startswith("statistics-"):
        return _sdmx_file(stem, fmt, statuses)
    with translation.override("en"):
        if fmt == "jsonld":
            if stem == "catalogue":
                data = dcat.dcat_catalogue(statuses, public_base_url(request))
            else:
                data = dcat.source_kinds(public_base_url(request).rstrip("/"))
            content = json.dumps(data, ensure_ascii=False, indent=1)
            return HttpResponse(content, content_type="application/ld+json; charset=utf-8")
        rows = opendata.ROWS[stem](statuses)
    if fmt == "json":
        if stem == "statistics":
            # Each figure keeps its publisher's licence: given on every row, listed here.
            licence = {"licences": sorted({r["licence"] for r in rows} - {""})}
        else:
            licence = {"licence": portal.LICENCE, "licence_url": portal.LICENCE_URL}
        payload = {**licence, "citation": opendata.CITATION, "rows": rows}
        content = json.dumps(payload, ensure_ascii=False, indent=1)
        return HttpResponse(content, content_type="application/json; charset=utf-8")
    # For spreadsheets: a byte-order mark (Excel then reads UTF-8) and no text that a
    # spreadsheet would run as a formula; programs read data/package/ (package.py).
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.DictWriter(buffer, fieldnames=opendata.COLUMNS[stem], extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: safe_cell(v) for k, v in row.items()})
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@require_safe
@gzip_page
def package_file(request, name):
    """The open data for programs: the Frictionless Data Package, the CSV on the Web
    metadata and the CSV files they describe (UTF-8, values unaltered)."""
    statuses = portal.countries_of_the_dialogue("en")
    if name in package.PACKAGE_FILES and (
        stored := exports.stored_response(request, name, statuses, package=True)
    ):
        return stored  # built by the static site's rebuild (a task)
    base = public_base_url(request)
    with translation.override("en"):
        if name == "datapackage.json":
            data = package.datapackage(statuses, base)
        elif name == "csv-metadata.json":
            data = package.csvw_metadata(statuses, base)
        elif name.endswith(".csv") and name[:-4] in package.TABLES:
            content = package.program_csv(name[:-4], statuses)
            return HttpResponse(content, content_type="text/csv; charset=utf-8")
        else:
            raise Http404("No such file.")
    content = json.dumps(data, ensure_ascii=False, indent=1)
    kind = "application/csvm+json" if name == "csv-metadata.json" else "application/json"
    return HttpResponse(content, content_type=f"{kind}; charset=utf-8")
