"""The review an edition carries: reviewers approve the content they read; it goes to
endorsement only with the approvals the dialogue requires; changes to the dossier after
it froze are shown to everyone who reads it, and the coordinator can update it;
publishing asks first, then links to what was published."""

from __future__ import annotations

import datetime

from django.core import mail
from django.test import Client

from migguide.access.models import Role
from migguide.countries.models import Dialogue
from migguide.dossier import models as m
from migguide.editions.models import Comment, Edition, EditionError, Event
from migguide.editions.publishing import mark_ready
from migguide.testing import PASSWORD, make_user

from .test_editions import EditionTestCase


class ReviewTestCase(EditionTestCase):
    def login(self, user) -> Client:
        client = Client()
        client.login(username=user.username, password=PASSWORD)
        return client

    def submitted(self) -> Edition:
        edition = Edition.start(access=self.access(self.coordinator), languages=["fr"])
        edition.submit(access=self.access(self.coordinator))
        return edition

    def approve(self, edition: Edition) -> None:
        edition.approve(access=self.access(self.reviewer), sha256=edition.sha256)

    def rename_source(self, title: str) -> None:
        source = m.Source.objects.filter(dossier=self.dossier).order_by("pk").first()
        source.title = title
        source.save()


class ApprovalTests(ReviewTestCase):
    def test_send_for_endorsement_is_neither_offered_nor_accepted_before_a_reviewer_approves(
        self,
    ):
        edition = self.submitted()
        self.assertNotIn("ready", edition.moves_for(self.access(self.coordinator)))
        page = self.login(self.coordinator).get("/countries/SEN/editions/1/")
        self.assertNotContains(page, "Send for endorsement")
        self.assertContains(page, "1 more approval is needed")
        with self.assertRaisesMessage(EditionError, "1 more approval is needed"):
            mark_ready(edition, access=self.access(self.coordinator))

        page = self.login(self.reviewer).post(
            "/countries/SEN/editions/1/approve/",
            {"seen_state": "review", "sha256": edition.sha256},
            follow=True,
        )
        self.assertContains(page, f"Approved by {self.reviewer}")
        self.assertNotContains(page, "Approve this content")  # once is enough
        edition.refresh_from_db()
        self.assertIn("ready", edition.moves_for(self.access(self.coordinator)))
        mark_ready(edition, access=self.access(self.coordinator))
        self.assertEqual(edition.state, "ready")

    def test_the_dialogue_sets_how_many_approvals_are_needed(self):
        Dialogue.objects.filter(is_default=True).update(review_approvals=2)
        second = self.make_reviewer("reviewer2")
        edition = self.submitted()
        self.approve(edition)
        with self.assertRaisesMessage(EditionError, "1 more approval is needed"):
            mark_ready(edition, access=self.access(self.coordinator))
        edition.approve(access=self.access(second), sha256=edition.sha256)
        mark_ready(edition, access=self.access(self.coordinator))
        self.assertEqual(edition.state, "ready")

    def make_reviewer(self, username):
        user = make_user(username)
        Role.objects.create(user=user, country=self.senegal, kind=Role.Kind.REVIEWER)
        return user

    def test_only_reviewers_approve_and_only_the_content_they_read(self):
        edition = self.submitted()
        for user in (self.coordinator, self.member, self.endorser):
            with self.assertRaisesMessage(EditionError, "Only reviewers approve an edition"):
                edition.approve(access=self.access(user), sha256=edition.sha256)
            self.assertNotIn("approve", edition.moves_for(self.access(user)))
        with self.assertRaisesMessage(EditionError, "is not the one you read"):
            edition.approve(access=self.access(self.reviewer), sha256="0" * 64)
        self.approve(edition)
        with self.assertRaisesMessage(EditionError, "approved this content already"):
            self.approve(edition)
        self.assertEqual(edition.approvals.count(), 1)
        self.assertEqual(
            list(edition.events.values_list("action", "by")),
            [("start", self.coordinator.pk), ("submit", self.coordinator.pk)]
            + [("approve", self.reviewer.pk)],
        )

    def test_a_reviewer_who_approved_cannot_become_its_endorser(self):
        edition = self.submitted()
        self.approve(edition)
        mark_ready(edition, access=self.access(self.coordinator))
        role = Role.objects.create(user=self.reviewer, country=self.senegal, kind="endorser")
        Role.objects.filter(user=self.reviewer, kind="reviewer").delete()
        role.confirmed_at = datetime.datetime.now(datetime.UTC)
        role.save()
        self.assertIn(
            "You reviewed this edition", edition.endorsement_conflict(self.access(self.reviewer))
        )


