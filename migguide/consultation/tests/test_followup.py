"""The follow-up round reuses the consultation: a short questionnaire listing the
guide's recommendations, answered in any format, reviewed item by item; an accepted
status change enters the recommendation's dated history."""

import io
import tempfile
from pathlib import Path

import openpyxl
from pyxform.xls2xform import convert

from migguide.consultation import exporting, importing
from migguide.consultation.review import Review, decide
from migguide.dossier import models as m
from migguide.testing import CastTestCase, frozen_edition


class FollowUpRoundTests(CastTestCase):
    def setUp(self):
        self.rec = m.Recommendation.objects.get(dossier=self.dossier)
        frozen_edition(self.dossier)
        # Added since publication: not offered to respondents, who need no role.
        m.Recommendation.objects.create(
            dossier=self.dossier, theme="other", text="Unpublished idea"
        )
        self.doc = exporting.document(
            dossier=self.dossier,
            form="followup",
            institution=None,
            institution_name="Coordination nationale",
        )

    def test_the_xlsform_lists_the_recommendations_and_converts_cleanly(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "followup.xlsx"
            path.write_bytes(exporting.render_xlsform(self.doc))
            warnings: list[str] = []
            xform = convert(xlsform=str(path), warnings=warnings, validate=False).xform
        self.assertEqual(warnings, [])
        self.assertIn("Recommendation SECRET-SEN", xform)
        self.assertIn(self.rec.uid.hex, xform)
        self.assertNotIn("Unpublished idea", xform)

    def test_a_status_update_is_reviewed_then_recorded_with_its_date(self):
        wb = openpyxl.load_workbook(io.BytesIO(exporting.render_xlsx(self.doc)))
        sheet = next(ws for ws in wb.worksheets if ws.cell(2, 1).value == "upd_ref")
        self.assertEqual(sheet.cell(3, 1).value, "Recommendation SECRET-SEN")
        self.assertEqual(sheet.cell(3, 2).value, "proposée")
        sheet.cell(3, 2).value = "en cours"
        sheet.cell(3, 3).value = "Arrêté en préparation"
        out = io.BytesIO()
        wb.save(out)
        response = importing.import_bytes("suivi.xlsx", out.getvalue(), country=self.senegal).added[
            0
        ]
        self.assertEqual(response.form, "followup")
        [item] = [i for i in Review(response).items if i.status == "changed"]
        self.assertIn("Arrêté en préparation", item.proposed)
        decide(response, {item.key: True}, by=self.coordinator)
        self.rec.refresh_from_db()
        self.assertEqual(self.rec.status, "in-progress")
        last = self.rec.history.first()
        self.assertEqual((last.status, last.history_user), ("in-progress", self.coordinator))
