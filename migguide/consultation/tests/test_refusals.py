"""A refused file of answers, uploaded on the consultation page, is explained in the
language of the person who uploaded it — naming the file, the sheet, the row and the
column — while the data quoted from the file stays as the file holds it."""

import html
import io
import re

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl.utils import get_column_letter

from migguide.consultation import exporting, importing
from migguide.consultation.models import Response
from migguide.consultation.questionnaires import QUESTIONNAIRES
from migguide.consultation.samples import kobo_xlsx, odk_zip
from migguide.dossier import models as m
from migguide.testing import CastTestCase

from .test_imports import answers_for

BASE = "/countries/SEN/consultation/"
Q = QUESTIONNAIRES["authority"]
NBSP = "\u00a0"


def bad_answers() -> dict:
    """Answers with a date that is not one, a choice that does not exist and a required
    answer left empty, all in the second and third sources and the challenge."""
    answers = answers_for(1)
    answers["sources"][1]["last_update"] = "next spring"
    answers["sources"][2]["kind"] = "crystal-ball"
    answers["challenges"][0]["description"] = ""
    return answers


class UploadRefusalTests(CastTestCase):
    def setUp(self):
        self.inst = m.Institution.objects.get(dossier=self.dossier)

    def upload(self, language: str, name: str, data: bytes) -> str:
        """The text of the page shown after the upload, as the person reads it."""
        self.member.language = language
        self.member.save(update_fields=["language"])
        self.client.force_login(self.member)
        page = self.client.post(
            BASE + "upload/", {"file": SimpleUploadedFile(name, data)}, follow=True
        )
        self.assertEqual(page.status_code, 200)
        self.assertEqual(Response.objects.count(), 0)
        messages = re.findall(r'<ul class="messages">(.*?)</ul>', page.content.decode(), re.S)
        self.assertEqual(len(messages), 1)
        return html.unescape(re.sub(r"<[^>]+>", "", messages[0]))

    def kobo(self) -> bytes:
        return kobo_xlsx(Q, [(self.inst.uid.hex, bad_answers())], country="SEN")

    def test_a_french_reader_sees_a_refused_kobo_export_in_french_naming_sheet_row_and_column(
        self,
    ):
        text = self.upload("fr", "kobo.xlsx", self.kobo())
        self.assertIn("Rien n’a été importé.", text)
        self.assertRegex(
            text,
            f"kobo.xlsx{NBSP}: feuille «{NBSP}sources{NBSP}», ligne 3, colonne [A-Z]+{NBSP}: "
            f"«{NBSP}dernière mise à jour{NBSP}»{NBSP}: date attendue au format AAAA-MM-JJ, "
            "et non 'next spring'",
        )
        self.assertRegex(
            text,
            f"feuille «{NBSP}sources{NBSP}», ligne 4, colonne [A-Z]+{NBSP}: "
            f"«{NBSP}type de source{NBSP}»{NBSP}: 'crystal-ball' ne fait pas partie des choix",
        )
        self.assertIn(
            f"feuille «{NBSP}challenges{NBSP}», ligne 2, colonne B{NBSP}: "
            f"«{NBSP}défi{NBSP}»{NBSP}: réponse obligatoire manquante",
            text,
        )
        for english in ("sheet", "row", "column", "expected", "is required", "choices"):
            self.assertNotIn(english, text)

    def test_a_portuguese_reader_sees_the_same_refusal_in_portuguese(self):
        text = self.upload("pt", "kobo.xlsx", self.kobo())
        self.assertIn("Nada foi importado.", text)
        self.assertRegex(
            text,
            "kobo.xlsx: folha «sources», linha 3, coluna [A-Z]+: «última atualização»: "
            "esperava-se uma data no formato AAAA-MM-DD, e não 'next spring'",
        )
        self.assertRegex(
            text, "folha «sources», linha 4, coluna [A-Z]+: «tipo de fonte»: 'crystal-ball' não é"
        )
        self.assertIn(
            "folha «challenges», linha 2, coluna B: «desafio»: falta uma resposta obrigatória", text
        )
        for english in ("sheet", "row", "column", "expected", "is required"):
            self.assertNotIn(english, text)

    def test_an_english_reader_still_reads_the_refusal_in_english(self):
        text = self.upload("en", "kobo.xlsx", self.kobo())
        self.assertIn("Nothing was imported.", text)
        self.assertRegex(
            text,
            "kobo.xlsx: sheet 'sources', row 3, column [A-Z]+: last update: "
            "expected a date \\(YYYY-MM-DD\\), found 'next spring'",
        )
        self.assertRegex(
            text, "sheet 'sources', row 4, column [A-Z]+: kind of source: 'crystal-ball' is not"
        )
        self.assertIn("sheet 'challenges', row 2, column B: challenge is required", text)

    def test_a_file_that_is_no_workbook_is_refused_in_the_readers_language(self):
        text = self.upload("fr", "notes.xlsx", b"hello")
        self.assertIn(f"notes.xlsx{NBSP}: ce n’est ni un classeur Excel ni un ZIP", text)
        self.assertEqual(text.count("notes.xlsx"), 1)  # named once, not once per wording
        text = self.upload("es", "notes.xlsx", b"hello")
        self.assertIn("notes.xlsx: no es un libro de Excel ni un ZIP de archivos CSV", text)

    def test_an_export_of_another_country_is_refused_in_arabic(self):
        data = kobo_xlsx(Q, [("", answers_for(1))], country="MLI")
        text = self.upload("ar", "mali.xlsx", data)
        self.assertIn("mali.xlsx: الورقة «migguide_authority»، الصف 2: ", text)
        self.assertIn("هذه الإجابات تخص مالي وليس السنغال", text)  # the countries named


