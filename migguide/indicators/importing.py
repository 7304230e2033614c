"""Reading the publishers' own files into releases and observations.

Every import is all or nothing: a file is read whole and checked before anything is
written, and a problem is reported with the file, sheet, row and column where it was
found. Tables and columns are found by their headers, never by their position, since
the publishers move them between editions. Importing the same file twice changes nothing."""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction

from migguide.countries.m49 import M49_GROUPS
from migguide.countries.models import Country
from migguide.dossier.exchange import ImportRefused
from migguide.files import tabular
from migguide.files.cells import looks_like_formula
from migguide.files.uploads import ZIP_MAGIC, UploadRefused

from .catalogue import WORLDBANK_CODES, load_catalogue
from .models import Indicator, Observation, Release

MISSING = {None, "", "..", "…", "-", "–", "—", "*", "n/a", "N/A", "NA"}
M49_AGGREGATES = {code for key in M49_GROUPS for code in key if code} | {
    "001",
    "002",
    "009",
    "019",
    "142",
    "150",
}


@dataclass
class Parsed:
    """What a reader found, before anything is written."""

    kind: str
    publisher: str
    edition: str
    published_on: datetime.date | None = None
    licence: str = ""
    citation: str = ""
    rows_read: int = 0
    values: dict = field(default_factory=dict)  # (indicator, iso3, year, sex, partner) -> v
    aggregates: set[str] = field(default_factory=set)
    not_recognised: set[str] = field(default_factory=set)
    new_indicators: dict[str, dict] = field(default_factory=dict)

    def skip(self, place: str, *, aggregate: bool) -> None:
        """A row of the file that is not a country of the registry: an aggregate
        (world, region, income group) or a place the registry does not know."""
        (self.aggregates if aggregate else self.not_recognised).add(place)

    def add(
        self,
        indicator: str,
        iso3: str,
        year: int,
        value: float,
        sex: str = "",
        partner: str | None = None,
    ) -> None:
        key = (indicator, iso3, year, sex, partner)
        if partner is None and indicator in _SUMMED:
            self.values[key] = self.values.get(key, 0.0) + value
        else:
            self.values[key] = value


# Indicators a reader adds up from several rows (UNHCR reports by origin and asylum).
_SUMMED = {
    "REFUGEES_HOSTED",
    "REFUGEES_ABROAD",
    "ASYLUM_HOSTED",
    "ASYLUM_ABROAD",
    "IDPS",
    "STATELESS",
}


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


class _Problems:
    def __init__(self, source: str):
        self.source = source
        self.items: list[str] = []

    def add(self, message: str) -> None:
        self.items.append(message)

    def raise_if_any(self) -> None:
        if self.items:
            raise ImportRefused(self.source, self.items)

    def refuse(self, message: str):
        self.items.append(message)
        raise ImportRefused(self.source, self.items)


