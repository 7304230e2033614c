"""A country's statistics as plain data: the key figures with their sources and the
series the charts draw. Plain data (lists, strings, numbers), so that a guide edition
can freeze it with the dossier."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from django.db import transaction

from migguide.countries.models import Country

from .catalogue import load_catalogue
from .importing import series, top_partners
from .models import Indicator, Observation, Release

# The shipped extracts of published figures for the demonstration countries, by ISO3.
DEMO_DIR = Path(__file__).parent / "data"
DEMO_COUNTRIES = ("SEN", "CPV")

# The key figures of the profile, in the order the guide gives them.
KEY_FIGURES = [
    "MIG_STOCK_IN",
    "MIG_STOCK_IN_PCT_POP",
    "MIG_STOCK_IN_PCT_FEMALE",
    "REFUGEES_HOSTED",
    "REFUGEES_ABROAD",
    "ASYLUM_HOSTED",
    "REMIT_IN_USD",
    "REMIT_IN_PCT_GDP",
    "NET_MIGRATION",
    "POP_TOTAL",
]


def _source(release: Release | None) -> str:
    return f"{release.publisher}, {release.edition}" if release else ""


def _paired(country: Country, first: str, second: str) -> dict | None:
    """Two indicators side by side by year ([year, first, second]), citing the release
    of each (once when both come from the same one, in a stable order)."""
    first_release, first_points = series(country, first)
    second_release, second_points = series(country, second)
    if not (first_points or second_points):
        return None
    a, b = dict(first_points), dict(second_points)
    sources = dict.fromkeys(filter(None, (_source(first_release), _source(second_release))))
    return {
        "source": "; ".join(sources),
        "points": [[y, a.get(y), b.get(y)] for y in sorted(a.keys() | b.keys())],
    }


def statistics_for(country: Country, language: str) -> dict:
    """Everything the profile says in figures about one country, newest releases first."""
    indicators = list(Indicator.objects.all())
    names = {i.code: i.name(language) for i in indicators}
    definitions = {i.code: i.definition(language) for i in indicators}
    units = dict(Indicator.objects.values_list("code", "unit"))
    figures = []
    for code in KEY_FIGURES:
        # The international figure, then the national one beside it when there is one.
        for kind in (None, Release.Kind.NATIONAL):
            release, points = series(country, code, kind=kind)
            if points:
                year, value = points[-1]
                figures.append(
                    {
                        "code": code,
                        "label": names.get(code, code),
                        "year": year,
                        "value": value,
                        "unit": units.get(code, ""),
                        "source": _source(release),
                        "national": kind is not None,
                        "definition": definitions.get(code, ""),
                    }
                )
    data: dict = {"figures": figures}
    stock_release, total = series(country, "MIG_STOCK_IN")
    if total:
        _r, male = series(country, "MIG_STOCK_IN", sex="male")
        _r, female = series(country, "MIG_STOCK_IN", sex="female")
        male_d, female_d = dict(male), dict(female)
        data["stock_by_sex"] = {
            "source": _source(stock_release),
            "points": [[y, v, male_d.get(y), female_d.get(y)] for y, v in total],
        }
    for key, code in (("origins", "MIG_STOCK_IN"), ("destinations", "MIG_STOCK_OUT")):
        release, year, partners = top_partners(country, code)
        if partners:
            data[key] = {
                "source": _source(release),
                "year": year,
                "items": [[c.name(language), v] for c, v in partners],
            }
    for key, codes in (
        ("refugees", ("REFUGEES_HOSTED", "REFUGEES_ABROAD")),
        ("remittances", ("REMIT_IN_USD", "REMIT_IN_PCT_GDP")),
    ):
        if paired := _paired(country, *codes):
            data[key] = paired
    net_release, net = series(country, "NET_MIGRATION")
    if net:
        data["net_migration"] = {"source": _source(net_release), "points": [list(p) for p in net]}
    return data


@transaction.atomic
def load_demo_statistics(iso3: str = "SEN") -> int:
    """Load the shipped extract of one demonstration country's published figures
    (`data/demo-<iso3>.json`, see its 'about'). Running it again replaces the extract,
    not other releases."""
    extract = json.loads((DEMO_DIR / f"demo-{iso3.lower()}.json").read_text(encoding="utf-8"))
    indicators = load_catalogue()
    countries = {c.iso3: c for c in Country.objects.all()}
    country = countries[iso3]
    marker = f"(extract for {country.name('en')})"
    Release.objects.filter(file_name__endswith=marker).delete()
    count = 0
    for r in extract["releases"]:
        release = Release.objects.create(
            kind=r["kind"],
            publisher=r["publisher"],
            edition=r["edition"],
            published_on=datetime.date.fromisoformat(r["published_on"])
            if r["published_on"]
            else None,
            file_name=f"{r['file_name']} {marker}",
            latest_year=max(o[1] for o in r["observations"]),
            licence=r["licence"],
            citation=r["citation"],
        )
        Observation.objects.bulk_create(
            Observation(
                release=release,
                indicator=indicators[code],
                country=country,
                year=year,
                sex=sex,
                partner=countries[partner] if partner else None,
                value=value,
            )
            for code, year, sex, partner, value in r["observations"]
        )
        count += len(r["observations"])
    return count
