from django.test import Client

from migguide.countries.models import Country
from migguide.dossier import exchange
from migguide.dossier import models as m
from migguide.dossier.forms import entry_form_class
from migguide.dossier.parts import PARTS, PARTS_BY_SLUG
from migguide.testing import CastTestCase


def form_data(part, entry, **changes):
    """What a browser would post for the entry's edit form, with some changes."""
    form = entry_form_class(part)(instance=entry, dossier=entry.dossier)
    data = {}
    for name in form.fields:
        value = form.initial.get(name)
        if value is None:
            continue
        if isinstance(value, list):
            data[name] = [getattr(v, "pk", v) for v in value]
        elif hasattr(value, "isoformat"):
            data[name] = value.isoformat()
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = value
    data.update(changes)
    return data


class DossierPagesTests(CastTestCase):
    def setUp(self):
        self.client.force_login(self.member)

    def source(self):
        return m.Source.objects.get(dossier=self.dossier)

    def test_overview_shows_progress_of_every_part(self):
        r = self.client.get("/countries/SEN/")
        self.assertEqual(r.status_code, 200)
        for part in PARTS:
            self.assertContains(r, str(part.label))
        self.assertContains(r, "no existing source on border management")

    def test_every_list_page_shows_its_entries(self):
        for part in PARTS:
            r = self.client.get(f"/countries/SEN/{part.slug}/")
            self.assertEqual(r.status_code, 200, part.slug)
            self.assertContains(r, "SECRET-SEN")
            self.assertNotContains(r, "SECRET-MLI")

    def test_sources_filter_by_area_sector_and_status(self):
        inst = m.Institution.objects.create(
            dossier=self.dossier, name="Red Crescent", kind="civil-society"
        )
        potential = m.Source.objects.create(
            dossier=self.dossier,
            title="Hotline log",
            collector=inst,
            kind="register",
            status="potential",
        )
        potential.areas.set(m.Area.objects.filter(code="crisis"))
        r = self.client.get("/countries/SEN/sources/?area=crisis")
        self.assertContains(r, "Hotline log")
        self.assertNotContains(r, "Census SECRET-SEN")
        r = self.client.get("/countries/SEN/sources/?sector=governmental")
        self.assertContains(r, "Census SECRET-SEN")
        self.assertNotContains(r, "Hotline log")
        r = self.client.get("/countries/SEN/sources/?status=potential&sector=other")
        self.assertContains(r, "Hotline log")
        self.assertContains(r, "1 entry")
        r = self.client.get("/countries/SEN/sources/?q=hotline")
        self.assertContains(r, "Hotline log")
        self.assertNotContains(r, "Census SECRET-SEN")

    def test_adding_an_entry(self):
        inst = m.Institution.objects.get(dossier=self.dossier)
        r = self.client.post(
            "/countries/SEN/sources/add/",
            {
                "title": "Labour force survey",
                "collector": inst.pk,
                "areas": [m.Area.objects.get(code="labour").pk],
                "status": "existing",
                "kind": "survey",
                "periodicity": "quarterly",
                "access": "public",
                "users": [inst.pk],
            },
        )
        self.assertRedirects(r, "/countries/SEN/sources/")
        source = m.Source.objects.get(title="Labour force survey")
        self.assertEqual(source.dossier, self.dossier)
        self.assertEqual(source.position, 2)
        self.assertEqual(list(source.users.all()), [inst])
        record = source.history.get(history_type="+")
        self.assertEqual(record.history_user, self.member)

    def test_invalid_data_is_refused_next_to_the_field(self):
        r = self.client.post("/countries/SEN/sources/add/", {"title": "", "status": "nope"})
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, 'id="id_title_error"')
        self.assertContains(r, "This field is required.")
        self.assertContains(r, "Select a valid choice. nope is not one of the available choices.")
        self.assertFalse(m.Source.objects.filter(title="").exists())

    def test_an_institution_of_another_country_cannot_be_chosen(self):
        foreign = m.Institution.objects.get(dossier=self.other_dossier)
        source = self.source()
        r = self.client.post(
            f"/countries/SEN/sources/{source.uid}/",
            form_data(PARTS_BY_SLUG["sources"], source, collector=foreign.pk),
        )
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Select a valid choice.")
        source.refresh_from_db()
        self.assertNotEqual(source.collector, foreign)

    def test_html_in_user_text_is_shown_as_text(self):
        source = self.source()
        self.client.post(
            f"/countries/SEN/sources/{source.uid}/",
            form_data(PARTS_BY_SLUG["sources"], source, title="<script>alert(1)</script>"),
        )
        r = self.client.get("/countries/SEN/sources/")
        self.assertNotContains(r, "<script>alert(1)</script>")
        self.assertContains(r, "&lt;script&gt;alert(1)&lt;/script&gt;")

    def test_editing_records_history_with_before_and_after(self):
        source = self.source()
        r = self.client.post(
            f"/countries/SEN/sources/{source.uid}/",
            form_data(PARTS_BY_SLUG["sources"], source, title="Census 2023", periodicity="annual"),
        )
        self.assertRedirects(r, "/countries/SEN/sources/")
        r = self.client.get(f"/countries/SEN/sources/{source.uid}/history/")
        self.assertContains(r, "Census SECRET-SEN")
        self.assertContains(r, "<ins>Census 2023</ins>", html=True)
        self.assertContains(r, "<del>every ten years</del>", html=True)
        self.assertContains(r, "<ins>annual</ins>", html=True)
        self.assertContains(r, str(self.member))

    def test_the_second_of_two_concurrent_saves_is_refused_and_shows_the_change(self):
        source = self.source()
        part = PARTS_BY_SLUG["sources"]
        stale = form_data(part, source, title="Title by the member")
        other = Client()
        other.force_login(self.coordinator)
        r = other.post(
            f"/countries/SEN/sources/{source.uid}/",
            form_data(part, source, title="Title by the coordinator"),
        )
        self.assertEqual(r.status_code, 302)
        r = self.client.post(f"/countries/SEN/sources/{source.uid}/", stale)
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Fatou Sow saved this entry after you opened it.")
        self.assertContains(r, "<ins>Title by the coordinator</ins>", html=True)
        self.assertContains(r, 'value="Title by the member"')
        source.refresh_from_db()
        self.assertEqual(source.title, "Title by the coordinator")
        # Having seen the change, the member may save again on purpose.
        again = dict(stale, base_version=source.version)
        r = self.client.post(f"/countries/SEN/sources/{source.uid}/", again)
        self.assertEqual(r.status_code, 302)
        source.refresh_from_db()
        self.assertEqual(source.title, "Title by the member")

    def test_context_narrative_is_edited_with_the_same_protection(self):
        r = self.client.get("/countries/SEN/context/edit/")
        self.assertContains(r, "Situation SECRET-SEN")
        version = self.dossier.version
        self.client.post(
            "/countries/SEN/context/edit/",
            {"situation": "New", "framework": "F", "base_version": version},
        )
        r = self.client.post(
            "/countries/SEN/context/edit/",
            {"situation": "Stale", "framework": "F", "base_version": version},
        )
        self.assertContains(r, "saved the context after you opened it")
        self.dossier.refresh_from_db()
        self.assertEqual(self.dossier.situation, "New")

    def test_a_note_per_area_is_edited_with_the_context_and_shown_on_its_page(self):
        r = self.client.get("/countries/SEN/context/edit/")
        for area in ("migration trends", "border management", "migration and development"):
            self.assertContains(r, f"Notes on the area “{area}”")
        self.client.post(
            "/countries/SEN/context/edit/",
            {
                "situation": "S",
                "framework": "F",
                "area_note_border": "Entries are counted at airports only.",
                "area_note_trends": "  ",
                "base_version": self.dossier.version,
            },
        )
        self.dossier.refresh_from_db()
        self.assertEqual(
            self.dossier.area_notes, {"border": "Entries are counted at airports only."}
        )
        r = self.client.get("/countries/SEN/context/")
        self.assertContains(r, "Entries are counted at airports only.")

    def test_reordering(self):
        first = m.LegalInstrument.objects.get(dossier=self.dossier)
        second = m.LegalInstrument.objects.create(
            dossier=self.dossier, title="Decree", kind="law", status="in-force"
        )
        self.client.post(f"/countries/SEN/context/{second.uid}/move/", {"direction": "up"})
        titles = list(
            m.LegalInstrument.objects.filter(dossier=self.dossier).values_list("title", flat=True)
        )
        self.assertEqual(titles, ["Decree", first.title])

    def test_reordering_goes_back_to_the_page_it_came_from_on_this_site_only(self):
        law = m.LegalInstrument.objects.get(dossier=self.dossier)
        url = f"/countries/SEN/context/{law.uid}/move/"
        r = self.client.post(url, {"direction": "up", "next": "/countries/SEN/context/?page=2"})
        self.assertRedirects(r, "/countries/SEN/context/?page=2", fetch_redirect_response=False)
        for elsewhere in [
            "https://evil.example/",
            "//evil.example/",
            "/\\evil.example/",
            "javascript:alert(1)",
        ]:
            r = self.client.post(url, {"direction": "up", "next": elsewhere})
            self.assertRedirects(r, "/countries/SEN/context/", fetch_redirect_response=False)

    def test_deleting_an_entry_in_use_is_refused_with_the_reason(self):
        inst = m.Institution.objects.get(dossier=self.dossier)
        r = self.client.post(f"/countries/SEN/institutions/{inst.uid}/delete/")
        self.assertEqual(r.status_code, 409)
        self.assertContains(r, "cannot be deleted while these entries refer to it", status_code=409)
        self.assertContains(r, "Person SECRET-SEN", status_code=409)
        self.assertTrue(m.Institution.objects.filter(pk=inst.pk).exists())

    def test_deleting_keeps_the_history(self):
        need = m.Need.objects.get(dossier=self.dossier)
        r = self.client.post(f"/countries/SEN/needs/{need.uid}/delete/")
        self.assertRedirects(r, "/countries/SEN/needs/")
        self.assertFalse(m.Need.objects.filter(pk=need.pk).exists())
        r = self.client.get(f"/countries/SEN/needs/{need.uid}/history/")
        self.assertContains(r, "This entry has been deleted.")
        r = self.client.get("/countries/SEN/changes/")
        self.assertContains(r, "Deleted")

    def test_changes_stay_readable_after_related_entries_are_deleted(self):
        actor = m.StageActor.objects.get(dossier=self.dossier)
        inst = m.Institution.objects.create(dossier=self.dossier, name="Gone", kind="other")
        actor.institution = inst
        actor.save()
        actor.delete()
        inst.delete()
        r = self.client.get("/countries/SEN/changes/")
        self.assertContains(r, "an entry whose related entries were deleted")
        r = self.client.get(f"/countries/SEN/policy-cycle/{actor.uid}/history/")
        self.assertEqual(r.status_code, 200)

    def test_a_reviewer_reads_but_cannot_write(self):
        self.client.force_login(self.reviewer)
        self.assertEqual(self.client.get("/countries/SEN/sources/").status_code, 200)
        r = self.client.get("/countries/SEN/sources/add/")
        self.assertEqual(r.status_code, 403)
        self.assertNotContains(self.client.get("/countries/SEN/sources/"), "/add/")

    def test_export_downloads_the_json(self):
        r = self.client.get("/countries/SEN/export.json")
        self.assertEqual(r["Content-Disposition"], 'attachment; filename="dossier-sen.json"')
        self.assertEqual(r.json()["country"], "SEN")

    def test_pages_speak_french(self):
        self.member.language = "fr"
        self.member.save()
        r = self.client.get("/countries/SEN/sources/")
        self.assertContains(r, '<html lang="fr" dir="ltr">')
        self.assertContains(r, "Sources d’information")
        self.assertContains(r, "Sénégal")

    def test_the_reason_of_an_imported_change_is_shown_in_the_readers_language(self):
        """Stored in English (a msgid), translated when shown."""
        data = exchange.export_dossier(self.dossier)
        exchange.import_dossier(data, source="demonstration dossier", replace=True)
        exchange.import_dossier(data, source="/tmp/dossier-sen.json", replace=True)
        self.member.language = "fr"
        self.member.save()
        r = self.client.get("/countries/SEN/changes/")
        self.assertContains(r, "import depuis le dossier de démonstration")
        self.assertContains(r, "import depuis /tmp/dossier-sen.json")
        self.assertNotContains(r, "import from")


