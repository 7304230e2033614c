"""A read API for systems: `/api/v1/` JSON of the dialogue's countries, the published
editions, their sources and recommendations, and the international statistics — only
what the portal shows, described by an OpenAPI 3.1 document (`openapi.py`).

Every list is paginated (`page`, `page_size`), every answer carries an ETag and a
Last-Modified date taken from what the public may see (publications and statistics
imports), so a harvester asking again with If-None-Match or If-Modified-Since gets a
304 without the data being read; public data is open to any origin (CORS)."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Count, Max
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import translation
from django.utils.http import http_date, parse_http_date_safe, quote_etag
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_safe

from migguide.editions.models import Edition, PublishedFile
from migguide.indicators.models import Observation, Release

from . import opendata, portal
from .views import public_base_url

PAGE_SIZE, MAX_PAGE_SIZE = 100, 1000
# An edition carries its files (a dozen or more each): a page of 100 was 170 KB and
# most of its time was writing the JSON.
EDITIONS_PAGE_SIZE = 20
PUBLIC_STATES = (Edition.State.PUBLISHED, Edition.State.SUPERSEDED)


class BadRequest(Exception):
    pass


def _state() -> tuple[str, float | None]:
    """(fingerprint, last change as a timestamp) of everything the API shows: two
    aggregate queries, whatever the number of countries."""
    editions = Edition.objects.filter(state__in=PUBLIC_STATES).aggregate(
        n=Count("pk"), last=Max("published_at"), top=Max("pk")
    )
    releases = Release.objects.aggregate(n=Count("pk"), last=Max("imported_at"), top=Max("pk"))
    moments = [t for t in (editions["last"], releases["last"]) if t]
    last = max(moments).timestamp() if moments else None
    key = json.dumps([editions, releases], default=str, sort_keys=True)
    return hashlib.sha256(key.encode()).hexdigest()[:32], last


def _language(request) -> str:
    lang = request.GET.get("lang", "en")
    if lang not in portal.languages():
        raise BadRequest(f"lang must be one of {', '.join(portal.languages())}")
    return lang


def _page_args(request, default: int) -> tuple[int, int]:
    try:
        page = int(request.GET.get("page", "1"))
        size = int(request.GET.get("page_size", str(default)))
    except ValueError:
        raise BadRequest("page and page_size must be whole numbers") from None
    if page < 1 or not 1 <= size <= MAX_PAGE_SIZE:
        raise BadRequest(f"page must be 1 or more, page_size between 1 and {MAX_PAGE_SIZE}")
    return page, size


def _paginated(
    request, count: int, results: Callable[[int, int], list], *, default: int = PAGE_SIZE
) -> dict:
    page, size = _page_args(request, default)
    start = (page - 1) * size
    base = public_base_url(request).rstrip("/") + request.path

    def link(number: int) -> str:
        query = {k: v for k, v in request.GET.items() if k != "page"}
        return f"{base}?{urlencode({**query, 'page': number})}"

    return {
        "count": count,
        "page": page,
        "page_size": size,
        "next": link(page + 1) if start + size < count else None,
        "previous": link(page - 1) if page > 1 and start < count + size else None,
        "results": results(start, start + size) if start < count else [],
    }


def endpoint(build: Callable) -> Callable:
    """An API view: conditional GET (ETag, Last-Modified) before any data is read, JSON
    out, CORS open, errors as JSON with their status."""

    @require_safe
    @gzip_page
    def view(request, *args, **kwargs):
        fingerprint, last = _state()
        request.api_state = fingerprint
        digest = hashlib.sha256(f"{fingerprint}{request.get_full_path()}".encode())
        etag = quote_etag(digest.hexdigest()[:32])
        since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
        if "If-None-Match" in request.headers:
            unchanged = request.headers["If-None-Match"] in (etag, f"W/{etag}")
        else:
            unchanged = bool(last and since and int(last) <= since)
        if unchanged:
            response = HttpResponse(status=304)
        else:
            try:
                with translation.override(_language(request)):
                    data = build(request, *args, **kwargs)
            except BadRequest as error:
                data, status = {"error": str(error)}, 400
            except Http404 as error:
                data, status = {"error": str(error) or "not found"}, 404
            else:
                status = 200
            response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
        response["ETag"] = etag
        if last:
            response["Last-Modified"] = http_date(last)
        response["Cache-Control"] = "public, max-age=300"
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "ETag, Last-Modified"
        response["Vary"] = "Accept-Encoding"
        return response

    view.__name__ = build.__name__
    view.__doc__ = build.__doc__
    return view


def _country_data(request, s) -> dict:
    base = public_base_url(request).rstrip("/")
    lang = translation.get_language()
    return {
        "iso3": s.iso3,
        "m49": s.country.numeric,
        "name": s.name,
        "membership": s.membership,
        "status": s.status,
        "edition": s.edition.number if s.edition else None,
        "endorsed_on": s.endorsed_on.isoformat() if s.endorsed_on else None,
        "portal_url": base + reverse("portal:country", args=[lang, s.iso3.lower()]),
    }


# The dialogue's countries with where each stands, per language, as (token, list): the
# cache holds only the token of the current list (so its expiry and clearing rule), the
# process the list itself — unpickling 57 countries with their editions from the cache
# cost more than the rest of a request.
_STATUSES: dict[str, tuple[str, list]] = {}
STATUSES_SECONDS = 3600  # a change of membership is seen within the hour


def _statuses(request) -> list:
    """The dialogue's countries with where each stands, read again when what the public
    may see changes (any publication or import) and at least every hour."""
    lang = translation.get_language()
    key = f"api:statuses:{lang}:{request.api_state}"
    token = cache.get(key)
    if token is None:
        token = uuid.uuid4().hex
        cache.set(key, token, STATUSES_SECONDS)
    request.statuses_token = token
    kept = _STATUSES.get(lang)
    if kept and kept[0] == token:
        statuses = kept[1]
    else:
        statuses = portal.countries_of_the_dialogue(lang)
        _STATUSES[lang] = (token, statuses)
    if country := request.GET.get("country"):
        statuses = [s for s in statuses if s.iso3 == country.upper()]
    return statuses


@endpoint
def index(request):
    """What the API holds, with the address of each list and of its description."""
    base = public_base_url(request).rstrip("/")
    names = ("countries", "editions", "sources", "recommendations", "statistics")
    return {
        "description": "Open data of the Rabat Process guides on the use of migration data.",
        "licence": portal.LICENCE,
        "openapi": base + reverse("api:openapi"),
        **{name: base + reverse(f"api:{name}") for name in names},
    }


@endpoint
def countries(request):
    """The dialogue's countries and where each stands."""
    statuses = _statuses(request)
    return _paginated(
        request, len(statuses), lambda a, b: [_country_data(request, s) for s in statuses[a:b]]
    )


