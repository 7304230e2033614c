"""Running the activity: the timetable (facts before typed dates), the board for 57
countries with a fixed number of queries, workshops and their outputs, the SOM
synthesis from shared editions only, follow-up and the digest."""

import datetime
import io

import docx
import openpyxl
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from docx.oxml.ns import qn
from pypdf import PdfReader

from migguide.activity import followup, som, timeline
from migguide.activity.models import Participant, Schedule, Sharing, Workshop, WorkshopOutput
from migguide.consultation.models import Dispatch
from migguide.countries.models import Country, Dialogue
from migguide.dossier import models as m
from migguide.editions.models import Edition
from migguide.testing import CastTestCase, frozen_edition, small_dossier


def pdf_text(data: bytes) -> str:
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


class TimetableTests(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.dialogue = Dialogue.objects.get(is_default=True)
        cls.phase = {p.code: p for p in cls.dialogue.phases.all()}

    def test_facts_date_the_phases_and_typed_dates_fill_the_rest(self):
        today = timezone.localdate()  # not at import: a run may cross midnight
        Schedule.objects.create(
            country=self.senegal,
            phase=self.phase["consultation"],
            planned_start=today - datetime.timedelta(days=60),
            planned_end=today - datetime.timedelta(days=10),
            actual_start=datetime.date(2020, 1, 1),
        )
        Schedule.objects.create(
            country=self.senegal,
            phase=self.phase["som"],
            planned_start=today + datetime.timedelta(days=30),
            planned_end=today + datetime.timedelta(days=31),
        )
        Dispatch.objects.create(
            country=self.senegal,
            institution_name="Office",
            form="authority",
            version="2026.2",
            channel="xlsx",
        )
        Workshop.objects.create(
            country=self.senegal,
            kind="discussion",
            title="Atelier",
            place="Dakar",
            starts_on=today - datetime.timedelta(days=3),
            ends_on=today - datetime.timedelta(days=2),
        )
        [row] = timeline.board([self.senegal], self.dialogue)
        phases = {p.phase.code: p for p in row.phases}
        consultation = phases["consultation"]
        self.assertEqual(consultation.actual_start, today)  # the fact, not the typed 2020
        self.assertTrue(consultation.from_facts)
        self.assertEqual(consultation.status, "overdue")  # planned to end 10 days ago
        self.assertEqual(phases["workshops"].actual_end, today - datetime.timedelta(days=2))
        self.assertEqual(phases["workshops"].status, "done")
        self.assertEqual(phases["interest"].status, "done")  # the national team appointed
        self.assertEqual(phases["som"].status, "planned")
        self.assertEqual(row.current.phase.code, "consultation")
        self.assertEqual([p.phase.code for p in row.overdue], ["consultation"])

    def test_dates_out_of_order_are_refused(self):
        self.client.force_login(self.member)
        response = self.client.post(
            "/countries/SEN/timetable/workshops/",
            {"workshops-planned_start": "2026-05-10", "workshops-planned_end": "2026-05-01"},
            follow=True,
        )
        self.assertContains(response, "the end (2026-05-01) comes before the start (2026-05-10)")
        self.assertFalse(Schedule.objects.exists())
        self.client.post(
            "/countries/SEN/timetable/workshops/",
            {"workshops-planned_start": "2026-05-01", "workshops-planned_end": "2026-05-10"},
        )
        self.assertEqual(Schedule.objects.get().planned_end, datetime.date(2026, 5, 10))
        self.client.force_login(self.reviewer)
        self.assertEqual(
            self.client.post("/countries/SEN/timetable/workshops/", {}).status_code, 403
        )

    def test_board_of_all_countries_in_three_formats_with_queries_independent_of_countries(self):
        countries = list(Country.objects.in_dialogue(self.dialogue))
        self.assertGreaterEqual(len(countries), 50)

        def queries(n):
            with CaptureQueriesContext(connection) as ctx:
                timeline.board(countries[:n], self.dialogue)
            return len(ctx)

        self.assertEqual(queries(5), queries(len(countries)))
        self.client.force_login(self.staff)
        page = self.client.get("/activity/")
        self.assertContains(page, "Senegal")
        self.assertContains(page, "Mali")
        self.assertContains(page, '<svg class="gantt"')
        with CaptureQueriesContext(connection) as few:
            self.client.get("/activity/")
        xlsx = openpyxl.load_workbook(
            io.BytesIO(self.client.get("/activity/timetable.xlsx").content)
        )
        self.assertEqual(xlsx.worksheets[0].max_row, 1 + len(countries) * len(self.phase))
        text = pdf_text(self.client.get("/activity/timetable.pdf").content)
        self.assertIn("Senegal", text)
        self.assertLess(len(few), 40)
        self.client.force_login(self.member)  # a national team sees its own country only
        page = self.client.get("/activity/")
        self.assertContains(page, "Senegal")
        self.assertNotContains(page, "Mali")


class WorkshopTests(CastTestCase):
    def setUp(self):
        self.workshop = Workshop.objects.create(
            country=self.senegal,
            kind="discussion",
            title="Atelier national",
            place="Dakar",
            starts_on=datetime.date(2026, 3, 10),
            ends_on=datetime.date(2026, 3, 11),
            agenda="Jour 1 : sources\nJour 2 : recommandations",
        )
        self.url = f"/countries/SEN/workshops/{self.workshop.pk}/"
        self.inst = m.Institution.objects.get(dossier=self.dossier)

    def test_outputs_go_straight_into_the_dossier_with_the_workshop_as_provenance(self):
        self.client.force_login(self.member)
        self.client.post(
            f"{self.url}outputs/challenges/",
            {
                "challenges-category": "updating",
                "challenges-description": "Registres non numérisés",
                "challenges-status": "open",
            },
        )
        challenge = m.Challenge.objects.get(description="Registres non numérisés")
        self.assertEqual(WorkshopOutput.objects.get().entry_uid, challenge.uid)
        self.client.post(
            f"{self.url}participants/",
            {"name": "Moussa Fall", "institution": self.inst.pk, "role": "participant"},
        )
        report = self.client.get(f"{self.url}report.pdf").content
        text = pdf_text(report)
        for expected in ("Registres non numérisés", "Moussa Fall", "statistics office"):
            self.assertIn(expected, text)
        document = docx.Document(io.BytesIO(self.client.get(f"{self.url}report.docx").content))
        body = "\n".join(p.text for p in document.paragraphs)
        self.assertIn("Registres non numérisés", body)
        attendance = pdf_text(self.client.get(f"{self.url}attendance.pdf").content)
        self.assertIn("Moussa Fall", attendance)
        self.assertIn("Signature", attendance)

    def test_the_guide_lists_the_workshops_and_the_pack_holds_the_draft_and_the_matrix(self):
        import zipfile

        from migguide.guide.building import dossier_guide
        from migguide.guide.writers import render_pdf

        Participant.objects.create(workshop=self.workshop, name="A", institution=self.inst)
        Participant.objects.create(workshop=self.workshop, name="B", organisation="ICMPD")
        doc = dossier_guide(self.dossier, language="en")
        self.assertEqual(
            [a.heading for a in doc.annexes],
            ["Annex A — Contact list", "Annex B — How this guide was prepared: the workshops"],
        )
        text = pdf_text(render_pdf(doc))
        self.assertIn("Atelier national", text)
        self.assertIn("statistics office", text)
        self.client.force_login(self.reviewer)
        pack = zipfile.ZipFile(io.BytesIO(self.client.get(f"{self.url}pack.zip").content))
        names = sorted(pack.namelist())
        self.assertEqual(
            names,
            [
                "SEN-draft-guide-en.pdf",
                "consultation-analysis.xlsx",
                "problem-solution-matrix.xlsx",
            ],
        )
        matrix = openpyxl.load_workbook(io.BytesIO(pack.read("problem-solution-matrix.xlsx")))
        self.assertEqual(matrix.active.cell(2, 2).value, "Challenge SECRET-SEN")
        self.assertIn("SECRET-SEN", pdf_text(pack.read("SEN-draft-guide-en.pdf")))

    def test_a_replacing_dossier_import_keeps_participants_and_questionnaires_linked(self):
        from migguide.dossier.exchange import export_dossier, import_dossier

        Participant.objects.create(workshop=self.workshop, name="A", institution=self.inst)
        sent = Dispatch.objects.create(
            country=self.senegal,
            institution=self.inst,
            institution_name=self.inst.name,
            form="authority",
            version="2026.2",
            channel="xlsx",
        )
        data = export_dossier(self.dossier)
        other = m.Institution.objects.create(dossier=self.dossier, name="Gone", kind="other")
        Participant.objects.create(workshop=self.workshop, name="B", institution=other)
        import_dossier(data, source="again.json", replace=True)
        new = m.Institution.objects.get(dossier=self.dossier, uid=self.inst.uid)
        self.assertNotEqual(new.pk, self.inst.pk)  # recreated …
        self.assertEqual(Participant.objects.get(name="A").institution, new)  # … and relinked
        sent.refresh_from_db()
        self.assertEqual(sent.institution, new)
        self.assertIsNone(Participant.objects.get(name="B").institution)  # not in the import

    def test_participants_from_another_country_and_facilitators_without_a_role_are_refused(self):
        self.client.force_login(self.member)
        mali_inst = m.Institution.objects.get(dossier=self.other_dossier)
        page = self.client.post(
            f"{self.url}participants/",
            {"name": "X", "institution": mali_inst.pk, "role": "participant"},
        )
        self.assertEqual(page.status_code, 400)
        self.assertFalse(Participant.objects.exists())
        page = self.client.post(
            f"{self.url}participants/",
            {"name": "Y", "role": "facilitator", "user": self.reviewer.pk},
        )
        self.assertEqual(page.status_code, 400)
        page = self.client.post(f"{self.url}participants/", {"name": "Z", "role": "facilitator"})
        self.assertContains(page, "A facilitator writes into the dossier", status_code=400)
        self.client.post(
            f"{self.url}participants/",
            {"name": "Fatou", "role": "facilitator", "user": self.coordinator.pk},
        )
        self.assertEqual(Participant.objects.get().user, self.coordinator)

    def test_workshop_dates_out_of_order_are_refused(self):
        self.client.force_login(self.member)
        page = self.client.post(
            "/countries/SEN/workshops/add/",
            {
                "kind": "training",
                "title": "T",
                "place": "Thiès",
                "starts_on": "2026-04-02",
                "ends_on": "2026-04-01",
            },
        )
        self.assertContains(page, "comes before the start", status_code=400)
        self.assertEqual(Workshop.objects.count(), 1)


class SynthesisTests(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.dialogue = Dialogue.objects.get(is_default=True)
        frozen_edition(cls.dossier, state="published")
        frozen_edition(cls.other_dossier, state="review")
        # A third country's dossier, never shared.
        small_dossier(Country.objects.get(iso3="NER"), "SECRET-NER")

    def test_only_shared_editions_enter_the_synthesis(self):
        s = som.build(self.dialogue, "en")
        self.assertEqual(s.included, 1)
        html = som.render_html(s).decode()
        self.assertIn("limited use of data", html)
        self.assertNotIn("SECRET-MLI", html)
        self.assertNotIn("SECRET-NER", html)
        Sharing.objects.create(edition=Edition.objects.get(country=self.mali))
        s = som.build(self.dialogue, "fr")
        self.assertEqual(s.included, 2)
        self.assertIn(("utilisation limitée des données", 2, []), s.challenges)
        # Neither shares a source on border management: a gap common to both.
        gaps = dict(s.common_gaps)
        self.assertEqual(sorted(gaps["gestion des frontières"]), ["Mali", "Sénégal"])
        text = pdf_text(som.render_pdf(s))
        self.assertIn("Mali", text)
        body = docx.Document(io.BytesIO(som.render_docx(s)))
        self.assertIn("Recommandations par thème", [p.text for p in body.paragraphs])

    def test_the_synthesis_in_arabic_reads_right_to_left_in_every_format(self):
        s = som.build(self.dialogue, "ar")
        self.assertIn('dir="rtl"', som.render_html(s).decode())
        reader = PdfReader(io.BytesIO(som.render_pdf(s)))
        fonts = {
            str(font.get_object()["/BaseFont"]).split("+")[-1]
            for page in reader.pages
            for font in (page["/Resources"].get_object().get("/Font") or {}).values()
        }
        self.assertIn("NotoSansArabic-Regular", fonts)
        body = docx.Document(io.BytesIO(som.render_docx(s)))
        title = body.paragraphs[0]
        self.assertEqual(title.text, s.title)
        self.assertIsNotNone(title._p.pPr.find(qn("w:bidi")))
        self.assertTrue(all(run.font.rtl for run in title.runs))

    def test_the_synthesis_reads_in_portuguese_and_spanish(self):
        for lang, challenge, heading in [
            ("pt", "utilização limitada dos dados", "Recomendações por tema"),
            ("es", "uso limitado de los datos", "Recomendaciones por tema"),
        ]:
            with self.subTest(lang=lang):
                s = som.build(self.dialogue, lang)
                self.assertIn(challenge, [c[0] for c in s.challenges])
                body = docx.Document(io.BytesIO(som.render_docx(s)))
                self.assertIn(heading, [p.text for p in body.paragraphs])

    def test_a_coordinator_shares_an_edition_under_review_and_withdraws_it(self):
        from migguide.access.models import Role

        coordinator = self.mali_member
        Role.objects.create(user=coordinator, country=self.mali, kind="coordinator")
        self.client.force_login(self.member)  # Senegal's member: not Mali's
        url = "/countries/MLI/editions/1/share/"
        self.assertEqual(self.client.post(url, {"share": "1"}).status_code, 404)
        self.client.force_login(coordinator)
        self.assertContains(
            self.client.get("/countries/MLI/editions/1/"), "Share it with the synthesis"
        )
        self.client.post(url, {"share": "1"})
        self.assertEqual(som.build(self.dialogue, "en").included, 2)
        self.client.post(url, {"share": "0"})
        self.assertEqual(som.build(self.dialogue, "en").included, 1)

    def test_the_synthesis_page_is_for_the_people_of_the_activity(self):
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get("/activity/som/").status_code, 403)
        self.client.force_login(self.mali_member)
        page = self.client.get("/activity/som/")
        self.assertContains(page, "Progress by country")
        self.assertNotContains(page, "SECRET-NER")
        pdf = self.client.get("/activity/som.pdf")
        self.assertTrue(pdf.content.startswith(b"%PDF"))

    def test_the_synthesis_keeps_its_query_count_whatever_the_countries(self):
        with CaptureQueriesContext(connection) as ctx:
            som.build(self.dialogue, "en")
        first = len(ctx)
        for iso3 in ("BEN", "TGO", "GIN"):
            small_dossier(Country.objects.get(iso3=iso3), f"X-{iso3}")
        with CaptureQueriesContext(connection) as ctx:
            som.build(self.dialogue, "en")
        self.assertEqual(len(ctx), first)


class FollowUpTests(CastTestCase):
    def test_overdue_sources_health_history_and_digest(self):
        source = m.Source.objects.get(dossier=self.dossier)
        source.periodicity, source.last_update, source.access = (
            "annual",
            datetime.date(2020, 6, 30),
            "public",
        )
        source.save()
        self.assertEqual(source.update_due, datetime.date(2021, 6, 30))
        rec = m.Recommendation.objects.get(dossier=self.dossier)
        rec.status = "in-progress"
        rec.save()
        d = followup.dashboard(self.dossier)
        self.assertEqual(d.overdue, [(source, datetime.date(2021, 6, 30))])
        self.assertEqual(d.health.public_share, 100)
        self.assertEqual(d.health.areas_covered, 1)
        [(r, history)] = d.recommendations
        self.assertEqual([status for _at, status, _who in history], ["proposed", "in progress"])
        self.client.force_login(self.reviewer)
        self.assertContains(self.client.get("/countries/SEN/follow-up/"), "Census SECRET-SEN")
        sent = followup.digest()
        self.assertEqual(sent, 1)  # Senegal's coordinator; Mali has none
        self.assertEqual(mail.outbox[0].to, ["coordinator@example.org"])
        self.assertIn("Census SECRET-SEN (2021-06-30)", mail.outbox[0].body)
        self.assertEqual(followup.digest(), 0)  # run again in the same week: nobody twice
        self.assertEqual(len(mail.outbox), 1)
