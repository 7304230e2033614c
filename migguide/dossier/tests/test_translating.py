"""The side-by-side translating page of a part, the progress of each language on the
dossier's overview, and translations in the dossier's recent changes."""

import re

from migguide.dossier import models as m
from migguide.dossier.exchange import export_dossier
from migguide.dossier.translating import source_hash
from migguide.dossier.translation import progress
from migguide.testing import CastTestCase


class TranslatingPageTests(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.dossier.languages = ["fr", "en"]
        cls.dossier.save()
        cls.source = m.Source.objects.get(dossier=cls.dossier)
        cls.uid = str(cls.source.uid)
        cls.url = "/countries/SEN/sources/translate/en/"

    def setUp(self):
        self.client.force_login(self.member)

    def translate(self, name, text, made_from):
        return m.Translation.objects.create(
            dossier=self.dossier,
            entry_uid=self.uid,
            field=name,
            language="en",
            text=text,
            source_text=made_from,
        )

    def post(self, name, text, *, version=0, source=None, **extra):
        return self.client.post(
            self.url,
            {
                "uid": self.uid,
                "field": name,
                "source_hash": source_hash(source or self.source_text(name)),
                "base_version": version,
                "text": text,
                **extra,
            },
        )

    def source_text(self, name):
        self.source.refresh_from_db()
        return getattr(self.source, name)

    def test_the_page_lists_outdated_texts_first_then_missing_then_current(self):
        self.source.description = "Recensement général"
        self.source.limitations = "Tous les dix ans"
        self.source.save()
        self.translate("description", "General census", "Recensement général")
        self.translate("limitations", "Every ten years", "Tous les cinq ans")  # outdated
        page = self.client.get(self.url).content.decode()
        anchors = re.findall(r'id="u-[0-9a-f-]+-(\w+)"', page)
        self.assertEqual(anchors[0], "limitations")
        self.assertEqual(anchors[-1], "description")
        self.assertIn("title", anchors[1:-1])  # missing, between the two
        self.assertIn("Confirm it is still right", page)
        self.assertIn("Tous les cinq ans", page)  # what the outdated one was made from
        # Optional texts are apart, after the required ones.
        context = self.client.get("/countries/SEN/context/translate/en/").content.decode()
        optional = context.index('id="optional"')
        self.assertGreater(context.index("-title"), optional)
        self.assertLess(context.index("u-dossier-situation"), optional)

    def test_saving_a_translation_records_the_main_text_it_was_made_from(self):
        response = self.post("title", "Census SECRET-SEN")
        self.assertRedirects(response, f"{self.url}#u-{self.uid}-title")
        saved = m.Translation.objects.get(entry_uid=self.uid, field="title", language="en")
        self.assertEqual(saved.text, "Census SECRET-SEN")
        self.assertEqual(saved.source_text, "Census SECRET-SEN")
        self.assertEqual(saved.history.first().history_user, self.member)

    def test_a_second_save_from_the_same_version_is_a_conflict_and_keeps_the_text(self):
        self.post("title", "Census (mine)")
        response = self.post("title", "Census (theirs)")  # still thinks there is none
        self.assertEqual(response.status_code, 200)
        page = response.content.decode()
        self.assertIn("saved this translation after you opened the page", page)
        self.assertIn("Census (theirs)", page)  # what they typed, kept in the form
        self.assertIn("Census (mine)", page)  # what the other person saved
        saved = m.Translation.objects.get(entry_uid=self.uid, field="title")
        self.assertEqual(saved.text, "Census (mine)")
        # Saving again from the page (which now carries the current version) keeps theirs.
        self.post("title", "Census (theirs)", version=saved.version)
        saved.refresh_from_db()
        self.assertEqual(saved.text, "Census (theirs)")

    def test_a_save_against_a_main_text_that_changed_meanwhile_is_refused(self):
        seen = self.source_text("title")
        self.source.title = "Census 2023"
        self.source.save()
        response = self.post("title", "Census (en)", source=seen)
        self.assertContains(response, "The main text changed after you opened the page")
        self.assertContains(response, "Census (en)")
        self.assertFalse(m.Translation.objects.filter(entry_uid=self.uid).exists())

    def test_confirming_an_outdated_translation_makes_it_current(self):
        row = self.translate("title", "Census", "An older title")
        self.post("title", "Census", version=row.version, confirm="1")
        row.refresh_from_db()
        self.assertEqual(row.source_text, "Census SECRET-SEN")
        self.assertEqual(row.text, "Census")
        page = self.client.get(self.url).content.decode()
        self.assertNotIn(f'id="u-{self.uid}-title" class', page)
        self.assertIn("state-current", page)

    def test_only_who_may_edit_the_dossier_may_translate(self):
        self.client.force_login(self.reviewer)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.assertEqual(self.post("title", "x").status_code, 403)
        self.assertFalse(m.Translation.objects.exists())
        self.client.force_login(self.mali_member)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.client.force_login(self.member)
        self.assertEqual(self.client.get("/countries/SEN/sources/translate/fr/").status_code, 404)

    def test_the_overview_shows_each_languages_progress_with_links_to_the_parts(self):
        self.source.description = "Description actuelle"
        self.source.save()
        self.translate("title", "Census (en)", "Census SECRET-SEN")
        self.translate("description", "Old", "Ancienne description")
        page = self.client.get("/countries/SEN/").content.decode()
        self.assertIn('id="translations"', page)
        _done, total = progress(export_dossier(self.dossier), "en")
        self.assertIn(f"1 of {total} texts translated, 1 outdated", page)
        self.assertIn(
            f'{self.url}">Information sources</a> <span class="muted">(1/2, 1 outdated)', page
        )
        self.assertIn("/countries/SEN/context/translate/en/", page)

    def test_a_saved_translation_appears_in_the_recent_changes(self):
        self.post("title", "Census (en)")
        page = self.client.get("/countries/SEN/changes/").content.decode()
        self.assertIn("translated into English: title of Census SECRET-SEN", page)

    def test_the_page_the_overview_and_the_history_read_in_french(self):
        self.member.language = "fr"
        self.member.save()
        self.post("title", "Census (en)")
        page = self.client.get(self.url).content.decode()
        for text in ("Texte principal", "Traduction en anglais", ">traduit<"):
            self.assertIn(text, page)
        for text in ("Main text", "Translation into", ">translated<"):
            self.assertNotIn(text, page)
        context = self.client.get("/countries/SEN/context/translate/en/").content.decode()
        self.assertIn("non traduit", context)
        self.assertIn("Facultatif\u00a0: noms et titres", context)
        overview = self.client.get("/countries/SEN/").content.decode()
        self.assertIn("Traductions", overview)
        self.assertIn("textes traduits sur", overview)
        changes = self.client.get("/countries/SEN/changes/").content.decode()
        self.assertIn("traduit en anglais\u00a0: titre de «\u00a0Census SECRET-SEN\u00a0»", changes)
