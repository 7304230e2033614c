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
# A table without a "Table N" title is recognised by its column labels instead (the
# labels above the row of years), tried in this order.
UNDESA_COLUMNS = [
    ("MIG_STOCK_IN_PCT_POP", re.compile(r"migrant stock as a percentage of the total", re.I)),
    ("MIG_STOCK_IN_PCT_FEMALE", re.compile(r"female migrants as a percentage", re.I)),
    ("MIG_STOCK_IN", re.compile(r"^\s*international migrant stock at mid-year", re.I)),
]
# "Table 1: …", "Table 1. …", "Table 1 - …", "TABLE 1 – …", "Table 1 …" (editions and
# re-saved copies punctuate the title each their own way).
TABLE_TITLE = re.compile(
    r"^\s*table\s*[A-Z]?\d+\s*(?:[:.\-\u2013\u2014]+\s*|\s+)(?=\S)(.+)", re.I | re.S
)
# The edition's year, wherever the header rows say it: "International Migrant Stock 2020:
# Destination", "Trends in International Migrant Stock: The 2017 revision",
# "POP/DB/MIG/Stock/Rev.2019".
EDITION_YEAR = [
    re.compile(r"international\s+migrant\s+stock\W{0,3}(?:the\s+)?((?:19|20)\d\d)\b", re.I),
    re.compile(r"\bstock/rev\.?\s*((?:19|20)\d\d)\b", re.I),
]
CITATION = re.compile(
    r"^\s*(?:suggested\s+citation|citation|please\s+cite(?:\s+as)?)\s*[:\-\u2013]\s*", re.I
)
LICENCE = re.compile(r"\bCC\s*BY(?:[\s-]+\d\.\d)?(?:[\s-]+IGO)?\b", re.I)


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
    # Recent editions are .xlsx; older ones circulate as Excel 97-2003 .xls.
    book = open_book(path, problems)
    try:
        return _read_undesa_book(book, problems, countries)
    finally:
        book.close()


def _edition_facts(parsed: Parsed, texts: list[str]) -> None:
    """The edition's year, citation and licence, wherever the header rows state them."""
    if not parsed.published_on:
        for text in texts:
            match = next((m for p in EDITION_YEAR if (m := p.search(text))), None)
            if match:
                year = int(match.group(1))
                parsed.edition = f"International Migrant Stock {year}"
                parsed.published_on = datetime.date(year, 1, 1)
                break
    for text in texts:
        if "creative commons" in text.lower() or LICENCE.search(text):
            found = LICENCE.search(text)
            parsed.licence = (
                " ".join(found.group(0).upper().replace("-", " ").split())
                if found and "IGO" in found.group(0).upper()
                else "CC BY 3.0 IGO"
            )
        if not parsed.citation and (cite := CITATION.match(text)):
            parsed.citation = text[cite.end() :].strip()
        elif not parsed.citation and re.search(
            r"United Nations.*Population Division \(\d{4}\)", text, re.S
        ):
            parsed.citation = text.strip()


def _by_columns(rows: list[list]) -> str | None:
    """The table a sheet holds, told by the column labels above its row of years (for a
    sheet with no "Table N" title); None for a sheet without such a header."""
    found = _header(rows)
    if found is None:
        return None
    header = found[0]
    labels = [c for row in rows[max(header - 6, 0) : header + 1] for c in row if isinstance(c, str)]
    for code, pattern in UNDESA_COLUMNS:
        if any(pattern.search(label) for label in labels):
            return code
    return None


def _read_undesa_book(book: tabular.Book, problems: Problems, countries: Countries) -> Parsed:
    parsed = Parsed("undesa", "UN DESA Population Division", "International Migrant Stock")
    found = 0
    for sheet in book.sheet_names:
        head = sheet_rows(book, sheet, problems, first=12)
        texts = [c for row in head for c in row if isinstance(c, str)]
        _edition_facts(parsed, texts)
        title = next((m.group(1) for t in texts if (m := TABLE_TITLE.match(t))), "")
        rows = None
        if title:
            indicator = next((c for c, pattern in UNDESA_TABLES if pattern.search(title)), None)
        else:
            rows = sheet_rows(book, sheet, problems)
            indicator = _by_columns(rows)
        if indicator is None:
            continue  # a table the profile does not use: not read further
        found += 1
        if rows is None:
            rows = sheet_rows(book, sheet, problems)
        _read_undesa_table(sheet, rows, indicator, parsed, problems, countries)
    if not found:
        problems.refuse(
            "no table of the international migrant stock found: expected sheets "
            "titled like 'Table 1: International migrant stock at mid-year by sex "
            "and by region, country or area of destination', or with columns headed "
            "'International migrant stock at mid-year' above a row of years"
        )
    if not parsed.published_on:
        problems.refuse(
            "the edition of the International Migrant Stock is not stated in the header "
            "rows (expected e.g. 'International Migrant Stock 2024' or "
            "'POP/DB/MIG/Stock/Rev.2024'): is this the file as UN DESA published it?"
        )
    problems.raise_if_any()
    return parsed


def _header(rows: list[list]) -> tuple[int, int, int | None] | None:
    """(row of years, location code column, name column): the header found by its
    labels — the row of years, with the location code column named in that row or, in
    editions with two-row headers (2019 and before), in one of the two rows above it."""
    for i, row in enumerate(rows[:40]):
        if sum(to_year(c) is not None for c in row) < 3:
            continue
        code_col = name_col = None
        for above in (rows[k] for k in range(i, max(i - 3, -1), -1)):
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
            return i, code_col, name_col
    return None


def _read_undesa_table(name, rows, indicator, parsed, problems, countries) -> None:
    found = _header(rows)
    if found is None:
        problems.add(f"sheet '{name}': no header row with a location code column and years")
        return
    header, code_col, name_col = found
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
