"""Answers coming back from the platform's workbook, KoboToolbox and ODK Central;
bad files refused with sheet, row and column, and nothing stored."""

import io
import shutil
import tempfile
import zipfile
from pathlib import Path

import openpyxl
from django.core.management import call_command
from django.core.management.base import CommandError

from migguide.consultation import exporting, importing
from migguide.consultation.models import Response
from migguide.consultation.questionnaires import QUESTIONNAIRES
from migguide.consultation.samples import kobo_xlsx, odk_zip
from migguide.dossier import models as m
from migguide.testing import CastTestCase
from migguide.testing.hostile import many_small_bombs_zip, padded_xlsx

Q = QUESTIONNAIRES["authority"]


def answers_for(n: int, inst_name="Office SECRET-SEN") -> dict:
    return {
        "institution": {"name": inst_name, "kind": "statistics"},
        "respondent": {"name": f"Respondent {n}", "email": "r@example.org"},
        "stages": ["needs", "follow-up"],
        "sources": [
            {
                "ref": "new",
                "title": f"Survey {n}.{i}",
                "kind": "survey",
                "areas": ["trends", "labour"],
                "last_update": "2025-06-30",
                "periodicity": "annual",
            }
            for i in range(3)
        ],
        "challenges": [
            {
                "category": "updating",
                "description": f"Late data {n}",
                "corrective_actions": "Fund it",
            }
        ],
    }


