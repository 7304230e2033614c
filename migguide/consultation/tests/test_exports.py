"""The questionnaires as files, read back as their users' programs read them: the
XLSForm through pyxform, the workbook reopened, the PDF's text."""

import io

import openpyxl
from django.utils.translation import gettext, override
from pypdf import PdfReader
from pyxform.xls2xform import convert

from migguide.consultation import exporting, importing
from migguide.consultation.review import Review
from migguide.dossier import models as m
from migguide.testing import CastTestCase, frozen_edition


class ExportTests(CastTestCase):
    def setUp(self):
        self.inst = m.Institution.objects.get(dossier=self.dossier)
        self.source = m.Source.objects.get(dossier=self.dossier)

    def doc(self, form="authority", institution=True, language="fr"):
        return exporting.document(
            dossier=self.dossier,
            form=form,
            institution=self.inst if institution else None,
            institution_name="" if institution else "Direction nouvelle",
            language=language,
        )

    def xform(self, data: bytes) -> str:
        path = self.tmp / "form.xlsx"
        path.write_bytes(data)
        warnings: list[str] = []
        result = convert(xlsform=str(path), warnings=warnings, validate=False)
        self.assertEqual(warnings, [])
        return result.xform

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        import tempfile
        from pathlib import Path

        cls._tmp = tempfile.TemporaryDirectory()
        cls.tmp = Path(cls._tmp.name)

    @classmethod
    def tearDownClass(cls):
        cls._tmp.cleanup()
        super().tearDownClass()

    def test_xlsform_converts_without_warning_for_every_form_and_institution(self):
        for form in ("authority", "department"):
            for known in (True, False):
                for language in ("fr", "en", "pt", "es"):
                    with self.subTest(form=form, known=known, language=language):
                        xform = self.xform(
                            exporting.render_xlsform(self.doc(form, known, language))
                        )
                        for name in ("Français (fr)", "English (en)"):
                            self.assertIn(f'lang="{name}"', xform)
                        for name in ("Português (pt)", "Español (es)"):
                            self.assertIn(f'lang="{name}"', xform)
                        self.assertIn('version="2026.2"', xform)

    def test_xlsform_carries_every_language_of_the_dialogue_through_pyxform(self):
        xform = self.xform(exporting.render_xlsform(self.doc("authority", True, "ar")))
        for name in ("العربية (ar)", "Português (pt)", "Español (es)", "Français (fr)"):
            self.assertIn(f'lang="{name}"', xform)
        # The Arabic labels are the catalogue's, not the English fallback.
        with override("ar"):
            arabic = gettext("Please check the format of this answer.")
        self.assertNotEqual(arabic, "Please check the format of this answer.")
        self.assertIn(arabic, xform)

    def test_xlsform_is_prefilled_and_identifies_country_and_institution(self):
        xform = self.xform(exporting.render_xlsform(self.doc()))
        self.assertIn("<inst_name>Office SECRET-SEN</inst_name>", xform)
        self.assertIn(self.inst.uid.hex, xform)
        self.assertIn("'SEN'", xform)
        self.assertIn(self.source.uid.hex, xform)  # the source on record, to choose from
        self.assertIn("<stages>needs</stages>", xform)

    def test_other_institutions_sources_are_offered_only_once_published(self):

        other = m.Institution.objects.create(dossier=self.dossier, name="Police", kind="border")
        m.Source.objects.create(
            dossier=self.dossier, title="Border register", collector=other, kind="register"
        )
        self.assertNotIn("Border register", self.xform(exporting.render_xlsform(self.doc())))
        frozen_edition(self.dossier)
        m.Source.objects.create(
            dossier=self.dossier, title="Draft register", collector=other, kind="register"
        )
        xform = self.xform(exporting.render_xlsform(self.doc()))
        self.assertIn("Border register (Police)", xform)
        self.assertNotIn("Draft register", xform)

    def test_workbook_is_prefilled_protected_with_dropdowns(self):
        wb = openpyxl.load_workbook(io.BytesIO(exporting.render_xlsx(self.doc())))
        self.assertTrue(wb.security.lockStructure)
        answers = wb[exporting.ANSWERS_SHEET]
        self.assertTrue(answers.protection.sheet)
        values = {r[2]: r[1] for r in answers.iter_rows(values_only=True) if r[2]}
        self.assertEqual(values["inst_name"], "Office SECRET-SEN")
        self.assertEqual(values["inst_kind"], "institut statistique")
        self.assertEqual(values["stages/needs"], "oui")
        sheet = next(ws for ws in wb.worksheets if ws.cell(2, 2).value == "src_title")
        self.assertEqual(sheet.cell(3, 2).value, "Census SECRET-SEN")
        self.assertFalse(sheet.cell(3, 2).protection.locked)
        self.assertTrue(sheet.cell(1, 2).protection.locked)
        self.assertTrue(sheet.row_dimensions[2].hidden)
        self.assertGreater(len(sheet.data_validations.dataValidation), 3)
        self.assertEqual(wb[exporting.META_SHEET].sheet_state, "veryHidden")

    def test_portuguese_and_spanish_questionnaires_speak_their_language_by_default(self):
        for language, name, kind, yes in [
            ("pt", "Português (pt)", "instituto de estatística", "sim"),
            ("es", "Español (es)", "instituto de estadística", "sí"),
        ]:
            with self.subTest(language=language):
                doc = self.doc(language=language)
                form = openpyxl.load_workbook(io.BytesIO(exporting.render_xlsform(doc)))
                rows = list(form["settings"].iter_rows(values_only=True))
                settings = dict(zip(rows[0], rows[1], strict=False))
                self.assertEqual(settings["default_language"], name)
                header = next(form["survey"].iter_rows(values_only=True))
                self.assertEqual(header[2], f"label::{name}")
                wb = openpyxl.load_workbook(io.BytesIO(exporting.render_xlsx(doc)))
                answers = wb[exporting.ANSWERS_SHEET]
                values = {r[2]: r[1] for r in answers.iter_rows(values_only=True) if r[2]}
                self.assertEqual(values["inst_kind"], kind)
                self.assertEqual(values["stages/needs"], yes)
                report = importing.import_bytes(
                    f"back-{language}.xlsx", exporting.render_xlsx(doc), country=self.senegal
                )
                self.assertEqual(Review(report.added[0]).counts()["changed"], 0)

    def test_formula_like_text_is_written_as_text_everywhere(self):
        self.source.title = '=HYPERLINK("http://evil.example","click")'
        self.source.save()
        wb = openpyxl.load_workbook(io.BytesIO(exporting.render_xlsx(self.doc())))
        sheet = next(ws for ws in wb.worksheets if ws.cell(2, 2).value == "src_title")
        cell = sheet.cell(3, 2)
        self.assertEqual(cell.data_type, "s")
        self.assertTrue(cell.quotePrefix)
        form = openpyxl.load_workbook(io.BytesIO(exporting.render_xlsform(self.doc())))
        for ws in form.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    self.assertNotEqual(c.data_type, "f", f"{ws.title}!{c.coordinate}")

    def test_pdf_prints_the_questions_and_what_is_on_record(self):
        data = exporting.render_pdf(self.doc(language="en"))
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
        for expected in (
            "Office SECRET-SEN",
            "Census SECRET-SEN",
            "Questionnaire version",
            "2026.2",
        ):
            self.assertIn(expected, text)

    def test_untouched_workbook_comes_back_with_nothing_to_change(self):
        data = exporting.render_xlsx(self.doc())
        report = importing.import_bytes("back.xlsx", data, country=self.senegal)
        response = report.added[0]
        self.assertEqual(response.institution, self.inst)
        review = Review(response)
        self.assertEqual(review.counts()["changed"], 0)
        self.assertEqual(review.counts()["new"], 0)
        self.assertTrue(review.is_reviewed)