class ChangesAfterFreezingTests(ReviewTestCase):
    WARNING = "The dossier changed after this edition froze"

    def test_nothing_is_announced_while_the_dossier_is_as_frozen(self):
        self.submitted()
        for user in (self.coordinator, self.reviewer):
            self.assertNotContains(self.login(user).get("/countries/SEN/editions/1/"), self.WARNING)

    def test_the_edition_the_reviewers_and_the_endorsement_page_list_the_changes(self):
        edition = self.submitted()
        self.approve(edition)
        mark_ready(edition, access=self.access(self.coordinator))
        self.rename_source("Census corrected after review")
        for user in (self.coordinator, self.reviewer):
            page = self.login(user).get("/countries/SEN/editions/1/")
            self.assertContains(page, self.WARNING)
            self.assertContains(page, "Census corrected after review")
        self.assertContains(
            self.login(self.coordinator).get("/countries/SEN/editions/1/"),
            "Update the edition with the dossier as it is now",
        )
        self.assertNotContains(
            self.login(self.reviewer).get("/countries/SEN/editions/1/"),
            "Update the edition with the dossier as it is now",
        )
        page = self.login(self.endorser).get("/countries/SEN/editions/1/endorse/")
        self.assertContains(page, self.WARNING)
        self.assertContains(page, "Census corrected after review")

    def test_updating_the_edition_freezes_the_fix_keeps_comments_and_asks_for_approval_again(
        self,
    ):
        edition = self.submitted()
        source = edition.snapshot["dossier"]["sources"][0]
        comment = Comment.add(
            access=self.access(self.reviewer),
            edition=edition,
            section="sources",
            entry=source["id"],
            text="The title is wrong",
        )
        comment.resolve(access=self.access(self.coordinator))
        self.approve(edition)
        mark_ready(edition, access=self.access(self.coordinator))
        old_hash = edition.sha256
        self.rename_source("Census corrected after review")
        # The reviewer reads English (without a language, e-mail comes in the team's).
        self.reviewer.language = "en"
        self.reviewer.save()
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            page = self.login(self.coordinator).post(
                "/countries/SEN/editions/1/refreeze/", {"seen_state": "ready"}, follow=True
            )
        self.assertNotContains(page, self.WARNING)
        self.assertContains(page, "1 more approval is needed")
        self.assertContains(page, "The title is wrong")  # the comment is kept
        edition.refresh_from_db()
        self.assertEqual(edition.state, "review")
        self.assertNotEqual(edition.sha256, old_hash)
        self.assertTrue(edition.check_integrity())
        titles = [s.title for s in edition.frozen.entries("sources")]
        self.assertIn("Census corrected after review", titles)
        self.assertEqual(edition.approvals_missing(), 1)
        self.assertEqual(edition.comments.count(), 1)
        self.assertEqual(edition.events.last().action, Event.Action.REFREEZE)
        self.assertEqual([m.to for m in mail.outbox], [[self.reviewer.email]])
        self.assertIn("read it again", mail.outbox[0].subject)
        # Approved again, it goes to endorsement with the fix in it.
        self.approve(edition)
        mark_ready(edition, access=self.access(self.coordinator))
        self.assertEqual(edition.state, "ready")

    def test_updating_is_refused_when_nothing_changed_or_by_anyone_but_the_coordinator(self):
        edition = self.submitted()
        with self.assertRaisesMessage(EditionError, "has not changed since edition 1 froze"):
            edition.refreeze(access=self.access(self.coordinator))
        self.rename_source("Renamed")
        with self.assertRaisesMessage(EditionError, "does not allow you to update it"):
            edition.refreeze(access=self.access(self.reviewer))
        r = self.login(self.reviewer).post(
            "/countries/SEN/editions/1/refreeze/", {"seen_state": "review"}
        )
        self.assertEqual(r.status_code, 403)


class PublishingTests(ReviewTestCase):
    def test_publishing_asks_first_then_links_to_the_public_page_and_files(self):
        edition = self.ready_edition()
        self.endorse(edition)
        coordinator = self.login(self.coordinator)
        page = coordinator.get("/countries/SEN/editions/1/")
        self.assertContains(page, 'href="/countries/SEN/editions/1/publish/"')
        page = coordinator.get("/countries/SEN/editions/1/publish/")
        self.assertContains(page, "It cannot be undone")
        self.assertContains(page, "Yes, publish this edition")
        edition.refresh_from_db()
        self.assertEqual(edition.state, "endorsed")  # asking changed nothing

        page = coordinator.post(
            "/countries/SEN/editions/1/publish/", {"seen_state": "endorsed"}, follow=True
        )
        edition.refresh_from_db()
        self.assertEqual(edition.state, "published")
        self.assertContains(page, 'href="/fr/countries/sen/"')
        for file in edition.files.all():
            self.assertContains(page, f'href="{file.url}"')
        self.assertContains(
            coordinator.get("/countries/SEN/editions/1/publish/"), "it cannot be published now"
        )
