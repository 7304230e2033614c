"""What a public output may say about a person: only the details of contacts whose
consent to publish is recorded in the edition being published — in the guide, its
annexes (the "what changed" annex included), the portal, its search, the open data and
the static site. Read back from every file, as a visitor would get them."""

from __future__ import annotations

import datetime
import tempfile
from pathlib import Path

from django.test import Client

from migguide.dossier import models as m
from migguide.dossier.snapshot import Snapshot
from migguide.editions.diff import annex_data, compare
from migguide.editions.models import PublishedFile
from migguide.editions.tests.test_editions import EditionTestCase, docx_text, pdf_text
from migguide.publishing.site import build_site

# Details of people who never agreed to publication, or withdrew before edition 2.
NEVER = ("Aminata Cachée", "aminata.cachee@example.org", "+221 77 111 22 33", "+221 77 999 88 77")
ADDED = ("Ousmane Nouveau", "ousmane.nouveau@example.org", "+221 76 444 55 66")
REMOVED = ("Binta Partie", "binta.partie@example.org", "+221 70 123 45 67")
WITHDRAWN = ("Khady Retirée", "khady.retiree@example.org", "+221 78 765 43 21")
PUBLIC = ("Moussa Public", "moussa.public@example.org")


def readable_text(name: str, content: bytes) -> str:
    """A file as a person or a program reads it: PDF and DOCX by their text, the rest
    as text."""
    if name.endswith(".pdf"):
        return pdf_text(content)
    if name.endswith(".docx"):
        return docx_text(content)
    return content.decode("utf-8", errors="replace")


class UnconsentedContactsAreNeverPublishedTests(EditionTestCase):
    maxDiff = None

    def contact(self, name, email, phone="", *, consent=False, institution=None):
        return m.Contact.objects.create(
            dossier=self.dossier,
            institution=institution or m.Institution.objects.get(dossier=self.dossier),
            name=name,
            job_title=f"Chef de division de {name}",
            email=email,
            phone=phone,
            consent_to_publish=consent,
            consent_recorded_on=datetime.date(2026, 5, 3) if consent else None,
            consent_note="formulaire signé" if consent else "",
        )

    def test_added_changed_and_removed_contacts_without_consent_are_in_no_public_file(self):
        never = self.contact(*NEVER[:3])
        removed = self.contact(*REMOVED)
        withdrawn = self.contact(*WITHDRAWN, consent=True)
        self.contact(*PUBLIC, consent=True)
        source = m.Source.objects.get(dossier=self.dossier)
        first = self.published_edition()

        # Between the two editions: the unconsented contact changes phone and position,
        # one is removed, one is added (and joins the workgroup and a source), and one
        # withdraws consent.
        never.phone, never.job_title = NEVER[3], "Directrice adjointe"
        never.save()
        m.WorkgroupMember.objects.filter(contact=removed).delete()
        removed.sources.clear()
        removed.delete()
        added = self.contact(*ADDED)
        m.WorkgroupMember.objects.create(dossier=self.dossier, contact=added, role="Rapporteur")
        source.contacts.set([added, never])
        withdrawn.consent_to_publish, withdrawn.consent_recorded_on = False, None
        withdrawn.save()
        second = self.published_edition()
        self.assertTrue(second.changes_annex)
        self.assertEqual(second.previous(), first)

        files: dict[str, str] = {}
        for published in PublishedFile.objects.filter(edition=second):
            files[published.name] = readable_text(published.name, published.read())
        with tempfile.TemporaryDirectory() as folder:
            build_site(folder)
            for path in Path(folder).rglob("*"):
                if path.is_file() and path.suffix not in (".png", ".svg", ".js", ".css"):
                    files[f"site/{path.relative_to(folder)}"] = readable_text(
                        path.name, path.read_bytes()
                    )
        client = Client()
        for url in (
            "/fr/countries/sen/",
            "/en/countries/sen/",
            f"/fr/search/?q={NEVER[0].split()[0]}",
            f"/en/search/?q={ADDED[0].split()[0]}",
        ):
            r = client.get(url, follow=True)
            files[url] = r.content.decode()

        # The annex of edition 2 is there and does show the change of a source.
        full_html = files[f"guide-sen-fr-edition-{second.number}.html"]
        self.assertIn("Census SECRET-SEN", full_html)
        # Who consented is published; the test would prove nothing otherwise.
        self.assertIn(PUBLIC[0], full_html)
        self.assertIn(PUBLIC[1], full_html)

        # Never consented: in no file of either edition. Withdrew after edition 1: in
        # nothing made since (edition 1 was published with their consent; taking it
        # back from the public is `person erase`'s work).
        never_consented = [*NEVER, *ADDED, *REMOVED]
        leaks = [
            (name, secret)
            for name, text in files.items()
            for secret in never_consented + ([] if "/SEN/1/" in name else list(WITHDRAWN))
            if secret in text
        ]
        self.assertEqual(leaks, [])
        # The workgroup's new member is still told, by institution and role.
        self.assertIn("Rapporteur", full_html)

    def test_the_public_view_of_a_snapshot_keeps_only_what_consent_allows(self):
        never = self.contact(*NEVER[:3])
        self.contact(*PUBLIC, consent=True)
        first = Snapshot.of(self.dossier).public()
        hidden = first.contact(str(never.uid))
        self.assertEqual(hidden.name, "")
        self.assertEqual(hidden.email, "")
        self.assertEqual(hidden.job_title, "")
        # The institution stays, so that a workgroup row can still say where.
        self.assertEqual(hidden.institution, str(never.institution.uid))
        self.assertIn(PUBLIC[0], [c.name for c in first.contacts])

    def test_the_changes_annex_names_no_one_without_consent(self):
        before = self.dossier_export()
        never = self.contact(*NEVER[:3])
        m.WorkgroupMember.objects.create(dossier=self.dossier, contact=never, role="Rapporteure")
        after = self.dossier_export()
        annex = annex_data("Édition 1", compare(before.public(), after.public()))
        text = repr(annex)
        for secret in NEVER[:3]:
            self.assertNotIn(secret, text)
        # The workgroup's change is still told, by the institution.
        self.assertIn("Office SECRET-SEN", text)

    def dossier_export(self) -> Snapshot:
        return Snapshot.of(self.dossier)
