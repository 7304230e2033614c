"""The dossier of a country: everything its guide is built from.

Each part of the dossier is a list of entries (institutions, sources, challenges …).
Entries share identity, order, optimistic locking and history through `Entry`."""

from __future__ import annotations

import calendar
import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from migguide.countries.models import Country


def relativedelta_months(months: int):
    """A function adding `months` to a date (the last day of a shorter month kept)."""

    def add(day: datetime.date) -> datetime.date:
        total = day.month - 1 + months
        year, month = day.year + total // 12, total % 12 + 1
        return day.replace(
            year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
        )

    return add


class EditConflict(Exception):
    """Somebody else saved the entry after this person opened it."""

    def __init__(self, entry, changes: list[tuple[str, str, str]], by: str, at):
        self.entry, self.changes, self.by, self.at = entry, changes, by, at
        super().__init__(str(_("Somebody else changed this entry while you were editing it.")))


class EntryGone(Exception):
    """The entry was deleted after this person opened it."""


class Versioned(models.Model):
    """Every save of an existing row raises its version, whoever saves it (the pages,
    the admin, an import), so that an editor who loaded an older version is noticed."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            self.version += 1
        super().save(*args, **kwargs)
        self.dossier_changed()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self.dossier_changed()
        return result

    def dossier_changed(self) -> None:
        raise NotImplementedError

    def save_checked(self, *, base_version: int) -> None:
        save_checked(self, base_version=base_version)


class Dossier(Versioned):
    """One country's dossier, with the narrative of its context (guide section 1)."""

    country = models.OneToOneField(Country, models.PROTECT, related_name="dossier")
    languages = models.JSONField(
        _("guide languages"),
        default=list,
        help_text=_("Languages of the country's guide, as codes, first the main one."),
    )
    is_demo = models.BooleanField(
        _("demonstration content"),
        default=False,
        help_text=_("Demonstration dossiers are marked as such on every page."),
    )
    situation = models.TextField(
        _("migration situation"),
        blank=True,
        help_text=_("The migration situation of the country, in its own words."),
    )
    framework = models.TextField(
        _("legal and policy framework"),
        blank=True,
        help_text=_("How migration is governed: laws, policies and the institutions in charge."),
    )
    # Raised by every change of the dossier or of any of its entries: what is computed
    # from the whole dossier (its completeness) is cached under it.
    revision = models.PositiveIntegerField(default=0, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["revision"])

    class Meta:
        ordering = ["country__iso3"]

    def __str__(self) -> str:
        return str(_("Dossier of %(country)s")) % {"country": self.country.name()}

    def dossier_changed(self) -> None:
        touch_dossier(self.pk)

    @property
    def cache_key(self) -> str:
        return f"dossier:{self.pk}:{self.revision}:{self.updated_at.timestamp()}"


def touch_dossier(pk) -> None:
    Dossier.objects.filter(pk=pk).update(revision=F("revision") + 1, updated_at=timezone.now())


class Area(models.Model):
    """A thematic area of migration data. The four first are the activity's focus."""

    class Code(models.TextChoices):
        TRENDS = "trends", _("migration trends")
        BORDER = "border", _("border management")
        CRISIS = "crisis", _("migration in crisis situations")
        DEVELOPMENT = "development", _("migration and development")
        LABOUR = "labour", _("labour migration")
        ASYLUM = "asylum", _("asylum and protection")
        DIASPORA = "diaspora", _("diaspora")
        IRREGULAR = "irregular", _("irregular migration")
        RETURN = "return", _("return and reintegration")
        OTHER = "other", _("other areas")

    FOCUS = (Code.TRENDS, Code.BORDER, Code.CRISIS, Code.DEVELOPMENT)

    code = models.CharField(max_length=20, unique=True, choices=Code.choices)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return str(self.get_code_display())


class PolicyStage(models.Model):
    """A stage of the migration policy cycle."""

    class Code(models.TextChoices):
        NEEDS = "needs", _("identification of needs")
        PROCESSING = "processing", _("processing")
        DECISION = "decision", _("decision")
        IMPLEMENTATION = "implementation", _("implementation")
        FOLLOW_UP = "follow-up", _("follow-up")
        REFORMULATION = "reformulation", _("reformulation")

    code = models.CharField(max_length=20, unique=True, choices=Code.choices)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return str(self.get_code_display())


def _field_value(instance, field) -> str:
    if field.choices:
        return str(dict(field.flatchoices).get(getattr(instance, field.attname), ""))
    if field.is_relation:
        return str(getattr(instance, field.name) or "")
    value = getattr(instance, field.attname)
    return "" if value is None else str(value)


def save_checked(entry, *, base_version: int) -> None:
    """Save an edit only if nobody saved the same entry since the editor loaded it
    (version `base_version`); otherwise raise EditConflict listing what they changed.

    The check and the write happen in one transaction on a locked row, so two saves
    racing from the same version cannot both pass."""
    model = type(entry)
    with transaction.atomic():
        current = model.objects.select_for_update().filter(pk=entry.pk).first()
        if current is None:
            raise EntryGone()
        if current.version != base_version:
            then = entry.history.filter(version=base_version).order_by("-history_id").first()
            last = current.history.order_by("-history_id").first()
            changes = []
            for field in model._meta.concrete_fields:
                if field.name in (
                    "version",
                    "revision",
                    "updated_at",
                    "id",
                    "uid",
                    "dossier",
                    "position",
                ):
                    continue
                before = _field_value(then, field) if then else ""
                after = _field_value(current, field)
                if before != after:
                    changes.append((str(field.verbose_name), before, after))
            raise EditConflict(
                current,
                changes,
                by=str(last.history_user or _("someone")) if last else str(_("someone")),
                at=last.history_date if last else None,
            )
        entry.version = base_version
        entry.save()  # Versioned.save raises it to base_version + 1


class Entry(Versioned):
    """What every entry of a dossier part has: a stable identity that survives export
    and import, a place in its list, and a version for safe concurrent editing."""

    uid = models.UUIDField(default=uuid.uuid4, editable=False)
    dossier = models.ForeignKey(Dossier, models.CASCADE, editable=False)
    position = models.PositiveIntegerField(default=0, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "uid"], name="%(app_label)s_%(class)s_unique_uid"
            ),
        ]

    def save(self, *args, **kwargs):
        if not self.position:
            last = type(self).objects.filter(dossier=self.dossier_id).aggregate(m=Max("position"))
            self.position = (last["m"] or 0) + 1
        super().save(*args, **kwargs)

    def dossier_changed(self) -> None:
        touch_dossier(self.dossier_id)

    def move(self, step: int) -> None:
        """Move the entry up (step -1) or down (+1) in its list by swapping places with
        its neighbour; at either end nothing changes."""
        siblings = type(self).objects.filter(dossier=self.dossier_id)
        if step < 0:
            neighbour = siblings.filter(position__lt=self.position).order_by("-position").first()
        else:
            neighbour = siblings.filter(position__gt=self.position).order_by("position").first()
        if neighbour is None:
            return
        with transaction.atomic():
            self.position, neighbour.position = neighbour.position, self.position
            self.save()
            neighbour.save()


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
