"""Sign-in throttling, password hashing and the security headers."""

import datetime
import re
from pathlib import Path

from django.contrib.auth.hashers import identify_hasher
from django.test import Client, override_settings
from django.utils import timezone

from migguide.access.models import SignInFailure
from migguide.testing import PASSWORD, CastTestCase


class SignInThrottlingTests(CastTestCase):
    def sign_in(self, username, password, address="198.51.100.7"):
        return Client(REMOTE_ADDR=address).post(
            "/login/", {"username": username, "password": password}
        )

    def test_an_account_is_paused_after_five_failures_even_with_the_right_password(self):
        for _ in range(5):
            r = self.sign_in("member", "wrong")
            self.assertContains(r, "Please enter a correct username and password")
        r = self.sign_in("member", PASSWORD, address="203.0.113.9")  # from elsewhere too
        self.assertContains(r, "Too many failed sign-ins. Try again in 15 minutes.")
        self.assertNotIn("_auth_user_id", r.wsgi_request.session)
        # Another account is not paused.
        r = self.sign_in("reviewer", PASSWORD)
        self.assertEqual(r.status_code, 302)
        # Once the window has passed, the right password works and clears the count.
        SignInFailure.objects.update(at=timezone.now() - datetime.timedelta(minutes=16))
        self.assertEqual(self.sign_in("member", PASSWORD).status_code, 302)
        self.assertFalse(SignInFailure.objects.filter(username="member").exists())

    @override_settings(SIGN_IN_FAILURES_PER_ADDRESS=3)
    def test_an_address_is_paused_after_its_failures_on_any_accounts(self):
        for name in ("a", "b", "c"):
            self.sign_in(name, "wrong")
        r = self.sign_in("member", PASSWORD)
        self.assertContains(r, "Too many failed sign-ins")
        self.assertEqual(self.sign_in("member", PASSWORD, address="192.0.2.1").status_code, 302)

    @override_settings(BEHIND_PROXY=True)
    def test_behind_the_proxy_the_address_is_the_one_it_saw(self):
        client = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="spoofed, 198.51.100.20")
        client.post("/login/", {"username": "member", "password": "wrong"})
        self.assertEqual(SignInFailure.objects.get().address, "198.51.100.20")


class PasswordTests(CastTestCase):
    def test_passwords_are_hashed_with_scrypt(self):
        self.assertEqual(identify_hasher(self.member.password).algorithm, "scrypt")


class HeaderTests(CastTestCase):
    def test_every_response_forbids_inline_script_and_other_origins(self):
        client = Client()
        client.force_login(self.coordinator)
        for url in ["/login/", "/", "/countries/SEN/", "/en/", "/en/countries/sen/"]:
            r = client.get(url)
            policy = r.headers["Content-Security-Policy"]
            script = re.search(r"script-src ([^;]+)", policy).group(1)
            self.assertEqual(script.strip(), "'self'", url)
            self.assertIn("default-src 'self'", policy)
            self.assertIn("frame-ancestors 'none'", policy)
            self.assertEqual(r.headers["X-Content-Type-Options"], "nosniff")

    def test_no_template_has_an_inline_script(self):
        root = Path(__file__).resolve().parents[2]
        tags = 0
        for template in root.rglob("templates/**/*.html"):
            for tag in re.findall(r"<script\b[^>]*>", template.read_text()):
                tags += 1
                self.assertIn("src=", tag, f"{template}: {tag}")
        self.assertGreaterEqual(tags, 4)  # the scripts the pages do load, all from files
