"""The follow-up questionnaire offers each recommendation with the codes of the
framework items it serves, in every format; the answers read back even when the tags
changed between sending and answering."""

import io
import tempfile
from pathlib import Path

import openpyxl
from pyxform.xls2xform import convert

from migguide.commitments import frameworks
from migguide.commitments.models import Item, Tag
from migguide.consultation import exporting, importing
from migguide.consultation.review import Review
from migguide.dossier import models as m
from migguide.testing import CastTestCase, frozen_edition

HINTED = "Recommendation SECRET-SEN [CAP-4 GCM-1]"


class QuestionnaireHintTests(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        frameworks.load()
        cls.rec = m.Recommendation.objects.get(dossier=cls.dossier)
        cls.cap4, cls.gcm1 = Item.objects.get(code="CAP-4"), Item.objects.get(code="GCM-1")

    def setUp(self):
        self.tag(self.cap4, self.gcm1)
        frozen_edition(self.dossier)

    def tag(self, *items):
        Tag.set_for_entry(dossier=self.dossier, uid=str(self.rec.uid), items=items)

    def document(self):
        return exporting.document(
            dossier=self.dossier,
            form="followup",
            institution=None,
            institution_name="Coordination nationale",
        )

    def test_the_xlsform_shows_the_codes_with_each_recommendation_and_converts_cleanly(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "followup.xlsx"
            path.write_bytes(exporting.render_xlsform(self.document()))
            warnings: list[str] = []
            xform = convert(xlsform=str(path), warnings=warnings, validate=False).xform
        self.assertEqual(warnings, [])
        self.assertIn(HINTED, xform)
        self.assertIn(self.rec.uid.hex, xform)

    def test_a_workbook_answered_after_the_tags_changed_still_reads_back(self):
        wb = openpyxl.load_workbook(io.BytesIO(exporting.render_xlsx(self.document())))
        sheet = next(ws for ws in wb.worksheets if ws.cell(2, 1).value == "upd_ref")
        self.assertEqual(sheet.cell(3, 1).value, HINTED)
        sheet.cell(3, 2).value = "en cours"
        out = io.BytesIO()
        wb.save(out)
        self.tag(self.gcm1)  # the hint in the file is now out of date
        response = importing.import_bytes("suivi.xlsx", out.getvalue(), country=self.senegal).added[
            0
        ]
        [update] = response.answers["recommendation_updates"]
        self.assertEqual((update["ref"], update["status"]), (self.rec.uid.hex, "in-progress"))
        self.assertEqual(len([i for i in Review(response).items if i.status == "changed"]), 1)

    def test_an_untagged_recommendation_is_offered_as_before(self):
        self.tag()
        labels = [c.labels["fr"] for c in self.document().lists["recommendation_ref"]]
        self.assertEqual(labels, ["Recommendation SECRET-SEN"])
