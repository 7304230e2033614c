"""Hostile text in every text field of a dossier: the pages, the guide in its three
formats, the published edition, the public portal and its static export, and the
exports all show it as inert text. Invisible control characters are refused where text
comes in (each named, with its field or place), and a dossier holding them from before
is still rendered in every format."""

from __future__ import annotations

import datetime
import io
import json
import tempfile
from pathlib import Path

import docx
import openpyxl
import pypdf
from django.db import models
from django.test import Client
from django.utils import translation

from migguide.access.models import Access
from migguide.consultation.models import Dispatch
from migguide.dossier import models as m
from migguide.dossier.forms import entry_form_class
from migguide.dossier.parts import PARTS
from migguide.editions.models import Edition
from migguide.editions.publishing import mark_ready, publish
from migguide.guide.building import dossier_guide
from migguide.guide.writers import WRITERS
from migguide.publishing.site import build_site
from migguide.testing import CastTestCase

SCRIPT = "<script>alert('x')</script>"
IMG = '"><img src=x onerror=alert(1)>'
TYPST = '#set page(width: 1cm) #panic("typst") $x^2$ *bold* _it_ `raw` <label> @ref'
MARKDOWN = "[link](javascript:alert(1)) **markdown** # Heading"
RTL = "\u202eevil\u202c right-to-left override"
EMOJI = "emoji 🇸🇳🧭"
HOSTILE = " | ".join([SCRIPT, IMG, TYPST, MARKDOWN, RTL, EMOJI])
LONG = "Long text. " * 9_100  # 100,100 characters
# Characters no text may hold: C0 controls but tab and line breaks, DEL, a lone surrogate.
CONTROLS = [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"] + ["\x7f", "\ud800"]
# What must never appear raw in a page or file: it would run.
LIVE = ["<script>alert(", "<img src=x onerror", 'href="javascript:']


def fill(dossier: m.Dossier) -> int:
    """Put the hostile text into every free-text field of every entry (cut to the
    field's length), and 100,000 characters into the migration situation."""
    n = 0
    for part in PARTS:
        for entry in part.model.objects.filter(dossier=dossier):
            for f in entry._meta.concrete_fields:
                if f.choices or not isinstance(f, models.CharField | models.TextField):
                    continue
                if f.name in ("uid",) or isinstance(f, models.EmailField):
                    continue
                value = "javascript:alert(1)" if isinstance(f, models.URLField) else HOSTILE
                setattr(entry, f.name, value[: f.max_length] if f.max_length else value)
                n += 1
            entry.save()
    dossier.situation = LONG
    dossier.framework = HOSTILE
    dossier.save()
    return n


class HostileTextTests(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.fields = fill(cls.dossier)

    def assertInert(self, text: str, where: str):
        for live in LIVE:
            self.assertNotIn(live, text, where)

    def test_the_dossier_pages_show_it_as_text(self):
        self.assertGreater(self.fields, 30)
        client = Client()
        client.force_login(self.coordinator)
        urls = ["/countries/SEN/", "/countries/SEN/changes/"]
        for part in PARTS:
            urls.append(f"/countries/SEN/{part.slug}/")
            entry = part.model.objects.filter(dossier=self.dossier).first()
            urls.append(f"/countries/SEN/{part.slug}/{entry.uid}/")
            urls.append(f"/countries/SEN/{part.slug}/{entry.uid}/history/")
        for url in urls:
            r = client.get(url)
            self.assertEqual(r.status_code, 200, url)
            self.assertInert(r.content.decode(), url)
        r = client.get("/countries/SEN/sources/")
        self.assertContains(r, "&lt;script&gt;alert(")  # shown, escaped

    def test_the_guide_in_three_formats_shows_it_as_text(self):
        doc = dossier_guide(self.dossier, language="fr")
        html = WRITERS["html"](doc).decode()
        self.assertInert(html, "HTML guide")
        self.assertIn("&lt;script&gt;", html)
        pdf = pypdf.PdfReader(io.BytesIO(WRITERS["pdf"](doc)))
        text = " ".join(page.extract_text() for page in pdf.pages)
        self.assertIn("#set page(width: 1cm)", text)  # Typst markup printed, not obeyed
        self.assertIn("#panic", text)
        self.assertGreater(len(pdf.pages), 20)  # the 100,000 characters are all there
        document = docx.Document(io.BytesIO(WRITERS["docx"](doc)))
        body = "\n".join(p.text for p in document.paragraphs)
        body += "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
        self.assertIn(SCRIPT, body)
        self.assertIn(TYPST, body)

    def test_the_published_edition_portal_and_exports_show_it_as_text(self):
        sen = Access.of(self.coordinator, self.senegal)
        edition = Edition.start(access=sen, languages=["fr"])
        edition.submit(access=sen)
        edition.approve(access=Access.of(self.reviewer, self.senegal), sha256=edition.sha256)
        mark_ready(edition, access=sen)
        edition.endorse(
            access=Access.of(self.endorser, self.senegal),
            sha256=edition.sha256,
            name=HOSTILE[:200],
            position=HOSTILE[:300],
            date=datetime.date(2026, 11, 20),
            statement=HOSTILE,
        )
        publish(edition, access=sen)
        client = Client()
        for url in ["/fr/", "/fr/countries/sen/", "/fr/across/", "/fr/search/?q=alert"]:
            r = client.get(url)
            self.assertEqual(r.status_code, 200, url)
            self.assertInert(r.content.decode(), url)
        out = Path(tempfile.mkdtemp()) / "site"
        build_site(out)
        pages = 0
        for path in out.rglob("*"):
            # Pages and scripts; the data files keep the text as it is, as data.
            if (
                path.is_file()
                and path.suffix in (".html", ".js")
                and not path.name.startswith("vega-")
            ):
                self.assertInert(path.read_text(errors="replace"), str(path))
                pages += 1
        self.assertGreater(pages, 100)
        csv_text = (out / "data/SEN/sources.csv").read_text()
        self.assertNotIn(",=", csv_text)  # no cell starts a formula
        rows = json.loads(client.get("/data/SEN/sources.json").content)["rows"]
        self.assertTrue(rows)
        self.assertTrue(all(row["title"].startswith(SCRIPT) for row in rows))  # kept as data

    def test_the_questionnaires_show_it_as_text(self):
        import openpyxl
        from pyxform.xls2xform import convert

        from migguide.consultation import exporting

        inst = m.Institution.objects.get(dossier=self.dossier)
        doc = exporting.document(dossier=self.dossier, form="authority", institution=inst)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "form.xlsx"
            path.write_bytes(exporting.render_xlsform(doc))
            warnings: list[str] = []
            xform = convert(xlsform=str(path), warnings=warnings, validate=False).xform
        self.assertEqual(warnings, [])
        self.assertIn("&lt;script&gt;", xform)
        self.assertInert(xform, "XLSForm")
        workbook = openpyxl.load_workbook(io.BytesIO(exporting.render_xlsx(doc)))
        cells = [c for ws in workbook.worksheets for row in ws.iter_rows() for c in row]
        self.assertTrue(any(c.value and SCRIPT in str(c.value) for c in cells))
        self.assertFalse([c.coordinate for c in cells if c.data_type == "f"])
        pdf = pypdf.PdfReader(io.BytesIO(exporting.render_pdf(doc)))
        text = " ".join(page.extract_text() for page in pdf.pages)
        self.assertIn("#panic", text)
        client = Client()
        client.force_login(self.coordinator)
        for url in ["/countries/SEN/consultation/", "/countries/SEN/consultation/analysis/"]:
            self.assertInert(client.get(url).content.decode(), url)

    def test_a_nul_byte_is_refused_by_the_forms(self):
        client = Client()
        client.force_login(self.coordinator)
        before = m.Need.objects.count()
        r = client.post("/countries/SEN/needs/add/", {"description": "a\x00b", "kind": "training"})
        self.assertContains(r, "“Need” contains an invisible control character (U+0000)")
        self.assertEqual(m.Need.objects.count(), before)


class ControlCharacterTests(CastTestCase):
    def test_the_forms_refuse_every_control_character_naming_the_field(self):
        part = next(p for p in PARTS if p.slug == "recommendations")
        inst = m.Institution.objects.get(dossier=self.dossier)
        form_class = entry_form_class(part)
        for char in CONTROLS:
            data = {"theme": "border", "text": f"Fund{char} it", "responsible": [inst.pk]}
            data |= {"priority": "high", "timeframe": "short", "status": "proposed"}
            form = form_class(data=data, dossier=self.dossier)
            self.assertFalse(form.is_valid(), repr(char))
            self.assertIn(f"U+{ord(char):04X}", form.errors["text"][0], repr(char))
            self.assertIn("“Recommendation”", form.errors["text"][0], repr(char))
        with translation.override("fr"):
            form = form_class(data=data | {"text": "a\x0bb"}, dossier=self.dossier)
            self.assertRegex(
                form.errors["text"][0],
                r"^« [^»]+ » contient un caractère de contrôle invisible \(U\+000B\) à la",
            )
        form = form_class(data=data | {"text": "Fund\r\n\tit"}, dossier=self.dossier)
        self.assertTrue(form.is_valid(), form.errors)
        self.assertEqual(form.cleaned_data["text"], "Fund\n\tit")  # line breaks kept as LF

    def test_a_vertical_tab_in_a_recommendation_is_refused_and_the_guide_still_made(self):
        client = Client()
        client.force_login(self.coordinator)
        inst = m.Institution.objects.get(dossier=self.dossier)
        before = m.Recommendation.objects.count()
        r = client.post(
            "/countries/SEN/recommendations/add/",
            {
                "theme": "border",
                "text": "Pasted\x0bfrom Word",
                "responsible": [inst.pk],
                "priority": "high",
                "timeframe": "short",
                "status": "proposed",
            },
        )
        self.assertContains(r, "“Recommendation” contains an invisible control character (U+000B)")
        self.assertEqual(m.Recommendation.objects.count(), before)
        self.assertContains(r, ">\nPastedfrom Word</textarea>")  # shown again without it
        # Text stored before the check is shown without it: saving again mends it.
        rec = m.Recommendation.objects.get(dossier=self.dossier)
        m.Recommendation.objects.filter(pk=rec.pk).update(text="Stored\x0b before")
        r = client.get(f"/countries/SEN/recommendations/{rec.uid}/")
        self.assertContains(r, ">\nStored before</textarea>")
        # Text stored before the check existed is still rendered, the character left out.
        m.Recommendation.objects.filter(dossier=self.dossier).update(text="Stored\x0bbefore\x01")
        m.Institution.objects.filter(dossier=self.dossier).update(name="Office\x0c SEN\x1f")
        for fmt in ("html", "pdf", "docx"):
            r = client.get(f"/countries/SEN/guide/fr/full.{fmt}")
            self.assertEqual(r.status_code, 200, fmt)
        document = docx.Document(io.BytesIO(r.content))
        body = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
        self.assertIn("Storedbefore", body)
        # The questionnaire sent to the institution, as a workbook and as a PDF.
        r = client.post(
            "/countries/SEN/consultation/send/",
            {"institution": inst.pk, "form": "authority", "channel": "xlsx", "language": "fr"},
        )
        self.assertEqual(r.status_code, 302)
        url = f"/countries/SEN/consultation/sent/{Dispatch.objects.get(institution=inst).pk}"
        self.assertEqual(client.get(f"{url}/questionnaire.pdf").status_code, 200)
        r = client.get(f"{url}/questionnaire.xlsx")
        self.assertEqual(r.status_code, 200)
        workbook = openpyxl.load_workbook(io.BytesIO(r.content))
        cells = [c.value for ws in workbook.worksheets for row in ws.iter_rows() for c in row]
        self.assertIn("Office SEN", "\n".join(str(v) for v in cells if v))

    def test_the_dossier_import_refuses_every_control_character_naming_the_place(self):
        from migguide.dossier.exchange import ImportRefused, export_dossier, import_dossier

        data = export_dossier(self.dossier)
        for char in CONTROLS:
            bad = json.loads(json.dumps(data))
            bad["recommendations"][0]["text"] = f"Fund{char} it"
            with self.assertRaises(ImportRefused) as cm:
                import_dossier(bad, source="bad.json", replace=True)
            self.assertIn(
                "bad.json: recommendations[0].text: contains an ", str(cm.exception), repr(char)
            )
            self.assertIn(f"(U+{ord(char):04X}", str(cm.exception))
        bad = json.loads(json.dumps(data))
        bad["dossier"]["situation"] = "Situation\x00"
        with self.assertRaisesMessage(ImportRefused, "bad.json: dossier.situation: contains an"):
            import_dossier(bad, source="bad.json", replace=True)
        self.assertEqual(
            m.Recommendation.objects.get(dossier=self.dossier).text, "Recommendation SECRET-SEN"
        )
