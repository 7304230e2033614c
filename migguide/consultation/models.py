"""The consultation: questionnaires sent to institutions, the responses that come back
from any channel, and the reviewer's decisions that alone carry answers into the
dossier, each accepted item with its provenance."""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from migguide.countries.models import Country
from migguide.dossier.models import Institution

from .questionnaires import FORM_CHOICES


class ConsultationError(Exception):
    """A rule of the consultation was broken; the message is shown as is."""


def _token() -> str:
    return secrets.token_urlsafe(32)


class Dispatch(models.Model):
    """A questionnaire sent to one institution (or to one not yet in the dossier): by
    secret web link, as a file to fill in, or on paper. The tracker lists these."""

    class Channel(models.TextChoices):
        WEB = "web", _("web form (secret link)")
        XLSX = "xlsx", _("Excel workbook")
        XLSFORM = "xlsform", _("KoboToolbox / ODK form")
        PAPER = "paper", _("paper (printed PDF)")

    country = models.ForeignKey(Country, models.CASCADE, related_name="dispatches")
    institution = models.ForeignKey(
        Institution, models.SET_NULL, null=True, blank=True, related_name="dispatches"
    )
    institution_name = models.CharField(_("institution"), max_length=300)
    form = models.CharField(_("questionnaire"), max_length=20, choices=FORM_CHOICES)
    version = models.CharField(max_length=20)
    channel = models.CharField(_("sent as"), max_length=10, choices=Channel.choices)
    language = models.CharField(_("language"), max_length=8, default="fr")
    sent_to = models.EmailField(_("sent to"), blank=True)
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    expires_at = models.DateTimeField(_("link expires"), null=True, blank=True)
    draft = models.JSONField(default=dict, blank=True)
    draft_saved_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("questionnaire sent")
        verbose_name_plural = _("questionnaires sent")

    def __str__(self) -> str:
        return f"{self.get_form_display()} — {self.institution_name} ({self.country.iso3})"

    def save(self, *args, **kwargs):
        if self.channel == self.Channel.WEB and self.expires_at is None:
            days = settings.QUESTIONNAIRE_LINK_DAYS
            self.expires_at = timezone.now() + datetime.timedelta(days=days)
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        """A web link works until it expires or its answers are submitted."""
        return (
            self.channel == self.Channel.WEB
            and self.expires_at is not None
            and self.expires_at > timezone.now()
            and not self.responses.exists()
        )

    def check_open(self) -> None:
        if self.responses.exists():
            raise ConsultationError(
                _("These answers were submitted already. Thank you — the team will review them.")
            )
        if self.expires_at is None or self.expires_at <= timezone.now():
            raise ConsultationError(
                _(
                    "This link has expired. Please ask the national coordinator for a new one; "
                    "nothing you saved is lost."
                )
            )

    @property
    def days_since_sent(self) -> int:
        return (timezone.now() - self.created_at).days

    @property
    def last_reminder(self) -> Reminder | None:
        reminders = list(self.reminders.all())  # prefetched by the tracker
        return reminders[-1] if reminders else None

    def remind(self, *, by) -> Reminder:
        """Log a reminder of a web link still waiting for answers. Only an open link
        sent to an e-mail address can be chased; an answered or expired one cannot."""
        if self.channel != self.Channel.WEB or not self.sent_to:
            raise ConsultationError(
                _("Only a web link sent to an e-mail address can be reminded by e-mail.")
            )
        if self.responses.exists():
            raise ConsultationError(_("The answers have arrived: there is nothing to remind."))
        if self.expires_at is None or self.expires_at <= timezone.now():
            raise ConsultationError(
                _("The link has expired: send the questionnaire again instead of a reminder.")
            )
        return Reminder.objects.create(dispatch=self, sent_to=self.sent_to, by=by)

    def save_draft(self, answers: dict) -> None:
        self.check_open()
        self.draft = answers
        self.draft_saved_at = timezone.now()
        self.save(update_fields=["draft", "draft_saved_at"])


class Reminder(models.Model):
    """A reminder e-mailed for a questionnaire not yet answered: the log of the chasing."""

    dispatch = models.ForeignKey(Dispatch, models.CASCADE, related_name="reminders")
    sent_to = models.EmailField(_("sent to"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.dispatch} · {self.at:%Y-%m-%d}"


class Response(models.Model):
    """The answers of one institution to one questionnaire, as received. A response
    never changes the dossier by itself: a reviewer accepts or rejects each item."""

    class Origin(models.TextChoices):
        WEB = "web", _("web form")
        XLSX = "xlsx", _("Excel workbook")
        KOBO = "kobo", _("KoboToolbox export")
        ODK = "odk", _("ODK Central export")

    country = models.ForeignKey(Country, models.CASCADE, related_name="responses")
    dispatch = models.ForeignKey(
        Dispatch, models.SET_NULL, null=True, blank=True, related_name="responses"
    )
    institution = models.ForeignKey(
        Institution, models.SET_NULL, null=True, blank=True, related_name="responses"
    )
    institution_name = models.CharField(_("institution"), max_length=300)
    form = models.CharField(_("questionnaire"), max_length=20, choices=FORM_CHOICES)
    version = models.CharField(_("questionnaire version"), max_length=20)
    answered_version = models.CharField(_("version answered"), max_length=20)
    origin = models.CharField(_("received as"), max_length=10, choices=Origin.choices)
    file_name = models.CharField(max_length=300, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    # The submission's own identity (Kobo _uuid, ODK instanceID, our workbook's id):
    # importing the same export twice adds nothing.
    external_id = models.CharField(max_length=200)
    respondent_name = models.CharField(_("respondent"), max_length=200, blank=True)
    respondent_position = models.CharField(max_length=200, blank=True)
    respondent_email = models.EmailField(blank=True)
    answers = models.JSONField()
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "external_id"], name="consultation_response_unique_submission"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_form_display()} — {self.institution_name}"


class Decision(models.Model):
    """A reviewer's decision on one item of a response. `key` names the item and the
    state of the dossier it was decided against."""

    response = models.ForeignKey(Response, models.CASCADE, related_name="decisions")
    key = models.CharField(max_length=200)
    summary = models.CharField(max_length=500)
    accepted = models.BooleanField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["response", "key"], name="consultation_decision_once")
        ]

    def __str__(self) -> str:
        return self.summary


class Provenance(models.Model):
    """Where an accepted answer came from: which response, which institution, when and
    who accepted it. `part` and `entry_uid` name the dossier entry (field '' for an
    entry created whole)."""

    country = models.ForeignKey(Country, models.CASCADE, related_name="+")
    part = models.CharField(max_length=40)
    entry_uid = models.UUIDField()
    field = models.CharField(max_length=60, blank=True)
    response = models.ForeignKey(Response, models.CASCADE, related_name="provenance")
    decision = models.ForeignKey(Decision, models.CASCADE, related_name="provenance")

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["part", "entry_uid"])]

    def __str__(self) -> str:
        return f"{self.part}/{self.entry_uid} {self.field}".strip()

    @property
    def field_label(self) -> str:
        from django.core.exceptions import FieldDoesNotExist

        from migguide.dossier.parts import PARTS_BY_SLUG

        part = PARTS_BY_SLUG.get(self.part)
        try:
            return str(part.model._meta.get_field(self.field).verbose_name)
        except (AttributeError, FieldDoesNotExist):  # a field since renamed: its name tells
            return self.field
