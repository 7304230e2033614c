"""The entries of a dossier, one model per part: institutions and the people at them,
laws, information sources, the policy cycle's actors, the profile's contents, the
workgroup, use examples, challenges, recommendations, needs, glossary and forewords."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .core import Area, Entry, PolicyStage, relativedelta_months


class InstitutionQuerySet(models.QuerySet):
    def governmental(self):
        return self.filter(kind__in=Institution.GOVERNMENTAL)

    def other(self):
        return self.exclude(kind__in=Institution.GOVERNMENTAL)


class Institution(Entry):
    """An institution, shared by every part of the dossier: the same row collects a
    source, uses another, acts in the policy cycle and employs workgroup members."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("ministry or government agency")
        STATISTICS = "statistics", _("statistics office")
        BORDER = "border", _("border authority")
        INTERNATIONAL = "international", _("international organisation")
        ACADEMIC = "academic", _("academic or research")
        CIVIL_SOCIETY = "civil-society", _("civil society")
        PRIVATE = "private", _("private sector")
        OTHER = "other", _("other")

    GOVERNMENTAL = (Kind.MINISTRY, Kind.STATISTICS, Kind.BORDER)

    name = models.CharField(_("name"), max_length=300)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    website = models.URLField(_("website"), blank=True)
    mandate = models.TextField(
        _("mandate"), blank=True, help_text=_("Its mandate and role in migration matters.")
    )

    objects = InstitutionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(Entry.Meta):
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    @property
    def is_governmental(self) -> bool:
        return self.kind in self.GOVERNMENTAL

    @property
    def short_name(self) -> str:
        return self.acronym or self.name


class ContactQuerySet(models.QuerySet):
    def publishable(self):
        return self.filter(consent_to_publish=True, consent_recorded_on__isnull=False)


class Contact(Entry):
    """A person at an institution. Personal data: published only with recorded consent."""

    institution = models.ForeignKey(
        Institution, models.PROTECT, related_name="contacts", verbose_name=_("institution")
    )
    name = models.CharField(_("name"), max_length=200)
    job_title = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telephone"), max_length=50, blank=True)
    consent_to_publish = models.BooleanField(
        _("consents to publication"),
        default=False,
        help_text=_("Tick only when the person's consent to publish these details is recorded."),
    )
    consent_recorded_on = models.DateField(_("consent recorded on"), null=True, blank=True)
    consent_note = models.CharField(
        _("how consent was given"),
        max_length=300,
        blank=True,
        help_text=_("For example: signed form at the Dakar workshop, e-mail of 3 May."),
    )

    objects = ContactQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(Entry.Meta):
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.consent_to_publish and not self.consent_recorded_on:
            raise ValidationError(
                {"consent_recorded_on": _("Give the date on which consent was recorded.")}
            )

    @property
    def is_publishable(self) -> bool:
        return self.consent_to_publish and self.consent_recorded_on is not None