@endpoint
def country(request, iso3):
    """One country of the dialogue."""
    found = [s for s in _statuses(request) if s.iso3 == iso3.upper()]
    if not found:
        raise Http404(f"no country {iso3!r} in the dialogue")
    return _country_data(request, found[0])


@endpoint
def editions(request):
    """The published editions (and the earlier ones they superseded) with their files."""
    base = public_base_url(request).rstrip("/")
    # Plain values rather than model instances: building ~750 instances of the files
    # was most of the time of a page. The page is chosen first by columns stored before
    # the snapshot in the row, then only its editions are read past it.
    found = Edition.objects.filter(state__in=PUBLIC_STATES).order_by("country__iso3", "number")
    if country_code := request.GET.get("country"):
        found = found.filter(country__iso3=country_code.upper())

    def rows(a: int, b: int) -> list[dict]:
        page = list(found.values_list("pk", flat=True)[a:b])
        chosen = sorted(
            Edition.objects.filter(pk__in=page).values(
                "pk",
                "country__iso3",
                "number",
                "state",
                "title",
                "languages",
                "sha256",
                "endorsement__date",
                "published_at",
            ),
            key=lambda e: page.index(e["pk"]),
        )
        files: dict[int, list] = {}
        where = {e["pk"]: f"{base}/published/{e['country__iso3']}/{e['number']}/" for e in chosen}
        for edition, language, version, fmt, name, size, sha256 in (
            PublishedFile.objects.filter(edition__in=list(where), erasures__isnull=True)
            .order_by("language", "version", "fmt")
            .values_list("edition_id", "language", "version", "fmt", "name", "size", "sha256")
        ):
            files.setdefault(edition, []).append(
                {
                    "language": language,
                    "version": version,
                    "format": fmt,
                    "url": where[edition] + name,
                    "size": size,
                    "sha256": sha256,
                }
            )
        return [
            {
                "country": e["country__iso3"],
                "number": e["number"],
                "state": e["state"],
                "title": e["title"],
                "languages": e["languages"],
                "sha256": e["sha256"],
                "endorsed_on": (
                    e["endorsement__date"].isoformat() if e["endorsement__date"] else None
                ),
                "published_at": e["published_at"].isoformat() if e["published_at"] else None,
                "files": files.get(e["pk"], []),
            }
            for e in chosen
        ]

    return _paginated(request, found.count(), rows, default=EDITIONS_PAGE_SIZE)


