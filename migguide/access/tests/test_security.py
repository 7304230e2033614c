"""Sign-in throttling, password hashing and the security headers."""

import datetime
import re
from pathlib import Path

from django.contrib.auth.hashers import identify_hasher
from django.test import Client, SimpleTestCase, override_settings
from django.utils import timezone

from migguide.access.models import SignInFailure
from migguide.testing import PASSWORD, CastTestCase


class SignInThrottlingTests(CastTestCase):
    def sign_in(self, username, password, address="198.51.100.7"):
        return Client(REMOTE_ADDR=address).post(
            "/login/", {"username": username, "password": password}
        )

    def signed_in(self, response) -> bool:
        return "_auth_user_id" in response.wsgi_request.session

    def test_an_account_and_address_pair_is_paused_after_failures_even_with_the_right_password(
        self,
    ):
        for _ in range(3):
            r = self.sign_in("member", "wrong")
            self.assertContains(r, "Please enter a correct username and password")
        r = self.sign_in("member", PASSWORD)
        self.assertContains(r, "Too many failed sign-ins")
        self.assertFalse(self.signed_in(r))
        # Another account from the same address is not paused.
        self.assertEqual(self.sign_in("reviewer", PASSWORD).status_code, 302)
        # Once the pause has passed, the right password works and clears the count.
        SignInFailure.objects.update(at=timezone.now() - datetime.timedelta(minutes=1))
        self.assertEqual(self.sign_in("member", PASSWORD).status_code, 302)
        self.assertFalse(SignInFailure.objects.filter(username="member").exists())

    def test_the_pause_grows_with_each_further_failure(self):
        for _ in range(3):
            self.sign_in("member", "wrong")
        SignInFailure.objects.update(at=timezone.now() - datetime.timedelta(seconds=2))
        self.sign_in("member", "wrong")  # the 4th, answered once the first pause passed
        SignInFailure.objects.update(at=timezone.now() - datetime.timedelta(seconds=2))
        r = self.sign_in("member", PASSWORD)  # 2 seconds were enough once, not now
        self.assertContains(r, "Too many failed sign-ins")
        SignInFailure.objects.update(at=timezone.now() - datetime.timedelta(seconds=5))
        self.assertEqual(self.sign_in("member", PASSWORD).status_code, 302)

    def test_an_outsiders_wrong_passwords_do_not_stop_the_owner_signing_in_from_elsewhere(self):
        for _ in range(12):
            self.sign_in("member", "wrong", address="203.0.113.66")
        self.assertContains(
            self.sign_in("member", PASSWORD, address="203.0.113.66"), "Too many failed sign-ins"
        )
        r = self.sign_in("member", PASSWORD, address="198.51.100.7")
        self.assertEqual(r.status_code, 302)
        self.assertTrue(self.signed_in(r))

    @override_settings(SIGN_IN_FAILURES_PER_ADDRESS=3)
    def test_an_address_is_paused_after_its_failures_on_any_accounts(self):
        for name in ("a", "b", "c"):
            self.sign_in(name, "wrong")
        r = self.sign_in("member", PASSWORD)
        self.assertContains(r, "Too many failed sign-ins. Try again in 15 minutes.")
        self.assertEqual(self.sign_in("member", PASSWORD, address="192.0.2.1").status_code, 302)

    @override_settings(SIGN_IN_FAILURES_PER_ADDRESS=3)
    def test_a_right_password_does_not_clear_the_addresss_failures_on_other_accounts(self):
        for name in ("a", "b"):
            self.sign_in(name, "wrong")
        self.assertEqual(self.sign_in("reviewer", PASSWORD).status_code, 302)
        self.sign_in("c", "wrong")
        self.assertContains(self.sign_in("member", PASSWORD), "Too many failed sign-ins")

    def test_by_default_the_address_is_the_connecting_one_and_x_forwarded_for_is_ignored(self):
        client = Client(REMOTE_ADDR="198.51.100.20", HTTP_X_FORWARDED_FOR="192.0.2.99")
        client.post("/login/", {"username": "member", "password": "wrong"})
        self.assertEqual(SignInFailure.objects.get().address, "198.51.100.20")

    @override_settings(
        SIGN_IN_FAILURES_PER_ADDRESS=3,
        BEHIND_PROXY=True,  # the setting that used to make it trusted
        SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
    )
    def test_behind_the_https_proxy_a_forged_x_forwarded_for_does_not_escape_the_limit(self):
        # Unless TRUSTED_PROXY_COUNT says how many proxies write X-Forwarded-For, it is
        # not read: someone reaching gunicorn directly could write any address there.
        for n in range(3):
            Client(REMOTE_ADDR="198.51.100.20", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").post(
                "/login/", {"username": f"user{n}", "password": "wrong"}
            )
        r = Client(REMOTE_ADDR="198.51.100.20", HTTP_X_FORWARDED_FOR="192.0.2.50").post(
            "/login/", {"username": "member", "password": PASSWORD}
        )
        self.assertContains(r, "Too many failed sign-ins")

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_behind_one_proxy_the_address_is_the_one_it_saw(self):
        client = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.20")
        client.post("/login/", {"username": "member", "password": "wrong"})
        self.assertEqual(SignInFailure.objects.get().address, "198.51.100.20")

    @override_settings(TRUSTED_PROXY_COUNT=2)
    def test_behind_two_proxies_the_address_is_the_one_the_outer_proxy_saw(self):
        client = Client(
            REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.20, 10.0.0.2"
        )
        client.post("/login/", {"username": "member", "password": "wrong"})
        self.assertEqual(SignInFailure.objects.get().address, "198.51.100.20")

    @override_settings(TRUSTED_PROXY_COUNT=2)
    def test_a_shorter_x_forwarded_for_than_the_proxies_gives_its_leftmost_address(self):
        # Reached past the outer proxy: the inner one wrote the only entry there is.
        client = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.20")
        client.post("/login/", {"username": "member", "password": "wrong"})
        self.assertEqual(SignInFailure.objects.get().address, "198.51.100.20")

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_an_entry_that_is_no_address_gives_the_connecting_address(self):
        client = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="unknown")
        client.post("/login/", {"username": "member", "password": "wrong"})
        self.assertEqual(SignInFailure.objects.get().address, "10.0.0.1")


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


class ProxyDepthCheckTests(SimpleTestCase):
    def test_a_proxied_deployment_that_ignores_x_forwarded_for_is_warned(self):
        from migguide.access.checks import proxy_depth

        with self.settings(
            SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"), TRUSTED_PROXY_COUNT=0
        ):
            self.assertEqual([w.id for w in proxy_depth(None)], ["migguide.W001"])
        with self.settings(
            SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"), TRUSTED_PROXY_COUNT=1
        ):
            self.assertEqual(proxy_depth(None), [])
        with self.settings(SECURE_PROXY_SSL_HEADER=None, TRUSTED_PROXY_COUNT=0):
            self.assertEqual(proxy_depth(None), [])
