"""The home page is a to-do list per person and role — answers to review, comments to
answer, editions to review, endorse or publish, late phases, translations — each task a
link to where it is done; the same list goes out weekly to those who ask for it."""

from __future__ import annotations

import datetime
import io
import re

from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from migguide.access.models import Role
from migguide.activity.models import Schedule
from migguide.consultation import importing
from migguide.consultation.questionnaires import QUESTIONNAIRES
from migguide.consultation.samples import kobo_xlsx
from migguide.countries.models import Dialogue
from migguide.dossier import models as m
from migguide.editions.models import Comment
from migguide.testing import CastTestCase, frozen_edition, make_user, translate_all

HOME = "/"


def tasks(page) -> list[tuple[str, str]]:
    """(text, link) of every task of the to-do list, as a reader follows them."""
    html = page.content.decode()
    section = html[html.index('id="todo-title"') : html.index('id="countries-title"')]
    return [
        (re.sub(r"\s+", " ", text).strip(), link)
        for link, text in re.findall(r'<li><a href="([^"]+)">([^<]+)</a>', section)
    ]


class ToDoHomeTests(CastTestCase):
    def home(self, user):
        client = Client()
        client.force_login(user)
        page = client.get(HOME)
        self.assertEqual(page.status_code, 200)
        return page

    def answers(self):
        inst = m.Institution.objects.get(dossier=self.dossier)
        answers = {
            "institution": {"name": inst.name, "kind": "statistics"},
            "respondent": {"name": "Awa", "email": "awa@example.org"},
            "sources": [{"ref": "new", "title": "Labour survey", "kind": "survey"}],
        }
        data = kobo_xlsx(QUESTIONNAIRES["authority"], [(inst.uid.hex, answers)], country="SEN")
        return importing.import_bytes("kobo.xlsx", data, country=self.senegal).added[0]

    def test_a_new_response_is_a_task_of_the_coordinator_and_member_with_a_link_to_its_review(
        self,
    ):
        response = self.answers()
        link = f"/countries/SEN/consultation/responses/{response.pk}/"
        for user in (self.coordinator, self.member):
            found = tasks(self.home(user))
            self.assertTrue(
                any(href == link and "Office SECRET-SEN" in text for text, href in found), found
            )
        self.assertFalse(any(href == link for _t, href in tasks(self.home(self.reviewer))))
        # The link leads to the review, which the coordinator may open.
        client = Client()
        client.force_login(self.coordinator)
        self.assertEqual(client.get(link).status_code, 200)

    def test_an_edition_in_review_is_the_reviewers_task_and_its_open_comments_the_coordinators(
        self,
    ):
        edition = frozen_edition(self.dossier, state="review")
        Comment.objects.create(edition=edition, author=self.reviewer, text="Add the census")
        reviewer = tasks(self.home(self.reviewer))
        self.assertIn(
            ("Edition 1 of the guide waits for your review", "/countries/SEN/editions/1/"),
            reviewer,
        )
        coordinator = tasks(self.home(self.coordinator))
        self.assertIn(
            ("1 open comment on edition 1", "/countries/SEN/editions/1/#comments-title"),
            coordinator,
        )
        self.assertNotIn("Edition 1 of the guide waits for your review", dict(coordinator))
        self.assertEqual(tasks(self.home(self.mali_member)), [])

    def test_the_endorsing_authority_is_sent_straight_to_the_endorsement_form(self):
        frozen_edition(self.dossier, state="ready")
        self.assertIn(
            (
                "Edition 1 of the guide waits for your endorsement",
                "/countries/SEN/editions/1/endorse/",
            ),
            tasks(self.home(self.endorser)),
        )
        frozen_edition(self.other_dossier, state="endorsed")
        mali_coordinator = make_user("mali-coordinator")
        Role.objects.create(user=mali_coordinator, country=self.mali, kind="coordinator")
        self.assertIn(
            ("Edition 1 of the guide is endorsed: publish it", "/countries/MLI/editions/1/"),
            tasks(self.home(mali_coordinator)),
        )

    def test_a_late_phase_is_a_task_of_the_coordinator_and_of_consortium_staff(self):
        dialogue = Dialogue.objects.get(is_default=True)
        phase = dialogue.phases.get(code="workshops")
        Schedule.objects.create(
            country=self.senegal,
            phase=phase,
            planned_start=timezone.localdate() - datetime.timedelta(days=40),
            planned_end=timezone.localdate() - datetime.timedelta(days=10),
        )
        for user in (self.coordinator, self.staff):
            found = tasks(self.home(user))
            [late] = [t for t in found if t[1].startswith("/countries/SEN/timetable/")]
            self.assertEqual(late[1], "/countries/SEN/timetable/#phase-workshops")
            self.assertIn("planned for", late[0])
        self.assertEqual(tasks(self.home(self.member)), [])
        # The anchor exists on the timetable.
        client = Client()
        client.force_login(self.coordinator)
        self.assertContains(client.get("/countries/SEN/timetable/"), 'id="phase-workshops"')

    def test_missing_and_outdated_translations_are_a_task_until_they_are_done(self):
        translate_all(self.dossier, "en")
        self.assertEqual(tasks(self.home(self.coordinator)), [])
        source = m.Source.objects.get(dossier=self.dossier)
        source.description = "A new description"
        source.save()
        m.touch_dossier(self.dossier.pk)
        found = tasks(self.home(self.coordinator))
        self.assertEqual(
            found,
            [
                (
                    "English: 1 text to translate or bring up to date",
                    "/countries/SEN/#translations",
                )
            ],
        )

    def test_the_home_says_when_nothing_waits_and_lists_the_countries_in_french(self):
        self.coordinator.language = "fr"
        self.coordinator.save()
        page = self.home(self.coordinator)
        self.assertEqual(tasks(page), [])
        self.assertContains(page, "Rien ne vous attend")
        self.assertContains(page, "Sénégal")


class WeeklyDigestTests(CastTestCase):
    def test_the_weekly_email_goes_to_who_asked_with_each_task_and_its_link(self):
        frozen_edition(self.dossier, state="review")
        client = Client()
        client.force_login(self.reviewer)
        page = client.post("/account/", {"weekly_digest": "on"}, follow=True)
        self.assertContains(page, "Your settings are saved.")
        self.coordinator.weekly_digest = True  # nothing to do: no e-mail
        self.coordinator.save()
        out = io.StringIO()
        call_command("todo", "digest", stdout=out)
        self.assertIn("Sent 1 to-do e-mails.", out.getvalue())
        [message] = mail.outbox
        self.assertEqual(message.to, [self.reviewer.email])
        self.assertIn("Edition 1 of the guide waits for your review", message.body)
        self.assertIn("http://localhost:8000/countries/SEN/editions/1/", message.body)
        self.assertIn("/account/", message.body)

    def test_a_person_who_did_not_ask_receives_nothing(self):
        frozen_edition(self.dossier, state="review")
        call_command("todo", "digest", stdout=io.StringIO())
        self.assertEqual(mail.outbox, [])
