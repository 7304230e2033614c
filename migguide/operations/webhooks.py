"""Webhooks: systems told when a country's edition is endorsed or published.

When an edition moves (an `editions.Event` is recorded), a delivery is made for every
active hook that asked for that event in that country (or in every country), once the
move is committed. A delivery is a POST of a JSON body signed with the hook's secret
(`X-Migguide-Signature: sha256=<HMAC-SHA256 of the body>`). It is tried at once; on a
timeout, a failed connection or any 5xx answer it is tried again later (1 min, 5 min,
30 min, 2 h, 6 h, 24 h — `migguide webhooks deliver`, run every minute by cron or the
task worker), then given up; a 4xx answer is final. A hook whose deliveries have all
failed for three days is paused and its owner told by e-mail.

Addresses: https only, and never one that resolves to a private, loopback or link-local
address (so a hook cannot be used to reach the instance's own network), unless the
settings WEBHOOK_ALLOW_HTTP / WEBHOOK_ALLOW_PRIVATE say otherwise (tests, a closed
network)."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import ipaddress
import json
import socket
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from migguide.editions.models import Edition, Event

from .models import Delivery, Webhook

BACKOFF = (60, 300, 1800, 7200, 21600, 86400)  # seconds before each new attempt
PAUSE_AFTER = datetime.timedelta(days=3)
EVENTS = {
    Event.Action.ENDORSE: Webhook.Event.ENDORSED,
    Event.Action.PUBLISH: Webhook.Event.PUBLISHED,
    Event.Action.PUBLISH_UNENDORSED: Webhook.Event.PUBLISHED,
}


def check_url(url: str) -> None:
    """Refuse an address a hook may not call (ValidationError with the reason)."""
    parts = urlsplit(url)
    allowed = ("https", "http") if getattr(settings, "WEBHOOK_ALLOW_HTTP", False) else ("https",)
    if parts.scheme not in allowed or not parts.hostname:
        raise ValidationError(_("Give an address that starts with https://."))
    if getattr(settings, "WEBHOOK_ALLOW_PRIVATE", False):
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except OSError:
        raise ValidationError(_("This address's host name cannot be found.")) from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise ValidationError(
                _("This address leads to a private network; give a public address.")
            )


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def payload(edition: Edition, event: str, at: datetime.datetime) -> dict:
    """What a delivery says: the event, the country and edition, and for a publication
    where to read it."""
    base = settings.SITE_URL.rstrip("/")
    data = {
        "event": event,
        "at": at.isoformat(),
        "country": edition.country.iso3,
        "edition": edition.number,
        "languages": edition.languages,
        "sha256": edition.sha256,
    }
    if event == Webhook.Event.PUBLISHED:
        data["endorsed"] = hasattr(edition, "endorsement")
        data["portal"] = base + reverse(
            "portal:country", args=[edition.languages[0], edition.country.iso3.lower()]
        )
        data["files"] = [
            {
                "language": f.language,
                "version": f.version,
                "format": f.fmt,
                "url": base + f.url,
                "sha256": f.sha256,
            }
            for f in edition.files.select_related("edition__country").order_by(
                "language", "version", "fmt"
            )
        ]
    return data


@receiver(post_save, sender=Event, dispatch_uid="operations.webhooks")
def _edition_moved(sender, instance: Event, created: bool, **kwargs) -> None:
    event = EVENTS.get(instance.action)
    if not created or event is None:
        return
    from .tasks import deliver_webhooks

    transaction.on_commit(lambda: deliver_webhooks.enqueue(instance.pk, event))


def deliver_new(event_pk: int, event: str) -> list[Delivery]:
    """Make the deliveries of one edition move, and try each at once. Run again (a
    task whose worker was killed), it makes none twice: a hook that already has its
    delivery of this move is left to `deliver_due`."""
    moved = Event.objects.select_related("edition__country").get(pk=event_pk)
    edition = moved.edition
    made_before = set(
        Delivery.objects.filter(
            event=event,
            payload__country=edition.country.iso3,
            payload__edition=edition.number,
            payload__at=moved.at.isoformat(),
        ).values_list("webhook_id", flat=True)
    )
    hooks = [
        h
        for h in Webhook.objects.filter(paused_at__isnull=True).filter(country__isnull=True)
        | Webhook.objects.filter(paused_at__isnull=True, country=edition.country)
        if event in h.events and h.pk not in made_before
    ]
    if not hooks:
        return []
    data = payload(edition, event, moved.at)
    made = [
        Delivery.objects.create(webhook=h, event=event, payload=data, next_attempt_at=moved.at)
        for h in hooks
    ]
    for delivery in made:
        attempt(delivery)
    return made


def deliver_due(now: datetime.datetime | None = None) -> int:
    """Try every delivery whose time has come (the command run every minute)."""
    now = now or timezone.now()
    due = Delivery.objects.filter(
        status=Delivery.Status.PENDING,
        next_attempt_at__lte=now,
        webhook__paused_at__isnull=True,
    ).select_related("webhook")
    count = 0
    for delivery in due:
        attempt(delivery, now=now)
        count += 1
    return count


def attempt(delivery: Delivery, *, now: datetime.datetime | None = None) -> Delivery:
    """POST the delivery once and record what happened."""
    now = now or timezone.now()
    hook = delivery.webhook
    body = json.dumps(delivery.payload, ensure_ascii=False, sort_keys=True).encode()
    request = urllib.request.Request(
        hook.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "migguide-webhooks/1",
            "X-Migguide-Event": delivery.event,
            "X-Migguide-Delivery": str(delivery.pk),
            "X-Migguide-Signature": sign(hook.secret, body),
        },
    )
    delivery.attempts += 1
    code, error, retry = None, "", False
    try:
        check_url(hook.url)  # the name may point elsewhere since it was registered
        with urllib.request.urlopen(request, timeout=settings.WEBHOOK_TIMEOUT) as answer:
            code = answer.status
    except urllib.error.HTTPError as answer:
        code = answer.code
        error = f"HTTP {answer.code}"
        retry = answer.code >= 500
    except ValidationError as refused:
        error = " ".join(refused.messages)[:300]
    except (urllib.error.URLError, TimeoutError, OSError) as failure:
        error = str(getattr(failure, "reason", failure))[:300] or failure.__class__.__name__
        retry = True
    delivery.last_status_code = code
    delivery.last_error = error
    if code is not None and 200 <= code < 300:
        delivery.status = Delivery.Status.DELIVERED
        delivery.delivered_at = now
        delivery.next_attempt_at = None
        hook.failing_since = None
    else:
        if retry and delivery.attempts <= len(BACKOFF):
            delivery.next_attempt_at = now + datetime.timedelta(
                seconds=BACKOFF[delivery.attempts - 1]
            )
        else:
            delivery.status = Delivery.Status.FAILED
            delivery.next_attempt_at = None
        hook.failing_since = hook.failing_since or now
        if now - hook.failing_since >= PAUSE_AFTER and hook.paused_at is None:
            hook.paused_at = now
            _tell_owner(hook)
    delivery.save()
    hook.save(update_fields=["failing_since", "paused_at"])
    return delivery


def _tell_owner(hook: Webhook) -> None:
    owner = hook.owner
    if not owner.email:
        return
    with translation.override(getattr(owner, "language", "") or settings.LANGUAGE_CODE):
        send_mail(
            _("Your webhook is paused"),
            _(
                "Every delivery to %(url)s has failed since %(since)s, so it is paused. "
                "Correct the address or the receiving system, then resume it: %(page)s"
            )
            % {
                "url": hook.url,
                "since": hook.failing_since.date().isoformat(),
                "page": settings.SITE_URL.rstrip("/") + reverse("operations:webhooks"),
            },
            None,
            [owner.email],
        )
