"""The open data of the whole dialogue as large exports: the CSV and JSON of sources and
recommendations, the DCAT-AP catalogue, SDMX and the data package take up to a second
to build for 57 countries (benchmarks/exports.py). The static site's rebuild — a task
queued after every publication or change of the public data (`tasks.rebuild_site`) —
writes them into the `site` storage with the rest of the portal, through the very views
that serve them; those views then serve that copy (the same bytes, with the same
headers), and build the file in the request while nothing is stored yet or what is
stored was made before the latest change of the public data (its rebuild not finished).

Only when the rebuilds are automatic (SITE_AUTO_REBUILD): a site built by hand would
soon hold an outdated copy."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse

from migguide.files.storage import read

from .site import STATE, public_state

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "jsonld": "application/ld+json; charset=utf-8",
    "xml": "application/xml; charset=utf-8",
    "csv-metadata.json": "application/csvm+json; charset=utf-8",
}


def stored_response(request, name: str, statuses, *, package: bool = False) -> HttpResponse | None:
    """The file `name` of the whole dialogue's open data as the last rebuild of the
    static site stored it, served as `views.data_file` (or `package_file`) serves it;
    None when it is to be built here — nothing stored yet, stored before the latest
    change of `statuses` (the dialogue's countries, as the view found them) or of the
    rest of the public data, rebuilds not automatic, or the request is the static
    site's build itself."""
    if not settings.SITE_AUTO_REBUILD or getattr(request, "static_site", False):
        return None
    try:
        # Made from what is public now? Between a change (a publication, an erasure)
        # and the end of the rebuild it queued, the stored copy is not served: an
        # erased name must not outlive its erasure here.
        built_from = read("site", STATE).decode()
        if built_from != public_state(statuses):
            return None
        content = read("site", request.path_info.lstrip("/"))
    except (OSError, ValueError):  # not stored yet (FileNotFoundError), or no such name
        return None
    kind = CONTENT_TYPES.get(name) or CONTENT_TYPES[name.rsplit(".", 1)[1]]
    response = HttpResponse(content, content_type=kind)
    if kind.startswith("text/csv") and not package:
        response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