# The rows of a list as last served, per (list, language, country asked): (token of the
# statuses they were read under, rows) — like the statuses, kept in the process.
_ROWS: dict[tuple[str, str, str], tuple[str, list]] = {}


def _edition_rows(request, stem: str) -> list[dict]:
    """The open-data rows of the published editions, each edition's rows cached under
    its fingerprint (an edition never changes once frozen), the whole list kept in the
    process while the statuses it was read from hold."""
    statuses = [s for s in _statuses(request) if s.edition]
    lang = translation.get_language()
    memo = (stem, lang, request.GET.get("country", "").upper())
    kept = _ROWS.get(memo)
    if kept and kept[0] == request.statuses_token:
        return kept[1]
    keys = {s.iso3: f"api:{stem}:{lang}:{s.edition.pk}:{s.edition.sha256}" for s in statuses}
    cached = cache.get_many(list(keys.values()))
    rows = []
    for s in statuses:
        key = keys[s.iso3]
        if key not in cached:
            cached[key] = opendata.ROWS[stem]([s])
            cache.set(key, cached[key], 24 * 3600)
        rows.extend(cached[key])
    _ROWS[memo] = (request.statuses_token, rows)
    return rows


@endpoint
def sources(request):
    """The information sources listed in the published guides."""
    rows = _edition_rows(request, "sources")
    return _paginated(request, len(rows), lambda a, b: rows[a:b])


@endpoint
def recommendations(request):
    """The recommendations of the published guides."""
    rows = _edition_rows(request, "recommendations")
    return _paginated(request, len(rows), lambda a, b: rows[a:b])


@endpoint
def statistics(request):
    """International statistics of the dialogue's countries, every release kept;
    filtered by `country`, `indicator` and `year`."""
    found = Observation.objects.exclude(release__kind=Release.Kind.NATIONAL).filter(
        country__in=[s.country for s in _statuses(request)]
    )
    if indicator := request.GET.get("indicator"):
        found = found.filter(indicator__code=indicator.upper())
    if year := request.GET.get("year"):
        if not year.isdigit():
            raise BadRequest("year must be a year, e.g. 2020")
        found = found.filter(year=int(year))
    found = found.order_by(
        "country__iso3", "indicator__code", "release_id", "year", "sex", "partner_id"
    )

    fields = (
        "country__iso3",
        "indicator__code",
        "indicator__unit",
        "year",
        "sex",
        "partner__iso3",
        "value",
        "release__publisher",
        "release__edition",
        "release__licence",
        "release__citation",
    )

    def rows(a: int, b: int) -> list[dict]:
        # Plain values: model instances (and their JSON fields) were most of the time.
        out = []
        for row in found.values_list(*fields)[a:b]:
            iso3, code, unit, year, sex, partner, value, publisher, edition, licence, cited = row
            out.append(
                {
                    "country": iso3,
                    "indicator": code,
                    "unit": unit,
                    "year": year,
                    "sex": sex,
                    "partner": partner or "",
                    "value": value,
                    "publisher": publisher,
                    "edition": edition,
                    "licence": licence,
                    "citation": cited or f"{publisher}, {edition}",
                }
            )
        return out

    return _paginated(request, found.count(), rows)


@require_safe
def openapi_document(request):
    """The API's description (OpenAPI 3.1)."""
    from .openapi import document

    response = JsonResponse(
        document(public_base_url(request).rstrip("/")), json_dumps_params={"indent": 1}
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
