"""Chasing the questionnaires from the tracker: sending from an institution's row, how
long ago each was sent, reminders logged and e-mailed, and the e-mail a respondent
reads — from the configured sender, answered to the coordinator, in its language."""

import datetime
import re

from django.core import mail
from django.test import override_settings
from django.utils import timezone

from migguide.consultation.models import Dispatch, Reminder, Response
from migguide.dossier import models as m
from migguide.testing import CastTestCase

BASE = "/countries/SEN/consultation/"


@override_settings(DEFAULT_FROM_EMAIL="Migration Guide <guide@rabat-process.example>")
class ChasingTests(CastTestCase):
    def setUp(self):
        self.inst = m.Institution.objects.get(dossier=self.dossier)

    def web_dispatch(self, *, days_ago=0, language="fr", sent_to="dg@off.example.sn"):
        dispatch = Dispatch.objects.create(
            country=self.senegal,
            institution=self.inst,
            institution_name=self.inst.name,
            form="authority",
            version="2026.2",
            channel="web",
            language=language,
            sent_to=sent_to,
        )
        Dispatch.objects.filter(pk=dispatch.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=days_ago)
        )
        dispatch.refresh_from_db()
        return dispatch

    def test_a_row_not_sent_offers_a_send_form_for_its_institution(self):
        self.client.force_login(self.member)
        page = self.client.get(BASE).content.decode()
        row = re.search(
            r'<form method="post" action="[^"]+send/" class="row-send">.*?</form>', page, re.S
        )
        self.assertIsNotNone(row)
        self.assertIn(f'name="institution" value="{self.inst.pk}"', row.group(0))
        self.assertIn("Send the web link to Office SECRET-SEN", row.group(0))
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                BASE + "send/",
                {
                    "institution": self.inst.pk,
                    "channel": "web",
                    "form": "authority",
                    "language": "fr",
                    "sent_to": "dg@off.example.sn",
                },
            )
        self.assertEqual(Dispatch.objects.get().institution, self.inst)
        self.assertEqual(len(mail.outbox), 1)
        self.client.force_login(self.reviewer)
        self.assertNotContains(self.client.get(BASE), 'class="row-send"')

    def test_the_tracker_says_how_many_days_ago_each_questionnaire_was_sent(self):
        self.web_dispatch(days_ago=12)
        self.client.force_login(self.reviewer)
        self.assertContains(self.client.get(BASE), "sent 12 days ago")
        self.client.force_login(self.coordinator)
        page = self.client.get(BASE, HTTP_ACCEPT_LANGUAGE="fr")
        self.assertContains(page, "envoyé il y a 12 jours")

    def test_a_reminder_is_logged_emailed_and_shown_on_the_row(self):
        dispatch = self.web_dispatch(days_ago=12)
        self.client.force_login(self.member)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(f"{BASE}sent/{dispatch.pk}/remind/")
        reminder = Reminder.objects.get()
        self.assertEqual((reminder.dispatch, reminder.by), (dispatch, self.member))
        self.assertEqual(len(mail.outbox), 1)
        email = mail.outbox[0]
        self.assertEqual(email.to, ["dg@off.example.sn"])
        self.assertIn(f"/q/{dispatch.token}/", email.body)
        self.assertTrue(email.subject.startswith("Rappel"))
        page = self.client.get(BASE)
        self.assertContains(page, "1 reminder, last on")

    def test_only_an_open_unanswered_link_can_be_reminded_and_only_by_editors(self):
        dispatch = self.web_dispatch()
        self.client.force_login(self.reviewer)
        self.assertEqual(self.client.post(f"{BASE}sent/{dispatch.pk}/remind/").status_code, 403)
        self.client.force_login(self.member)
        Dispatch.objects.filter(pk=dispatch.pk).update(
            expires_at=timezone.now() - datetime.timedelta(days=1)
        )
        page = self.client.post(f"{BASE}sent/{dispatch.pk}/remind/", follow=True)
        self.assertContains(page, "The link has expired: send the questionnaire again")
        answered = self.web_dispatch()
        Response.objects.create(
            country=self.senegal,
            dispatch=answered,
            institution_name=self.inst.name,
            form="authority",
            version="2026.2",
            answered_version="2026.2",
            origin="web",
            external_id="x1",
            answers={},
        )
        page = self.client.post(f"{BASE}sent/{answered.pk}/remind/", follow=True)
        self.assertContains(page, "The answers have arrived")
        self.assertFalse(Reminder.objects.exists())
        self.assertEqual(len(mail.outbox), 0)

    def test_the_respondent_email_comes_from_the_sender_and_answers_go_to_the_coordinator(self):
        dispatch = self.web_dispatch(language="fr")
        Dispatch.objects.filter(pk=dispatch.pk).update(
            expires_at=datetime.datetime(2027, 3, 15, 12, tzinfo=datetime.UTC)
        )
        self.client.force_login(self.member)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(f"{BASE}sent/{dispatch.pk}/remind/")
        email = mail.outbox[0]
        self.assertEqual(email.from_email, "Migration Guide <guide@rabat-process.example>")
        self.assertEqual(
            email.reply_to, ['"Person SECRET-SEN (Office SECRET-SEN)" <SECRET-SEN@example.org>']
        )
        self.assertIn("Person SECRET-SEN", email.body)
        self.assertIn("Merci de répondre d’ici au 15 mars 2027.", email.body)

    def test_the_first_of_the_month_is_written_as_french_writes_it(self):
        dispatch = self.web_dispatch(language="fr")
        Dispatch.objects.filter(pk=dispatch.pk).update(
            expires_at=datetime.datetime(2027, 2, 1, 12, tzinfo=datetime.UTC)
        )
        self.client.force_login(self.member)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(f"{BASE}sent/{dispatch.pk}/remind/")
        self.assertIn("Merci de répondre d’ici au 1er février 2027.", mail.outbox[0].body)

    def test_the_email_is_written_in_the_questionnaires_language(self):
        expected = {
            "fr": ("Questionnaire sur les données migratoires", "Votre personne de contact"),
            "pt": ("Questionário sobre dados migratórios", "A sua pessoa de contacto"),
            "es": ("Cuestionario sobre datos migratorios", "Su persona de contacto"),
            "ar": ("استبيان", "جهة الاتصال"),
        }
        self.client.force_login(self.member)
        for language, (subject, contact) in expected.items():
            mail.outbox.clear()
            Dispatch.objects.all().delete()
            self.client.post(
                BASE + "send/",
                {
                    "institution": self.inst.pk,
                    "channel": "web",
                    "form": "authority",
                    "language": language,
                    "sent_to": "dg@off.example.sn",
                },
            )
            with self.captureOnCommitCallbacks(execute=True):
                self.client.post(f"{BASE}sent/{Dispatch.objects.get().pk}/remind/")
            email = mail.outbox[-1]
            self.assertIn(subject.lower(), email.subject.lower(), language)
            self.assertIn(contact, email.body, language)
            self.assertNotIn("Your contact person", email.body, language)
