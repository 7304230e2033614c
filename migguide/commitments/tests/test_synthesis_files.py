"""A round's synthesis as PDF, with the chart of each framework's movement in the page,
the HTML, the PDF and the DOCX, and `migguide som report --round`: read back as a reader
or a reader's program would (pypdf, python-docx, the page's HTML)."""

import datetime
import io
import re
import tempfile
from pathlib import Path

import docx
from django.core.management import CommandError, call_command
from django.utils import translation
from pypdf import PdfReader

from migguide.commitments import documents, frameworks, rounds
from migguide.commitments.models import Item, Reference, Round, Tag
from migguide.countries.models import Dialogue
from migguide.dossier import models as m
from migguide.testing import PASSWORD, CastTestCase, frozen_edition

DRAWING = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"


def pdf_text(data: bytes) -> str:
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def pdf_fonts(data: bytes) -> set[str]:
    return {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for page in PdfReader(io.BytesIO(data)).pages
        for font in (page["/Resources"].get_object().get("/Font") or {}).values()
    }


def xmp(data: bytes) -> str:
    return PdfReader(io.BytesIO(data)).xmp_metadata.stream.get_data().decode("utf-8")


class SynthesisFilesTests(CastTestCase):
    """Senegal's one recommendation serves CAP-4: proposed at the 2025 round, implemented
    at the 2026 round."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        frameworks.load()
        dialogue = Dialogue.objects.get(is_default=True)
        rec = m.Recommendation.objects.get(dossier=cls.dossier)
        cap4 = Item.objects.get(code="CAP-4")
        Tag.set_for_entry(dossier=cls.dossier, uid=str(rec.uid), items=[cap4])
        rec.status = "proposed"
        rec.save()
        frozen_edition(cls.dossier, number=1)
        cls.past = Round.objects.create(
            name="SOM 2025",
            meeting_date=datetime.date(2025, 6, 1),
            freeze_date=datetime.date(2025, 5, 1),
        )
        rounds.freeze(cls.past, dialogue)
        rec.status = "implemented"
        rec.save()
        frozen_edition(cls.dossier, number=2)
        cls.now = Round.objects.create(
            name="SOM 2026",
            meeting_date=datetime.date(2026, 6, 1),
            freeze_date=datetime.date(2026, 5, 1),
        )
        rounds.freeze(cls.now, dialogue)
        Reference.objects.create(round=cls.now, item=cap4, country=cls.senegal)
        cls.open_round = Round.objects.create(
            name="SOM 2027",
            meeting_date=datetime.date(2027, 6, 1),
            freeze_date=datetime.date(2027, 5, 1),
        )
        cls.fr = rounds.build(cls.now, language="fr")
        cls.pdf = documents.render_pdf(cls.fr)

    def client_for(self, user):
        self.client.login(username=user.username, password=PASSWORD)
        return self.client

    def test_the_pdf_reads_back_in_french_with_each_row_and_the_readiness(self):
        text = pdf_text(self.pdf)
        self.assertIn("Engagements du dialogue — SOM 2026", text)
        self.assertIn("Comparé à SOM 2025.", text)
        self.assertIn("Plan d’action de Cadix", text)
        # CAP-4's row: Senegal engaged, its recommendation implemented since 2025, and
        # Senegal chosen as the reference country.
        row = re.search(r"CAP-4 .*?(?=CAP-5)", text, re.S).group(0)
        self.assertIn("1 (Sénégal)", row)
        self.assertIn("mise en œuvre 1", row)
        self.assertIn("GCM-23", text)
        self.assertIn("Préparation des données (objectif 1 du Pacte mondial)", text)
        self.assertIn("Sénégal\u00a0: Recommandations mises en œuvre 0 → 100 %", text)

    def test_the_pdf_is_pdf_ua_1_titled_and_in_its_language(self):
        reader = PdfReader(io.BytesIO(self.pdf))
        self.assertIn("<pdfuaid:part>1</pdfuaid:part>", xmp(self.pdf))
        self.assertIn("/StructTreeRoot", reader.trailer["/Root"])
        self.assertEqual(reader.trailer["/Root"]["/Lang"], "fr")
        self.assertEqual(reader.metadata.title, "Engagements du dialogue — SOM 2026")

    def test_the_pdf_in_arabic_is_set_right_to_left_in_noto_sans_arabic(self):
        """Arabic shaped into ligatures without code points is printed, tagged, without
        claiming PDF/UA: the guide's own fallback."""
        s = rounds.build(self.now, language="ar")
        with self.assertLogs("migguide.guide.writers", "WARNING"):
            pdf = documents.render_pdf(s)
        reader = PdfReader(io.BytesIO(pdf))
        self.assertEqual(reader.trailer["/Root"]["/Lang"], "ar")
        self.assertIn("/StructTreeRoot", reader.trailer["/Root"])
        self.assertIn("NotoSansArabic-Regular", pdf_fonts(pdf))
        with translation.override("ar"):
            self.assertEqual(reader.metadata.title, rounds.title(s))
        self.assertNotIn("Commitments", reader.metadata.title)
        text = pdf_text(pdf)
        self.assertIn("CAP-4", text)
        self.assertIn("SOM 2026", text)
        # The Arabic words are there as text a reader's program can copy.
        self.assertTrue(re.search(r"[\u0600-\u06ff]{3,}", text))

    def test_each_framework_with_recommendations_has_a_chart_of_its_movement(self):
        charts = {rows[0].item.code.split("-")[0]: chart for _n, rows, chart in self.fr.parts}
        cap = charts["CAP"]
        self.assertEqual(
            cap.caption, "Recommandations par état dans chaque domaine, SOM 2025 et SOM 2026"
        )
        self.assertIn("CAP-4 ", cap.alt)
        self.assertIn("proposée 1 en SOM 2025\u00a0; mise en œuvre 1 en SOM 2026.", cap.alt)
        # Axes in French, and whole numbers only: a count is never 0.5.
        labels = re.findall(r"<text[^>]*>([^<]*)</text>", cap.svg)
        self.assertIn("recommandations", labels)
        self.assertIn("SOM 2025", labels)
        self.assertIn("mise en œuvre", labels)
        self.assertFalse([t for t in labels if re.fullmatch(r"\d+[.,]\d+", t)])
        # No recommendation serves a Global Compact objective or an SDG target: no
        # empty chart.
        self.assertEqual((charts["GCM"], charts["SDG"]), (None, None))

    def test_the_page_shows_the_chart_as_an_image_described_in_words(self):
        translation.activate("fr")
        self.addCleanup(translation.deactivate)
        page = self.client_for(self.staff).get(
            f"/activity/rounds/{self.now.pk}/", headers={"accept-language": "fr"}
        )
        html = page.content.decode()
        figure = re.search(r'<figure class="chart"><div role="img" aria-label="([^"]*)">', html)
        self.assertIn("CAP-4", figure.group(1))
        self.assertIn('<svg aria-hidden="true"', html)
        self.assertIn("<figcaption>Recommandations par état dans chaque domaine", html)
        self.assertIn(f"/activity/rounds/{self.now.pk}.pdf?since={self.past.pk}", html)

    def test_the_pdf_downloads_from_the_page_for_staff_only(self):
        response = self.client_for(self.staff).get(f"/activity/rounds/{self.now.pk}.pdf")
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertIn("SOM 2026", pdf_text(response.content))
        self.client.logout()
        outsider = self.client_for(self.outsider).get(f"/activity/rounds/{self.now.pk}.pdf")
        self.assertEqual(outsider.status_code, 403)

    def test_the_html_and_docx_files_carry_the_chart_with_its_alternative_text(self):
        html = documents.render_html(self.fr).decode()
        self.assertIn('role="img" aria-label="Recommandations par état', html)
        body = docx.Document(io.BytesIO(documents.render_docx(self.fr)))
        described = [d.get("descr") for d in body.element.body.iter(DRAWING)]
        self.assertTrue(any(d.startswith("Recommandations par état") for d in described))
        self.assertEqual(len(body.inline_shapes), 1)  # the Cadiz Action Plan's
        text = "\n".join(p.text for p in body.paragraphs)
        self.assertIn("Édition partagée de 1 pays, figée le 1 mai 2026.", text)

    def test_som_report_writes_the_rounds_synthesis_as_pdf(self):
        out = io.StringIO()
        path = Path(tempfile.mkdtemp()) / "som.pdf"
        call_command(
            "som",
            "report",
            "--round",
            str(self.now.pk),
            "--since",
            str(self.past.pk),
            "--language",
            "fr",
            "--format",
            "pdf",
            "--out",
            str(path),
            stdout=out,
        )
        text = pdf_text(path.read_bytes())
        self.assertIn("Comparé à SOM 2025.", text)
        self.assertIn("CAP-4", text)
        self.assertIn(f"round {self.now.pk} (pdf, fr)", out.getvalue())

    def test_som_report_says_which_round_cannot_be_reported(self):
        path = str(Path(tempfile.mkdtemp()) / "x.pdf")
        with self.assertRaisesMessage(CommandError, "SOM 2027 is not frozen yet."):
            call_command("som", "report", "--round", str(self.open_round.pk), "--out", path)
        with self.assertRaisesMessage(CommandError, "There is no round 999."):
            call_command("som", "report", "--round", "999", "--out", path)
        with self.assertRaisesMessage(
            CommandError, f"Round {self.now.pk} is not a frozen round before SOM 2025."
        ):
            call_command(
                "som", "report", "--round", str(self.past.pk), "--since", str(self.now.pk),
                "--out", path,
            )  # fmt: skip
        self.assertFalse(Path(path).exists())

    def test_som_report_without_a_round_still_writes_the_activitys_progress(self):
        out = io.StringIO()
        path = Path(tempfile.mkdtemp()) / "progress.docx"
        call_command(
            "som", "report", "--language", "fr", "--format", "docx", "--out", str(path),
            stdout=out,
        )  # fmt: skip
        body = docx.Document(io.BytesIO(path.read_bytes()))
        self.assertIn("Avancement par pays", [p.text for p in body.paragraphs])
        with self.assertRaisesMessage(CommandError, "give --round too"):
            call_command("som", "report", "--since", str(self.past.pk), "--out", str(path))
