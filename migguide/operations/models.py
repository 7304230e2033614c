from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from migguide.countries.models import Country
from migguide.editions.models import Endorsement, PublishedFile


class Erasure(models.Model):
    """A person's data erased on request (see `personal.erase_person`). The e-mail
    address itself is not kept, only its digest, so that a repeated request can be
    recognised. Endorsed snapshots stay intact; what of them is public and names the
    person is withheld: the files of those editions, and the endorser's name."""

    email_sha256 = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    summary = models.JSONField(default=dict)
    withheld_files = models.ManyToManyField(PublishedFile, related_name="erasures", blank=True)
    redacted_endorsements = models.ManyToManyField(Endorsement, related_name="erasures", blank=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"erasure of {self.email_sha256[:12]}… on {self.at:%Y-%m-%d}"


def _secret() -> str:
    return secrets.token_hex(32)


class Webhook(models.Model):
    """An address told of a country's publications and endorsements (or of every
    country's, for the consortium's staff), each delivery signed with the hook's secret."""

    class Event(models.TextChoices):
        PUBLISHED = "edition.published", _("an edition is published")
        ENDORSED = "edition.endorsed", _("an edition is endorsed")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="webhooks", editable=False
    )
    country = models.ForeignKey(
        Country,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="webhooks",
        help_text=_("Empty: every country of the dialogue (staff only)."),
    )
    url = models.URLField(_("address"), max_length=500)
    events = models.JSONField(_("events"), default=list)
    secret = models.CharField(max_length=64, default=_secret, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # Since when every delivery has failed (None: the last one went through).
    failing_since = models.DateTimeField(null=True, blank=True, editable=False)
    paused_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self) -> str:
        return self.url


class Delivery(models.Model):
    """One event sent (or to be sent) to one webhook, with every attempt's outcome."""

    class Status(models.TextChoices):
        PENDING = "pending", _("to be sent")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("failed")

    webhook = models.ForeignKey(Webhook, models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self) -> str:
        return f"{self.event} → {self.webhook.url} ({self.status})"


class WorkerHeartbeat(models.Model):
    """The last sign of life of one task worker (`migguide worker`), written every few
    seconds while it runs, tasks included: a running task whose worker has gone silent
    was killed with it and is queued again (`workers.requeue_stale`); `/ready/` reports
    the age of the newest."""

    name = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(null=True)
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)
    tasks_run = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-seen_at"]

    def __str__(self) -> str:
        return f"worker {self.name} on {self.host}, seen {self.seen_at:%Y-%m-%d %H:%M:%S}"
