"""The one reader of every imported spreadsheet and ZIP of CSV files, bounded.

A workbook's declared size, a ZIP's headers and a file's weight say little about what
reading it costs: a 1.6 KB workbook may declare the whole Excel grid, a 200 KB ZIP may
unpack to 200 MB of one-cell rows. So the reader trusts none of them: it reads rows as
the file gives them and counts, while reading and before keeping anything, the rows and
columns of each sheet, the cells of the whole file, the bytes unpacked and the time
spent, and refuses the file (UploadRefused, naming the file, the sheet and the limit)
as soon as one goes over its setting:

- UPLOAD_MAX_ROWS: rows of one sheet or CSV file, counted by their number in the sheet;
- UPLOAD_MAX_COLUMNS: columns of one row, up to its last non-empty cell;
- UPLOAD_MAX_CELLS: cells of the whole file, rows padded to the widest as returned;
- UPLOAD_MAX_UNPACKED_BYTES: bytes unpacked from an archive, counted as they are read;
- UPLOAD_MAX_SECONDS: time spent reading.

Rows come back as lists, trimmed after their last non-empty cell and then padded with
None to the widest row of their sheet, as Excel readers give them."""

from __future__ import annotations

import csv
import io
import time
import zipfile
from dataclasses import dataclass

import openpyxl
import xlrd
from django.conf import settings
from django.utils.translation import gettext as _

from .uploads import OLE_MAGIC, UploadRefused, check_archive, megabytes

EMPTY = (None, "")


@dataclass(frozen=True)
class Limits:
    rows: int
    columns: int
    cells: int
    unpacked_bytes: int
    seconds: float

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            rows=settings.UPLOAD_MAX_ROWS,
            columns=settings.UPLOAD_MAX_COLUMNS,
            cells=settings.UPLOAD_MAX_CELLS,
            unpacked_bytes=settings.UPLOAD_MAX_UNPACKED_BYTES,
            seconds=settings.UPLOAD_MAX_SECONDS,
        )


def _sheet(name: str) -> str:
    return _("sheet %(name)s") % {"name": repr(name)}


def _file(name: str) -> str:
    return _("file %(name)s") % {"name": repr(name)}


class _Budget:
    """What reading one file may still cost: every row read passes through `row`."""

    def __init__(self, name: str):
        self.name = name
        self.limits = Limits.from_settings()
        self.cells = 0
        self.unpacked = 0
        self.deadline = time.monotonic() + self.limits.seconds

    def refuse(self, message: str, **values) -> UploadRefused:
        return UploadRefused(message % {"name": self.name, **values})

    def row(self, table: str, number: int, values, *, trim: bool = True) -> list:
        """One row of `table`, its number in it counted from 1, checked against the
        limits before it is kept. Each row costs at least one cell, so that a file of
        empty rows is bounded too."""
        if number > self.limits.rows:
            raise self.refuse(
                _("%(name)s: %(table)s has more rows than the limit of %(limit)s; refused."),
                table=table,
                limit=self.limits.rows,
            )
        if time.monotonic() > self.deadline:
            raise self.refuse(
                _(
                    "%(name)s: reading took longer than the limit of %(limit)s seconds "
                    "(stopped at %(table)s, row %(row)s); refused."
                ),
                limit=self.limits.seconds,
                table=table,
                row=number,
            )
        width = len(values)
        if trim:
            while width and values[width - 1] in EMPTY:
                width -= 1
        if width > self.limits.columns:
            raise self.refuse(
                _(
                    "%(name)s: %(table)s, row %(row)s has more columns than the limit of "
                    "%(limit)s; refused."
                ),
                table=table,
                row=number,
                limit=self.limits.columns,
            )
        self.count(table, number, max(width, 1))
        return list(values[:width])

    def count(self, table: str, number: int, cells: int) -> None:
        self.cells += cells
        if self.cells > self.limits.cells:
            raise self.refuse(
                _(
                    "%(name)s: more cells than the limit of %(limit)s for one file "
                    "(reached at %(table)s, row %(row)s); refused."
                ),
                limit=self.limits.cells,
                table=table,
                row=number,
            )

    def pad(self, table: str, rows: list[list]) -> list[list]:
        """Rows padded with None to the widest, the padding counted as cells first."""
        width = max((len(r) for r in rows), default=0)
        self.count(table, len(rows), sum(width - max(len(r), 1) for r in rows if len(r) < width))
        for r in rows:
            r.extend([None] * (width - len(r)))
        return rows


# Workbooks ------------------------------------------------------------------------------


