from __future__ import annotations

import csv
import gzip
import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from migguide.access.models import Permission
from migguide.dossier.views import get_dossier_for_user
from migguide.files.cells import safe_cell
from migguide.indicators import charts
from migguide.indicators.chart_worker import ChartError

from .forms import NationalFigureForm
from .models import Observation, Release
from .presentation import chart_labels, figure_text, statistics_charts
from .profile import statistics_for

BUNDLE_SNIPPET = """
window.vegaEmbed = vegaEmbed;
function migguideCharts() {
  for (const el of document.querySelectorAll("[data-vega-spec]")) {
    const spec = JSON.parse(document.getElementById(el.dataset.vegaSpec).textContent);
    // ast: Vega's own interpreter instead of generated code, so that the pages' CSP
    // (no 'unsafe-eval') holds.
    vegaEmbed(el, spec, {actions: false, renderer: "svg", ast: true}).catch(() => {});
  }
}
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", migguideCharts);
} else {
  migguideCharts();
}
"""


def _svg_or_nothing(spec: str) -> str:
    """The chart as SVG; if it cannot be drawn here, the page still works and the
    browser draws it from its specification."""
    try:
        return charts.svg(spec)
    except ChartError:
        return ""


def web_statistics(data: dict, language: str) -> tuple[list[dict], list[dict]]:
    """The key figures written for the language, and each chart as SVG drawn here plus
    its specification for the interactive version in the browser."""
    figures = [dict(f, text=figure_text(language, f)) for f in data.get("figures", [])]
    chart_list = [
        {
            "spec_id": f"chart-{n}-spec",
            "caption": chart.caption,
            "source": chart.source,
            "commentary": chart.commentary,
            "alt": chart.alt,
            "spec": json.loads(chart.spec),
            "svg": _svg_or_nothing(chart.spec),
        }
        for n, chart in enumerate(
            statistics_charts(chart_labels(language), data, full=True, language=language),
            start=1,
        )
    ]
    return figures, chart_list


@require_safe
@login_required
def statistics(request, iso3):
    dossier, access = get_dossier_for_user(request, iso3)
    language = get_language() or "en"
    data = statistics_for(dossier.country, language)
    figures, chart_list = web_statistics(data, language)
    national = (
        Observation.objects.filter(country=dossier.country, release__kind=Release.Kind.NATIONAL)
        .select_related("indicator", "release")
        .order_by("indicator__position", "-year")
    )
    return render(
        request,
        "indicators/statistics.html",
        {
            "dossier": dossier,
            "figures": figures,
            "charts": chart_list,
            "bundle": bundle_url(),
            "national": national,
            "can_edit": access.can(Permission.EDIT),
        },
    )


@login_required
def national_figure_add(request, iso3):
    dossier, access = get_dossier_for_user(request, iso3, Permission.EDIT)
    form = NationalFigureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        add_national_figure(dossier.country, by=request.user, **form.cleaned_data)
        messages.success(request, _("The national figure is saved."))
        return redirect("statistics", dossier.country.iso3)
    return render(request, "indicators/national_form.html", {"dossier": dossier, "form": form})


@transaction.atomic
def add_national_figure(country, *, indicator, year, sex, value, publisher, edition, by):
    """A hand-entered figure becomes an observation of a national release named by its
    publisher and publication, so that it is cited like any other."""
    key = hashlib.sha256(f"national|{country.iso3}|{publisher}|{edition}".encode()).hexdigest()
    release = Release.objects.filter(
        kind=Release.Kind.NATIONAL, sha256=key
    ).first() or Release.objects.create(
        kind=Release.Kind.NATIONAL,
        publisher=publisher,
        edition=edition,
        sha256=key,
        imported_by=by,
        latest_year=year,
    )
    Observation.objects.update_or_create(
        release=release,
        indicator=indicator,
        country=country,
        year=year,
        sex=sex or "",
        partner=None,
        defaults={"value": value},
    )
    if (release.latest_year or 0) < year:
        release.latest_year = year
        release.save(update_fields=["latest_year"])


@require_safe
@login_required
def statistics_csv(request, iso3):
    dossier, access = get_dossier_for_user(request, iso3)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="statistics-{dossier.country.iso3.lower()}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(
        [
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
            "file",
        ]
    )
    rows = (
        Observation.objects.filter(country=dossier.country)
        .select_related("indicator", "release", "partner")
        .order_by("indicator__position", "release_id", "year", "sex", "partner__iso3")
    )
    for o in rows.iterator(chunk_size=2000):
        writer.writerow(
            safe_cell(cell)
            for cell in [
                dossier.country.iso3,
                o.indicator.code,
                o.year,
                o.sex or "total",
                o.partner.iso3 if o.partner else "",
                o.value,
                o.indicator.unit,
                o.release.publisher,
                o.release.edition,
                o.release.licence,
                o.release.file_name,
            ]
        )
    return response


def bundle_version() -> str:
    """What the chart bundle is made of: our snippet and vl-convert's libraries."""
    import vl_convert

    text = f"{vl_convert.__version__}\n{BUNDLE_SNIPPET}"
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def bundle_url() -> str:
    """The bundle's address, named by what it is made of: a new vl-convert or snippet
    gets a new address, so browsers may keep the old one for a year without asking."""
    from django.urls import reverse

    return reverse("charts-bundle", args=[bundle_version()])


def _bundle_file() -> Path:
    """The bundle, made once by vl-convert on this machine, with its gzipped twin."""
    folder = settings.VAR_DIR / "cache"
    path = folder / f"vega-bundle-{bundle_version()}.js"
    if not path.exists() or not path.with_suffix(".js.gz").exists():
        import vl_convert

        folder.mkdir(parents=True, exist_ok=True)
        text = vl_convert.javascript_bundle(BUNDLE_SNIPPET).encode()
        for target, content in (
            (path.with_suffix(".js.gz"), gzip.compress(text, compresslevel=9, mtime=0)),
            (path, text),
        ):
            tmp = target.with_name(target.name + ".tmp")
            tmp.write_bytes(content)
            tmp.replace(target)
    return path


@require_safe
def charts_bundle(request, version: str):
    """Vega, Vega-Lite and Vega-Embed as one script, made by vl-convert on this machine
    and served by the app itself: nothing is fetched from a CDN. Pages load it only when
    a reader asks for interactive charts (`static/migguide/charts.js`); it is sent
    gzipped (a third of its size) and cached for a year under its fingerprinted name."""
    if version != bundle_version():
        return redirect(bundle_url(), permanent=False)
    path = _bundle_file()
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        response = HttpResponse(path.with_suffix(".js.gz").read_bytes())
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(path.read_bytes())
    response["Content-Type"] = "text/javascript; charset=utf-8"
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    patch_vary_headers(response, ["Accept-Encoding"])
    return response
