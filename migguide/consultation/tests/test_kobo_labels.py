"""KoboToolbox exports headed by labels, in French and in English, read as the
"XML values and headers" export of the same answers; refused, naming the cell and the
export option to choose, where a label cannot be matched to exactly one question or
choice. The files are shaped as KoboToolbox's export library (formpack) writes them,
from the XLSForm this platform generates (`samples.kobo_export`)."""

import io
from unittest import mock

import openpyxl
from django.utils import translation

from migguide.consultation import exporting, importing
from migguide.consultation.importing import labelled
from migguide.consultation.models import Response
from migguide.consultation.questionnaires import QUESTIONNAIRES
from migguide.consultation.samples import kobo_export
from migguide.dossier import models as m
from migguide.files.problems import ImportRefused
from migguide.testing import CastTestCase

Q = QUESTIONNAIRES["authority"]
FR, EN = "Français (fr)", "English (en)"


class KoboLabelsTests(CastTestCase):
    def setUp(self):
        self.inst = m.Institution.objects.get(dossier=self.dossier)
        self.census = m.Source.objects.get(dossier=self.dossier, collector=self.inst)

    def xlsform(self) -> bytes:
        doc = exporting.document(
            dossier=self.dossier, form="authority", institution=self.inst, language="fr"
        )
        return exporting.render_xlsform(doc)

    def answers(self, n: int = 1) -> dict:
        return {
            "institution": {"name": f"Office {n}", "kind": "statistics", "acronym": "OFF"},
            "respondent": {"name": f"Respondent {n}", "email": "r@example.org"},
            "stages": ["needs", "follow-up"],
            "stage_role": "Collects the data",
            "confirmed_sources": [self.census.uid.hex],
            "sources": [
                {
                    "ref": "new",
                    "title": f"Survey {n}.{i}",
                    "kind": "survey",
                    "areas": ["trends", "labour"],
                    "last_update": "2025-06-30",
                    "periodicity": "annual",
                }
                for i in range(2)
            ]
            + [{"ref": self.census.uid.hex, "title": "Census", "areas": ["diaspora"]}],
            "challenges": [
                {"category": "updating", "description": f"Late data {n}", "corrective_actions": ""}
            ],
        }

    def read(self, data: bytes) -> list[dict]:
        return [
            (s.external_id, s.form, s.institution_uid, s.answers)
            for s in importing.read("kobo.xlsx", data, country=self.senegal)
        ]

    def refused(self, data: bytes) -> str:
        before = Response.objects.count()
        with self.assertRaises(ImportRefused) as caught:
            importing.import_bytes("labels.xlsx", data, country=self.senegal)
        self.assertEqual(Response.objects.count(), before)  # all or nothing
        return str(caught.exception)

    def header(self, data: bytes, sheet: int = 0) -> list[str]:
        ws = openpyxl.load_workbook(io.BytesIO(data)).worksheets[sheet]
        return [str(c.value or "") for c in ws[1]]

    def test_labels_in_french_and_english_read_as_the_xml_headers_export(self):
        form, submissions = self.xlsform(), [self.answers(1), self.answers(2)]
        xml = self.read(kobo_export(form, submissions))
        self.assertEqual(xml[0][3]["sources"][0]["areas"], ["labour", "trends"])
        self.assertEqual(xml[0][3]["confirmed_sources"], [self.census.uid.hex])
        for lang, name_label in ((FR, "Nom"), (EN, "Name")):
            for groups in (False, True):
                with self.subTest(lang=lang, groups=groups):
                    data = kobo_export(form, submissions, lang=lang, groups_in_headers=groups)
                    header = self.header(data)
                    self.assertIn("mg_form", header)  # no label: Kobo keeps the name
                    self.assertIn("_uuid", header)
                    self.assertEqual(
                        name_label in header, not groups, header
                    )  # "Votre institution/Nom" with groups
                    self.assertEqual(self.read(data), xml)

    def test_multiple_choices_as_one_column_of_labels_or_one_column_per_choice(self):
        form, submissions = self.xlsform(), [self.answers(1)]
        xml = self.read(kobo_export(form, submissions))
        for layout in ("summary", "details"):
            with self.subTest(layout=layout):
                data = kobo_export(form, submissions, lang=FR, multiple_select=layout)
                header = self.header(data)
                per_choice = any(h.endswith("/identification des besoins") for h in header)
                self.assertEqual(per_choice, layout == "details")
                self.assertEqual(self.read(data), xml)

    def test_another_group_separator_is_recognised(self):
        form, submissions = self.xlsform(), [self.answers(1)]
        data = kobo_export(form, submissions, lang=EN, groups_in_headers=True, group_sep=" - ")
        self.assertIn("Your institution - Name", self.header(data))
        self.assertEqual(self.read(data), self.read(kobo_export(form, submissions)))

    def test_an_export_headed_by_labels_is_stored_like_its_xml_headers_export(self):
        form, submissions = self.xlsform(), [self.answers(1)]
        report = importing.import_bytes(
            "kobo-fr.xlsx", kobo_export(form, submissions, lang=FR), country=self.senegal
        )
        response = report.added[0]
        self.assertEqual(response.origin, "kobo")
        self.assertEqual(response.institution, self.inst)
        self.assertEqual(response.answers, self.read(kobo_export(form, submissions))[0][3])
        again = importing.import_bytes(
            "kobo-xml.xlsx", kobo_export(form, submissions), country=self.senegal
        )
        self.assertEqual((len(again.added), again.already), (0, 1))

    def test_answers_to_the_earlier_version_headed_by_labels_read_into_the_current_one(self):
        form, submissions = self.xlsform(), [self.answers(1)]
        book = openpyxl.load_workbook(io.BytesIO(kobo_export(form, submissions, lang=FR)))
        ws = book.worksheets[0]
        version = next(c.column for c in ws[1] if c.value == "mg_version")
        ws.cell(2, version).value = "2026.1"  # Kobo heads every version by the latest labels
        out = io.BytesIO()
        book.save(out)
        (earlier,) = importing.read("kobo.xlsx", out.getvalue(), country=self.senegal)
        self.assertEqual(earlier.answered_version, "2026.1")
        self.assertEqual(earlier.answers, self.read(kobo_export(form, submissions))[0][3])

    def test_two_choices_with_the_same_label_are_refused_at_their_column(self):
        m.Source.objects.create(
            dossier=self.dossier, title=self.census.title, collector=self.inst, kind="survey"
        )
        data = kobo_export(self.xlsform(), [self.answers(1)], lang=FR)
        message = self.refused(data)
        self.assertIn("labels.xlsx: sheet ", message)
        self.assertIn(", row 1, column ", message)
        self.assertIn(f"/{self.census.title}' is the label of several choices", message)
        self.assertIn("'XML values and headers'", message)

    def test_labels_joined_by_spaces_that_read_two_ways_are_refused(self):
        for title in ("Enquête", "emploi", "Enquête emploi"):
            m.Source.objects.create(
                dossier=self.dossier, title=title, collector=self.inst, kind="survey"
            )
        answers = self.answers(1)
        answers["confirmed_sources"] = [
            m.Source.objects.get(dossier=self.dossier, title="Enquête emploi").uid.hex
        ]
        data = kobo_export(self.xlsform(), [answers], lang=FR, multiple_select="summary")
        message = self.refused(data)
        self.assertIn(", row 2, column ", message)
        self.assertIn("'Enquête emploi' can be read as more than one set of choices", message)
        self.assertIn("'Separate columns'", message)

    def test_two_questions_with_the_same_label_are_refused_at_their_columns(self):
        data = kobo_export(self.xlsform(), [self.answers(1)], lang=FR)
        book = openpyxl.load_workbook(io.BytesIO(data))
        ws = book.worksheets[0]
        acronym = next(c for c in ws[1] if c.value == "Sigle")
        acronym.value = "Nom"  # as if the form gave both questions the same label
        out = io.BytesIO()
        book.save(out)
        real = labelled._question_label

        def same(question, language):
            return "Nom" if question.column == "inst_acronym" else real(question, language)

        with mock.patch.object(labelled, "_question_label", same):
            message = self.refused(out.getvalue())
        self.assertIn(f"row 1, column {acronym.column_letter}: 'Nom' is the label of", message)
        self.assertIn("several questions (inst_acronym, inst_name)", message)

    def test_a_label_matching_no_question_is_refused_naming_the_cell(self):
        data = kobo_export(self.xlsform(), [self.answers(1)], lang=EN)
        book = openpyxl.load_workbook(io.BytesIO(data))
        ws = book["sources"]
        ws["B1"] = "Question added in KoboToolbox"
        out = io.BytesIO()
        book.save(out)
        message = self.refused(out.getvalue())
        self.assertIn(
            "sheet 'sources', row 1, column B: 'Question added in KoboToolbox' is not the "
            "label in English (en) of a question of the authority questionnaire",
            message,
        )
        self.assertIn("'XML values and headers'", message)

    def test_a_french_reader_is_told_in_french_which_export_option_to_choose(self):
        data = kobo_export(self.xlsform(), [self.answers(1)], lang=FR)
        book = openpyxl.load_workbook(io.BytesIO(data))
        book["sources"]["B1"] = "Question ajoutée dans KoboToolbox"
        out = io.BytesIO()
        book.save(out)
        with translation.override("fr"):
            message = self.refused(out.getvalue())
        self.assertIn(
            "labels.xlsx\u00a0: feuille «\u00a0sources\u00a0», ligne 1, colonne B\u00a0: "
            "'Question ajoutée dans KoboToolbox' n’est pas le libellé en Français (fr) d’une "
            "question du questionnaire authority\u00a0: dans KoboToolbox, exportez à nouveau "
            "les données en choisissant «\u00a0Valeurs et en-têtes XML\u00a0»",
            message,
        )

    def test_a_wrong_answer_in_a_labelled_export_refuses_the_whole_file(self):
        answers = [self.answers(1), self.answers(2)]
        answers[1]["sources"][0]["last_update"] = "last spring"
        message = self.refused(kobo_export(self.xlsform(), answers, lang=FR))
        self.assertIn("sheet 'sources', row 5, column", message)
        self.assertIn("expected a date (YYYY-MM-DD)", message)