class CollectedImportTests(CastTestCase):
    def setUp(self):
        self.inst = m.Institution.objects.get(dossier=self.dossier)

    def test_kobo_export_with_repeat_sheets_becomes_responses_joined_to_their_parent(self):
        data = kobo_xlsx(
            Q,
            [(self.inst.uid.hex, answers_for(1)), ("", answers_for(2, "Direction X"))],
            country="SEN",
        )
        revision = m.Dossier.objects.get(pk=self.dossier.pk).revision
        report = importing.import_bytes("kobo.xlsx", data, country=self.senegal)
        self.assertEqual((report.read, len(report.added)), (2, 2))
        first, second = sorted(report.added, key=lambda r: r.pk)
        self.assertEqual(first.institution, self.inst)
        self.assertEqual(first.origin, "kobo")
        self.assertEqual(
            [s["title"] for s in first.answers["sources"]],
            ["Survey 1.0", "Survey 1.1", "Survey 1.2"],
        )
        self.assertEqual(first.answers["sources"][0]["areas"], ["labour", "trends"])
        self.assertEqual(first.answers["stages"], ["follow-up", "needs"])
        self.assertIsNone(second.institution)
        self.assertEqual(second.institution_name, "Direction X")
        self.assertEqual(first.respondent_name, "Respondent 1")
        # Nothing reaches the dossier without a reviewer.
        self.assertEqual(m.Dossier.objects.get(pk=self.dossier.pk).revision, revision)
        again = importing.import_bytes("kobo.xlsx", data, country=self.senegal)
        self.assertEqual((len(again.added), again.already), (0, 2))

    def test_a_kobo_export_in_the_old_xls_format_reads_the_same(self):
        import xlwt

        answers = answers_for(1)
        source = openpyxl.load_workbook(io.BytesIO(kobo_xlsx(Q, [("", answers)], country="SEN")))
        book = xlwt.Workbook()
        for ws in source.worksheets:
            sheet = book.add_sheet(ws.title)
            for r, row in enumerate(ws.iter_rows(values_only=True)):
                for c, value in enumerate(row):
                    if value is not None:
                        sheet.write(r, c, value)
        out = io.BytesIO()
        book.save(out)
        self.assertTrue(out.getvalue().startswith(b"\xd0\xcf\x11\xe0"))  # Excel 97-2003
        response = importing.import_bytes("kobo.xls", out.getvalue(), country=self.senegal).added[0]
        self.assertEqual(
            [s["title"] for s in response.answers["sources"]],
            ["Survey 1.0", "Survey 1.1", "Survey 1.2"],
        )
        self.assertEqual(response.answers["sources"][0]["last_update"], "2025-06-30")
        self.assertEqual(response.answers["challenges"][0]["category"], "updating")

    def test_odk_central_zip_is_joined_by_parent_key(self):
        data = odk_zip(Q, [(self.inst.uid.hex, answers_for(1))], country="SEN")
        report = importing.import_bytes("odk.zip", data, country=self.senegal)
        response = report.added[0]
        self.assertEqual(response.origin, "odk")
        self.assertEqual(len(response.answers["sources"]), 3)
        self.assertEqual(response.answers["challenges"][0]["description"], "Late data 1")

    def test_odk_central_zip_with_multiple_choices_split_into_columns(self):
        data = odk_zip(Q, [(self.inst.uid.hex, answers_for(1))], country="SEN", split=True)
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            header = z.read(f"{Q.form_id}-sources.csv").decode().splitlines()[0]
        self.assertIn("sources-src_areas/labour", header)  # as ODK Central writes it
        response = importing.import_bytes("odk.zip", data, country=self.senegal).added[0]
        self.assertEqual(response.answers["sources"][0]["areas"], ["labour", "trends"])
        self.assertEqual(response.answers["stages"], ["follow-up", "needs"])

    def test_answers_to_the_earlier_version_are_mapped_to_the_current_one(self):
        data = kobo_xlsx(
            Q,
            [(self.inst.uid.hex, answers_for(1))],
            country="SEN",
            version="2026.1",
            renames={"src_title": "src_name", "chal_description": "challenge_text"},
        )
        response = importing.import_bytes("old.xlsx", data, country=self.senegal).added[0]
        self.assertEqual(response.answered_version, "2026.1")
        self.assertEqual(response.version, "2026.2")
        self.assertEqual(response.answers["sources"][1]["title"], "Survey 1.1")
        self.assertEqual(response.answers["challenges"][0]["description"], "Late data 1")

    def assertRefused(self, name, data, *fragments, country=None):
        with self.assertRaises(importing.ImportRefused) as cm:
            importing.import_bytes(name, data, country=country or self.senegal)
        for fragment in fragments:
            self.assertIn(fragment, str(cm.exception))
        self.assertEqual(Response.objects.count(), 0)
        return str(cm.exception)

    def test_unknown_version_wrong_country_and_foreign_files_are_refused(self):
        self.assertRefused(
            "v9.xlsx",
            kobo_xlsx(Q, [("", answers_for(1))], country="SEN", version="9.0"),
            "v9.xlsx: sheet 'migguide_authority', row 2",
            "version '9.0'",
            "cannot be mapped",
        )
        self.assertRefused(
            "mali.xlsx",
            kobo_xlsx(Q, [("", answers_for(1))], country="MLI"),
            "for Mali, not Senegal",
        )
        wb = openpyxl.Workbook()
        wb.active.append(["Country Name", "Country Code", "1990"])
        wb.active.append(["Senegal", "SEN", 1])
        out = io.BytesIO()
        wb.save(out)
        self.assertRefused(
            "wb.xlsx", out.getvalue(), "'Country Name' is not a question", "column A"
        )

    def test_wrong_types_are_refused_naming_sheet_row_and_column(self):
        bad = answers_for(1)
        bad["sources"][1]["last_update"] = "next spring"
        bad["sources"][2]["kind"] = "crystal-ball"
        text = self.assertRefused(
            "types.xlsx",
            kobo_xlsx(Q, [("", bad)], country="SEN"),
            "sheet 'sources', row 3",
            "expected a date (YYYY-MM-DD), found 'next spring'",
            "'crystal-ball' is not one of the choices",
        )
        self.assertRegex(text, r"sheet 'sources', row 3, column [A-Z]+: last update")

    def test_control_characters_in_answers_are_refused_naming_file_row_and_column(self):
        for char in ["\x00", "\x0b", "\x1b", "\x7f"]:
            bad = answers_for(1)
            bad["challenges"][0]["description"] = f"Late{char} data"
            bad["respondent"]["name"] = f"Awa{char}"
            found = f"contains an invisible control character (U+{ord(char):04X})"
            self.assertRefused(
                "odk.zip",
                odk_zip(Q, [("", bad)], country="SEN"),
                "odk.zip: sheet 'migguide_authority-challenges', row 2, column B: "
                f"challenge: {found}",
                f"odk.zip: sheet 'migguide_authority', row 2, column H: your name: {found}",
            )

    def test_a_repeat_row_without_its_submission_is_refused(self):
        data = kobo_xlsx(Q, [("", answers_for(1)), ("", answers_for(2))], country="SEN")
        wb = openpyxl.load_workbook(io.BytesIO(data))
        wb.worksheets[0].delete_rows(3)  # the second submission, its sources left behind
        out = io.BytesIO()
        wb.save(out)
        self.assertRefused(
            "cut.xlsx", out.getvalue(), "sheet 'sources', row 5", "belongs to no submission"
        )

    def test_formula_in_an_answer_is_kept_as_text(self):
        answers = answers_for(1)
        answers["challenges"][0]["description"] = '=HYPERLINK("http://evil.example","x")'
        response = importing.import_bytes(
            "f.xlsx", kobo_xlsx(Q, [("", answers)], country="SEN"), country=self.senegal
        ).added[0]
        self.assertEqual(
            response.answers["challenges"][0]["description"],
            '=HYPERLINK("http://evil.example","x")',
        )

    def test_not_a_workbook_oversize_and_zip_bomb_are_refused(self):
        self.assertRefused("x.xlsx", b"%PDF-1.7 not a workbook", "not an Excel workbook")
        with self.settings(UPLOAD_MAX_BYTES=1000):
            self.assertRefused("big.xlsx", b"PK\x03\x04" + b"0" * 2000, "larger than the limit")
        bomb = io.BytesIO()
        with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("export.csv", b"0" * 50_000_000)
        self.assertLess(len(bomb.getvalue()), 200_000)
        self.assertRefused("bomb.zip", bomb.getvalue(), "archive bomb")
        self.assertRefused(
            "cut.xlsx", kobo_xlsx(Q, [("", answers_for(1))], country="SEN")[:3000], "damaged"
        )

    def test_the_command_refuses_the_files_built_to_exhaust_memory(self):
        """The security test's workbook declaring the whole Excel grid and its ZIP of
        many small bombs, imported from the command line: refused, nothing stored."""
        folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, folder)
        for name, data, fragment in (
            ("grid.xlsx", padded_xlsx(), "sheet 'Sheet1' has more rows than the limit of 200000"),
            ("odk.zip", many_small_bombs_zip(), "refused as an archive bomb"),
        ):
            (folder / name).write_bytes(data)
            with self.assertRaises(CommandError) as cm:
                call_command("questionnaire", "import", str(folder / name), "--country", "SEN")
            self.assertIn(f"{name}: ", str(cm.exception))
            self.assertIn(fragment, str(cm.exception))
        self.assertEqual(Response.objects.count(), 0)


