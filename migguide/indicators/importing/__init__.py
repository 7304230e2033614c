"""Reading the publishers' own files into releases and observations.

Every import is all or nothing: a file is read whole and checked before anything is
written, and a problem is reported with the file, sheet, row and column where it was
found. Tables and columns are found by their headers, never by their position, since
the publishers move them between editions. Importing the same file twice changes nothing."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction

from migguide.countries.models import Country
from migguide.files.problems import NOTHING_CHANGED, ImportRefused, Problems

from ..catalogue import load_catalogue
from ..models import Indicator, Observation, Release
from .bilateral import read_bilateral
from .reading import Countries
from .undesa import read_undesa
from .unhcr import read_unhcr
from .worldbank import read_worldbank

__all__ = ["READERS", "ImportRefused", "ImportReport", "import_file", "series", "top_partners"]


@dataclass
class ImportReport:
    file: str
    kind: str
    edition: str = ""
    release_id: int | None = None
    rows_read: int = 0
    added: int = 0
    aggregates: list[str] = field(default_factory=list)
    not_recognised: list[str] = field(default_factory=list)
    already: bool = False

    def __str__(self) -> str:
        if self.already:
            return (
                f"{self.file}: already imported as release {self.release_id} "
                f"({self.edition}); nothing changed"
            )
        lines = [
            f"{self.file}: {self.edition}: {self.rows_read} rows read, "
            f"{self.added} observations added, {len(self.aggregates)} aggregates skipped, "
            f"{len(self.not_recognised)} not recognised"
        ]
        if self.not_recognised:
            lines.append(
                "  not recognised (not in the country registry): "
                + ", ".join(sorted(self.not_recognised))
            )
        return "\n".join(lines)


def _insert_observations(release, indicators, by_iso3, values) -> None:
    """Write the observations with one parameterised statement per batch, without a
    model instance per row: a bilateral table gives over 50,000 of them, already
    checked by the reader."""
    meta = Observation._meta
    names = ("release", "indicator", "country", "year", "sex", "partner", "value", "note")
    columns = [meta.get_field(name).column for name in names]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    indicator_ids = {code: indicator.pk for code, indicator in indicators.items()}
    country_ids = {iso3: country.pk for iso3, country in by_iso3.items()}
    rows = [
        (
            release.pk,
            indicator_ids[ind],
            country_ids[iso3],
            year,
            sex,
            country_ids[partner] if partner else None,
            value,
            "",
        )
        for (ind, iso3, year, sex, partner), value in values.items()
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 10000):
            cursor.executemany(sql, rows[start : start + 10000])


READERS = {
    "undesa": read_undesa,
    "worldbank": read_worldbank,
    "unhcr": read_unhcr,
    "bilateral": read_bilateral,
}


def import_file(
    kind: str, path: str | Path, *, edition: str | None = None, by=None
) -> ImportReport:
    """Import one publisher's file as a new release, all or nothing."""
    path = Path(path)
    problems = Problems(str(path), title=NOTHING_CHANGED)
    if kind not in READERS:
        problems.refuse(f"unknown kind {kind!r}; use one of {', '.join(READERS)}")
    if not path.is_file():
        problems.refuse("file not found")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    existing = Release.objects.filter(sha256=digest).first()
    if existing:
        return ImportReport(path.name, kind, existing.edition, existing.pk, already=True)
    countries = Countries()
    parsed = READERS[kind](path, problems, countries, edition=edition)
    if not parsed.values:
        problems.refuse("no value for any country of the registry was found")
    with transaction.atomic():
        indicators = load_catalogue()
        for code, values in parsed.new_indicators.items():
            if code not in indicators:
                indicators[code] = Indicator.objects.create(code=code, **values)
        release = Release.objects.create(
            kind=parsed.kind,
            publisher=parsed.publisher,
            edition=parsed.edition,
            published_on=parsed.published_on,
            latest_year=max(key[2] for key in parsed.values),
            file_name=path.name,
            sha256=digest,
            licence=parsed.licence,
            citation=parsed.citation,
            imported_by=by,
        )
        _insert_observations(release, indicators, countries.by_iso3, parsed.values)
    return ImportReport(
        path.name,
        kind,
        parsed.edition,
        release.pk,
        parsed.rows_read,
        len(parsed.values),
        sorted(parsed.aggregates),
        sorted(parsed.not_recognised),
    )


def series(
    country: Country, indicator: str, *, sex: str = "", kind: str | None = None
) -> tuple[Release | None, list[tuple[int, float]]]:
    """One indicator of one country over the years, from its newest release."""
    observations = Observation.objects.filter(
        country=country, indicator__code=indicator, sex=sex, partner__isnull=True
    )
    if kind:
        observations = observations.filter(release__kind=kind)
    else:  # national figures are shown beside the international ones, not mixed in
        observations = observations.exclude(release__kind=Release.Kind.NATIONAL)
    release = Release.objects.filter(pk__in=observations.values("release")).newest_first().first()
    if release is None:
        return None, []
    points = observations.filter(release=release).order_by("year").values_list("year", "value")
    return release, list(points)


def top_partners(
    country: Country, indicator: str, *, limit: int = 10
) -> tuple[Release | None, int | None, list[tuple[Country, float]]]:
    """The main origins (immigrants) or destinations (emigrants) in the newest release
    and year, both sexes added up."""
    observations = Observation.objects.filter(
        country=country, indicator__code=indicator, partner__isnull=False
    )
    release = Release.objects.filter(pk__in=observations.values("release")).newest_first().first()
    if release is None:
        return None, None, []
    observations = observations.filter(release=release)
    year = max(observations.values_list("year", flat=True).distinct())
    observations = observations.filter(year=year)
    if observations.filter(sex="").exists():  # totals published: do not add the sexes too
        observations = observations.filter(sex="")
    totals: dict[int, float] = defaultdict(float)
    for partner_id, value in observations.values_list("partner", "value"):
        totals[partner_id] += value
    partners = Country.objects.in_bulk(list(totals))
    ranked = sorted(((partners[p], v) for p, v in totals.items()), key=lambda x: -x[1])
    return release, year, ranked[:limit]
