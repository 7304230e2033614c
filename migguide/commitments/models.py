"""The commitments the dialogue's countries track their work against: policy
frameworks (the Cadiz Action Plan, the Global Compact for Migration, the SDG targets)
as data, the framework items each dossier entry serves, and the Senior Officials'
Meeting rounds whose freeze fixes what each country shared."""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from migguide.countries.models import Country
from migguide.dossier.models import Dossier, touch_dossier


class CommitmentError(Exception):
    """A move on frameworks, tags or rounds that the rules forbid, with the reason."""


def in_language(texts: dict, language: str) -> str:
    """The text in `language`, else English, else any: a title is never blank."""
    if not isinstance(texts, dict) or not texts:
        return ""
    return texts.get(language) or texts.get("en") or next(iter(texts.values()))


class FrameworkQuerySet(models.QuerySet):
    def current(self):
        return self.filter(retired_on__isnull=True)


class Framework(models.Model):
    """A policy framework, e.g. the Cadiz Action Plan 2023–2027. When the next plan is
    adopted, the old one is retired (its tags stay, read through the correspondence)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    names = models.JSONField(
        _("name"), default=dict, help_text=_('By language code, e.g. {"en": "…", "fr": "…"}.')
    )
    source = models.TextField(_("source"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    retired_on = models.DateField(_("retired on"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, verbose_name=_("replaced by")
    )

    objects = FrameworkQuerySet.as_manager()

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")

    def __str__(self) -> str:
        return self.name()

    def name(self, language: str = "en") -> str:
        return in_language(self.names, language) or self.code

    @classmethod
    def adopt(cls, *, code: str, names: dict, source: str = "") -> Framework:
        """A new framework (the next plan, once adopted), after the current ones; its
        name in English is required, as for its items' titles."""
        names = {lang: text.strip() for lang, text in names.items() if text and text.strip()}
        if not names.get("en"):
            raise CommitmentError(gettext("A framework needs its name in English."))
        if cls.objects.filter(code=code).exists():
            raise CommitmentError(gettext("The code %(code)s is already used.") % {"code": code})
        last = cls.objects.aggregate(last=models.Max("position"))["last"] or 0
        return cls.objects.create(code=code, names=names, source=source, position=last + 1)

    def retire(self, *, replaced_by: Framework | None = None, on=None) -> None:
        """Retire the framework: no new tag may use its items; existing tags are kept
        and read through the correspondence to the framework that replaces it."""
        if self.retired_on is not None:
            raise CommitmentError(gettext("This framework is already retired."))
        if replaced_by is not None and replaced_by.pk == self.pk:
            raise CommitmentError(gettext("A framework cannot replace itself."))
        if replaced_by is not None and replaced_by.retired_on is not None:
            raise CommitmentError(gettext("A retired framework cannot replace another."))
        self.retired_on = on or timezone.localdate()
        self.replaced_by = replaced_by
        self.save(update_fields=["retired_on", "replaced_by"])

    def add_item(
        self, *, code: str, level: str, titles: dict, parent: Item | None = None, keywords=""
    ) -> Item:
        """A new area, objective, action or target. Codes are unique across frameworks
        (a tag names its item by code alone, in editions and open data); a retired
        framework takes no new item; an item hangs under an item of its own framework."""
        if self.retired_on is not None:
            raise CommitmentError(gettext("A retired framework takes no new items."))
        if Item.objects.filter(code=code).exists():
            raise CommitmentError(gettext("The code %(code)s is already used.") % {"code": code})
        if parent is not None and parent.framework_id != self.pk:
            raise CommitmentError(
                gettext("An item can only be placed under an item of its own framework.")
            )
        last = self.items.aggregate(last=models.Max("position"))["last"] or 0
        item = Item(
            framework=self,
            code=code,
            level=level,
            parent=parent,
            keywords=keywords,
            position=last + 1,
        )
        item.retitle(titles)
        return item

    def set_correspondence(self, pairs: dict[Item, Item | None]) -> None:
        """Which item of the successor continues each item of this retired framework
        (None: none does). Only a retired framework with a successor has them, and each
        pair goes from one of its items to one of the successor's."""
        if self.retired_on is None or self.replaced_by_id is None:
            raise CommitmentError(
                gettext("Only a retired framework with a successor has a correspondence.")
            )
        for old, new in pairs.items():
            if old.framework_id != self.pk or (
                new is not None and new.framework_id != self.replaced_by_id
            ):
                raise CommitmentError(
                    gettext(
                        "A correspondence goes from an item of the retired framework "
                        "to an item of its successor."
                    )
                )
        with transaction.atomic():
            for old, new in pairs.items():
                Correspondence.objects.filter(old=old).exclude(new=new).delete()
                if new is not None:
                    Correspondence.objects.get_or_create(old=old, new=new)

    def correspondence(self) -> dict[int, Item]:
        """{old item id: the successor's item continuing it}."""
        rows = Correspondence.objects.filter(old__framework=self).select_related("new")
        return {c.old_id: c.new for c in rows}


