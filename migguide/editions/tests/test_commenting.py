"""Reviewers comment where they read: a comment link beside each section of the
edition's guide preview opens the comment form on that part, and the entry picker lists
the entries of the chosen part only."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

from migguide.dossier import models as m
from migguide.editions.models import Comment, Edition
from migguide.editions.tests.test_editions import EditionTestCase

BASE = "/countries/SEN/editions/1/"


class Links(HTMLParser):
    """Each heading of the page with the comment link that follows it."""

    def __init__(self):
        super().__init__()
        self.headings: list[list[str]] = []  # [heading text, link href, link name]
        self._in: str = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("h2", "h3"):
            self._in = tag
            self.headings.append(["", "", ""])
        if tag == "a" and self.headings and "comments/new/?guide=" in (attrs.get("href") or ""):
            self.headings[-1][1:] = [attrs["href"], attrs.get("aria-label", "")]

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = ""

    def handle_data(self, data):
        if self._in:
            self.headings[-1][0] += data


def options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select[^>]* name="{name}"[^>]*>(.*?)</select>', html, re.S)
    if select is None:
        return []
    return re.findall(r'<option value="([^"]*)"', select.group(1))


class CommentFromThePreviewTests(EditionTestCase):
    def setUp(self):
        self.edition = Edition.start(access=self.access(self.coordinator), languages=["fr"])
        self.edition.submit(access=self.access(self.coordinator))
        self.source = m.Source.objects.get(dossier=self.dossier)

    def preview(self, user) -> Links:
        self.client.force_login(user)
        page = self.client.get(BASE + "guide/fr/full.html")
        self.assertEqual(page.status_code, 200)
        links = Links()
        links.feed(page.content.decode())
        return links

    def test_every_section_heading_of_the_preview_has_a_comment_link_for_reviewers(self):
        headings = [h for h in self.preview(self.reviewer).headings if h[0].strip()]
        with_link = [h for h in headings if h[1]]
        self.assertGreater(len(with_link), 10)
        toc = next(h for h in headings if not h[1])  # the table of contents has none
        self.assertTrue(toc[0])
        for text, _href, name in with_link:
            self.assertTrue(name.endswith(text.strip()), (text, name))
            self.assertTrue(name.startswith("Commenter cette section — "), name)

    def test_the_link_opens_the_form_with_that_part_and_only_its_entries(self):
        headings = self.preview(self.reviewer).headings
        area = next(h for h in headings if "?guide=area-" in h[1])
        page = self.client.get(area[1])
        html = page.content.decode()
        self.assertContains(page, 'name="section" value="sources"')
        self.assertEqual(options(html, "entry"), ["", str(self.source.uid)])
        self.assertContains(page, "Census SECRET-SEN")
        self.assertNotContains(page, "Challenge SECRET-SEN")
        r = self.client.post(
            BASE + "comments/",
            {"section": "sources", "entry": str(self.source.uid), "text": "Which year?"},
        )
        comment = Comment.objects.get()
        self.assertRedirects(r, f"{BASE}#comment-{comment.pk}", fetch_redirect_response=False)
        self.assertEqual((comment.section, comment.entry), ("sources", str(self.source.uid)))

    def test_each_source_and_recommendation_of_the_preview_has_its_own_comment_link(self):
        self.client.force_login(self.reviewer)
        html = self.client.get(BASE + "guide/fr/full.html").content.decode()
        links = {
            unescape(href): label
            for href, label in re.findall(
                r'<a class="comment-entry" href="([^"]+)" aria-label="([^"]+)">', html
            )
        }
        recommendation = m.Recommendation.objects.get(dossier=self.dossier)
        source_link = f"{BASE}comments/new/?section=sources&entry={self.source.uid}"
        self.assertIn(source_link, links)
        self.assertEqual(links[source_link], "Commenter cette entrée — Census SECRET-SEN")
        self.assertIn(
            f"{BASE}comments/new/?section=recommendations&entry={recommendation.uid}", links
        )
        # The link opens the form on that part with that entry chosen, without a script.
        page = self.client.get(source_link).content.decode()
        self.assertIn('name="section" value="sources"', page)
        self.assertEqual(options(page, "entry"), ["", str(self.source.uid)])
        self.assertRegex(page, rf'<option value="{self.source.uid}"[^>]* selected')
        # The published files carry none of these links.
        self.assertNotIn('class="comment-entry"', self.guide_for_the_public())

    def guide_for_the_public(self) -> str:
        from migguide.editions.publishing import edition_guide
        from migguide.guide.writers import render_html

        return render_html(edition_guide(self.edition, language="fr")).decode()

    def test_people_of_another_country_do_not_reach_the_comment_form(self):
        for user in (self.mali_member, self.outsider):
            self.client.force_login(user)
            self.assertEqual(self.client.get(BASE + "comments/new/?guide=cycle").status_code, 404)

    def test_an_entry_of_another_part_is_refused(self):
        challenge = m.Challenge.objects.get(dossier=self.dossier)
        self.client.force_login(self.reviewer)
        r = self.client.post(
            BASE + "comments/",
            {"section": "sources", "entry": str(challenge.uid), "text": "Wrong part"},
            follow=True,
        )
        self.assertContains(r, "The comment could not be taken")
        self.assertFalse(Comment.objects.exists())

    def test_the_edition_page_asks_for_the_part_first_instead_of_every_entry(self):
        self.client.force_login(self.reviewer)
        html = self.client.get(BASE).content.decode()
        self.assertEqual(options(html, "entry"), [])
        parts = options(html, "section")
        self.assertIn("sources", parts)
        self.assertIn("general", parts)
        page = self.client.get(BASE + "comments/new/?section=challenges")
        challenge = m.Challenge.objects.get(dossier=self.dossier)
        self.assertEqual(options(page.content.decode(), "entry"), ["", str(challenge.uid)])
        general = self.client.get(BASE + "comments/new/?section=general").content.decode()
        self.assertEqual(options(general, "entry"), [])
        self.assertIn('name="text"', general)

    def test_the_preview_has_no_comment_links_once_comments_are_closed(self):
        """Endorsed, the edition takes no more comments: its preview offers none."""
        from migguide.editions.publishing import mark_ready

        self.edition.approve(access=self.access(self.reviewer), sha256=self.edition.sha256)
        mark_ready(self.edition, access=self.access(self.coordinator))
        self.endorse(self.edition)
        self.assertFalse(any(h[1] for h in self.preview(self.reviewer).headings))
        page = self.client.get(BASE + "comments/new/?guide=cycle")
        self.assertContains(page, "Comments are taken while an edition is in review")
        self.assertNotContains(page, 'name="text"')
