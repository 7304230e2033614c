"""The dossier of a country and what its entries share: identity, order, optimistic
locking and history (`Entry`); the reference lists of areas and policy-cycle stages."""

from __future__ import annotations

import calendar
import datetime
import uuid

from django.db import models, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from migguide.countries.models import Country
from migguide.files.logos import MAX_LOGOS, LogoRefused, logo_svg


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
    # What the workgroup writes about each area of data (guide Fiche 2), by area code:
    # plain text, translated like any other text of the dossier.
    area_notes = models.JSONField(
        _("notes on the areas"),
        default=dict,
        blank=True,
        help_text=_("What the workgroup says about the data of each area, by area."),
    )
    # The national emblem and other logos of the guide's cover: [{"description", "svg"}],
    # each checked and kept as SVG text by files.logos. Part of the export, so that an
    # edition freezes (and its fingerprint covers) the logos it printed; left out of the
    # history, which would otherwise copy them at every change of the context.
    logos = models.JSONField(_("logos"), default=list, blank=True)
    # Raised by every change of the dossier or of any of its entries: what is computed
    # from the whole dossier (its completeness) is cached under it.
    revision = models.PositiveIntegerField(default=0, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["revision", "logos"])

    class Meta:
        ordering = ["country__iso3"]

    def __str__(self) -> str:
        return str(_("Dossier of %(country)s")) % {"country": self.country.name()}

    def save(self, *args, **kwargs):
        # A new dossier without languages starts with those the registry knows for its
        # country; the team changes them as it wants.
        if self.pk is None and not self.languages:
            self.languages = self.country.guide_languages()
        super().save(*args, **kwargs)

    def dossier_changed(self) -> None:
        touch_dossier(self.pk)

    def labelled_area_notes(self) -> list[tuple[str, str]]:
        """(area label, note) for each area with a note, in the order of the areas."""
        notes = self.area_notes or {}
        return [(label, notes[code]) for code, label in Area.Code.choices if notes.get(code)]

    def add_logo(self, data: bytes, description: str) -> None:
        """Add a logo printed on the guide's cover, after the others. `description` is
        its alternative text (what the emblem is), which accessible PDFs require; the
        image must pass files.logos (LogoRefused says why not)."""
        if len(self.logos) >= MAX_LOGOS:
            raise LogoRefused(
                _("A guide prints at most %(n)s logos: remove one first.") % {"n": MAX_LOGOS}
            )
        description = " ".join(description.split())
        if not description:
            raise LogoRefused(_("Say what the logo is: it is read aloud to blind readers."))
        self.logos = [*self.logos, {"description": description, "svg": logo_svg(data)}]
        self.save(update_fields=["logos", "version"])

    def remove_logo(self, index: int) -> None:
        if not 0 <= index < len(self.logos):
            raise LogoRefused(_("There is no such logo."))
        self.logos = [logo for i, logo in enumerate(self.logos) if i != index]
        self.save(update_fields=["logos", "version"])

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
                if then is not None and not hasattr(then, field.attname):
                    continue  # a field the history does not keep (the dossier's logos)
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

    def move_to(self, place: int) -> None:
        """Put the entry at `place` (1 is the top) of its list, the others keeping their
        order; a place beyond either end means that end. The list is numbered 1, 2, 3…
        again, so that an entry's number on the page is the place it is moved to."""
        with transaction.atomic():
            others = list(
                type(self)
                .objects.select_for_update()
                .filter(dossier=self.dossier_id)
                .exclude(pk=self.pk)
                .order_by("position", "id")
            )
            place = min(max(place, 1), len(others) + 1)
            others.insert(place - 1, self)
            renumbered = []
            for number, entry in enumerate(others, 1):
                if entry.position != number and entry.pk != self.pk:
                    entry.position = number
                    renumbered.append(entry)
            # The others only change place: no new version or history line for them.
            type(self).objects.bulk_update(renumbered, ["position"])
            self.position = place
            self.save()
