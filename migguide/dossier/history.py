"""Reading the recorded history of dossier entries as changes a person can follow:
who, when, and each field before and after."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.utils.timezone import localtime
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from .parts import PARTS, Part
from .translation import language_name

HIDDEN = {"id", "uid", "dossier", "version", "revision", "updated_at", "position"}
KINDS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}

# Why a change was made is stored as English text, a msgid (history keeps it for good),
# and translated when shown: "import from <source>" names a file, or one of these.
IMPORT_REASON = "import from "
IMPORT_SOURCES = {"demonstration dossier": gettext_noop("import from the demonstration dossier")}
REASONS = {gettext_noop("erased on request")}


def import_reason(source: str) -> str:
    """The reason stored on the entries an import writes (it fits the 100 characters
    of the history's column, a long path losing its start)."""
    return IMPORT_REASON + source[-(100 - len(IMPORT_REASON)) :]


def reason_label(stored: str | None) -> str:
    """The stored reason of a change in the active language."""
    stored = stored or ""
    if stored in REASONS:
        return gettext(stored)
    if stored.startswith(IMPORT_REASON):
        source = stored[len(IMPORT_REASON) :]
        if source in IMPORT_SOURCES:
            return gettext(IMPORT_SOURCES[source])
        return gettext("import from %(source)s") % {"source": source}
    return stored


@dataclass
class Change:
    at: datetime.datetime
    by: str
    kind: str
    title: str
    part: Part | None = None
    uid: str = ""
    reason: str = ""
    fields: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def day(self) -> datetime.date:
        """The day of the change where the reader is (changes are grouped by day)."""
        return localtime(self.at).date()

    @property
    def kind_label(self) -> str:
        return str(KINDS.get(self.kind, self.kind))


def title_of(record) -> str:
    """The name of an entry as it was, even when entries it referred to are gone."""
    try:
        return str(record.instance)
    except ObjectDoesNotExist:
        return str(_("(an entry whose related entries were deleted)"))


def _display(record, f) -> str:
    if f.choices:
        return str(dict(f.flatchoices).get(getattr(record, f.attname), getattr(record, f.attname)))
    if f.is_relation:
        try:
            return str(getattr(record, f.name) or "")
        except ObjectDoesNotExist:
            return str(_("(deleted)"))
    value = getattr(record, f.attname)
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return "" if value is None else str(value)


def _m2m_display(model, change_value, field_name: str) -> str:
    f = model._meta.get_field(field_name)
    target = f.related_model
    ids = [row.get(target._meta.model_name) for row in change_value or []]
    names = {o.pk: str(o) for o in target.objects.filter(pk__in=ids)}
    return ", ".join(sorted(names.get(i, str(_("(deleted)"))) for i in ids))


def changes_of(records, model) -> list[Change]:
    """Turn the historical records of one entry (newest first) into changes."""
    records = list(records)
    shown = [f for f in model._meta.concrete_fields if f.name not in HIDDEN]
    changes = []
    for i, record in enumerate(records):
        previous = records[i + 1] if i + 1 < len(records) else None
        change = Change(
            at=record.history_date,
            by=str(record.history_user or _("system")),
            kind=record.history_type,
            title=title_of(record),
            reason=reason_label(record.history_change_reason),
        )
        if previous is None or record.history_type != "~":
            if record.history_type == "+":
                change.fields = [
                    (str(f.verbose_name), "", _display(record, f))
                    for f in shown
                    if _display(record, f)
                ]
        else:
            delta = record.diff_against(previous)
            for c in delta.changes:
                f = model._meta.get_field(c.field)
                if c.field in HIDDEN:
                    continue
                if f.many_to_many:
                    old = _m2m_display(model, c.old, c.field)
                    new = _m2m_display(model, c.new, c.field)
                else:
                    old, new = _display(previous, f), _display(record, f)
                if old != new:
                    change.fields.append((str(f.verbose_name), old, new))
        changes.append(change)
    return changes


@dataclass(frozen=True)
class ChangeFilter:
    """Which recent changes to show: one person's (a user id), one part's (a part's
    slug; the context narrative is in the "context" part, as on its page), since a
    moment; None is any."""

    by: int | None = None
    part: str | None = None
    since: datetime.datetime | None = None

    def keeps(self, part: Part | None) -> bool:
        if self.part is None:
            return True
        return (part.slug if part else "context") == self.part

    def narrow(self, history):
        if self.by is not None:
            history = history.filter(history_user_id=self.by)
        if self.since is not None:
            history = history.filter(history_date__gte=self.since)
        return history


def recent_changes(dossier, limit: int = 50, among: ChangeFilter = ChangeFilter()) -> list[Change]:
    """The latest changes across every part of a dossier, deleted entries included,
    narrowed to a person, a part and a period if asked."""
    found = []
    for part in [None, *PARTS]:
        if not among.keeps(part):
            continue
        model = part.model if part else type(dossier)
        history = among.narrow(
            model.history.filter(**({"dossier_id": dossier.pk} if part else {"id": dossier.pk}))
        )
        for record in history.select_related("history_user").order_by("-history_id")[:limit]:
            found.append(
                Change(
                    at=record.history_date,
                    by=str(record.history_user or _("system")),
                    kind=record.history_type,
                    title=title_of(record) if part else str(_("Context narrative")),
                    part=part,
                    uid=str(record.uid) if part else "",
                    reason=reason_label(record.history_change_reason),
                )
            )
    found.extend(c for c in _translations(dossier, limit, among) if among.keeps(c.part))
    found.sort(key=lambda c: c.at, reverse=True)
    return found[:limit]


def people_who_changed(dossier) -> list[tuple[int, str]]:
    """Everyone who changed something in the dossier (for the person filter), by name."""
    from django.contrib.auth import get_user_model

    from .models import Translation

    ids = set()
    for model, where in [
        (type(dossier), {"id": dossier.pk}),
        (Translation, {"dossier_id": dossier.pk}),
        *((part.model, {"dossier_id": dossier.pk}) for part in PARTS),
    ]:
        ids |= set(
            model.history.filter(**where, history_user__isnull=False)
            .values_list("history_user", flat=True)
            .distinct()
        )
    people = get_user_model().objects.filter(pk__in=ids)
    return sorted(((p.pk, str(p)) for p in people), key=lambda person: person[1].casefold())


def _translations(dossier, limit: int, among: ChangeFilter) -> list[Change]:
    """The latest saves of translations, each read as "translated into English: the
    description of Census 2013" (the entry's title as it is now)."""
    from .models import DOSSIER_KEY, Translation

    records = list(
        among.narrow(Translation.history.filter(dossier_id=dossier.pk))
        .select_related("history_user")
        .order_by("-history_id")[:limit]
    )
    uids = {r.entry_uid for r in records} - {DOSSIER_KEY}
    entries: dict[str, tuple[Part, str]] = {}
    for part in PARTS if uids else ():
        for entry in part.model.objects.filter(dossier=dossier, uid__in=uids):
            entries[str(entry.uid)] = (part, str(entry))
    changes = []
    for record in records:
        part, entry = entries.get(record.entry_uid, (None, ""))
        if record.entry_uid == DOSSIER_KEY:
            entry, model = str(_("Context narrative")), type(dossier)
        else:
            entry, model = entry or str(_("(deleted)")), part.model if part else None
        name = record.field.split(".", 1)[0]
        try:
            label = str(model._meta.get_field(name).verbose_name) if model else name
        except FieldDoesNotExist:
            label = gettext(name)
        changes.append(
            Change(
                at=record.history_date,
                by=str(record.history_user or _("system")),
                kind=record.history_type,
                title=gettext("translated into %(language)s: %(field)s of %(entry)s")
                % {
                    "language": language_name(record.language),
                    "field": label,
                    "entry": entry,
                },
                part=part,
                uid=record.entry_uid if part else "",
                reason=reason_label(record.history_change_reason),
            )
        )
    return changes
