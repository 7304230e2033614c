from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_safe

from migguide.dossier.views import get_dossier_for_user
from migguide.indicators.models import Release

from .building import FORMATS, VERSIONS, dossier_guide, file_name
from .writers import WRITERS

CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def disposition(request, fmt: str, name: str) -> str:
    """HTML and PDF open in the browser unless ?download is asked; DOCX downloads."""
    inline = fmt in ("html", "pdf") and "download" not in request.GET
    return f'{"inline" if inline else "attachment"}; filename="{name}"'


def _guide_bytes(dossier, language: str, version: str, fmt: str) -> bytes:
    """The file, from the cache folder when this revision of the dossier was already
    written in this language, version and format."""
    folder = settings.VAR_DIR / "cache" / "guides"
    # The guide also shows statistics, which change with imports, not with the dossier.
    statistics = Release.objects.aggregate(n=Max("pk"))["n"] or 0
    key = f"{dossier.cache_key.replace(':', '-')}-s{statistics}"
    path = folder / f"{key}-{language}-{version}.{fmt}"
    if path.exists():
        return path.read_bytes()
    content = WRITERS[fmt](dossier_guide(dossier, language=language, version=version))
    folder.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{fmt}.tmp")
    tmp.write_bytes(content)
    tmp.replace(path)
    return content


@require_safe
@login_required
def guide_file(request, iso3, language, version, fmt):
    """The draft guide of a live dossier, for the people who hold a role in it."""
    dossier, access = get_dossier_for_user(request, iso3)
    if fmt not in FORMATS or version not in VERSIONS or language not in dict(settings.LANGUAGES):
        raise Http404("No such guide file.")
    content = _guide_bytes(dossier, language, version, fmt)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    name = file_name(dossier.country.iso3, language, version, fmt)
    response["Content-Disposition"] = disposition(request, fmt, name)
    return response
