"""Changing one's password when signed in, and setting a new one by e-mail when it is
forgotten: Django's own views with our pages, throttled, and silent about which
addresses have an account."""

import re

from django.core import mail
from django.test import Client, override_settings

from migguide.testing import PASSWORD, CastTestCase

NEW = "a quite different passphrase 7"


def main_text(response) -> str:
    return re.search(r"<main.*</main>", response.content.decode(), re.S)[0]


def signs_in(username, password) -> bool:
    response = Client(REMOTE_ADDR="192.0.2.200").post(
        "/login/", {"username": username, "password": password}
    )
    return "_auth_user_id" in response.wsgi_request.session


class PasswordChangeTests(CastTestCase):
    def test_the_account_menu_leads_to_changing_the_password(self):
        self.client.force_login(self.member)
        self.assertContains(self.client.get("/"), 'href="/account/password/"')

    def test_a_signed_in_person_changes_their_password_and_stays_signed_in(self):
        self.client.force_login(self.member)
        page = self.client.get("/account/password/")
        self.assertContains(page, "Change your password")
        response = self.client.post(
            "/account/password/",
            {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
            follow=True,
        )
        self.assertContains(response, "Your password was changed.")
        self.assertEqual(self.client.get("/countries/SEN/").status_code, 200)
        self.assertTrue(signs_in("member", NEW))
        self.assertFalse(signs_in("member", PASSWORD))

    def test_the_old_password_must_be_right(self):
        self.client.force_login(self.member)
        page = self.client.post(
            "/account/password/",
            {"old_password": "wrong", "new_password1": NEW, "new_password2": NEW},
        )
        self.assertContains(page, "Your old password was entered incorrectly")
        self.assertTrue(signs_in("member", PASSWORD))

    def test_wrong_old_passwords_are_throttled_like_sign_ins(self):
        self.client.force_login(self.member)
        for _ in range(3):
            self.client.post(
                "/account/password/",
                {"old_password": "wrong", "new_password1": NEW, "new_password2": NEW},
            )
        page = self.client.post(
            "/account/password/",
            {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
        )
        self.assertContains(page, "Too many failed sign-ins")
        self.assertTrue(signs_in("member", PASSWORD))

    def test_changing_it_needs_to_be_signed_in(self):
        response = self.client.get("/account/password/")
        self.assertRedirects(
            response, "/login/?next=/account/password/", fetch_redirect_response=False
        )


class PasswordResetTests(CastTestCase):
    def request_reset(self, email, address="198.51.100.7"):
        return Client(REMOTE_ADDR=address).post(
            "/account/password/reset/", {"email": email}, follow=True
        )

    def link_in(self, message) -> str:
        return re.search(r"https?://testserver(/account/password/reset/\S+/)", message.body)[1]

    def test_the_sign_in_page_leads_to_resetting_a_forgotten_password(self):
        self.assertContains(self.client.get("/login/"), 'href="/account/password/reset/"')

    def test_a_forgotten_password_is_reset_through_the_link_sent_by_e_mail(self):
        page = self.request_reset("Member@Example.org")
        self.assertContains(page, "If an account has this address")
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["member@example.org"])
        self.assertIn("Set a new password", mail.outbox[0].subject)
        form = self.client.get(self.link_in(mail.outbox[0]), follow=True)
        self.assertContains(form, "Choose a new password")
        done = self.client.post(
            form.redirect_chain[-1][0],
            {"new_password1": NEW, "new_password2": NEW},
            follow=True,
        )
        self.assertContains(done, "Your new password is set: sign in with it.")
        self.assertTrue(signs_in("member", NEW))
        self.assertFalse(signs_in("member", PASSWORD))
        # The link served once.
        again = self.client.get(self.link_in(mail.outbox[0]), follow=True)
        self.assertContains(again, "This link is no longer valid")

    def test_the_e_mail_is_in_the_persons_language(self):
        self.member.language = "fr"
        self.member.save()
        self.request_reset("member@example.org")
        self.assertIn("Choisir un nouveau mot de passe", mail.outbox[0].subject)
        self.assertIn("Pour choisir un nouveau mot de passe", mail.outbox[0].body)

    def test_an_unknown_address_gets_the_same_answer_and_no_mail(self):
        known = self.request_reset("member@example.org")
        unknown = self.request_reset("nobody@example.org")
        self.assertEqual(unknown.redirect_chain, known.redirect_chain)
        self.assertEqual(main_text(unknown), main_text(known))
        self.assertEqual(len(mail.outbox), 1)

    def test_requests_for_one_address_are_throttled_without_saying_so(self):
        for n in range(5):
            page = self.request_reset("member@example.org", address=f"198.51.100.{n}")
            self.assertContains(page, "If an account has this address")
        self.assertEqual(len(mail.outbox), 3)

    @override_settings(PASSWORD_RESETS_PER_ADDRESS=2)
    def test_requests_from_one_address_are_throttled(self):
        self.request_reset("member@example.org")
        self.request_reset("reviewer@example.org")
        page = self.request_reset("endorser@example.org")
        self.assertContains(page, "Too many requests from your address")
        self.assertEqual(len(mail.outbox), 2)
        self.request_reset("endorser@example.org", address="192.0.2.1")
        self.assertEqual(len(mail.outbox), 3)
