"""Editions in several languages: an edition is not submitted while a text of one of
its languages is untranslated or outdated (unless the coordinator removes that
language), and what it freezes — every translation — is what its guides read."""

from __future__ import annotations

import datetime
import io

import docx

from migguide.access.models import Access
from migguide.dossier import models as m
from migguide.dossier.exchange import export_dossier
from migguide.dossier.translation import units
from migguide.editions.models import Edition, EditionError, snapshot_hash
from migguide.editions.publishing import edition_guide, mark_ready
from migguide.guide.writers import render_docx
from migguide.testing import CastTestCase


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(texts)


class TranslatedEditionTests(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.dossier.languages = ["fr", "en"]
        cls.dossier.save()
        cls.source = m.Source.objects.get(dossier=cls.dossier)

    def access(self, user) -> Access:
        return Access.of(user, self.senegal)

    def start(self, languages=("fr", "en")) -> Edition:
        return Edition.start(access=self.access(self.coordinator), languages=list(languages))

    def translate_everything(self) -> None:
        for unit in units(export_dossier(self.dossier), "en"):
            if not unit.optional:
                m.Translation.objects.create(
                    dossier=self.dossier,
                    entry_uid=unit.uid,
                    field=unit.field,
                    language="en",
                    text=f"{unit.source} (en)",
                    source_text=unit.source,
                )

    def test_submitting_with_missing_translations_is_refused_listing_them(self):
        edition = self.start()
        left = [u for u in units(export_dossier(self.dossier), "en") if not u.optional]
        self.assertGreater(len(left), 10)
        with self.assertRaises(EditionError) as caught:
            edition.submit(access=self.access(self.coordinator))
        message = str(caught.exception)
        self.assertIn(f"{len(left)} texts are not translated", message)
        self.assertIn("English: Context, migration situation (missing)", message)
        self.assertIn("English: Information sources, “Census SECRET-SEN”, title (missing)", message)
        self.assertIn(f"and {len(left) - 10} more", message)
        self.assertIn("remove their language from the edition", message)
        edition.refresh_from_db()
        self.assertEqual(edition.state, "draft")
        self.assertFalse(edition.snapshot)

    def test_an_outdated_translation_is_named_as_outdated(self):
        self.translate_everything()
        self.source.title = "Census 2023"
        self.source.save()
        edition = self.start()
        with self.assertRaisesMessage(
            EditionError,
            "1 text is not translated, or its translation is outdated: English: Information "
            "sources, “Census 2023”, title (outdated).",
        ):
            edition.submit(access=self.access(self.coordinator))

    def test_removing_the_language_from_the_page_lets_the_edition_through(self):
        edition = self.start()
        self.client.force_login(self.coordinator)
        url = f"/countries/SEN/editions/{edition.number}/"
        page = self.client.get(url)
        self.assertContains(page, "texts to translate or confirm before submitting")
        self.assertContains(page, "Remove English from this edition")
        response = self.client.post(f"{url}languages/remove/", {"language": "en"})
        self.assertRedirects(response, url)
        edition.refresh_from_db()
        self.assertEqual(edition.languages, ["fr"])
        edition.submit(access=self.access(self.coordinator))
        self.assertEqual(edition.state, "review")

    def test_a_language_is_removed_only_by_the_coordinator_from_a_draft_keeping_one(self):
        edition = self.start()
        self.client.force_login(self.member)
        url = f"/countries/SEN/editions/{edition.number}/languages/remove/"
        self.assertEqual(self.client.post(url, {"language": "en"}).status_code, 403)
        edition.remove_language(access=self.access(self.coordinator), language="en")
        with self.assertRaisesMessage(EditionError, "keeps at least one language"):
            edition.remove_language(access=self.access(self.coordinator), language="fr")
        edition.submit(access=self.access(self.coordinator))
        with self.assertRaisesMessage(EditionError, "you cannot change its languages now"):
            edition.remove_language(access=self.access(self.coordinator), language="fr")

    def test_the_endorsed_english_guide_reads_the_frozen_translation_for_good(self):
        self.translate_everything()
        edition = self.start()
        edition.submit(access=self.access(self.coordinator))
        frozen = edition.snapshot["dossier"]["translations"]["en"]
        self.assertEqual(frozen["dossier"]["situation"]["text"], "Situation SECRET-SEN (en)")
        self.assertEqual(snapshot_hash(edition.snapshot), edition.sha256)  # covers them
        edition.approve(access=self.access(self.reviewer), sha256=edition.sha256)
        mark_ready(edition, access=self.access(self.coordinator))
        edition.endorse(
            access=self.access(self.endorser),
            sha256=edition.sha256,
            name="Mamadou Diagne",
            position="DG",
            date=datetime.date(2026, 11, 20),
            statement="",
        )
        # The live translation changes after the endorsement; the edition does not.
        m.Translation.objects.filter(field="situation").update(text="Rewritten later")
        edition = Edition.objects.get(pk=edition.pk)
        text = docx_text(render_docx(edition_guide(edition, language="en")))
        self.assertIn("Situation SECRET-SEN (en)", text)
        self.assertNotIn("Rewritten later", text)
        self.assertNotIn("[FR", text)
        self.assertTrue(edition.check_integrity())