THOUSANDS = re.compile(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?")


def _number(value, where: str, problems: _Problems) -> float | None:
    if isinstance(value, bool):
        problems.add(f"{where}: {value!r} is not a number")
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        text = value.strip()
        if text in MISSING:
            return None
        text = text.replace("\u202f", "").replace("\xa0", "")
        # Commas only as thousands separators (1,234,567): "12,5,6" is no number.
        if "," in text and not THOUSANDS.fullmatch(text):
            problems.add(f"{where}: {text[:40]!r} is not a number")
            return None
        try:
            return float(text.replace(",", ""))
        except ValueError:
            problems.add(f"{where}: {text[:40]!r} is not a number")
            return None
    if value in MISSING:
        return None
    problems.add(f"{where}: {value!r} is not a number")
    return None


def _year(value) -> int | None:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and 1900 <= value <= 2100:
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*(19|20)\d\d\s*", value):
        return int(value)
    return None


def _clean_name(value) -> str:
    return re.sub(r"[*\d]+$", "", str(value or "")).strip()


class _Countries:
    def __init__(self):
        countries = list(Country.objects.all())
        self.by_iso3 = {c.iso3: c for c in countries}
        self.by_numeric = {c.numeric: c for c in countries}


# -- UN DESA International Migrant Stock ------------------------------------------

UNDESA_TABLES = [
    ("MIG_STOCK_IN_PCT_POP", re.compile(r"migrant stock as a percentage of the total", re.I)),
    ("MIG_STOCK_IN_PCT_FEMALE", re.compile(r"female migrants as a percentage", re.I)),
    ("MIG_STOCK_IN", re.compile(r"international migrant stock (at mid-year )?by sex", re.I)),
]


def _col(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _sex_of(label: str) -> str | None:
    text = label.lower()
    if "female" in text and "percentage of the international migrant stock" not in text:
        return "female"
    if re.search(r"\bmales?\b", text):
        return "male"
    if "both sexes" in text or "total" in text:
        return ""
    return None


def read_undesa(path: Path, problems: _Problems, countries: _Countries, **_) -> Parsed:
    book = _open_book(path, problems, xlsx_only=True)
    try:
        return _read_undesa_book(book, problems, countries)
    finally:
        book.close()


def _read_undesa_book(book: tabular.Book, problems: _Problems, countries: _Countries) -> Parsed:
    parsed = Parsed("undesa", "UN DESA Population Division", "International Migrant Stock")
    found = 0
    for sheet in book.sheet_names:
        head = _sheet_rows(book, sheet, problems, first=12)
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
        rows = _sheet_rows(book, sheet, problems)
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
        if sum(_year(c) is not None for c in row) < 3:
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
    years = {j: _year(c) for j, c in enumerate(cells) if _year(c) is not None}
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
        label = _clean_name(row[name_col]) if name_col is not None else str(code)
        try:
            numeric = f"{int(float(code)):03d}"
        except (TypeError, ValueError):
            problems.add(
                f"sheet '{name}', row {i + 1}, column {_col(code_col)}: "
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
            where = f"sheet '{name}', row {i + 1}, column {_col(j)} ({label}, {year})"
            value = _number(row[j], where, problems)
            if value is not None:
                parsed.add(indicator, country.iso3, year, value, sexes[j])


# -- World Bank ---------------------------------------------------------------------


def _check_text(value, where: str, problems: _Problems) -> str:
    text = str(value or "").strip()
    if looks_like_formula(text):
        problems.add(
            f"{where}: a spreadsheet formula ({text[:30]}…) where a name or code is expected"
        )
    return text


def _worldbank_rows(
    header_index: int,
    rows: list[list],
    sheet: str,
    parsed: Parsed,
    problems: _Problems,
    countries: _Countries,
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
    years = {j: _year(c) for j, c in enumerate(header) if _year(c) is not None}
    for i in range(header_index + 1, len(rows)):
        row = rows[i]
        if not any(str(c).strip() for c in row):
            continue
        where = f"{sheet}row {i + 1}"
        name = _check_text(row[name_col], f"{where}, column 'Country Name'", problems)
        code = _check_text(row[code_col], f"{where}, column 'Country Code'", problems)
        wb_code = (
            _check_text(row[ind_code], f"{where}, column 'Indicator Code'", problems)
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
                value = _number(row[j], f"{where}, column '{header[j]}' ({code}, {year})", problems)
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


def read_worldbank(path: Path, problems: _Problems, countries: _Countries, **_) -> Parsed:
    parsed = Parsed("worldbank", "World Bank", "World Development Indicators", licence="CC BY 4.0")
    suffix = path.suffix.lower()
    if suffix in (".xls", ".xlsx"):
        sheets = _read_excel(path, problems)
        if "Data" not in sheets:
            problems.refuse(
                f"no sheet 'Data' (found: {', '.join(sheets) or 'none'}); is this "
                "a World Bank indicator download?"
            )
        rows = sheets["Data"]
        for row in rows[:5]:
            if row and str(row[0]).strip() == "Last Updated Date" and len(row) > 1:
                parsed.published_on = _excel_date(row[1])
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
        rows = _read_csv(path, problems)
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
                    parsed.published_on = _parse_date(row[1])
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
            parsed.published_on = _parse_date(str(meta[key]))
    for i, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) < 4:
            problems.add(f"row {i}: {len(row)} columns where 4 are expected")
            continue
        name = _check_text(row[0], f"row {i}, column 'Country Name'", problems)
        code = _check_text(row[1], f"row {i}, column 'Country Code'", problems)
        year = _year(row[2])
        if year is None:
            problems.add(f"row {i}, column 'Year': {row[2]!r} is not a year")
            continue
        country = countries.by_iso3.get(code)
        if country is None:
            parsed.aggregates.add(f"{name} ({code})")
            continue
        parsed.rows_read += 1
        value = _number(row[3], f"row {i}, column 'Value' ({code}, {year})", problems)
        if value is not None:
            parsed.add(indicator, country.iso3, year, value)


def _open_book(path: Path, problems: _Problems, *, xlsx_only: bool = False) -> tabular.Book:
    """A workbook opened for reading within the upload limits (`files.tabular`)."""
    label = ".xls" if path.suffix.lower() == ".xls" and not xlsx_only else ".xlsx"
    data = path.read_bytes()
    if xlsx_only and not data.startswith(ZIP_MAGIC):
        problems.refuse("not an Excel workbook (.xlsx) that can be read (not a ZIP archive)")
    try:
        return tabular.Book(path.name, data, data_only=True)
    except UploadRefused as refused:
        problems.refuse(
            f"not an Excel workbook ({label}) that can be read ({_reason(refused, path)})"
        )


def _reason(refused: UploadRefused, path: Path) -> str:
    return refused.reason(path.name)


def _sheet_rows(
    book: tabular.Book, sheet: str, problems: _Problems, *, first: int | None = None
) -> list[list]:
    try:
        return book.rows(sheet, first=first)
    except UploadRefused as refused:
        problems.refuse(_reason(refused, Path(book.name)))


def _read_excel(path: Path, problems: _Problems) -> dict[str, list[list]]:
    book = _open_book(path, problems)
    try:
        return {
            sheet: [
                ["" if c is None else c for c in row] for row in _sheet_rows(book, sheet, problems)
            ]
            for sheet in book.sheet_names
        }
    finally:
        book.close()


def _read_csv(path: Path, problems: _Problems) -> list[list[str]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.refuse("not a UTF-8 text file: is it a CSV?")
    if "\x00" in text[:4096]:
        problems.refuse("not a text file: is it a CSV?")
    try:
        return tabular.read_csv(path.name, text)
    except UploadRefused as refused:
        problems.refuse(_reason(refused, path))


def _excel_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime | datetime.date):
        return (
            value
            if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)
            else value.date()
        )
    if isinstance(value, int | float) and value > 0:
        return (datetime.datetime(1899, 12, 30) + datetime.timedelta(days=float(value))).date()
    return _parse_date(str(value))


def _parse_date(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def _complete_rows(rows: list[list[str]], width: int, problems: _Problems):
    """The data rows of a CSV (after its header) as (line number, row), blank lines
    skipped and short rows, the mark of a truncated file, reported."""
    for i, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) < width:
            problems.add(
                f"row {i}: {len(row)} columns where {width} are expected (is the file complete?)"
            )
            continue
        yield i, row


# -- UNHCR --------------------------------------------------------------------------

UNHCR_COLUMNS = {
    "refugees": ("REFUGEES_HOSTED", "REFUGEES_ABROAD"),
    "asylum_seekers": ("ASYLUM_HOSTED", "ASYLUM_ABROAD"),
}


def read_unhcr(path: Path, problems: _Problems, countries: _Countries, **_) -> Parsed:
    rows = _read_csv(path, problems)
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
    for i, row in _complete_rows(rows, len(header), problems):
        year = _year(row[col["year"]])
        if year is None:
            problems.add(f"row {i}, column 'year': {row[col['year']]!r} is not a year")
            continue
        years.add(year)
        origin_code = _check_text(row[col["coo_iso"]], f"row {i}, column 'coo_iso'", problems)
        asylum_code = _check_text(row[col["coa_iso"]], f"row {i}, column 'coa_iso'", problems)
        for name in ("coo_name", "coa_name"):
            if name in col:
                _check_text(row[col[name]], f"row {i}, column '{name}'", problems)
        origin = countries.by_iso3.get(origin_code)
        asylum = countries.by_iso3.get(asylum_code)
        for code, c in ((origin_code, origin), (asylum_code, asylum)):
            if c is None and code:
                parsed.not_recognised.add(code)
        parsed.rows_read += 1
        for column, (hosted, abroad) in UNHCR_COLUMNS.items():
            value = _number(row[col[column]], f"row {i}, column '{column}'", problems)
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
                value = _number(row[col[column]], f"row {i}, column '{column}'", problems)
                if value:
                    parsed.add(indicator, country.iso3, year, value)
    if years:
        parsed.edition = f"Refugee Data Finder, population statistics {min(years)}–{max(years)}"
    problems.raise_if_any()
    return parsed


# -- bilateral origin × destination stock -------------------------------------------

BILATERAL_NAMES = {"destination": "geo", "year": "t", "origin": "from", "value": "n"}


def read_bilateral(
    path: Path, problems: _Problems, countries: _Countries, edition: str | None = None, **_
) -> Parsed:
    rows = _read_csv(path, problems)
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
    for i, row in _complete_rows(rows, len(header), problems):
        dest_code = _check_text(row[geo], f"row {i}, column 'geo'", problems)
        origin_code = _check_text(row[origin_col], f"row {i}, column 'from'", problems)
        year = _year(row[t])
        if year is None:
            problems.add(f"row {i}, column 't': {row[t]!r} is not a year")
            continue
        sex = sexes.get(row[sex_col].strip().lower())
        if sex is None:
            problems.add(f"row {i}, column 'sex': {row[sex_col]!r} is not male, female or total")
            continue
        value = _number(row[n], f"row {i}, column 'n'", problems)
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
    problems = _Problems(str(path))
    if kind not in READERS:
        problems.refuse(f"unknown kind {kind!r}; use one of {', '.join(READERS)}")
    if not path.is_file():
        problems.refuse("file not found")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    existing = Release.objects.filter(sha256=digest).first()
    if existing:
        return ImportReport(path.name, kind, existing.edition, existing.pk, already=True)
    countries = _Countries()
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
