"""The optional second factor (TOTP): turning it on, signing in with it, replay and
throttling, and an instance that requires it of endorsers and staff."""

import pyotp
from django.test import override_settings
from django.utils import timezone

from migguide.access.models import SecondFactor, SignInFailure
from migguide.testing import PASSWORD, CastTestCase


def code_for(factor: SecondFactor, offset: int = 0) -> str:
    totp = pyotp.TOTP(factor.secret)
    return totp.at(timezone.now().timestamp() + offset * totp.interval)


class SecondFactorTests(CastTestCase):
    def sign_in(self, username, follow=False):
        return self.client.post(
            "/login/", {"username": username, "password": PASSWORD}, follow=follow
        )

    def turn_on(self, user) -> SecondFactor:
        self.client.force_login(user)
        page = self.client.get("/account/second-factor/")
        self.assertContains(page, "data:image/svg+xml")  # the QR code, drawn here
        factor = SecondFactor.objects.get(user=user)
        self.assertContains(page, factor.secret)
        self.assertEqual(
            self.client.get("/account/second-factor/").context["factor"].secret, factor.secret
        )
        wrong = self.client.post("/account/second-factor/", {"action": "confirm", "code": "000000"})
        self.assertContains(wrong, "This code is not right")
        self.client.post("/account/second-factor/", {"action": "confirm", "code": code_for(factor)})
        factor.refresh_from_db()
        self.assertTrue(factor.is_active)
        self.client.logout()
        return factor

    def test_with_an_app_the_password_alone_does_not_sign_in(self):
        factor = self.turn_on(self.member)
        response = self.sign_in("member")
        self.assertRedirects(response, "/login/code/", fetch_redirect_response=False)
        self.assertEqual(self.client.get("/countries/SEN/").status_code, 302)  # not signed in
        page = self.client.post("/login/code/", {"code": "123456"})
        self.assertContains(page, "This code is not right")
        self.client.post("/login/code/", {"code": code_for(factor, +1)})
        self.assertEqual(self.client.get("/countries/SEN/").status_code, 200)

    def test_a_used_code_cannot_be_used_again(self):
        factor = self.turn_on(self.member)
        code = code_for(factor, +1)
        self.sign_in("member")
        self.client.post("/login/code/", {"code": code})
        self.client.logout()
        self.sign_in("member")
        page = self.client.post("/login/code/", {"code": code})
        self.assertContains(page, "or was used already")
        self.assertEqual(self.client.get("/countries/SEN/").status_code, 302)

    def test_wrong_codes_are_throttled_like_passwords(self):
        factor = self.turn_on(self.member)
        self.sign_in("member")
        for _ in range(5):
            self.client.post("/login/code/", {"code": "000000"})
        page = self.client.post("/login/code/", {"code": code_for(factor)})
        self.assertContains(page, "Too many failed sign-ins")
        self.assertEqual(SignInFailure.objects.filter(username="member", kind="code").count(), 5)

    def test_wrong_codes_add_up_across_password_re_entries_and_are_refused_after_the_limit(self):
        factor = self.turn_on(self.member)
        for _ in range(3):
            self.assertRedirects(self.sign_in("member"), "/login/code/", target_status_code=200)
            for _ in range(2):
                page = self.client.post("/login/code/", {"code": "000000"})
        self.assertContains(page, "Too many failed sign-ins")
        # The right password again does not open the door, nor does the right code.
        self.sign_in("member")
        page = self.client.post("/login/code/", {"code": code_for(factor)})
        self.assertContains(page, "Too many failed sign-ins")
        self.assertEqual(self.client.get("/countries/SEN/").status_code, 302)

    def test_wrong_codes_do_not_stop_the_account_from_other_addresses_before_the_password(self):
        # The code counter only grows once the password was right: the owner's own sign-in
        # page is not paused by an outsider who does not know the password.
        self.turn_on(self.member)
        for _ in range(10):
            self.client.post(
                "/login/", {"username": "member", "password": "wrong"}, REMOTE_ADDR="203.0.113.66"
            )
        self.assertFalse(SignInFailure.objects.filter(kind="code").exists())
        self.assertRedirects(self.sign_in("member"), "/login/code/", target_status_code=200)

    def test_a_right_code_resets_the_code_counter(self):
        factor = self.turn_on(self.member)
        self.sign_in("member")
        for _ in range(4):
            self.client.post("/login/code/", {"code": "000000"})
        self.client.post("/login/code/", {"code": code_for(factor, +1)})
        self.assertEqual(self.client.get("/countries/SEN/").status_code, 200)
        self.assertFalse(SignInFailure.objects.filter(username="member", kind="code").exists())
        self.client.logout()
        self.sign_in("member")
        for _ in range(5):  # four more, and a fifth still answered: the count started again
            page = self.client.post("/login/code/", {"code": "000000"})
        self.assertContains(page, "This code is not right")
        self.assertNotContains(page, "Too many failed sign-ins")

    def test_turning_it_off_takes_a_code(self):
        factor = self.turn_on(self.member)
        self.client.force_login(self.member)
        self.client.post("/account/second-factor/", {"action": "remove", "code": "000000"})
        self.assertTrue(SecondFactor.objects.filter(user=self.member).exists())
        self.client.post(
            "/account/second-factor/", {"action": "remove", "code": code_for(factor, 1)}
        )
        self.assertFalse(SecondFactor.objects.filter(user=self.member).exists())

    @override_settings(SECOND_FACTOR_REQUIRED_FOR=["endorser", "staff"])
    def test_an_instance_can_require_it_of_endorsers_and_staff(self):
        self.client.force_login(self.endorser)
        self.assertRedirects(
            self.client.get("/countries/SEN/editions/"),
            "/account/second-factor/",
            fetch_redirect_response=False,
        )
        self.assertEqual(self.client.post("/countries/SEN/editions/2/endorse/").status_code, 302)
        factor = self.turn_on(self.endorser)
        self.client.force_login(self.endorser)
        self.assertEqual(self.client.get("/countries/SEN/editions/").status_code, 200)
        page = self.client.post(
            "/account/second-factor/", {"action": "remove", "code": code_for(factor, 1)}
        )
        self.assertContains(page, "it cannot be turned off")
        self.assertTrue(SecondFactor.objects.filter(user=self.endorser).exists())
        self.client.force_login(self.staff)
        self.assertEqual(self.client.get("/admin/").status_code, 302)
        self.client.force_login(self.member)  # members are not asked
        self.assertEqual(self.client.get("/countries/SEN/").status_code, 200)

    def test_the_admin_signs_in_through_the_sites_sign_in(self):
        response = self.client.get("/admin/login/?next=/admin/")
        self.assertRedirects(response, "/login/?next=/admin/", fetch_redirect_response=False)