class Book:
    """A workbook — .xlsx read by openpyxl, .xls (Excel 97-2003) by xlrd, told apart by
    their content — whose sheets are read on demand within the limits of one file.
    `data_only` reads the values Excel last computed instead of formulas (.xlsx)."""

    def __init__(self, name: str, data: bytes, *, data_only: bool = True):
        self.budget = _Budget(name)
        self.name = name
        self.xls = data.startswith(OLE_MAGIC)
        try:
            if self.xls:
                # on_demand: a sheet is parsed only when read; ragged_rows: rows are not
                # padded to the widest of the sheet by xlrd.
                self._book = xlrd.open_workbook(
                    file_contents=data, on_demand=True, ragged_rows=True
                )
                self.sheet_names = self._book.sheet_names()
            else:
                check_archive(name, data)
                self._book = openpyxl.load_workbook(
                    io.BytesIO(data), read_only=True, data_only=data_only
                )
                self.sheet_names = self._book.sheetnames
        except UploadRefused:
            raise
        except Exception as exc:  # both libraries raise many kinds on a broken workbook
            raise UploadRefused(
                _("%(name)s: the workbook cannot be read (%(error)s).")
                % {"name": name, "error": exc.__class__.__name__}
            ) from None

    def rows(self, sheet: str, *, first: int | None = None) -> list[list]:
        """The rows of a sheet (only its `first` rows if given), padded to the widest."""
        table = _sheet(sheet)
        try:
            read = self._xls_rows if self.xls else self._xlsx_rows
            return self.budget.pad(table, read(sheet, table, first))
        except UploadRefused:
            raise
        except Exception as exc:
            raise UploadRefused(
                _("%(name)s: %(table)s cannot be read (%(error)s).")
                % {"name": self.name, "table": table, "error": exc.__class__.__name__}
            ) from None

    def _xlsx_rows(self, sheet: str, table: str, first: int | None) -> list[list]:
        ws = self._book[sheet]
        # Never trust the declared dimension: without it openpyxl gives each row up
        # to its last cell and a missing row as an empty one.
        ws.reset_dimensions()
        rows = []
        for number, values in enumerate(ws.iter_rows(max_row=first, values_only=True), 1):
            rows.append(self.budget.row(table, number, values))
        return rows

    def _xls_rows(self, sheet: str, table: str, first: int | None) -> list[list]:
        index = self.sheet_names.index(sheet)
        ws = self._book.sheet_by_index(index)
        if ws.nrows > self.budget.limits.rows:
            self.budget.row(table, ws.nrows, ())  # refuses, before any row is read
        rows = []
        for r in range(min(ws.nrows, first or ws.nrows)):
            width = ws.row_len(r)
            if width > self.budget.limits.columns:  # trailing blanks need no reading
                width = max((c + 1 for c in range(width) if ws.cell_value(r, c) != ""), default=0)
            values = [self._xls_value(ws.cell(r, c)) for c in range(width)]
            rows.append(self.budget.row(table, r + 1, values))
        if first is None:
            self._book.unload_sheet(index)
        return rows

    def _xls_value(self, cell):
        if cell.ctype == xlrd.XL_CELL_DATE:
            return xlrd.xldate.xldate_as_datetime(cell.value, self._book.datemode)
        if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
            return None
        return cell.value

    def read_all(self) -> dict[str, list[list]]:
        return {sheet: self.rows(sheet) for sheet in self.sheet_names}

    def close(self) -> None:
        if self.xls:
            self._book.release_resources()
        else:
            self._book.close()


def read_workbook(name: str, data: bytes, *, data_only: bool = True) -> dict[str, list[list]]:
    """Every sheet of a workbook, by name, read within the limits."""
    book = Book(name, data, data_only=data_only)
    try:
        return book.read_all()
    finally:
        book.close()


# CSV files and ZIPs of them -----------------------------------------------------------


def _csv_rows(budget: _Budget, table: str, lines) -> list[list[str]]:
    # Rows are kept as the CSV gives them: their width tells a truncated file.
    return [
        budget.row(table, number, values, trim=False)
        for number, values in enumerate(csv.reader(lines), 1)
    ]


def read_csv(name: str, text: str) -> list[list[str]]:
    """The rows of a CSV file already decoded, read within the limits."""
    return _csv_rows(_Budget(name), _file(name), io.StringIO(text))


class _Counted(io.RawIOBase):
    """A member of an archive that counts what it unpacks against its header and
    against the archive's limit, while it is read."""

    def __init__(self, budget: _Budget, member: zipfile.ZipExtFile, info: zipfile.ZipInfo):
        self.budget, self.member, self.info, self.read_here = budget, member, info, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.member.read(len(buffer))
        self.read_here += len(data)
        self.budget.unpacked += len(data)
        if self.read_here > self.info.file_size:
            raise self.budget.refuse(
                _("%(name)s: %(member)s unpacks to more than its archive says; refused."),
                member=self.info.filename,
            )
        if self.budget.unpacked > self.budget.limits.unpacked_bytes:
            raise self.budget.refuse(
                _(
                    "%(name)s: the archive unpacks to more than the limit of %(limit)s "
                    "— refused as an archive bomb."
                ),
                limit=megabytes(self.budget.limits.unpacked_bytes),
            )
        buffer[: len(data)] = data
        return len(data)


def read_csv_zip(name: str, data: bytes) -> dict[str, list[list[str]]]:
    """Every CSV file of a ZIP (UTF-8, a BOM allowed), by its path in the archive,
    read within the limits: the archive is checked by its headers first, then every
    byte unpacked is counted as it is read."""
    check_archive(name, data)
    budget = _Budget(name)
    out = {}
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        for info in archive.infolist():
            if info.is_dir():
                continue
            with archive.open(info) as member:
                raw = io.BufferedReader(_Counted(budget, member, info), 64 * 1024)
                text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="")
                out[info.filename] = _csv_rows(budget, _file(info.filename), text)
    except (zipfile.BadZipFile, EOFError, csv.Error) as exc:
        raise UploadRefused(
            _("%(name)s: the archive is damaged (%(error)s).") % {"name": name, "error": exc}
        ) from None
    return out
