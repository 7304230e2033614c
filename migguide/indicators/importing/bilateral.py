"""UN DESA's bilateral table: the migrant stock by origin and destination."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from migguide.files.problems import Problems

from .reading import (
    Countries,
    Parsed,
    checked_text,
    complete_rows,
    read_csv,
    to_number,
    to_year,
)

BILATERAL_NAMES = {"destination": "geo", "year": "t", "origin": "from", "value": "n"}


def read_bilateral(
    path: Path, problems: Problems, countries: Countries, edition: str | None = None, **_
) -> Parsed:
    rows = read_csv(path, problems)
    if not rows:
        problems.refuse("the file is empty")
    header = [BILATERAL_NAMES.get(c.strip().lower(), c.strip().lower()) for c in rows[0]]
    missing = [c for c in ("geo", "t", "from", "sex", "n") if c not in header]
    if missing:
        problems.refuse(
            "row 1: expected the columns destination (geo), year (t), origin "
            f"(from), sex and value (n); missing: {', '.join(missing)}"
        )
    geo, t, origin_col, sex_col, n = (header.index(c) for c in ("geo", "t", "from", "sex", "n"))
    match = re.search(r"(19|20)\d\d", path.name)
    year_of_edition = int(match.group(0)) if match else None
    parsed = Parsed(
        "bilateral",
        "UN DESA Population Division",
        edition
        or (
            f"International Migrant Stock {year_of_edition}, origin and destination"
            if year_of_edition
            else "International Migrant Stock, origin and destination"
        ),
        published_on=datetime.date(year_of_edition, 1, 1) if year_of_edition else None,
        licence="CC BY 3.0 IGO",
    )
    sexes = {
        "total": "",
        "both": "",
        "both sexes": "",
        "": "",
        "male": "male",
        "males": "male",
        "female": "female",
        "females": "female",
    }
    for i, row in complete_rows(rows, len(header), problems):
        dest_code = checked_text(row[geo], f"row {i}, column 'geo'", problems)
        origin_code = checked_text(row[origin_col], f"row {i}, column 'from'", problems)
        year = to_year(row[t])
        if year is None:
            problems.add(f"row {i}, column 't': {row[t]!r} is not a year")
            continue
        sex = sexes.get(row[sex_col].strip().lower())
        if sex is None:
            problems.add(f"row {i}, column 'sex': {row[sex_col]!r} is not male, female or total")
            continue
        value = to_number(row[n], f"row {i}, column 'n'", problems)
        dest, origin = countries.by_iso3.get(dest_code), countries.by_iso3.get(origin_code)
        for code, c in ((dest_code, dest), (origin_code, origin)):
            if c is None:
                parsed.not_recognised.add(code)
        if value is None or dest is None or origin is None:
            continue
        parsed.rows_read += 1
        parsed.add("MIG_STOCK_IN", dest.iso3, year, value, sex, partner=origin.iso3)
        parsed.add("MIG_STOCK_OUT", origin.iso3, year, value, sex, partner=dest.iso3)
    problems.raise_if_any()
    return parsed
