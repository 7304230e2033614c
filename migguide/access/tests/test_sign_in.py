"""Sign-in with the e-mail address the account was invited at, whatever its case, or
with the username; the form asks for the e-mail address; an invitation says what the
role offered may do before it is accepted."""

from __future__ import annotations

from django.test import Client

from migguide.access.models import Invitation, SignInFailure, User
from migguide.testing import PASSWORD, CastTestCase


class SignInByEmailTests(CastTestCase):
    def sign_in(self, name, password=PASSWORD):
        client = Client(REMOTE_ADDR="198.51.100.7")
        response = client.post("/login/", {"username": name, "password": password})
        return response, "_auth_user_id" in client.session

    def test_the_email_address_signs_in_whatever_its_case(self):
        self.coordinator.email = "Fatou.Sow@Example.org"
        self.coordinator.save()
        for typed in ("fatou.sow@example.org", "FATOU.SOW@EXAMPLE.ORG", " Fatou.Sow@example.org "):
            response, signed_in = self.sign_in(typed)
            self.assertEqual(response.status_code, 302, typed)
            self.assertTrue(signed_in, typed)

    def test_the_username_still_signs_in_and_a_wrong_password_does_not(self):
        self.assertTrue(self.sign_in("coordinator")[1])
        self.assertTrue(self.sign_in("Coordinator")[1])
        response, signed_in = self.sign_in("coordinator@example.org", "wrong")
        self.assertFalse(signed_in)
        self.assertEqual(response.status_code, 200)

    def test_an_address_shared_by_two_accounts_signs_in_neither_but_their_usernames_do(self):
        User.objects.create_user("twin", email="coordinator@example.org", password=PASSWORD)
        self.assertFalse(self.sign_in("coordinator@example.org")[1])
        self.assertTrue(self.sign_in("twin")[1])

    def test_an_inactive_account_cannot_sign_in_by_address(self):
        self.member.is_active = False
        self.member.save()
        self.assertFalse(self.sign_in("member@example.org")[1])

    def test_failures_count_for_the_address_in_any_case(self):
        for typed in ("Member@example.org", "MEMBER@EXAMPLE.ORG", "member@Example.org"):
            self.sign_in(typed, "wrong")
        self.assertEqual(
            set(SignInFailure.objects.values_list("username", flat=True)), {"member@example.org"}
        )
        response, signed_in = self.sign_in("member@example.org")
        self.assertFalse(signed_in)
        self.assertContains(response, "Too many failed sign-ins")

    def test_the_form_asks_for_the_email_address_in_the_persons_language(self):
        page = Client(headers={"accept-language": "fr"}).get("/login/")
        self.assertContains(page, "Adresse électronique")
        self.assertContains(page, 'inputmode="email"')
        self.assertContains(page, 'autocomplete="username"')

    def test_an_account_made_by_an_invitation_signs_in_by_its_address_at_once(self):
        invitation = Invitation.objects.create(
            country=self.senegal, email="awa.diallo@example.org", kind="member"
        )
        newcomer = Client()
        newcomer.post(
            f"/invitations/{invitation.token}/",
            {
                "first_name": "Awa",
                "last_name": "Diallo",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
        # Still signed in on the next page (the session names a backend that exists).
        self.assertEqual(newcomer.get("/countries/SEN/sources/").status_code, 200)
        self.assertTrue(self.sign_in("Awa.Diallo@example.org")[1])


class InvitationSaysWhatTheRoleMayDoTests(CastTestCase):
    def test_a_reviewer_is_told_before_accepting_what_a_reviewer_may_do(self):
        invitation = Invitation.objects.create(
            country=self.senegal, email="outsider@example.org", kind="reviewer"
        )
        client = Client()
        client.force_login(self.outsider)
        page = client.get(f"/invitations/{invitation.token}/")
        self.assertContains(page, "As reviewer, you may")
        self.assertContains(page, "comment on the editions of the guide and ask for changes")
        self.assertNotContains(page, "invite the workgroup")

    def test_a_newcomer_invited_as_coordinator_reads_it_in_french_on_the_sign_up_form(self):
        invitation = Invitation.objects.create(
            country=self.senegal, email="awa.diallo@example.org", kind="coordinator"
        )
        page = Client(headers={"accept-language": "fr"}).get(f"/invitations/{invitation.token}/")
        self.assertContains(page, "En tant que coordonnateur national, vous pourrez")
        self.assertContains(page, "inviter le groupe de travail et attribuer les rôles")
