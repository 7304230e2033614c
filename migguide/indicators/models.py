"""Migration statistics: the catalogue of indicators, the releases they come from, and
every observation of every release. Two editions of a publisher never overwrite each
other: both are kept, and the profile says which one it uses."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from migguide.countries.models import Country


class Indicator(models.Model):
    class Unit(models.TextChoices):
        PERSONS = "persons", _("persons")
        PERCENT = "percent", _("per cent")
        USD = "usd", _("current US dollars")
        OTHER = "other", _("other")

    class Basis(models.TextChoices):
        BIRTH = "birth", _("country of birth")
        CITIZENSHIP = "citizenship", _("citizenship")
        MIXED = "mixed", _("country of birth or citizenship")
        NONE = "", _("not applicable")

    code = models.CharField(max_length=40, unique=True)
    names = models.JSONField(help_text=_("Name by language code."))
    definitions = models.JSONField(default=dict, blank=True)
    unit = models.CharField(max_length=10, choices=Unit.choices)
    basis = models.CharField(max_length=12, choices=Basis.choices, blank=True)
    default_source = models.CharField(max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name()

    def name(self, language: str | None = None) -> str:
        language = (language or get_language() or "en").split("-")[0]
        return self.names.get(language) or self.names.get("en") or self.code

    def definition(self, language: str | None = None) -> str:
        language = (language or get_language() or "en").split("-")[0]
        return self.definitions.get(language) or self.definitions.get("en", "")


class ReleaseQuerySet(models.QuerySet):
    def newest_first(self):
        """The newest release first: the one whose data reach the latest year, then the
        one published last (the World Bank's data packages carry no date), then the one
        imported last."""
        return self.order_by(
            models.F("latest_year").desc(nulls_last=True),
            models.F("published_on").desc(nulls_last=True),
            "-imported_at",
        )


class Release(models.Model):
    """One file of one publisher, as imported: the edition every observation cites."""

    class Kind(models.TextChoices):
        UNDESA = "undesa", "UN DESA International Migrant Stock"
        WORLDBANK = "worldbank", "World Bank World Development Indicators"
        UNHCR = "unhcr", "UNHCR population statistics"
        BILATERAL = "bilateral", "UN DESA bilateral migrant stock"
        NATIONAL = "national", _("national figures")

    kind = models.CharField(max_length=12, choices=Kind.choices)
    publisher = models.CharField(max_length=200)
    edition = models.CharField(max_length=200)
    published_on = models.DateField(null=True, blank=True)
    latest_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("The latest year of its data.")
    )
    file_name = models.CharField(max_length=300, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    licence = models.CharField(max_length=100, blank=True)
    citation = models.TextField(blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["sha256"], condition=~models.Q(sha256=""), name="one_release_per_file"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.publisher}, {self.edition}"


class Observation(models.Model):
    class Sex(models.TextChoices):
        TOTAL = "", _("both sexes")
        MALE = "male", _("male")
        FEMALE = "female", _("female")

    # No index of their own: the unique constraint starts with the release and the
    # index below with the country, and every extra index slows the large imports.
    release = models.ForeignKey(
        Release, models.CASCADE, related_name="observations", db_index=False
    )
    indicator = models.ForeignKey(
        Indicator, models.PROTECT, related_name="observations", db_index=False
    )
    country = models.ForeignKey(
        Country, models.PROTECT, related_name="observations", db_index=False
    )
    year = models.PositiveSmallIntegerField()
    sex = models.CharField(max_length=6, choices=Sex.choices, blank=True, default="")
    partner = models.ForeignKey(
        Country,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        help_text=_("Origin or destination, for bilateral figures."),
    )
    value = models.FloatField()
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["release", "indicator", "country", "year", "sex", "partner"],
                name="one_value_per_release",
            ),
        ]
        indexes = [models.Index(fields=["country", "indicator", "year"])]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.country.iso3} {self.year}: {self.value}"
