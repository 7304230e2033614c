"""The one bounded reader of spreadsheets and ZIPs of CSV files: its limits hold while
it reads, before memory grows, and a refusal names the file, the sheet and the limit."""

import io
import struct
import zipfile

import openpyxl
from django.test import SimpleTestCase, override_settings

from migguide.files import tabular
from migguide.files.uploads import UploadRefused
from migguide.testing.hostile import many_small_bombs_zip, padded_xlsx


def xlsx(*sheets: tuple[str, list[list]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets:
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


class WorkbookTests(SimpleTestCase):
    def assertRefused(self, read, *fragments):
        with self.assertRaises(UploadRefused) as caught:
            read()
        for fragment in fragments:
            self.assertIn(fragment, str(caught.exception))

    def test_rows_are_padded_to_the_widest_row_read_not_to_the_declared_dimension(self):
        data = padded_xlsx(row=3, dimension="A1:XFD3")
        self.assertEqual(
            tabular.read_workbook("small.xlsx", data), {"Sheet1": [[None], [None], ["x"]]}
        )
        data = xlsx(("Data", [["a", "b", None], ["c"]]))
        self.assertEqual(
            tabular.read_workbook("data.xlsx", data), {"Data": [["a", "b"], ["c", None]]}
        )

    def test_a_sheet_declaring_the_whole_grid_is_refused_at_the_row_limit(self):
        self.assertRefused(
            lambda: tabular.read_workbook("grid.xlsx", padded_xlsx()),
            "grid.xlsx: sheet 'Sheet1' has more rows than the limit of 200000; refused.",
        )

    @override_settings(UPLOAD_MAX_COLUMNS=3)
    def test_a_row_wider_than_the_limit_is_refused_but_empty_cells_after_it_are_not_counted(
        self,
    ):
        data = xlsx(("Data", [["a", "b", "c", None, None, ""], [1, 2, 3, 4]]))
        self.assertRefused(
            lambda: tabular.read_workbook("wide.xlsx", data),
            "wide.xlsx: sheet 'Data', row 2 has more columns than the limit of 3; refused.",
        )

    @override_settings(UPLOAD_MAX_CELLS=50)
    def test_the_cells_of_a_file_are_counted_as_padded(self):
        rows = [list(range(10))] + [[i] for i in range(9)]  # 19 values, 100 cells padded
        self.assertRefused(
            lambda: tabular.read_workbook("cells.xlsx", xlsx(("Data", rows))),
            "cells.xlsx: more cells than the limit of 50 for one file",
            "sheet 'Data'",
        )

    @override_settings(UPLOAD_MAX_SECONDS=0)
    def test_reading_stops_when_its_time_is_up(self):
        self.assertRefused(
            lambda: tabular.read_workbook("slow.xlsx", xlsx(("Data", [["a"]]))),
            "slow.xlsx: reading took longer than the limit of 0 seconds",
            "sheet 'Data', row 1",
        )

    def test_a_book_reads_the_first_rows_of_a_sheet_alone(self):
        data = xlsx(("Table 1", [["Title"], ["Note"], [1, 2, 3]]), ("Notes", [["n"]]))
        book = tabular.Book("two.xlsx", data)
        self.assertEqual(book.sheet_names, ["Table 1", "Notes"])
        self.assertEqual(book.rows("Table 1", first=1), [["Title"]])
        self.assertEqual(book.rows("Notes"), [["n"]])


class ArchiveTests(SimpleTestCase):
    def test_csv_members_are_read_as_rows(self):
        data = csv_zip({"main.csv": b"a,b\r\n1,2\r\n", "main-repeat.csv": "é\n".encode()})
        self.assertEqual(
            tabular.read_csv_zip("odk.zip", data),
            {"main.csv": [["a", "b"], ["1", "2"]], "main-repeat.csv": [["é"]]},
        )

    def test_an_archive_unpacking_to_far_more_than_it_weighs_is_refused_as_a_whole(self):
        with self.assertRaises(UploadRefused) as caught:
            tabular.read_csv_zip("odk.zip", many_small_bombs_zip(members=3))
        self.assertIn("odk.zip: the archive would unpack to 3 MB from", str(caught.exception))
        self.assertIn("refused as an archive bomb", str(caught.exception))

    @override_settings(UPLOAD_MAX_UNPACKED_BYTES=10_000)
    def test_the_unpacked_total_is_limited(self):
        data = csv_zip({f"m{i}.csv": b"1,2\n" * 1000 for i in range(4)})
        with self.assertRaises(UploadRefused) as caught:
            tabular.read_csv_zip("odk.zip", data)
        self.assertIn("over the limit of", str(caught.exception))

    def test_a_member_larger_than_its_header_says_is_refused(self):
        data = bytearray(csv_zip({"main.csv": b"a,b\n" * 1000}))
        # Both headers, local and central, say the member unpacks to 40 bytes.
        local = data.index(b"PK\x03\x04")
        data[local + 22 : local + 26] = struct.pack("<I", 40)
        central = data.index(b"PK\x01\x02")
        data[central + 24 : central + 28] = struct.pack("<I", 40)
        with self.assertRaises(UploadRefused) as caught:
            tabular.read_csv_zip("liar.zip", bytes(data))
        self.assertIn("liar.zip: the archive is damaged", str(caught.exception))
        self.assertIn("main.csv", str(caught.exception))

    @override_settings(UPLOAD_MAX_ROWS=3)
    def test_a_csv_member_longer_than_the_limit_is_refused(self):
        with self.assertRaises(UploadRefused) as caught:
            tabular.read_csv_zip("odk.zip", csv_zip({"main.csv": b"a\n1\n2\n3\n"}))
        self.assertIn(
            "odk.zip: file 'main.csv' has more rows than the limit of 3; refused.",
            str(caught.exception),
        )

    @override_settings(UPLOAD_MAX_COLUMNS=2)
    def test_a_csv_wider_than_the_limit_is_refused(self):
        with self.assertRaises(UploadRefused) as caught:
            tabular.read_csv("data.csv", "a,b\n1,2,3\n")
        self.assertIn(
            "data.csv: file 'data.csv', row 2 has more columns than the limit of 2; refused.",
            str(caught.exception),
        )
