"""What every reader of the publishers' files shares: what a reader found (`Parsed`),
the country registry, numbers, years and dates as the publishers write them, and the
files opened within the upload limits (`files.tabular`), every problem going to the one
collector (`files.problems`) with its place."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from migguide.countries.m49 import M49_GROUPS
from migguide.countries.models import Country
from migguide.files import tabular
from migguide.files.cells import looks_like_formula
from migguide.files.problems import Problems
from migguide.files.uploads import ZIP_MAGIC, UploadRefused

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


THOUSANDS = re.compile(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?")


def to_number(value, where: str, problems: Problems) -> float | None:
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


def to_year(value) -> int | None:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and 1900 <= value <= 2100:
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*(19|20)\d\d\s*", value):
        return int(value)
    return None


def clean_name(value) -> str:
    return re.sub(r"[*\d]+$", "", str(value or "")).strip()


class Countries:
    def __init__(self):
        countries = list(Country.objects.all())
        self.by_iso3 = {c.iso3: c for c in countries}
        self.by_numeric = {c.numeric: c for c in countries}


def column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def checked_text(value, where: str, problems: Problems) -> str:
    text = str(value or "").strip()
    if looks_like_formula(text):
        problems.add(
            f"{where}: a spreadsheet formula ({text[:30]}…) where a name or code is expected"
        )
    return text


def open_book(path: Path, problems: Problems, *, xlsx_only: bool = False) -> tabular.Book:
    """A workbook opened for reading within the upload limits (`files.tabular`)."""
    label = ".xls" if path.suffix.lower() == ".xls" and not xlsx_only else ".xlsx"
    data = path.read_bytes()
    if xlsx_only and not data.startswith(ZIP_MAGIC):
        problems.refuse("not an Excel workbook (.xlsx) that can be read (not a ZIP archive)")
    try:
        return tabular.Book(path.name, data, data_only=True)
    except UploadRefused as refused:
        problems.refuse(
            f"not an Excel workbook ({label}) that can be read ({reason(refused, path)})"
        )


def reason(refused: UploadRefused, path: Path) -> str:
    return refused.reason(path.name)


def sheet_rows(
    book: tabular.Book, sheet: str, problems: Problems, *, first: int | None = None
) -> list[list]:
    try:
        return book.rows(sheet, first=first)
    except UploadRefused as refused:
        problems.refuse(reason(refused, Path(book.name)))


def read_excel(path: Path, problems: Problems) -> dict[str, list[list]]:
    book = open_book(path, problems)
    try:
        return {
            sheet: [
                ["" if c is None else c for c in row] for row in sheet_rows(book, sheet, problems)
            ]
            for sheet in book.sheet_names
        }
    finally:
        book.close()


def read_csv(path: Path, problems: Problems) -> list[list[str]]:
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
        problems.refuse(reason(refused, path))


def excel_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime | datetime.date):
        return (
            value
            if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)
            else value.date()
        )
    if isinstance(value, int | float) and value > 0:
        return (datetime.datetime(1899, 12, 30) + datetime.timedelta(days=float(value))).date()
    return parse_date(str(value))


def parse_date(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def complete_rows(rows: list[list[str]], width: int, problems: Problems):
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