class Item(models.Model):
    """An area, objective, action or target of a framework, with its code (CAP-3.5a)
    and its title in each language; `keywords`, `dossier_areas` and `themes` are what
    suggestions are made from."""

    class Level(models.TextChoices):
        AREA = "area", _("area")
        OBJECTIVE = "objective", _("objective")
        ACTION = "action", _("action")
        TARGET = "target", _("target")

    framework = models.ForeignKey(Framework, models.CASCADE, related_name="items")
    code = models.CharField(_("code"), max_length=40, unique=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", models.CASCADE, null=True, blank=True, related_name="children"
    )
    titles = models.JSONField(
        _("title"), default=dict, help_text=_('By language code, e.g. {"en": "…", "fr": "…"}.')
    )
    keywords = models.TextField(
        _("keywords"),
        blank=True,
        help_text=_("Words that suggest this item for an entry, separated by commas."),
    )
    dossier_areas = models.JSONField(
        _("areas of data"), default=list, blank=True, help_text=_('Area codes, e.g. ["asylum"].')
    )
    themes = models.JSONField(
        _("recommendation themes"),
        default=list,
        blank=True,
        help_text=_('Recommendation theme codes, e.g. ["border"].'),
    )
    checked = models.BooleanField(_("checked against the adopted text"), default=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["framework__position", "position", "code"]
        verbose_name = _("framework item")
        verbose_name_plural = _("framework items")

    def __str__(self) -> str:
        return f"{self.code} {self.title()}"

    def title(self, language: str = "en") -> str:
        return in_language(self.titles, language)

    def retitle(self, titles: dict, *, keywords: str | None = None) -> None:
        """Set the item's titles by language (a blank one is dropped, so the reader gets
        the English title instead) and save. The English title is required: it is what
        every other language falls back to."""
        titles = {lang: text.strip() for lang, text in titles.items() if text and text.strip()}
        if not titles.get("en"):
            raise CommitmentError(gettext("An item needs its title in English."))
        self.titles = titles
        if keywords is not None:
            self.keywords = keywords
        self.save()

    @property
    def heading(self) -> Item:
        """The item the synthesis reports this one under: an action under its
        objective, anything else as itself."""
        if self.level == self.Level.ACTION and self.parent_id:
            return self.parent
        return self

    def words(self) -> list[str]:
        return [w.strip().casefold() for w in self.keywords.split(",") if w.strip()]

    @classmethod
    def titles_by_code(cls) -> dict[str, dict]:
        """{code: titles by language} of every item, retired frameworks' included: what
        a published output reads to name the codes an edition froze (one query)."""
        return dict(cls.objects.values_list("code", "titles"))


class Correspondence(models.Model):
    """An item of a retired framework and the item of its successor that continues it."""

    old = models.ForeignKey(Item, models.CASCADE, related_name="continued_by")
    new = models.ForeignKey(Item, models.CASCADE, related_name="continues")
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["old", "new"], name="commitments_correspondence_unique")
        ]
        verbose_name = _("correspondence")
        verbose_name_plural = _("correspondences")

    def __str__(self) -> str:
        return f"{self.old.code} → {self.new.code}"


# The dossier parts whose entries can serve a commitment.
TAGGED_PARTS = ("recommendations", "challenges", "needs", "use_examples")


