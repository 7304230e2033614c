"""The registry: regional dialogues, the countries of the world, and which country takes
part in which dialogue, with what status, since when."""

from __future__ import annotations

import datetime

from babel import Locale
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# The languages in which the registry can name countries (CLDR, through Babel).
NAME_LANGUAGES = ("en", "fr", "pt", "es", "ar")


def _locale(language: str | None) -> Locale:
    code = (language or "en").split("-")[0]
    try:
        return Locale.parse(code)
    except (ValueError, LookupError):
        return Locale.parse("en")


def territory_name(code: str, language: str | None = None) -> str:
    """The CLDR name of a territory (ISO alpha-2 country or M49 region code)."""
    if not code:
        return ""
    language = language or get_language()
    return _locale(language).territories.get(code) or Locale.parse("en").territories.get(code, code)


class Dialogue(models.Model):
    """A regional dialogue on migration (the Rabat Process, the Prague Process …).
    Names, languages and phases are data, so one instance can serve several."""

    slug = models.SlugField(unique=True)
    names = models.JSONField(help_text=_('Name by language code, e.g. {"en": "Rabat Process"}'))
    languages = models.JSONField(
        default=list, help_text=_('Working languages, as codes, e.g. ["fr", "en"].')
    )
    is_default = models.BooleanField(default=False)
    unendorsed_publication_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text=_(
            "Off when empty. When set, an edition left waiting for endorsement this many "
            "days may be published, marked as not endorsed (the Prague Process adopted "
            "such a rule in 2015)."
        ),
    )
    review_approvals = models.PositiveSmallIntegerField(
        _("approvals before endorsement"),
        default=1,
        help_text=_(
            "How many reviewers must approve an edition's content before it can be sent "
            "for endorsement."
        ),
    )

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name()

    def name(self, language: str | None = None) -> str:
        language = (language or get_language() or "en").split("-")[0]
        return self.names.get(language) or self.names.get("en") or self.slug


class Phase(models.Model):
    """One phase of the activity as a dialogue runs it (expression of interest,
    questionnaires, workshops …)."""

    dialogue = models.ForeignKey(Dialogue, models.CASCADE, related_name="phases")
    position = models.PositiveSmallIntegerField()
    code = models.SlugField()
    names = models.JSONField()

    class Meta:
        ordering = ["dialogue", "position"]
        constraints = [
            models.UniqueConstraint(fields=["dialogue", "code"], name="unique_phase_code"),
        ]

    def __str__(self) -> str:
        language = (get_language() or "en").split("-")[0]
        return self.names.get(language) or self.names.get("en") or self.code


class CountryQuerySet(models.QuerySet):
    def in_dialogue(self, dialogue: Dialogue, on: datetime.date | None = None):
        """Countries that are partners or observers of the dialogue on a date."""
        ids = Membership.objects.current(on).filter(dialogue=dialogue).active()
        return self.filter(pk__in=ids.values("country"))


class Country(models.Model):
    """A country or area of ISO 3166-1. Its names are not stored: CLDR gives them
    in every language, spelled as each language spells them."""

    iso3 = models.CharField(max_length=3, unique=True)
    iso2 = models.CharField(max_length=2, unique=True)
    numeric = models.CharField(max_length=3)
    m49_region = models.CharField(max_length=3, blank=True)
    m49_subregion = models.CharField(max_length=3, blank=True)
    m49_intermediate = models.CharField(max_length=3, blank=True)
    languages = models.JSONField(
        default=list,
        blank=True,
        help_text=_(
            "Official and de facto official languages, as codes (Unicode CLDR, "
            "loaded with the registry)."
        ),
    )

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["iso3"]
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.name()

    def name(self, language: str | None = None) -> str:
        return territory_name(self.iso2, language)

    def names(self) -> dict[str, str]:
        return {language: self.name(language) for language in NAME_LANGUAGES}

    def guide_languages(self) -> list[str]:
        """The languages proposed for the country's guide: its own languages that
        migguide speaks, in the country's order (Cabo Verde: Portuguese; Morocco:
        Arabic, French), else English."""
        spoken = {code for code, _name in settings.LANGUAGES}
        return [code for code in self.languages if code in spoken] or ["en"]

    def region_name(self, language: str | None = None) -> str:
        return territory_name(self.m49_intermediate or self.m49_subregion, language)


class MembershipQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(Q(since__isnull=True) | Q(since__lte=on)).filter(
            Q(until__isnull=True) | Q(until__gte=on)
        )

    def active(self):
        return self.exclude(status=Membership.Status.FORMER)


class Membership(models.Model):
    """A country's status in a dialogue over a period. Membership changes (Egypt and
    Libya left the partners in 2014, the United Kingdom with its EU withdrawal), so the
    registry keeps periods rather than a flag."""

    class Status(models.TextChoices):
        PARTNER = "partner", _("partner")
        OBSERVER = "observer", _("observer")
        FORMER = "former", _("former partner")

    class Side(models.TextChoices):
        AFRICA = "africa", _("Africa")
        EUROPE = "europe", _("Europe")
        OTHER = "other", _("other")

    dialogue = models.ForeignKey(Dialogue, models.CASCADE, related_name="memberships")
    country = models.ForeignKey(Country, models.CASCADE, related_name="memberships")
    status = models.CharField(max_length=10, choices=Status.choices)
    side = models.CharField(max_length=10, choices=Side.choices, default=Side.OTHER)
    since = models.DateField(null=True, blank=True)
    until = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["dialogue", "country", "since"]

    def __str__(self) -> str:
        return f"{self.country.iso3} {self.get_status_display()} ({self.dialogue.slug})"
