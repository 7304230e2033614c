"""The words every import refusal shares — where a problem lies, how many more there
are, the checks of an uploaded file — are in the language of the person reading, the
file's own data quoted as it is."""

import io
import zipfile

from django.test import SimpleTestCase, override_settings
from django.utils import translation

from migguide.files.problems import MAX_SHOWN, NOTHING_CHANGED, ImportRefused, Problems, place
from migguide.files.uploads import UploadRefused, check_upload

NBSP = "\u00a0"


class PlaceTests(SimpleTestCase):
    def test_a_place_names_sheet_row_and_column_in_every_language_of_the_dialogue(self):
        expected = {
            "en": "sheet 'Data', row 4, column C",
            "fr": f"feuille «{NBSP}Data{NBSP}», ligne 4, colonne C",
            "pt": "folha «Data», linha 4, coluna C",
            "es": "hoja «Data», fila 4, columna C",
            "ar": "الورقة «Data»، الصف 4، العمود C",
        }
        for language, text in expected.items():
            with self.subTest(language=language), translation.override(language):
                self.assertEqual(place(sheet="Data", row=4, column=2), text)

    def test_a_column_given_by_its_header_is_quoted_as_the_file_writes_it(self):
        with translation.override("en"):
            self.assertEqual(place(row=7, column="Country Code"), "row 7, column 'Country Code'")
        with translation.override("fr"):
            self.assertEqual(
                place(row=7, column="Country Code"), f"ligne 7, colonne «{NBSP}Country Code{NBSP}»"
            )


class RefusalTests(SimpleTestCase):
    def refused(self, language: str, count: int, *, title: str = "") -> str:
        with translation.override(language):
            problems = Problems("data.xlsx", title=title)
            for i in range(count):
                problems.add(f"'x{i}' is wrong", place(sheet="Data", row=i + 2))
            with self.assertRaises(ImportRefused) as cm:
                problems.raise_if_any()
        return str(cm.exception)

    def test_the_problems_past_those_shown_are_counted_in_the_readers_language(self):
        over = MAX_SHOWN + 3
        english = self.refused("en", over)
        self.assertIn("data.xlsx: sheet 'Data', row 2: 'x0' is wrong", english)
        self.assertTrue(english.endswith("data.xlsx: … and 3 more problems"))
        french = self.refused("fr", over)
        self.assertIn(f"data.xlsx{NBSP}: feuille «{NBSP}Data{NBSP}», ligne 2{NBSP}: 'x0'", french)
        self.assertTrue(french.endswith(f"data.xlsx{NBSP}: … et 3 autres problèmes"))
        self.assertTrue(self.refused("es", MAX_SHOWN + 1).endswith("… y 1 problema más"))
        self.assertTrue(self.refused("ar", MAX_SHOWN + 2).endswith("… ومشكلتان أخريان"))
        self.assertNotIn("…", self.refused("fr", MAX_SHOWN))

    def test_the_title_of_a_refusal_is_worded_when_the_file_is_refused(self):
        french = self.refused("fr", 1, title=NOTHING_CHANGED)
        self.assertTrue(french.startswith("Import refusé, rien n’a été modifié"))
        portuguese = self.refused("pt", 1, title=NOTHING_CHANGED)
        self.assertTrue(portuguese.startswith("Importação recusada, nada foi alterado:\n"))
        english = self.refused("en", 1, title=NOTHING_CHANGED)
        self.assertTrue(english.startswith("Import refused, nothing was changed:\n"))


class UploadCheckTests(SimpleTestCase):
    def refusal(self, language: str, data: bytes) -> str:
        with translation.override(language), self.assertRaises(UploadRefused) as cm:
            check_upload("answers.xlsx", data)
        return str(cm.exception)

    def test_an_empty_file_is_refused_in_the_readers_language(self):
        self.assertEqual(self.refusal("en", b""), "answers.xlsx: the file is empty.")
        self.assertEqual(self.refusal("fr", b""), f"answers.xlsx{NBSP}: le fichier est vide.")
        self.assertEqual(self.refusal("ar", b""), "answers.xlsx: الملف فارغ.")

    @override_settings(UPLOAD_MAX_BYTES=2 * 1024 * 1024)
    def test_a_file_over_the_limit_is_refused_with_the_limit_in_the_readers_units(self):
        data = b"PK\x03\x04" + b"0" * (3 * 1024 * 1024)
        self.assertEqual(
            self.refusal("en", data), "answers.xlsx: the file is larger than the limit of 2 MB."
        )
        self.assertEqual(
            self.refusal("fr", data),
            f"answers.xlsx{NBSP}: le fichier dépasse la limite de 2{NBSP}Mo.",
        )
        self.assertEqual(
            self.refusal("es", data), "answers.xlsx: el archivo supera el límite de 2 MB."
        )

    def test_a_zip_that_is_neither_workbook_nor_csv_export_is_refused_in_portuguese(self):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("notes.txt", "hello")
        self.assertEqual(
            self.refusal("pt", out.getvalue()),
            "answers.xlsx: este ficheiro é um arquivo ZIP (talvez um documento Word ou "
            "PowerPoint), mas não é um livro Excel nem uma exportação de ficheiros CSV.",
        )

    def test_the_reason_leaves_the_file_name_out_in_every_language(self):
        for language, reason in (("fr", "le fichier est vide."), ("ar", "الملف فارغ.")):
            with self.subTest(language=language), translation.override(language):
                with self.assertRaises(UploadRefused) as cm:
                    check_upload("answers.xlsx", b"")
                self.assertEqual(cm.exception.reason("answers.xlsx"), reason)
