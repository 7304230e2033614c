"""UNHCR's population statistics (Refugee Data Finder): refugees and asylum-seekers by
origin and asylum, internally displaced and stateless people."""

from __future__ import annotations

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

UNHCR_COLUMNS = {
    "refugees": ("REFUGEES_HOSTED", "REFUGEES_ABROAD"),
    "asylum_seekers": ("ASYLUM_HOSTED", "ASYLUM_ABROAD"),
}


def read_unhcr(path: Path, problems: Problems, countries: Countries, **_) -> Parsed:
    rows = read_csv(path, problems)
    if not rows:
        problems.refuse("the file is empty")
    header = [c.strip().lower() for c in rows[0]]
    required = ["year", "coo_iso", "coa_iso", "refugees", "asylum_seekers"]
    missing = [c for c in required if c not in header]
    if missing:
        problems.refuse(
            f"row 1: missing columns {', '.join(missing)}: is this a UNHCR "
            "population statistics file (Refugee Data Finder)?"
        )
    col = {name: header.index(name) for name in header}
    parsed = Parsed(
        "unhcr", "UNHCR", "Refugee Data Finder, population statistics", licence="CC BY 4.0"
    )
    years = set()
    for i, row in complete_rows(rows, len(header), problems):
        year = to_year(row[col["year"]])
        if year is None:
            problems.add(f"row {i}, column 'year': {row[col['year']]!r} is not a year")
            continue
        years.add(year)
        origin_code = checked_text(row[col["coo_iso"]], f"row {i}, column 'coo_iso'", problems)
        asylum_code = checked_text(row[col["coa_iso"]], f"row {i}, column 'coa_iso'", problems)
        for name in ("coo_name", "coa_name"):
            if name in col:
                checked_text(row[col[name]], f"row {i}, column '{name}'", problems)
        origin = countries.by_iso3.get(origin_code)
        asylum = countries.by_iso3.get(asylum_code)
        for code, c in ((origin_code, origin), (asylum_code, asylum)):
            if c is None and code:
                parsed.not_recognised.add(code)
        parsed.rows_read += 1
        for column, (hosted, abroad) in UNHCR_COLUMNS.items():
            value = to_number(row[col[column]], f"row {i}, column '{column}'", problems)
            if not value:
                continue
            if asylum:
                parsed.add(hosted, asylum.iso3, year, value)
            if origin:
                parsed.add(abroad, origin.iso3, year, value)
        for column, indicator, country in (
            ("idps", "IDPS", origin),
            ("stateless", "STATELESS", asylum),
        ):
            if column in col and country:
                value = to_number(row[col[column]], f"row {i}, column '{column}'", problems)
                if value:
                    parsed.add(indicator, country.iso3, year, value)
    if years:
        parsed.edition = f"Refugee Data Finder, population statistics {min(years)}–{max(years)}"
    problems.raise_if_any()
    return parsed
