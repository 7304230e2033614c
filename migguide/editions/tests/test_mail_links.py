"""Every e-mail about an edition links to where the person acts: the endorsing
authority to the endorsement form, the coordinator to the comment itself."""

from __future__ import annotations

import re

from django.core import mail
from django.test import Client

from migguide.access.models import Access
from migguide.editions.models import Comment, Edition
from migguide.editions.publishing import mark_ready
from migguide.testing import CastTestCase


def link_in(message) -> str:
    return re.search(r"http://localhost:8000(/\S+)", message.body).group(1)


class EditionMailLinkTests(CastTestCase):
    def access(self, user) -> Access:
        return Access.of(user, self.senegal)

    def test_the_endorsing_authority_is_sent_to_the_endorsement_form(self):
        edition = Edition.start(access=self.access(self.coordinator), languages=["fr"])
        with self.captureOnCommitCallbacks(execute=True):
            edition.submit(access=self.access(self.coordinator))
        self.assertEqual(link_in(mail.outbox[-1]), f"/countries/SEN/editions/{edition.number}/")
        with self.captureOnCommitCallbacks(execute=True):
            edition.approve(access=self.access(self.reviewer), sha256=edition.sha256)
            mark_ready(edition, access=self.access(self.coordinator))
        self.assertEqual(mail.outbox[-1].to, [self.endorser.email])
        link = link_in(mail.outbox[-1])
        self.assertEqual(link, f"/countries/SEN/editions/{edition.number}/endorse/")
        client = Client()
        client.force_login(self.endorser)
        self.assertContains(client.get(link), edition.sha256)

    def test_a_new_comment_links_to_the_comment_on_the_edition_page(self):
        edition = Edition.start(access=self.access(self.coordinator), languages=["fr"])
        edition.submit(access=self.access(self.coordinator))
        with self.captureOnCommitCallbacks(execute=True):
            comment = Comment.add(
                access=self.access(self.reviewer), edition=edition, text="Add the census"
            )
        self.assertIn(self.coordinator.email, mail.outbox[-1].to)
        link = link_in(mail.outbox[-1])
        self.assertEqual(link, f"/countries/SEN/editions/{edition.number}/#comment-{comment.pk}")
        client = Client()
        client.force_login(self.coordinator)
        self.assertContains(client.get(link.split("#")[0]), f'id="comment-{comment.pk}"')
