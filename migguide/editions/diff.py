"""What changed between two dossier snapshots (two editions, or an edition and the live
dossier), by section: entries added, removed, changed field by field. Entries are
matched by their id, so a renamed institution is "changed", not removed and added."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from migguide.dossier import models as m
from migguide.dossier.parts import PARTS
from migguide.dossier.snapshot import Snapshot
from migguide.files.text import labelled


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


def compare(old: Snapshot | None, new: Snapshot) -> list[PartChanges]:
    """The changes from the snapshot `old` (None: nothing before) to `new`, by part in
    the dossier's order; parts without change are left out. Contacts withheld from the
    public on both sides (Snapshot.public) are left out: there is nothing to say."""
    old = old or Snapshot.empty()
    result = []
    context: list[EntryChange] = []
    for key, label in CONTEXT_FIELDS.items():
        before, after = getattr(old, key), getattr(new, key)
        if before != after:
            kind = "added" if not before else "removed" if not after else "changed"
            context.append(EntryChange(kind, key, str(label), [FieldChange("", before, after)]))
    # The workgroup's note on each area of data (guide Fiche 2), area by area.
    for code, area in m.Area.Code.choices:
        before, after = old.area_notes.get(code, ""), new.area_notes.get(code, "")
        if before != after:
            kind = "added" if not before else "removed" if not after else "changed"
            title = str(_("Notes on the area “%(area)s”")) % {"area": area}
            context.append(
                EntryChange(kind, f"area_notes.{code}", title, [FieldChange("", before, after)])
            )
    for part in PARTS:
        meta = part.model._meta
        before = {e.id: e for e in old.entries(part.export_key)}
        after = {e.id: e for e in new.entries(part.export_key)}
        entries = list(context) if part.slug == "context" else []
        for uid, entry in after.items():
            if _withheld(entry) and _withheld(before.get(uid, entry)):
                continue
            if uid not in before:
                entries.append(EntryChange("added", uid, new.title(entry)))
                continue
            changed = []
            for name in part.fields:
                a, b = getattr(before[uid], name), getattr(entry, name)
                if a == b:
                    continue
                shown_a = old.display(part.export_key, name, a)
                shown_b = new.display(part.export_key, name, b)
                if shown_a != shown_b:
                    changed.append(
                        FieldChange(str(meta.get_field(name).verbose_name), shown_a, shown_b)
                    )
            if changed:
                entries.append(EntryChange("changed", uid, new.title(entry), changed))
        for uid, entry in before.items():
            if uid not in after and not _withheld(entry):
                entries.append(EntryChange("removed", uid, old.title(entry)))
        if entries:
            result.append(PartChanges(part.slug, str(part.label), entries))
    return result


def since_frozen(edition, dossier) -> list[PartChanges]:
    """What changed in the dossier since an edition in review or waiting for
    endorsement froze: what its guide, and an endorsement, would miss until the
    coordinator updates it (`Edition.refreeze`). Nothing for other editions."""
    if not edition.snapshot or edition.state not in ("review", "ready"):
        return []
    return compare(edition.frozen, Snapshot.of(dossier))


def _withheld(entry) -> bool:
    return getattr(entry, "withheld", False)


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
                            labelled(
                                c.label, f"{_short(c.before) or '—'} → {_short(c.after) or '—'}"
                            )
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
    """What a reviewer may comment on in a frozen edition (its `snapshot`): the whole
    edition, and each part of the dossier with its entries by title."""
    data = Snapshot.from_json((snapshot or {}).get("dossier") or {})
    sections = [SectionChoice("general", gettext("The whole edition"), [])]
    for part in PARTS:
        entries = [(e.id, data.title(e)) for e in data.entries(part.export_key)]
        sections.append(SectionChoice(part.slug, str(part.label), entries))
    return sections


# Which part of the dossier each section of the guide is written from: a comment made
# from a section of the guide's preview is about that part (the whole edition when a
# section draws on several, such as the introduction or the method).
GUIDE_SECTION_PARTS = {
    "context": "context",
    "situation": "context",
    "facts": "context",
    "key-figures": "context",
    "framework": "context",
    "institutions": "institutions",
    "mapping": "sources",
    "coverage": "sources",
    "gaps": "sources",
    "cycle": "policy-cycle",
    "contents": "profile-contents",
    "workgroup": "workgroup",
    "examples": "use-examples",
    "matrix": "challenges",
    "recommendations": "recommendations",
    "top": "recommendations",
    "needs": "needs",
    "glossary": "glossary",
    "acronyms": "glossary",
    "forewords": "forewords",
    "contacts": "contacts",
}


def part_of_guide_section(section_id: str) -> str:
    """The comment section ('general' or a part's slug) for a section of the guide."""
    if section_id.startswith("area-"):
        return "sources"
    return GUIDE_SECTION_PARTS.get(section_id, "general")
