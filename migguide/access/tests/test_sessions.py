"""How long a signed-in session lasts: an idle timeout for everyone, an absolute
lifetime for endorsing authorities and staff, and pages for signed-in people kept out
of shared caches."""

import time

from django.test import Client, override_settings

from migguide.access.middleware import SESSION_SEEN, SESSION_STARTED
from migguide.testing import CastTestCase

HOUR = 3600


class SessionLifetimeTests(CastTestCase):
    def signed_in(self, user) -> Client:
        client = Client()
        client.force_login(user)
        self.assertEqual(client.get("/countries/SEN/").status_code, 200)
        return client

    def age(self, client, key, seconds):
        session = client.session
        session[key] = session.get(key, time.time()) - seconds
        session.save()

    def test_a_session_left_idle_for_two_hours_ends_with_a_sentence_saying_why(self):
        client = self.signed_in(self.member)
        self.age(client, SESSION_SEEN, 2 * HOUR + 1)
        response = client.get("/countries/SEN/")
        self.assertRedirects(
            response, "/login/?next=/countries/SEN/", fetch_redirect_response=False
        )
        page = client.get(response["Location"])
        self.assertContains(page, "You were signed out after a while without activity")
        self.assertFalse(page.wsgi_request.user.is_authenticated)
        self.assertEqual(client.get("/countries/SEN/").status_code, 302)

    def test_the_sentence_is_in_the_persons_language(self):
        self.member.language = "fr"
        self.member.save()
        client = self.signed_in(self.member)
        self.age(client, SESSION_SEEN, 2 * HOUR + 1)
        page = client.get("/countries/SEN/", follow=True)
        self.assertContains(page, "Votre session a été fermée après un moment sans activité")

    def test_activity_keeps_a_session_alive(self):
        client = self.signed_in(self.member)
        for _ in range(3):
            self.age(client, SESSION_SEEN, 2 * HOUR - 60)
            self.age(client, SESSION_STARTED, 2 * HOUR - 60)
            self.assertEqual(client.get("/countries/SEN/").status_code, 200)

    @override_settings(SESSION_IDLE_SECONDS=600)
    def test_the_idle_timeout_is_a_setting(self):
        client = self.signed_in(self.member)
        self.age(client, SESSION_SEEN, 601)
        self.assertEqual(client.get("/countries/SEN/").status_code, 302)

    def test_an_endorsers_session_ends_after_twelve_hours_however_active(self):
        client = self.signed_in(self.endorser)
        self.age(client, SESSION_STARTED, 12 * HOUR + 1)
        page = client.get("/countries/SEN/", follow=True)
        self.assertContains(page, "You were signed out because your session reached its limit")
        self.assertFalse(page.wsgi_request.user.is_authenticated)

    def test_a_staff_session_ends_after_twelve_hours_however_active(self):
        client = self.signed_in(self.staff)
        self.age(client, SESSION_STARTED, 12 * HOUR + 1)
        self.assertEqual(client.get("/countries/SEN/").status_code, 302)

    def test_a_members_active_session_outlives_twelve_hours(self):
        client = self.signed_in(self.member)
        self.age(client, SESSION_STARTED, 12 * HOUR + 1)
        self.assertEqual(client.get("/countries/SEN/").status_code, 200)


class PrivateCacheTests(CastTestCase):
    def test_a_draft_page_for_a_signed_in_person_is_private_and_not_stored(self):
        self.client.force_login(self.member)
        response = self.client.get("/countries/SEN/")
        self.assertEqual(response.status_code, 200)
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        self.assertLessEqual({"private", "no-store"}, directives)

    def test_an_export_for_a_signed_in_person_is_private_and_not_stored(self):
        self.client.force_login(self.member)
        response = self.client.get("/countries/SEN/export.json")
        self.assertEqual(response.status_code, 200)
        self.assertIn("SECRET-SEN", response.content.decode())
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        self.assertLessEqual({"private", "no-store"}, directives)

    def test_public_portal_pages_for_anonymous_visitors_are_left_cacheable(self):
        response = self.client.get("/en/")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("no-store", response.get("Cache-Control", ""))
        self.assertNotIn("private", response.get("Cache-Control", ""))