class ReadingRefusalTests(CastTestCase):
    """The refusal is worded when the file is read, in the language then active: the
    same for the page and for a background task run in the person's language."""

    def refusal(self, language: str, name: str, data: bytes) -> str:
        with translation.override(language), self.assertRaises(importing.ImportRefused) as cm:
            importing.read(name, data, country=self.senegal)
        return str(cm.exception)

    def test_a_refused_odk_export_names_sheet_row_and_column_in_spanish(self):
        answers = answers_for(1)
        answers["respondent"]["email"] = "not an address"
        text = self.refusal("es", "odk.zip", odk_zip(Q, [("", answers)], country="SEN"))
        self.assertRegex(
            text,
            "odk.zip: hoja «migguide_authority», fila 2, columna [A-Z]+: "
            "«su correo electrónico»: se esperaba una dirección de correo electrónico, "
            "se encontró 'not an address'",
        )

    def test_an_unknown_version_is_refused_in_french_with_the_versions_read(self):
        data = kobo_xlsx(Q, [("", answers_for(1))], country="SEN", version="9.0")
        text = self.refusal("fr", "v9.xlsx", data)
        self.assertIn(
            f"v9.xlsx{NBSP}: feuille «{NBSP}migguide_authority{NBSP}», ligne 2{NBSP}: "
            "la version '9.0' du questionnaire authority ne peut pas être rapportée à la "
            f"version actuelle (versions lues{NBSP}: 2026.2, 2026.1)",
            text,
        )

    def test_more_problems_than_shown_are_counted_in_the_readers_language(self):
        answers = answers_for(1)
        answers["sources"] = [
            {"ref": "new", "title": f"S{i}", "last_update": "soon"} for i in range(30)
        ]
        data = kobo_xlsx(Q, [("", answers)], country="SEN")
        self.assertIn("kobo.xlsx: … and 5 more problems", self.refusal("en", "kobo.xlsx", data))
        self.assertIn(
            f"kobo.xlsx{NBSP}: … et 5 autres problèmes", self.refusal("fr", "kobo.xlsx", data)
        )


class WorkbookRefusalTests(CastTestCase):
    """The platform's own workbook, filled in offline and changed where it should not be."""

    def test_a_changed_workbook_is_refused_in_spanish_naming_sheet_row_and_column(self):
        inst = m.Institution.objects.get(dossier=self.dossier)
        doc = exporting.document(dossier=self.dossier, form="authority", institution=inst)
        book = openpyxl.load_workbook(io.BytesIO(exporting.render_xlsx(doc)))
        sources = next(ws for ws in book.worksheets if ws.cell(2, 2).value == "src_title")
        sources.cell(2, 3).value = "src_secret"
        labour = next(
            c
            for c in range(1, sources.max_column + 1)
            if sources.cell(2, c).value == "src_areas/labour"
        )
        sources.cell(3, labour).value = "maybe"
        out = io.BytesIO()
        book.save(out)
        with translation.override("es"), self.assertRaises(importing.ImportRefused) as cm:
            importing.read("libro.xlsx", out.getvalue(), country=self.senegal)
        text = str(cm.exception)
        sheet = f"hoja «{sources.title}»"
        self.assertIn(
            f"libro.xlsx: {sheet}, fila 2, columna C: pregunta desconocida 'src_secret' — se ha "
            "cambiado la estructura del libro",
            text,
        )
        self.assertIn(
            f"libro.xlsx: {sheet}, fila 3, columna {get_column_letter(labour)}: se esperaba "
            "«sí»/«yes» o nada, no 'maybe'",
            text,
        )