class Tag(models.Model):
    """A framework item that an entry of a dossier serves, as confirmed by a person.
    Keyed by the entry's uid, like a translation, so the dossier's models need not know."""

    dossier = models.ForeignKey(Dossier, models.CASCADE, related_name="commitment_tags")
    entry_uid = models.CharField(max_length=36)
    item = models.ForeignKey(Item, models.PROTECT, related_name="tags")
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["entry_uid", "item__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "entry_uid", "item"], name="commitments_tag_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.entry_uid} → {self.item.code}"

    @classmethod
    def set_for_entry(cls, *, dossier: Dossier, uid: str, items, by=None) -> None:
        """Make `items` exactly the items the entry serves. An item of a retired
        framework cannot be added (one already there is kept)."""
        items = list(items)
        with transaction.atomic():
            current = {t.item_id: t for t in cls.objects.filter(dossier=dossier, entry_uid=uid)}
            wanted = {i.pk for i in items}
            for item in items:
                if item.pk not in current and item.framework.retired_on is not None:
                    raise CommitmentError(
                        gettext("%(code)s belongs to a retired framework.") % {"code": item.code}
                    )
            cls.objects.filter(
                dossier=dossier, entry_uid=uid, item_id__in=set(current) - wanted
            ).delete()
            cls.objects.bulk_create(
                cls(dossier=dossier, entry_uid=uid, item=item, confirmed_by=by)
                for item in items
                if item.pk not in current
            )
            if set(current) != wanted:
                touch_dossier(dossier.pk)

    @classmethod
    def codes_by_choice(cls, dossier: Dossier) -> dict[str, str]:
        """{entry uid as a questionnaire's choice code (hex): "CAP-4 GCM-11"}."""
        return {
            uid.replace("-", ""): " ".join(codes) for uid, codes in cls.frozen_data(dossier).items()
        }

    @classmethod
    def frozen_data(cls, dossier: Dossier) -> dict[str, list[str]]:
        """{entry uid: [item codes]}: what an edition freezes."""
        out: dict[str, list[str]] = {}
        rows = cls.objects.filter(dossier=dossier).values_list("entry_uid", "item__code")
        for uid, code in rows.order_by("entry_uid", "item__code"):
            out.setdefault(uid, []).append(code)
        return out


class Round(models.Model):
    """A Senior Officials' Meeting round. At its freeze, each country's latest shared
    edition is fixed for the round, and what the synthesis needs of it is digested once
    (so the synthesis reads two rows, whatever the number of countries)."""

    name = models.CharField(_("name"), max_length=200)
    meeting_date = models.DateField(_("meeting date"))
    freeze_date = models.DateField(_("data freeze date"))
    frozen_at = models.DateTimeField(null=True, blank=True, editable=False)
    editions = models.JSONField(default=dict, blank=True, editable=False)  # iso3 → edition id
    digest = models.JSONField(default=dict, blank=True, editable=False)  # iso3 → digest

    class Meta:
        ordering = ["meeting_date", "pk"]
        verbose_name = _("SOM round")
        verbose_name_plural = _("SOM rounds")

    def __str__(self) -> str:
        return self.name

    def previous(self) -> Round | None:
        """The last frozen round before this one."""
        return (
            Round.objects.filter(frozen_at__isnull=False, meeting_date__lt=self.meeting_date)
            .order_by("-meeting_date")
            .first()
        )

    def freeze(self, *, digests: dict[str, dict], editions: dict[str, int]) -> None:
        """Fix the round's editions: called by `rounds.freeze`, once."""
        if self.frozen_at is not None:
            raise CommitmentError(gettext("This round is already frozen."))
        self.editions, self.digest, self.frozen_at = editions, digests, timezone.now()
        self.save(update_fields=["editions", "digest", "frozen_at"])


class Reference(models.Model):
    """A country staff chose as a reference for a framework item in a round."""

    round = models.ForeignKey(Round, models.CASCADE, related_name="references")
    item = models.ForeignKey(Item, models.CASCADE, related_name="+")
    country = models.ForeignKey(Country, models.CASCADE, related_name="+")
    note = models.CharField(_("why"), max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "item", "country"], name="commitments_reference_unique"
            )
        ]
        verbose_name = _("reference country")
        verbose_name_plural = _("reference countries")

    def __str__(self) -> str:
        return f"{self.round} · {self.item.code} · {self.country.iso3}"
