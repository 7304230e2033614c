"""Who may endorse an edition: not the people who prepared or reviewed it, not anyone
who edits the country's dossier, never consortium staff — the endorsement is the
national authority's own act."""

from __future__ import annotations

import datetime

from django.test import Client
from django.utils import translation

from migguide.access.models import Access, Role
from migguide.editions.models import Comment, Edition, EditionError, Endorsement, Event
from migguide.editions.publishing import mark_ready
from migguide.editions.tests.test_editions import EditionTestCase
from migguide.testing import make_user


class EndorserDutiesTests(EditionTestCase):
    def endorse_as(self, user, edition: Edition) -> Endorsement:
        return edition.endorse(
            access=self.access(user),
            seen_state="ready",
            sha256=edition.sha256,
            name="Someone",
            position="Somewhere",
            date=datetime.date(2026, 11, 20),
            statement="",
        )

    def assert_refused(self, user, edition: Edition, message: str) -> None:
        events = Event.objects.count()
        with self.assertRaisesMessage(EditionError, message):
            self.endorse_as(user, edition)
        edition.refresh_from_db()
        self.assertEqual(edition.state, "ready")
        self.assertFalse(Endorsement.objects.exists())
        self.assertEqual(Event.objects.count(), events)

    def make_endorser(self, user) -> None:
        Role.objects.filter(user=user, country=self.senegal).delete()
        Role.objects.create(user=user, country=self.senegal, kind=Role.Kind.ENDORSER)

    def test_a_coordinator_who_also_holds_the_endorser_role_cannot_endorse(self):
        edition = self.ready_edition()
        Role.objects.create(user=self.coordinator, country=self.senegal, kind="endorser")
        self.assert_refused(self.coordinator, edition, "national coordinator")

    def test_a_member_who_also_holds_the_endorser_role_cannot_endorse(self):
        edition = self.ready_edition()
        Role.objects.create(user=self.member, country=self.senegal, kind="endorser")
        self.assert_refused(self.member, edition, "workgroup member")

    def test_the_person_who_submitted_it_cannot_endorse_it_later(self):
        deputy = make_user("deputy")
        Role.objects.create(user=deputy, country=self.senegal, kind=Role.Kind.COORDINATOR)
        edition = Edition.start(access=self.access(self.coordinator), languages=["fr"])
        edition.submit(access=self.access(deputy))
        edition.approve(access=self.access(self.reviewer), sha256=edition.sha256)
        mark_ready(edition, access=self.access(self.coordinator))
        self.make_endorser(deputy)
        self.assert_refused(deputy, edition, "submitted this edition")

    def test_the_person_who_started_or_sent_it_for_endorsement_cannot_endorse_it(self):
        edition = self.ready_edition()
        Role.objects.create(user=self.member, country=self.senegal, kind=Role.Kind.COORDINATOR)
        self.make_endorser(self.coordinator)
        self.assert_refused(self.coordinator, edition, "started this edition")

    def test_a_reviewer_who_commented_cannot_become_its_endorser(self):
        edition = Edition.start(access=self.access(self.coordinator), languages=["fr"])
        edition.submit(access=self.access(self.coordinator))
        comment = Comment.add(access=self.access(self.reviewer), edition=edition, text="Dates?")
        comment.resolve(access=self.access(self.coordinator))
        edition.approve(access=self.access(self.reviewer), sha256=edition.sha256)
        mark_ready(edition, access=self.access(self.coordinator))
        self.make_endorser(self.reviewer)
        self.assert_refused(self.reviewer, edition, "reviewed this edition")

    def test_a_reviewer_who_requested_changes_cannot_become_its_endorser(self):
        edition = self.ready_edition()
        edition.request_changes(access=self.access(self.reviewer), comment="Add 2023")
        edition.submit(access=self.access(self.coordinator))
        edition.approve(access=self.access(self.reviewer), sha256=edition.sha256)
        mark_ready(edition, access=self.access(self.coordinator))
        self.make_endorser(self.reviewer)
        self.assert_refused(self.reviewer, edition, "reviewed this edition")

    def test_staff_cannot_endorse_even_holding_an_endorser_role(self):
        edition = self.ready_edition()
        Role.objects.create(user=self.staff, country=self.senegal, kind=Role.Kind.ENDORSER)
        self.assert_refused(self.staff, edition, "does not allow you to endorse")
        self.assertIn("Consortium staff", edition.endorsement_conflict(self.access(self.staff)))

    def test_the_endorsing_authority_may_send_it_back_and_endorse_it_after(self):
        edition = self.ready_edition()
        edition.request_changes(access=self.access(self.endorser), comment="Add the 2023 survey")
        edition.submit(access=self.access(self.coordinator))
        edition.approve(access=self.access(self.reviewer), sha256=edition.sha256)
        mark_ready(edition, access=self.access(self.coordinator))
        self.endorse_as(self.endorser, edition)
        self.assertEqual(Edition.objects.get(pk=edition.pk).state, "endorsed")

    def test_the_endorse_page_says_why_instead_of_offering_the_button(self):
        edition = self.ready_edition()
        Role.objects.create(user=self.coordinator, country=self.senegal, kind="endorser")
        client = Client()
        client.force_login(self.coordinator)
        r = client.get(f"/countries/SEN/editions/{edition.number}/endorse/")
        self.assertContains(r, "national coordinator")
        self.assertNotContains(r, "Endorse this edition")
        client.force_login(self.endorser)
        r = client.get(f"/countries/SEN/editions/{edition.number}/endorse/")
        self.assertContains(r, "Endorse this edition")

    def test_the_access_of_staff_never_includes_endorsing(self):
        Role.objects.create(user=self.staff, country=self.senegal, kind=Role.Kind.ENDORSER)
        permissions = Access.of(self.staff, self.senegal).permissions
        self.assertNotIn("endorse", {p.value for p in permissions})

    def test_the_reason_reads_in_french(self):
        edition = self.ready_edition()
        Role.objects.create(user=self.coordinator, country=self.senegal, kind="endorser")
        with translation.override("fr"):
            conflict = edition.endorsement_conflict(self.access(self.coordinator))
        self.assertIn("Vous êtes aussi coordonnateur national pour le pays Sénégal", conflict)
