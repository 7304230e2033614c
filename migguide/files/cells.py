"""The one formula-injection guard: what migguide writes for a spreadsheet to open —
CSV files (the internal statistics download, the portal's open data) and workbooks
(questionnaires, analyses, plans) — keeps text typed by people as data, never a formula.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula, and skips
a leading tab or carriage return to run what follows. The two formats differ only in
how "this is text" is said:

- in a CSV a cell is only characters: the text is written after a quote (`safe_cell`),
  which spreadsheets read as "this is text" and do not show;
- in a workbook a cell has a type: the text is stored as a string with Excel's own
  quote-prefix flag (`safe_text`), so its value stays exactly what was typed. A workbook
  is XML as well, which cannot hold control characters: they are left out (`printable`),
  where a CSV keeps every character.

On the way in, `looks_like_formula` tells an importer that a cell where a name or a code
is expected holds a formula instead (a number, negative ones included, is not one)."""

from __future__ import annotations

import re

from .text import printable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_IN = re.compile(r"^\s*[=+@]|^\s*-[A-Za-z(]")


def safe_cell(value):
    """A value for a CSV cell: text that a spreadsheet would run as a formula is written
    as text (after a quote); numbers, negative ones included, stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_text(cell, value) -> None:
    """Put a value in a workbook's cell (openpyxl) so that no spreadsheet ever runs it:
    text that starts like a formula stays text (string type, quote prefix) instead of
    becoming one; characters a workbook cannot hold (control characters) are left out."""
    value = printable(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True


def looks_like_formula(text: str) -> bool:
    """Whether a text read from a file starts like a spreadsheet formula (`=A1`,
    `+cmd`, `@SUM`, `-A1`, `-(…)`): not a name or a code."""
    return _FORMULA_IN.match(text) is not None