class WorkbookImportTests(CastTestCase):
    def setUp(self):
        self.inst = m.Institution.objects.get(dossier=self.dossier)
        doc = exporting.document(dossier=self.dossier, form="authority", institution=self.inst)
        self.wb = openpyxl.load_workbook(io.BytesIO(exporting.render_xlsx(doc)))
        self.sources = next(ws for ws in self.wb.worksheets if ws.cell(2, 2).value == "src_title")

    def data(self) -> bytes:
        out = io.BytesIO()
        self.wb.save(out)
        return out.getvalue()

    def column(self, ws, name) -> int:
        return next(c for c in range(1, ws.max_column + 1) if ws.cell(2, c).value == name)

    def test_filled_workbook_proposes_the_corrections_and_new_rows(self):
        self.sources.cell(3, self.column(self.sources, "src_periodicity")).value = "annuelle"
        self.sources.cell(4, self.column(self.sources, "src_title")).value = "Registre des visas"
        self.sources.cell(
            4, self.column(self.sources, "src_kind")
        ).value = "visas et titres de séjour"
        self.sources.cell(4, self.column(self.sources, "src_areas/labour")).value = "oui"
        response = importing.import_bytes("filled.xlsx", self.data(), country=self.senegal).added[0]
        items = response.answers["sources"]
        self.assertEqual(items[0]["periodicity"], "annual")
        self.assertEqual(
            items[1],
            {**items[1], "title": "Registre des visas", "kind": "permits", "areas": ["labour"]},
        )

    def test_tampered_structure_is_refused_with_its_place(self):
        self.sources.cell(2, 3).value = "src_secret"
        with self.assertRaises(importing.ImportRefused) as cm:
            importing.import_bytes("t.xlsx", self.data(), country=self.senegal)
        self.assertIn("row 2, column C: unknown question 'src_secret'", str(cm.exception))
        self.assertEqual(Response.objects.count(), 0)

    def test_text_in_a_year_and_a_bad_date_are_refused(self):
        uses = next(ws for ws in self.wb.worksheets if ws.cell(2, 1).value == "use_title")
        uses.cell(3, self.column(uses, "use_title")).value = "Plan"
        uses.cell(3, self.column(uses, "use_description")).value = "Used"
        uses.cell(3, self.column(uses, "use_year")).value = "twenty"
        with self.assertRaises(importing.ImportRefused) as cm:
            importing.import_bytes("y.xlsx", self.data(), country=self.senegal)
        self.assertRegex(
            str(cm.exception),
            r"y\.xlsx: sheet .*, row 3, column D: year: expected a whole number, found 'twenty'",
        )
