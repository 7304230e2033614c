"""Running the activity across countries: each country's timetable of phases, its
national workshops (participants, and the outputs they put straight into the dossier),
and what a country agrees to share with the Senior Officials' Meeting before
publication."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from migguide.countries.models import Country, Phase
from migguide.dossier.models import Institution
from migguide.editions.models import Edition


def _check_order(start, end, what) -> None:
    if start and end and end < start:
        raise ValidationError(
            _("%(what)s: the end (%(end)s) comes before the start (%(start)s).")
            % {"what": what, "end": end.isoformat(), "start": start.isoformat()}
        )


class Schedule(models.Model):
    """The planned dates of one phase for one country, and actual dates where the
    platform cannot know them from facts (see `timeline`)."""

    country = models.ForeignKey(Country, models.CASCADE, related_name="schedule")
    phase = models.ForeignKey(Phase, models.CASCADE, related_name="+")
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["country", "phase__position"]
        constraints = [
            models.UniqueConstraint(fields=["country", "phase"], name="activity_one_schedule")
        ]

    def __str__(self) -> str:
        return f"{self.country.iso3}: {self.phase}"

    def clean(self):
        _check_order(self.planned_start, self.planned_end, str(self.phase))
        _check_order(self.actual_start, self.actual_end, str(self.phase))


class Workshop(models.Model):
    """A national discussion or training workshop of one country."""

    class Kind(models.TextChoices):
        DISCUSSION = "discussion", _("national discussion workshop")
        TRAINING = "training", _("training workshop")

    country = models.ForeignKey(Country, models.CASCADE, related_name="workshops")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    place = models.CharField(_("place"), max_length=200)
    agenda = models.TextField(_("agenda"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_on:%Y-%m-%d})"

    def clean(self):
        _check_order(self.starts_on, self.ends_on, str(self.title))

    @property
    def is_held(self) -> bool:
        return self.starts_on <= timezone.localdate()


class Participant(models.Model):
    """Someone at a workshop, with their institution from the country's dossier."""

    class Role(models.TextChoices):
        PARTICIPANT = "participant", _("participant")
        INTERNATIONAL = "international", _("international expert")
        LOCAL = "local", _("local expert")
        FACILITATOR = "facilitator", _("facilitator")

    workshop = models.ForeignKey(Workshop, models.CASCADE, related_name="participants")
    name = models.CharField(_("name"), max_length=200)
    institution = models.ForeignKey(
        Institution,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("institution"),
    )
    organisation = models.CharField(
        _("organisation (if not in the dossier)"), max_length=300, blank=True
    )
    role = models.CharField(
        _("role"), max_length=14, choices=Role.choices, default=Role.PARTICIPANT
    )
    email = models.EmailField(_("e-mail"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["role", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        from migguide.access.models import Access, Permission

        if self.institution_id and self.institution.dossier.country_id != self.workshop.country_id:
            raise ValidationError(
                {"institution": _("This institution belongs to another country's dossier.")}
            )
        may_edit = self.user is not None and Access.of(self.user, self.workshop.country).can(
            Permission.EDIT
        )
        if self.role == self.Role.FACILITATOR and not may_edit:
            raise ValidationError(
                {
                    "user": _(
                        "A facilitator writes into the dossier: choose a person who "
                        "holds a role that may edit it."
                    )
                }
            )

    @property
    def affiliation(self) -> str:
        return str(self.institution) if self.institution_id else self.organisation


class WorkshopOutput(models.Model):
    """A dossier entry created during a workshop: its provenance."""

    workshop = models.ForeignKey(Workshop, models.CASCADE, related_name="outputs")
    part = models.CharField(max_length=40)
    entry_uid = models.UUIDField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.part}/{self.entry_uid} from {self.workshop}"


class Sharing(models.Model):
    """A country's consent to show an edition not yet published or endorsed (for
    example one under review) in the Senior Officials' Meeting synthesis."""

    edition = models.OneToOneField(Edition, models.CASCADE, related_name="sharing")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.edition} shared with the SOM"
