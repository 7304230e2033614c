"""What changed between two dossier snapshots (two editions, or an edition and the live
dossier), by section: entries added, removed, changed field by field. Entries are
matched by their id, so a renamed institution is "changed", not removed and added."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from migguide.dossier.models import Area, PolicyStage
from migguide.dossier.parts import PARTS, Part

# The fields that name an entry, in order of preference.
TITLE_FIELDS = ("name", "title", "term_fr", "term_en", "signatory", "theme", "description", "text")


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class EntryChange:
    kind: str  # added, removed, changed
    uid: str
    title: str
    fields: list[FieldChange] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return {
            "added": gettext("added"),
            "removed": gettext("removed"),
            "changed": gettext("changed"),
        }[self.kind]


@dataclass
class PartChanges:
    slug: str
    label: str
    entries: list[EntryChange]

    def count(self, kind: str) -> int:
        return sum(e.kind == kind for e in self.entries)


CONTEXT_FIELDS = {
    "situation": _("Migration situation"),
    "framework": _("Legal and policy framework"),
}


class Names:
    """Titles of the entries of one snapshot, to show references by name."""

    def __init__(self, data: dict):
        self.reference = {r.code: str(r) for r in [*Area.objects.all(), *PolicyStage.objects.all()]}
        self.titles: dict[str, str] = {}
        self.contacts = {c["id"]: c for c in data.get("contacts", [])}
        for part in PARTS:
            for entry in data.get(part.export_key, []):
                self.titles[entry["id"]] = entry_title(part, entry, self)

    def __call__(self, ref: str | None) -> str:
        if ref is None:
            return ""
        return self.titles.get(ref) or self.reference.get(ref) or ref


def entry_title(part: Part, entry: dict, names: Names | None = None) -> str:
    for name in TITLE_FIELDS:
        value = entry.get(name)
        if isinstance(value, str) and value.strip():
            text = value.strip().splitlines()[0]
            return text if len(text) <= 90 else text[:89] + "…"
    if names is not None:  # policy-cycle actors, workgroup members: by what they refer to
        refs = [entry.get(n) for n in ("contact", "institution", "stage") if entry.get(n)]
        contact = names.contacts.get(entry.get("contact") or "")
        if contact and contact.get("name"):
            return contact["name"]
        return " — ".join(names(r) for r in refs)
    return entry["id"]


def display(f: models.Field, value: Any, names: Names) -> str:
    """A field's value of a snapshot entry as a person reads it: choices by label,
    references by the title of what they refer to."""
    if value is None or value == "" or value == []:
        return ""
    if f.many_to_many:
        return ", ".join(names(v) for v in value)
    if f.is_relation:
        return names(value)
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    return str(value)


def compare(old: dict | None, new: dict) -> list[PartChanges]:
    """The changes from the dossier export `old` (None: nothing before) to `new`, by
    part in the dossier's order; parts without change are left out."""
    old = old or {}
    old_names, new_names = Names(old), Names(new)
    result = []
    context: list[EntryChange] = []
    for key, label in CONTEXT_FIELDS.items():
        before = (old.get("dossier") or {}).get(key, "") or ""
        after = new["dossier"].get(key, "") or ""
        if before != after:
            kind = "added" if not before else "removed" if not after else "changed"
            context.append(EntryChange(kind, key, str(label), [FieldChange("", before, after)]))
    for part in PARTS:
        meta = part.model._meta
        before = {e["id"]: e for e in old.get(part.export_key, [])}
        after = {e["id"]: e for e in new.get(part.export_key, [])}
        entries = list(context) if part.slug == "context" else []
        for uid, entry in after.items():
            if entry.get("withheld") and before.get(uid, entry).get("withheld"):
                continue  # a person withheld from the public on both sides: nothing to say
            if uid not in before:
                entries.append(EntryChange("added", uid, entry_title(part, entry, new_names)))
                continue
            changed = []
            for name in part.fields:
                a, b = before[uid].get(name), entry.get(name)
                if a == b:
                    continue
                f = meta.get_field(name)
                shown_a, shown_b = display(f, a, old_names), display(f, b, new_names)
                if shown_a != shown_b:
                    changed.append(FieldChange(str(f.verbose_name), shown_a, shown_b))
            if changed:
                entries.append(
                    EntryChange("changed", uid, entry_title(part, entry, new_names), changed)
                )
        for uid, entry in before.items():
            if uid not in after and not entry.get("withheld"):
                entries.append(EntryChange("removed", uid, entry_title(part, entry, old_names)))
        if entries:
            result.append(PartChanges(part.slug, str(part.label), entries))
    return result


def annex_data(old_label: str, changes: list[PartChanges]) -> dict:
    """The changes as the plain data the guide's annex "What changed" is built from."""
    return {
        "since": old_label,
        "parts": [
            {
                "label": part.label,
                "rows": [
                    [
                        entry.kind_label,
                        entry.title,
                        "; ".join(
                            f"{c.label}: {_short(c.before) or '—'} → {_short(c.after) or '—'}"
                            if c.label
                            else gettext("text revised")
                            for c in entry.fields
                        ),
                    ]
                    for entry in part.entries
                ],
            }
            for part in changes
        ],
    }


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class SectionChoice:
    slug: str
    label: str
    entries: list[tuple[str, str]]  # (id, title)


def section_choices(snapshot: dict | None) -> list[SectionChoice]:
    """What a reviewer may comment on in a frozen edition: the whole edition, and each
    part of the dossier with its entries by title."""
    data = (snapshot or {}).get("dossier") or {}
    names = Names(data)
    sections = [SectionChoice("general", gettext("The whole edition"), [])]
    for part in PARTS:
        entries = [(e["id"], entry_title(part, e, names)) for e in data.get(part.export_key, [])]
        sections.append(SectionChoice(part.slug, str(part.label), entries))
    return sections
