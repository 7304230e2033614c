"""What the app writes for a spreadsheet to open (the internal statistics download here,
the portal's open data in `publishing`): text typed by people is data, never a formula."""

from __future__ import annotations

# A spreadsheet runs a cell that starts with one of these as a formula; it skips a leading
# tab or carriage return and runs what follows, so those are refused too.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A text that a spreadsheet would run as a formula is written as text (after a quote,
    which spreadsheets read as "this is text"); numbers, negative ones included, stay
    numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
