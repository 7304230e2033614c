"""Webhooks: a receiving system is told of a publication by a signed POST, retried
with backoff on timeouts and 5xx, a 4xx final; a hook failing for days is paused and its
owner told; addresses in private networks refused; the page for coordinators."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import http.server
import json
import threading

from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.utils import timezone

from migguide.access.models import Access, Role
from migguide.editions.models import Edition
from migguide.editions.publishing import mark_ready, publish
from migguide.operations import webhooks
from migguide.operations.models import Delivery, Webhook
from migguide.operations.tasks import deliver_webhooks
from migguide.testing import PASSWORD, CastTestCase, make_user


class Receiver:
    """A receiving system on 127.0.0.1 answering each POST with the next status given."""

    def __init__(self, statuses):
        self.statuses = list(statuses)
        self.received: list[tuple[dict, bytes]] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.received.append((dict(self.headers), body))
                self.send_response(outer.statuses.pop(0) if outer.statuses else 200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@override_settings(WEBHOOK_ALLOW_HTTP=True, WEBHOOK_ALLOW_PRIVATE=True, WEBHOOK_TIMEOUT=2)
class WebhookTests(CastTestCase):
    def receiver(self, *statuses) -> Receiver:
        receiver = Receiver(statuses)
        self.addCleanup(receiver.close)
        return receiver

    def hook(self, url, events=(Webhook.Event.PUBLISHED,), country="senegal"):
        return Webhook.objects.create(
            owner=self.coordinator, country=getattr(self, country), url=url, events=list(events)
        )

    def publish_edition(self):
        sen = Access.of(self.coordinator, self.senegal)
        edition = Edition.start(access=sen, languages=["fr"])
        edition.submit(access=sen)
        edition.approve(access=Access.of(self.reviewer, self.senegal), sha256=edition.sha256)
        mark_ready(edition, access=sen)
        edition.endorse(
            access=Access.of(self.endorser, self.senegal),
            sha256=edition.sha256,
            name="Mamadou Diagne",
            position="DG",
            date=datetime.date(2026, 11, 20),
            statement="",
        )
        with self.captureOnCommitCallbacks(execute=True):
            publish(Edition.objects.get(pk=edition.pk), access=sen)
        return edition

    def test_a_publication_is_delivered_as_signed_json(self):
        receiver = self.receiver(200)
        hook = self.hook(receiver.url)
        self.hook(receiver.url, country="mali")  # Mali's hook hears nothing of Senegal
        edition = self.publish_edition()
        self.assertEqual(len(receiver.received), 1)
        headers, body = receiver.received[0]
        expected = "sha256=" + hmac.new(hook.secret.encode(), body, hashlib.sha256).hexdigest()
        self.assertEqual(headers["X-Migguide-Signature"], expected)
        self.assertEqual(headers["X-Migguide-Event"], "edition.published")
        data = json.loads(body)
        self.assertEqual((data["country"], data["edition"]), ("SEN", edition.number))
        self.assertTrue(data["endorsed"])
        self.assertTrue(any(f["url"].endswith(".pdf") for f in data["files"]))
        delivery = Delivery.objects.get(webhook=hook)
        self.assertEqual((delivery.status, delivery.last_status_code), ("delivered", 200))

    def test_the_delivery_task_run_again_after_a_killed_worker_sends_nothing_twice(self):
        receiver = self.receiver(200, 200)
        hook = self.hook(receiver.url)
        edition = self.publish_edition()
        move = edition.events.get(action="publish")
        # The worker died after the delivery, before recording its task as done.
        self.assertEqual(deliver_webhooks.call(move.pk, "edition.published"), 0)
        self.assertEqual(len(receiver.received), 1)
        self.assertEqual(Delivery.objects.filter(webhook=hook).count(), 1)

    def test_timeouts_and_5xx_are_retried_with_backoff_and_a_4xx_is_final(self):
        receiver = self.receiver(503, 200)
        hook = self.hook(receiver.url)
        self.publish_edition()
        delivery = Delivery.objects.get(webhook=hook)
        self.assertEqual((delivery.status, delivery.last_status_code), ("pending", 503))
        wait = delivery.next_attempt_at - delivery.created_at
        self.assertGreaterEqual(wait, datetime.timedelta(seconds=55))
        self.assertEqual(webhooks.deliver_due(now=delivery.created_at), 0)  # not yet
        later = delivery.next_attempt_at + datetime.timedelta(seconds=1)
        self.assertEqual(webhooks.deliver_due(now=later), 1)
        delivery.refresh_from_db()
        self.assertEqual((delivery.status, delivery.attempts), ("delivered", 2))
        hook.refresh_from_db()
        self.assertIsNone(hook.failing_since)
        # A refusal (4xx) is not tried again.
        refusing = self.receiver(410)
        gone = Delivery.objects.create(
            webhook=self.hook(refusing.url), event="edition.published", payload={"x": 1}
        )
        webhooks.attempt(gone)
        self.assertEqual((gone.status, gone.last_status_code), ("failed", 410))
        # Nobody listening: a connection error, tried again later.
        closed = self.receiver()
        closed.close()
        lost = Delivery.objects.create(
            webhook=self.hook(closed.url), event="edition.published", payload={"x": 1}
        )
        webhooks.attempt(lost)
        self.assertEqual(lost.status, "pending")
        self.assertTrue(lost.last_error)

    def test_a_hook_failing_for_days_is_paused_and_its_owner_told(self):
        receiver = self.receiver(500)
        hook = self.hook(receiver.url)
        hook.failing_since = timezone.now() - datetime.timedelta(days=4)
        hook.save()
        delivery = Delivery.objects.create(
            webhook=hook, event="edition.published", payload={"country": "SEN"}
        )
        webhooks.attempt(delivery)
        hook.refresh_from_db()
        self.assertIsNotNone(hook.paused_at)
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, [self.coordinator.email])
        self.assertIn(receiver.url, mail.outbox[0].body)
        # A paused hook is left alone until resumed.
        delivery.next_attempt_at = timezone.now()
        delivery.save()
        self.assertEqual(webhooks.deliver_due(), 0)

    @override_settings(WEBHOOK_ALLOW_HTTP=False, WEBHOOK_ALLOW_PRIVATE=False)
    def test_plain_http_and_private_addresses_are_refused(self):
        for url in (
            "http://data.example.org/hook",
            "https://127.0.0.1/hook",
            "https://10.1.2.3/hook",
            "https://169.254.169.254/latest/meta-data",
            "https://[::1]/hook",
            "ftp://data.example.org/",
        ):
            with self.subTest(url=url), self.assertRaises(ValidationError):
                webhooks.check_url(url)

    def test_a_coordinator_registers_a_hook_on_the_page_others_cannot_touch_it(self):
        receiver = self.receiver()
        client = Client()
        client.login(username="coordinator", password=PASSWORD)
        page = client.get("/webhooks/")
        self.assertEqual(page.status_code, 200)
        response = client.post(
            "/webhooks/",
            {"country": self.senegal.pk, "url": receiver.url, "events": ["edition.published"]},
        )
        self.assertEqual(response.status_code, 302)
        hook = Webhook.objects.get(url=receiver.url)
        self.assertEqual((hook.owner, hook.country), (self.coordinator, self.senegal))
        self.assertContains(client.get("/webhooks/"), hook.secret)
        # Another country's coordinator can neither see nor remove it.
        other = make_user("mali-coordinator")
        Role.objects.create(user=other, country=self.mali, kind=Role.Kind.COORDINATOR)
        client.login(username="mali-coordinator", password=PASSWORD)
        self.assertNotContains(client.get("/webhooks/"), receiver.url)
        self.assertEqual(client.post(f"/webhooks/{hook.pk}/delete/").status_code, 403)
        # A member of the workgroup may not manage hooks.
        client.login(username="member", password=PASSWORD)
        self.assertEqual(client.get("/webhooks/").status_code, 403)
        # Nor register one for a country that is not theirs.
        client.login(username="coordinator", password=PASSWORD)
        refused = client.post(
            "/webhooks/",
            {"country": self.mali.pk, "url": receiver.url, "events": ["edition.published"]},
        )
        self.assertEqual(refused.status_code, 200)
        self.assertEqual(Webhook.objects.count(), 1)
