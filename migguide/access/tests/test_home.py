"""The home page is a to-do list per person and role — answers to review, comments to
answer, editions to review, endorse or publish, late phases, translations — each task a
link to where it is done; the same list goes out weekly to those who ask for it."""

from __future__ import annotations

import datetime
import io
import re
import smtplib
from unittest import mock

from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from migguide.access import todo
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


def listed(page) -> list[tuple[str, str]]:
    """(text, link) of every task of a full to-do list page."""
    html = page.content.decode()
    section = html[html.index('<ul class="todo-list">') :]
    section = section[: section.index("</ul>")]
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


class ToDoGroupsTests(CastTestCase):
    """A long list is unreadable: each kind of task shows its few most urgent, with the
    count and a link to all of them, by pages."""

    def setUp(self):
        # Every phase of Senegal's timetable late, each planned to end 5 days before
        # the one before it: the last phase has waited the longest.
        today = timezone.localdate()
        phases = list(Dialogue.objects.get(is_default=True).phases.order_by("position"))
        for i, phase in enumerate(phases):
            Schedule.objects.create(
                country=self.senegal,
                phase=phase,
                planned_start=today - datetime.timedelta(days=200),
                planned_end=today - datetime.timedelta(days=10 + 5 * i),
            )
        self.oldest_first = [f"/countries/SEN/timetable/#phase-{p.code}" for p in reversed(phases)]
        self.client.force_login(self.coordinator)

    def late(self, found) -> list[str]:
        return [link for _text, link in found if "/timetable/#phase-" in link]

    def test_the_home_shows_the_five_longest_waiting_with_the_count_and_a_link_to_all(self):
        page = self.client.get(HOME)
        full = self.late(listed(self.client.get("/to-do/phases/")))
        self.assertGreater(len(full), 5)
        # The full list: every late phase, the longest waiting first.
        self.assertEqual(full, [link for link in self.oldest_first if link in full])
        self.assertEqual(self.late(tasks(page)), full[:5])
        html = page.content.decode()
        self.assertIn(f'Overdue phases <span class="muted">({len(full)})</span>', html)
        self.assertIn(f'<a href="/to-do/phases/">All {len(full)} tasks: Overdue phases</a>', html)

    def test_the_full_list_goes_by_pages(self):
        full = self.late(listed(self.client.get("/to-do/phases/")))
        with mock.patch("migguide.access.views.TODO_PAGE", 4):
            first = self.client.get("/to-do/phases/")
            second = self.client.get("/to-do/phases/?page=2")
        self.assertEqual(self.late(listed(first)), full[:4])
        self.assertEqual(self.late(listed(second)), full[4:8])
        self.assertContains(first, 'href="?page=2"')
        self.assertContains(second, 'href="?page=1"')

    def test_a_kind_with_few_tasks_has_no_link_to_more_and_an_unknown_kind_is_not_found(self):
        edition = frozen_edition(self.dossier, state="review")
        Comment.objects.create(edition=edition, author=self.reviewer, text="Add the census")
        html = self.client.get(HOME).content.decode()
        self.assertIn('Comments to answer <span class="muted">(1)</span>', html)
        self.assertNotIn('href="/to-do/comments/"', html)
        self.assertEqual(self.client.get("/to-do/elsewhere/").status_code, 404)

    def test_each_person_sees_only_their_own_tasks_and_must_sign_in(self):
        self.assertTrue(self.late(listed(self.client.get("/to-do/phases/"))))
        member = Client()
        member.force_login(self.member)
        self.assertContains(member.get("/to-do/phases/"), "Nothing waits for you here any more.")
        anonymous = Client().get("/to-do/phases/")
        self.assertEqual(anonymous.status_code, 302)
        self.assertIn("/login/", anonymous["Location"])

    def test_the_full_list_is_in_french_for_a_french_speaker(self):
        self.coordinator.language = "fr"
        self.coordinator.save()
        page = self.client.get("/to-do/phases/")
        self.assertContains(page, "Phases en retard")
        self.assertContains(page, "le plus ancien d’abord")


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

    def test_run_again_in_the_same_week_nobody_is_written_to_twice(self):
        # A killed worker's task is run again, cron fires twice: one e-mail a week.
        frozen_edition(self.dossier, state="review")
        self.reviewer.weekly_digest = True
        self.reviewer.save()
        monday, friday = datetime.date(2026, 11, 30), datetime.date(2026, 12, 4)
        self.assertEqual(todo.digest(today=monday), 1)
        self.assertEqual(todo.digest(today=friday), 0)
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(todo.digest(today=monday + datetime.timedelta(days=7)), 1)
        self.assertEqual(len(mail.outbox), 2)

    def test_a_message_the_mail_server_refused_is_sent_by_the_next_run(self):
        frozen_edition(self.dossier, state="review")
        self.reviewer.weekly_digest = True
        self.reviewer.save()
        with (
            mock.patch(
                "django.core.mail.EmailMessage.send", side_effect=smtplib.SMTPServerDisconnected
            ),
            self.assertRaises(smtplib.SMTPServerDisconnected),
        ):
            todo.digest()
        self.assertEqual(mail.outbox, [])
        self.assertEqual(todo.digest(), 1)
        self.assertEqual(mail.outbox[0].to, [self.reviewer.email])
