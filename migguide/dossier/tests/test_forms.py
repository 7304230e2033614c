"""Forms without dead ends: what a form needs can be created from inside it, without
JavaScript, and the form comes back as it was typed with the new entry selected."""

import re

from migguide.dossier import models as m
from migguide.dossier.parts import PARTS_BY_SLUG
from migguide.dossier.tests.test_views import form_data
from migguide.testing import CastTestCase


def token_of(location: str) -> str:
    return re.search(r"[?&](?:return|draft)=([\w-]+)", location).group(1)


def selected(html: str, name: str) -> list[str]:
    """The values a browser would send for the select or checkboxes called `name`."""
    found = []
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    if select:
        found += re.findall(r'<option value="([^"]*)"[^>]*selected', select.group(1))
    found += re.findall(rf'<input type="checkbox" name="{name}" value="([^"]*)"[^>]*checked', html)
    return found


class CreatingFromAFormTests(CastTestCase):
    def setUp(self):
        self.client.force_login(self.member)
        self.office = m.Institution.objects.get(dossier=self.dossier)
        self.labour = m.Area.objects.get(code="labour")

    def typed_source(self, **more):
        return {
            "title": "Labour force survey",
            "collector": self.office.pk,
            "areas": [self.labour.pk],
            "status": "existing",
            "kind": "survey",
            "periodicity": "quarterly",
            "access": "public",
            **more,
        }

    def test_the_add_page_is_headed_with_what_is_added(self):
        r = self.client.get("/countries/SEN/sources/add/")
        self.assertContains(r, "<h1>New information source</h1>", html=True)
        self.assertContains(r, "<title>New information source · Information sources · migguide")

    def test_fields_that_need_an_institution_or_a_contact_offer_to_create_one(self):
        r = self.client.get("/countries/SEN/sources/add/")
        for name, words in [
            ("collector", "+ New institution"),
            ("users", "+ New institution"),
            ("contacts", "+ New contact"),
        ]:
            self.assertContains(
                r,
                f'<button name="_create" value="{name}" class="create" formnovalidate>'
                f"{words}</button>",
                html=True,
            )
        # Enter in a text field still saves: the first button of the form is "Save".
        buttons = re.findall(r"<button[^>]*>([^<]*)</button>", r.content.decode())
        form_buttons = buttons[buttons.index("Save") :]
        self.assertEqual(form_buttons[0], "Save")

    def test_a_new_institution_comes_back_selected_in_the_source_form_as_typed(self):
        r = self.client.post(
            "/countries/SEN/sources/add/", self.typed_source(_create="collector", collector="")
        )
        self.assertEqual(r.status_code, 302)
        self.assertTrue(r["Location"].startswith("/countries/SEN/institutions/add/?return="))
        self.assertFalse(m.Source.objects.filter(title="Labour force survey").exists())
        token = token_of(r["Location"])

        page = self.client.get(r["Location"])
        self.assertContains(page, f'<input type="hidden" name="_return" value="{token}">')
        self.assertContains(page, "Once saved, it is selected in the form you came from.")
        self.assertContains(page, f'href="/countries/SEN/sources/add/?draft={token}"')

        r = self.client.post(
            "/countries/SEN/institutions/add/",
            {"name": "Labour ministry", "kind": "ministry", "_return": token},
        )
        ministry = m.Institution.objects.get(dossier=self.dossier, name="Labour ministry")
        self.assertRedirects(
            r, f"/countries/SEN/sources/add/?draft={token}", fetch_redirect_response=False
        )
        html = self.client.get(r["Location"]).content.decode()
        self.assertIn('value="Labour force survey"', html)
        self.assertEqual(selected(html, "collector"), [str(ministry.pk)])
        self.assertEqual(selected(html, "areas"), [str(self.labour.pk)])

        r = self.client.post(
            f"/countries/SEN/sources/add/?draft={token}",
            self.typed_source(collector=ministry.pk),
        )
        self.assertRedirects(r, "/countries/SEN/sources/", fetch_redirect_response=False)
        self.assertEqual(m.Source.objects.get(title="Labour force survey").collector, ministry)

    def test_creations_nest_a_contact_needing_a_new_institution(self):
        r = self.client.post("/countries/SEN/sources/add/", self.typed_source(_create="contacts"))
        source_token = token_of(r["Location"])
        self.assertTrue(r["Location"].startswith("/countries/SEN/contacts/add/"))
        r = self.client.post(
            "/countries/SEN/contacts/add/",
            {"name": "Awa Diop", "_return": source_token, "_create": "institution"},
        )
        contact_token = token_of(r["Location"])
        self.assertNotEqual(contact_token, source_token)
        r = self.client.post(
            "/countries/SEN/institutions/add/",
            {"name": "Labour ministry", "kind": "ministry", "_return": contact_token},
        )
        ministry = m.Institution.objects.get(name="Labour ministry")
        html = self.client.get(r["Location"]).content.decode()
        self.assertIn('value="Awa Diop"', html)
        self.assertEqual(selected(html, "institution"), [str(ministry.pk)])
        # The contact's form still knows where it returns to.
        self.assertIn(f'name="_return" value="{source_token}"', html)

        r = self.client.post(
            f"/countries/SEN/contacts/add/?draft={contact_token}",
            {"name": "Awa Diop", "institution": ministry.pk, "_return": source_token},
        )
        awa = m.Contact.objects.get(name="Awa Diop")
        self.assertRedirects(
            r, f"/countries/SEN/sources/add/?draft={source_token}", fetch_redirect_response=False
        )
        html = self.client.get(r["Location"]).content.decode()
        self.assertEqual(selected(html, "contacts"), [str(awa.pk)])
        self.assertIn('value="Labour force survey"', html)

    def test_an_edited_entry_comes_back_with_its_changes_and_version(self):
        source = m.Source.objects.get(dossier=self.dossier)
        part = PARTS_BY_SLUG["sources"]
        url = f"/countries/SEN/sources/{source.uid}/"
        data = form_data(part, source, title="Census 2023", _create="users")
        r = self.client.post(url, data)
        token = token_of(r["Location"])
        r = self.client.post(
            "/countries/SEN/institutions/add/",
            {"name": "Planning ministry", "kind": "ministry", "_return": token},
        )
        planning = m.Institution.objects.get(name="Planning ministry")
        self.assertRedirects(r, f"{url}?draft={token}", fetch_redirect_response=False)
        html = self.client.get(r["Location"]).content.decode()
        self.assertIn('value="Census 2023"', html)
        self.assertEqual(
            sorted(selected(html, "users")), sorted([str(self.office.pk), str(planning.pk)])
        )
        self.assertIn(f'name="base_version" value="{source.version}"', html)

    def test_a_draft_is_only_given_back_on_its_own_page_and_session(self):
        r = self.client.post("/countries/SEN/sources/add/", self.typed_source(_create="collector"))
        token = token_of(r["Location"])
        html = self.client.get(f"/countries/SEN/needs/add/?draft={token}").content.decode()
        self.assertNotIn("Labour force survey", html)
        self.client.force_login(self.coordinator)
        html = self.client.get(f"/countries/SEN/sources/add/?draft={token}").content.decode()
        self.assertNotIn("Labour force survey", html)

    def test_an_unknown_field_to_create_is_an_ordinary_save(self):
        r = self.client.post("/countries/SEN/sources/add/", self.typed_source(_create="title"))
        self.assertRedirects(r, "/countries/SEN/sources/", fetch_redirect_response=False)
        self.assertTrue(m.Source.objects.filter(title="Labour force survey").exists())

    def test_ticked_institutions_are_listed_first(self):
        names = [f"Agency {letter}" for letter in "ABCDEFGHIJ"]
        for name in names:
            m.Institution.objects.create(dossier=self.dossier, name=name, kind="ministry")
        last = m.Institution.objects.get(name="Agency J")
        source = m.Source.objects.get(dossier=self.dossier)
        source.users.set([last])
        html = self.client.get(f"/countries/SEN/sources/{source.uid}/").content.decode()
        users = re.findall(r'name="users" value="(\d+)"', html)
        self.assertEqual(users[0], str(last.pk))
        self.assertEqual(len(users), 11)
        # Still a group of checkboxes named by its legend.
        self.assertRegex(html, r'<fieldset class="field">\s*<legend>Used by</legend>')
        self.assertIn('data-filter="Show only the names containing"', html)
        self.assertIn('src="/static/migguide/checklist.js"', html)
