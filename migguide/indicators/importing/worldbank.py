"""The World Bank's indicator downloads: the wide table of an .xls, .xlsx or .csv file, or
the long table of a data package (its indicator named in datapackage.json)."""

from __future__ import annotations

import json
from pathlib import Path

from migguide.files.problems import Problems

from ..catalogue import WORLDBANK_CODES
from .reading import (
    Countries,
    Parsed,
    checked_text,
    excel_date,
    parse_date,
    read_csv,
    read_excel,
    to_number,
    to_year,
)


def _worldbank_rows(
    header_index: int,
    rows: list[list],
    sheet: str,
    parsed: Parsed,
    problems: Problems,
    countries: Countries,
    aggregates: set[str] | None,
) -> None:
    header = [str(c).strip() for c in rows[header_index]]
    try:
        name_col, code_col = header.index("Country Name"), header.index("Country Code")
    except ValueError:
        problems.refuse(
            f"{sheet}row {header_index + 1}: no 'Country Name' and 'Country Code' columns"
        )
    ind_name = header.index("Indicator Name") if "Indicator Name" in header else None
    ind_code = header.index("Indicator Code") if "Indicator Code" in header else None
    years = {j: to_year(c) for j, c in enumerate(header) if to_year(c) is not None}
    for i in range(header_index + 1, len(rows)):
        row = rows[i]
        if not any(str(c).strip() for c in row):
            continue
        where = f"{sheet}row {i + 1}"
        name = checked_text(row[name_col], f"{where}, column 'Country Name'", problems)
        code = checked_text(row[code_col], f"{where}, column 'Country Code'", problems)
        wb_code = (
            checked_text(row[ind_code], f"{where}, column 'Indicator Code'", problems)
            if ind_code is not None
            else ""
        )
        indicator = _worldbank_indicator(
            wb_code, str(row[ind_name]) if ind_name is not None else wb_code, parsed
        )
        country = countries.by_iso3.get(code)
        if country is None:
            parsed.skip(f"{name} ({code})", aggregate=aggregates is None or code in aggregates)
            continue
        parsed.rows_read += 1
        for j, year in years.items():
            if j < len(row):
                value = to_number(
                    row[j], f"{where}, column '{header[j]}' ({code}, {year})", problems
                )
                if value is not None:
                    parsed.add(indicator, country.iso3, year, value)


def _worldbank_indicator(wb_code: str, name: str, parsed: Parsed) -> str:
    code = WORLDBANK_CODES.get(wb_code.upper(), wb_code.upper())
    if code not in WORLDBANK_CODES.values():
        parsed.new_indicators[code] = {
            "names": {"en": name.strip() or code},
            "unit": "other",
            "default_source": f"World Bank WDI ({wb_code})",
        }
    return code


def read_worldbank(path: Path, problems: Problems, countries: Countries, **_) -> Parsed:
    parsed = Parsed("worldbank", "World Bank", "World Development Indicators", licence="CC BY 4.0")
    suffix = path.suffix.lower()
    if suffix in (".xls", ".xlsx"):
        sheets = read_excel(path, problems)
        if "Data" not in sheets:
            problems.refuse(
                f"no sheet 'Data' (found: {', '.join(sheets) or 'none'}); is this "
                "a World Bank indicator download?"
            )
        rows = sheets["Data"]
        for row in rows[:5]:
            if row and str(row[0]).strip() == "Last Updated Date" and len(row) > 1:
                parsed.published_on = excel_date(row[1])
        aggregates = None
        meta = sheets.get("Metadata - Countries")
        if meta:
            head = [str(c) for c in meta[0]]
            if "Country Code" in head and "Region" in head:
                c, r = head.index("Country Code"), head.index("Region")
                aggregates = {str(row[c]) for row in meta[1:] if not str(row[r]).strip()}
        header = next(
            (
                i
                for i, row in enumerate(rows[:30])
                if [str(c).strip() for c in row[:2]] == ["Country Name", "Country Code"]
            ),
            None,
        )
        if header is None:
            problems.refuse("sheet 'Data': no header row starting 'Country Name', 'Country Code'")
        _worldbank_rows(header, rows, "sheet 'Data', ", parsed, problems, countries, aggregates)
    else:
        rows = read_csv(path, problems)
        if rows and [c.strip() for c in rows[0][:4]] == [
            "Country Name",
            "Country Code",
            "Year",
            "Value",
        ]:
            _read_worldbank_long(path, rows, parsed, problems, countries)
        else:
            header = next(
                (
                    i
                    for i, row in enumerate(rows[:30])
                    if [c.strip() for c in row[:2]] == ["Country Name", "Country Code"]
                ),
                None,
            )
            if header is None:
                problems.refuse(
                    "no header row starting 'Country Name', 'Country Code': is "
                    "this a World Bank indicator file?"
                )
            for row in rows[:header]:
                if row and row[0].strip() == "Last Updated Date" and len(row) > 1:
                    parsed.published_on = parse_date(row[1])
            _worldbank_rows(header, rows, "", parsed, problems, countries, None)
    if parsed.published_on:
        parsed.edition = f"World Development Indicators, updated {parsed.published_on}"
    elif parsed.values:
        parsed.edition = (
            f"World Development Indicators, data to {max(key[2] for key in parsed.values)}"
        )
    problems.raise_if_any()
    return parsed


def _read_worldbank_long(path, rows, parsed, problems, countries) -> None:
    package = path.with_name("datapackage.json")
    if not package.exists():
        problems.refuse(
            "a long 'Country Name,Country Code,Year,Value' table needs its "
            "datapackage.json beside it, to know which indicator it holds"
        )
    try:
        meta = json.loads(package.read_text(encoding="utf-8"))
        wb_code = meta["worldbank"]["indicator"]
    except (ValueError, KeyError, TypeError):
        problems.refuse(f"{package.name}: no 'worldbank.indicator' in the data package")
    indicator = _worldbank_indicator(wb_code, meta.get("title", wb_code), parsed)
    for key in ("updated", "last_updated", "lastUpdated"):
        if meta.get(key):
            parsed.published_on = parse_date(str(meta[key]))
    for i, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) < 4:
            problems.add(f"row {i}: {len(row)} columns where 4 are expected")
            continue
        name = checked_text(row[0], f"row {i}, column 'Country Name'", problems)
        code = checked_text(row[1], f"row {i}, column 'Country Code'", problems)
        year = to_year(row[2])
        if year is None:
            problems.add(f"row {i}, column 'Year': {row[2]!r} is not a year")
            continue
        country = countries.by_iso3.get(code)
        if country is None:
            parsed.aggregates.add(f"{name} ({code})")
            continue
        parsed.rows_read += 1
        value = to_number(row[3], f"row {i}, column 'Value' ({code}, {year})", problems)
        if value is not None:
            parsed.add(indicator, country.iso3, year, value)