class NewDossierTests(CastTestCase):
    def test_a_new_dossier_starts_with_the_languages_of_its_country(self):
        """Benin writes French: its dossier proposes a French guide."""
        benin = Country.objects.get(iso3="BEN")
        self.assertEqual(m.Dossier.objects.create(country=benin).languages, ["fr"])


class QueryCountTests(CastTestCase):
    """The overview and the list pages make a number of queries that does not grow
    with the number of entries."""

    def grow(self, n):
        inst = list(m.Institution.objects.filter(dossier=self.dossier))
        areas = list(m.Area.objects.all())
        for i in range(n):
            extra = m.Institution.objects.create(
                dossier=self.dossier, name=f"I{i}", kind="ministry"
            )
            inst.append(extra)
            source = m.Source.objects.create(
                dossier=self.dossier, title=f"S{i}", collector=extra, kind="survey"
            )
            source.areas.set(areas[i % 4 : i % 4 + 2])
            source.users.set(inst[-3:])
            rec = m.Recommendation.objects.create(dossier=self.dossier, theme="other", text=f"R{i}")
            rec.responsible.set(inst[-2:])
            contact = m.Contact.objects.create(
                dossier=self.dossier, institution=extra, name=f"C{i}"
            )
            m.WorkgroupMember.objects.create(dossier=self.dossier, contact=contact)
            m.StageActor.objects.create(
                dossier=self.dossier,
                institution=extra,
                stage=m.PolicyStage.objects.first(),
                role="r",
            )

    def count_queries(self, url):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            self.assertEqual(self.client.get(url).status_code, 200)
        # The session's own writes are left out: it is saved when it starts and once a
        # minute after (the idle timeout), whatever the page.
        return sum(
            "django_session" not in q["sql"] and "SAVEPOINT" not in q["sql"]
            for q in ctx.captured_queries
        )

    def test_queries_do_not_grow_with_entries(self):
        self.client.force_login(self.member)
        urls = ["/countries/SEN/"] + [f"/countries/SEN/{p.slug}/" for p in PARTS]
        self.grow(3)
        small = {url: self.count_queries(url) for url in urls}
        self.grow(30)
        large = {url: self.count_queries(url) for url in urls}
        self.assertEqual(small, large)
        self.assertLessEqual(max(large.values()), 25)
