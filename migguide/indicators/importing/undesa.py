"""UN DESA's International Migrant Stock workbook: the tables of the stock by sex, as a
percentage of the population, and the share of women, found by their titles."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from migguide.files import tabular
from migguide.files.problems import Problems

from .reading import (
    M49_AGGREGATES,
    Countries,
    Parsed,
    clean_name,
    column_letter,
    open_book,
    sheet_rows,
    to_number,
    to_year,
)

UNDESA_TABLES = [
    ("MIG_STOCK_IN_PCT_POP", re.compile(r"migrant stock as a percentage of the total", re.I)),
    ("MIG_STOCK_IN_PCT_FEMALE", re.compile(r"female migrants as a percentage", re.I)),
    ("MIG_STOCK_IN", re.compile(r"international migrant stock (at mid-year )?by sex", re.I)),
]


def _sex_of(label: str) -> str | None:
    text = label.lower()
    if "female" in text and "percentage of the international migrant stock" not in text:
        return "female"
    if re.search(r"\bmales?\b", text):
        return "male"
    if "both sexes" in text or "total" in text:
        return ""
    return None


def read_undesa(path: Path, problems: Problems, countries: Countries, **_) -> Parsed:
    book = open_book(path, problems, xlsx_only=True)
    try:
        return _read_undesa_book(book, problems, countries)
    finally:
        book.close()


def _read_undesa_book(book: tabular.Book, problems: Problems, countries: Countries) -> Parsed:
    parsed = Parsed("undesa", "UN DESA Population Division", "International Migrant Stock")
    found = 0
    for sheet in book.sheet_names:
        head = sheet_rows(book, sheet, problems, first=12)
        texts = [c for row in head for c in row if isinstance(c, str)]
        if match := next(
            (
                re.search(r"International Migrant Stock (\d{4})", t)
                for t in texts
                if re.search(r"International Migrant Stock \d{4}", t)
            ),
            None,
        ):
            parsed.edition = f"International Migrant Stock {match.group(1)}"
            parsed.published_on = datetime.date(int(match.group(1)), 1, 1)
        for text in texts:
            if "Creative Commons" in text:
                parsed.licence = "CC BY 3.0 IGO"
            if text.startswith("Suggested citation"):
                parsed.citation = text.split(":", 1)[1].strip()
        title = next((t for t in texts if re.match(r"Table \d+\s*[:.]", t)), "")
        indicator = next((code for code, pattern in UNDESA_TABLES if pattern.search(title)), None)
        if indicator is None:
            continue  # a table the profile does not use: not read further
        found += 1
        rows = sheet_rows(book, sheet, problems)
        _read_undesa_table(sheet, rows, indicator, parsed, problems, countries)
    if not found:
        problems.refuse(
            "no table of the international migrant stock found: expected sheets "
            "titled like 'Table 1: International migrant stock at mid-year by sex "
            "and by region, country or area of destination'"
        )
    problems.raise_if_any()
    return parsed


def _read_undesa_table(name, rows, indicator, parsed, problems, countries) -> None:
    """Find the header by its labels: the row of years, with the location code column
    named in that row or, in editions with two-row headers (2019 and before), in one of
    the two rows above it."""
    header = code_col = name_col = None
    for i, row in enumerate(rows[:40]):
        if sum(to_year(c) is not None for c in row) < 3:
            continue
        for above in rows[i : max(i - 3, -1) : -1]:
            labels = [str(c) if c is not None else "" for c in above]
            if code_col is None:
                code_col = next(
                    (j for j, c in enumerate(labels) if re.search(r"\bcode\b", c, re.I)), None
                )
            if name_col is None:
                name_col = next(
                    (
                        j
                        for j, c in enumerate(labels)
                        if re.search(r"country or area|region", c, re.I)
                    ),
                    None,
                )
        if code_col is not None:
            header = i
            break
        name_col = None
    if header is None:
        problems.add(f"sheet '{name}': no header row with a location code column and years")
        return
    cells = rows[header]
    years = {j: to_year(c) for j, c in enumerate(cells) if to_year(c) is not None}
    sexes = {}
    for j in years:
        sexes[j] = ""
        for above in range(header - 1, max(header - 7, -1), -1):
            labels = [
                (k, c)
                for k, c in enumerate(rows[above][: j + 1])
                if isinstance(c, str) and c.strip()
            ]
            if labels:
                sex = _sex_of(labels[-1][1])
                if sex is not None:
                    sexes[j] = sex
                    break
    for i in range(header + 1, len(rows)):
        row = rows[i]
        if code_col >= len(row) or row[code_col] in (None, ""):
            continue
        code = row[code_col]
        label = clean_name(row[name_col]) if name_col is not None else str(code)
        try:
            numeric = f"{int(float(code)):03d}"
        except (TypeError, ValueError):
            problems.add(
                f"sheet '{name}', row {i + 1}, column {column_letter(code_col)}: "
                f"{code!r} is not a location code"
            )
            continue
        country = countries.by_numeric.get(numeric)
        if country is None:
            parsed.skip(
                f"{label} ({int(numeric)})",
                aggregate=numeric in M49_AGGREGATES or int(numeric) >= 900,
            )
            continue
        parsed.rows_read += 1
        for j, year in years.items():
            if j >= len(row):
                continue
            where = f"sheet '{name}', row {i + 1}, column {column_letter(j)} ({label}, {year})"
            value = to_number(row[j], where, problems)
            if value is not None:
                parsed.add(indicator, country.iso3, year, value, sexes[j])
