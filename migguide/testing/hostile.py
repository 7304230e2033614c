"""Files built to exhaust a server's memory when read, as the security test sent them:
for the tests of the upload limits and for the benchmark (benchmarks/uploads.py)."""

from __future__ import annotations

import io
import zipfile

LAST_ROW = 1_048_576  # the last row of an Excel sheet
LAST_CELL = f"XFD{LAST_ROW}"  # and its last cell


def padded_xlsx(
    *, row: int = LAST_ROW, dimension: str = f"A1:{LAST_CELL}", title: str = ""
) -> bytes:
    """A workbook of about 1.6 KB, written by hand: its one sheet declares the whole
    Excel grid as its dimension and holds a single cell, in `row` (and a `title` in A1,
    for a reader that looks for one). A reader that trusts the dimension pads every row
    to 16,384 cells, up to that row."""
    first = f'<row r="1"><c r="A1" t="inlineStr"><is><t>{title}</t></is></c></row>' if title else ""
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets>'
            "</workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'<dimension ref="{dimension}"/>'
            f'<sheetData>{first}<row r="{row}"><c r="A{row}" t="inlineStr"><is><t>x</t></is></c>'
            "</row></sheetData></worksheet>"
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return out.getvalue()


def many_small_bombs_zip(*, members: int = 195, size: int = 1_000_000) -> bytes:
    """A ZIP of `members` CSV files of `size` bytes each (about 211 KB for the default
    195 MB): each compresses a thousandfold but stays at the 1 MB below which a single
    member's ratio was not checked, and together they stay under the 200 MB limit on
    the unpacked total. Every line is a row of two cells: 250,000 rows a member."""
    text = (b"0,0\n" * (size // 4 + 1))[:size]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(members):
            archive.writestr(f"export-{i:03d}.csv", text)
    return out.getvalue()