class LegalInstrument(Entry):
    """A law, policy or ratified instrument of the country's migration framework."""

    class Kind(models.TextChoices):
        LAW = "law", _("law or decree")
        POLICY = "policy", _("national policy or strategy")
        INTERNATIONAL = "international", _("international convention")
        REGIONAL = "regional", _("regional instrument")
        BILATERAL = "bilateral", _("bilateral agreement")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        IN_FORCE = "in-force", _("in force")
        RATIFIED = "ratified", _("ratified")
        SIGNED = "signed", _("signed, not ratified")
        DRAFT = "draft", _("in preparation")

    title = models.CharField(_("title"), max_length=400)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta(Entry.Meta):
        verbose_name = _("legal instrument")
        verbose_name_plural = _("legal and policy framework")

    def __str__(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title


class SourceQuerySet(models.QuerySet):
    def existing(self):
        return self.filter(status=Source.Status.EXISTING)

    def potential(self):
        return self.filter(status=Source.Status.POTENTIAL)

    def governmental(self):
        return self.filter(collector__kind__in=Institution.GOVERNMENTAL)

    def other(self):
        return self.exclude(collector__kind__in=Institution.GOVERNMENTAL)

    def in_area(self, code: str):
        return self.filter(areas__code=code)


class Source(Entry):
    """A source of migration data or information (guide section 2). A potential source
    is a full record with no data yet. Field names follow DCAT-AP where they fit."""

    class Status(models.TextChoices):
        EXISTING = "existing", _("existing")
        POTENTIAL = "potential", _("potential")

    class Kind(models.TextChoices):
        REGISTER = "register", _("administrative register")
        CENSUS = "census", _("census")
        SURVEY = "survey", _("survey")
        BORDER_RECORDS = "border-records", _("border records")
        PERMITS = "permits", _("visas and residence permits")
        CONSULAR = "consular", _("consular registration")
        FINANCIAL = "financial", _("financial statistics")
        STUDY = "study", _("study or research")
        DATABASE = "database", _("database or information system")
        OTHER = "other", _("other")

    class Periodicity(models.TextChoices):
        CONTINUOUS = "continuous", _("continuous")
        MONTHLY = "monthly", _("monthly")
        QUARTERLY = "quarterly", _("quarterly")
        ANNUAL = "annual", _("annual")
        MULTIANNUAL = "multiannual", _("every few years")
        DECENNIAL = "decennial", _("every ten years")
        ONE_OFF = "one-off", _("one-off")
        IRREGULAR = "irregular", _("irregular")
        UNKNOWN = "unknown", _("unknown")

    class Access(models.TextChoices):
        PUBLIC = "public", _("public")
        ON_REQUEST = "on-request", _("on request")
        RESTRICTED = "restricted", _("restricted")
        INTERNAL = "internal", _("internal use only")
        UNKNOWN = "unknown", _("unknown")

    title = models.CharField(_("title"), max_length=400)
    description = models.TextField(_("description"), blank=True)
    collector = models.ForeignKey(
        Institution,
        models.PROTECT,
        related_name="collected_sources",
        verbose_name=_("data collection entity"),
    )
    areas = models.ManyToManyField(Area, verbose_name=_("areas"), related_name="+")
    status = models.CharField(
        _("existing or potential"), max_length=10, choices=Status.choices, default=Status.EXISTING
    )
    kind = models.CharField(_("kind of source"), max_length=20, choices=Kind.choices)
    periodicity = models.CharField(
        _("periodicity"), max_length=20, choices=Periodicity.choices, default=Periodicity.UNKNOWN
    )
    temporal_coverage = models.CharField(_("period covered"), max_length=100, blank=True)
    geographic_coverage = models.CharField(_("geographic coverage"), max_length=200, blank=True)
    disaggregation = models.CharField(
        _("disaggregation"),
        max_length=300,
        blank=True,
        help_text=_("For example: sex, age, nationality, region."),
    )
    data_format = models.CharField(_("format"), max_length=100, blank=True)
    access = models.CharField(
        _("access conditions"), max_length=20, choices=Access.choices, default=Access.UNKNOWN
    )
    last_update = models.DateField(_("last update"), null=True, blank=True)
    url = models.URLField(_("web address"), blank=True)
    contacts = models.ManyToManyField(
        Contact, blank=True, verbose_name=_("contacts"), related_name="sources"
    )
    users = models.ManyToManyField(
        Institution, blank=True, verbose_name=_("used by"), related_name="used_sources"
    )
    stages = models.ManyToManyField(
        PolicyStage, blank=True, related_name="+", verbose_name=_("policy-cycle stages it feeds")
    )
    limitations = models.TextField(_("known limitations"), blank=True)

    objects = SourceQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[areas, users, stages, contacts])

    class Meta(Entry.Meta):
        verbose_name = _("information source")
        verbose_name_plural = _("information sources")

    def __str__(self) -> str:
        return self.title

    # How long after its last update a source of each periodicity is due again; the
    # others (one-off, irregular, unknown) have no due date.
    UPDATE_EVERY = {
        Periodicity.CONTINUOUS: relativedelta_months(1),
        Periodicity.MONTHLY: relativedelta_months(1),
        Periodicity.QUARTERLY: relativedelta_months(3),
        Periodicity.ANNUAL: relativedelta_months(12),
        Periodicity.MULTIANNUAL: relativedelta_months(36),
        Periodicity.DECENNIAL: relativedelta_months(120),
    }

    @property
    def update_due(self) -> datetime.date | None:
        """When the source should next have been updated, from its periodicity and its
        last update — what "poor update capability" is measured against."""
        step = self.UPDATE_EVERY.get(self.periodicity)
        if step is None or self.last_update is None:
            return None
        return step(self.last_update)


class StageActor(Entry):
    """What one institution does at one stage of the policy cycle."""

    stage = models.ForeignKey(PolicyStage, models.PROTECT, verbose_name=_("stage"))
    institution = models.ForeignKey(
        Institution, models.PROTECT, related_name="stage_roles", verbose_name=_("institution")
    )
    role = models.TextField(_("what it does"))

    history = HistoricalRecords()

    class Meta(Entry.Meta):
        verbose_name = _("policy-cycle actor")
        verbose_name_plural = _("policy cycle and actors")

    def __str__(self) -> str:
        return f"{self.stage} — {self.institution.short_name}"


class ProfileContent(Entry):
    """A theme of the migration profile, with the indicators it covers."""

    class Status(models.TextChoices):
        COVERED = "covered", _("covered")
        PARTIAL = "partial", _("partly covered")
        MISSING = "missing", _("not covered")
        PLANNED = "planned", _("planned")

    theme = models.CharField(_("theme"), max_length=200)
    indicators = models.TextField(_("indicators"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    source = models.ForeignKey(
        Source,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="profile_contents",
        verbose_name=_("main source"),
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta(Entry.Meta):
        verbose_name = _("profile content")
        verbose_name_plural = _("profile contents")

    def __str__(self) -> str:
        return self.theme


class WorkgroupMember(Entry):
    """A member of the national workgroup (coordination platform); one is its
    coordinator."""

    contact = models.ForeignKey(
        Contact, models.PROTECT, related_name="memberships", verbose_name=_("person")
    )
    role = models.CharField(_("role in the workgroup"), max_length=200, blank=True)
    is_coordinator = models.BooleanField(_("coordinator"), default=False)

    history = HistoricalRecords()

    class Meta(Entry.Meta):
        verbose_name = _("workgroup member")
        verbose_name_plural = _("workgroup")
        constraints = [
            *Entry.Meta.constraints,
            models.UniqueConstraint(
                fields=["dossier"],
                condition=models.Q(is_coordinator=True),
                name="one_workgroup_coordinator",
            ),
        ]

    def __str__(self) -> str:
        return str(self.contact)

    def clean(self):
        if self.is_coordinator and self.dossier_id:
            others = WorkgroupMember.objects.filter(dossier=self.dossier_id, is_coordinator=True)
            if others.exclude(pk=self.pk).exists():
                raise ValidationError(
                    {"is_coordinator": _("The workgroup already has a coordinator.")}
                )


class UseExample(Entry):
    """A best practice or example of using the profile, by the profile's function."""

    class Function(models.TextChoices):
        DIALOGUE = "dialogue", _("dialogue tool")
        INFORMATION = "information", _("information package")
        POLICY = "policy", _("policy and programme development and evaluation tool")
        CAPACITY = "capacity", _("capacity-building tool")

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"))
    function = models.CharField(
        _("function of the profile"), max_length=20, choices=Function.choices
    )
    institution = models.ForeignKey(
        Institution,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="use_examples",
        verbose_name=_("institution"),
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta(Entry.Meta):
        verbose_name = _("use example")
        verbose_name_plural = _("use examples")

    def __str__(self) -> str:
        return self.title


class Challenge(Entry):
    """A row of the problem/solution matrix."""

    class Category(models.TextChoices):
        UNDERSTANDING = "understanding", _("hard to understand")
        DISSEMINATION = "dissemination", _("poor dissemination")
        OWNERSHIP = "ownership", _("insufficient ownership")
        UPDATING = "updating", _("poor update capability")
        USE = "use", _("limited use of data")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in-progress", _("being addressed")
        RESOLVED = "resolved", _("resolved")

    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    description = models.TextField(_("challenge"))
    corrective_actions = models.TextField(_("corrective actions"), blank=True)
    past_strategies = models.TextField(_("past successful strategies"), blank=True)
    responsible = models.ForeignKey(
        Institution,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="challenges",
        verbose_name=_("responsible institution"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )

    history = HistoricalRecords()

    class Meta(Entry.Meta):
        verbose_name = _("challenge")
        verbose_name_plural = _("problem/solution matrix")

    def __str__(self) -> str:
        return self.description[:80]


class Recommendation(Entry):
    """A recommendation of guide section 4, with its follow-up status."""

    class Theme(models.TextChoices):
        COOPERATION = "cooperation", _("cooperation")
        TRAINING = "training", _("training and human resources")
        ACQUISITION = "acquisition", _("improving information acquisition")
        BORDER = "border", _("information on border management")
        CRISIS = "crisis", _("information on migration in crisis situations")
        OTHER = "other", _("other")

    class Priority(models.TextChoices):
        HIGH = "high", _("high")
        MEDIUM = "medium", _("medium")
        LOW = "low", _("low")

    class Timeframe(models.TextChoices):
        SHORT = "short", _("short term (within a year)")
        MEDIUM = "medium", _("medium term (1–3 years)")
        LONG = "long", _("long term (over 3 years)")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        IN_PROGRESS = "in-progress", _("in progress")
        IMPLEMENTED = "implemented", _("implemented")
        ABANDONED = "abandoned", _("abandoned")

    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices)
    text = models.TextField(_("recommendation"))
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.MEDIUM
    )
    responsible = models.ManyToManyField(
        Institution,
        blank=True,
        related_name="recommendations",
        verbose_name=_("responsible institutions"),
    )
    timeframe = models.CharField(
        _("timeframe"), max_length=10, choices=Timeframe.choices, default=Timeframe.MEDIUM
    )
    status = models.CharField(
        _("implementation status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )

    history = HistoricalRecords(m2m_fields=[responsible])

    class Meta(Entry.Meta):
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self) -> str:
        return self.text[:80]


class Need(Entry):
    """A capacity or training need identified in the workshops."""

    class Kind(models.TextChoices):
        TRAINING = "training", _("training")
        EQUIPMENT = "equipment", _("equipment and IT")
        TECHNICAL = "technical", _("technical assistance")
        COORDINATION = "coordination", _("coordination")
        FUNDING = "funding", _("funding")
        OTHER = "other", _("other")

    description = models.TextField(_("need"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    institution = models.ForeignKey(
        Institution,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="needs",
        verbose_name=_("institution"),
    )
    priority = models.CharField(
        _("priority"),
        max_length=10,
        choices=Recommendation.Priority.choices,
        default=Recommendation.Priority.MEDIUM,
    )

    history = HistoricalRecords()

    class Meta(Entry.Meta):
        verbose_name = _("need")
        verbose_name_plural = _("needs")

    def __str__(self) -> str:
        return self.description[:80]


class GlossaryTerm(Entry):
    """A glossary entry, in French and English."""

    term_fr = models.CharField(_("term (French)"), max_length=200, blank=True)
    definition_fr = models.TextField(_("definition (French)"), blank=True)
    term_en = models.CharField(_("term (English)"), max_length=200, blank=True)
    definition_en = models.TextField(_("definition (English)"), blank=True)

    history = HistoricalRecords()

    class Meta(Entry.Meta):
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary")

    def __str__(self) -> str:
        return self.term_fr or self.term_en

    def clean(self):
        if not (self.term_fr or self.term_en):
            raise ValidationError(_("Give the term in French, in English, or both."))


class Foreword(Entry):
    """A foreword signed by the national authority."""

    signatory = models.CharField(_("signed by"), max_length=200)
    signatory_title = models.CharField(_("title of the signatory"), max_length=300)
    institution = models.ForeignKey(
        Institution,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="forewords",
        verbose_name=_("institution"),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        default="fr",
        help_text=_("Language code of the text, e.g. fr."),
    )
    text = models.TextField(_("text"))

    history = HistoricalRecords()

    class Meta(Entry.Meta):
        verbose_name = _("foreword")
        verbose_name_plural = _("forewords")

    def __str__(self) -> str:
        return f"{self.signatory} ({self.language})"
