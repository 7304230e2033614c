"""Translating the dossier in the app: what the side-by-side page of a part shows in
one language (the texts to translate, outdated ones first), and how far each language
has come, part by part (the dossier's overview)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from .exchange import export_dossier
from .models import Dossier, Translation
from .parts import PARTS, Part
from .snapshot import Snapshot
from .translation import CURRENT, MISSING, OUTDATED, Unit, describe, part_of, units

# The order of the page: what needs looking at again first.
ORDER = {OUTDATED: 0, MISSING: 1, CURRENT: 2}


def other_languages(dossier: Dossier) -> list[str]:
    """The languages the dossier is translated into: its guide languages but the main."""
    return list(dossier.languages or [])[1:]


def source_hash(text: str) -> str:
    """What the page sends back of the main text the translator saw (a hash, so that
    the browser's line endings do not change it)."""
    return hashlib.sha256(text.strip().encode()).hexdigest()


@dataclass
class Row:
    """One text of the page: where it is, the main text, its translation and state."""

    unit: Unit
    part: str
    entry: str
    field: str
    version: int  # of the translation, 0 when there is none yet
    # When a save of this text was refused: what the translator typed, and the
    # EditConflict (None when the main text changed instead).
    typed: str | None = None
    conflict: Any = None

    @property
    def key(self) -> str:
        return self.unit.key

    @property
    def anchor(self) -> str:
        return "u-" + self.unit.key.replace(".", "-")

    @property
    def source_hash(self) -> str:
        return source_hash(self.unit.source)


def _units_of(data: dict[str, Any], part: Part, language: str) -> list[Unit]:
    return [u for u in units(data, language) if part_of(u) is part]


def rows(dossier: Dossier, part: Part, language: str) -> tuple[list[Row], list[Row]]:
    """The required texts of a part in `language`, outdated first, then missing, then
    current (each in the dossier's order); and apart, the optional ones (names of
    institutions, titles of laws), which stay as written unless translated."""
    data = export_dossier(dossier)
    snapshot = Snapshot.from_json(data)
    versions = {
        (uid, name): version
        for uid, name, version in Translation.objects.filter(
            dossier=dossier, language=language
        ).values_list("entry_uid", "field", "version")
    }
    found = [
        Row(unit, *describe(unit, snapshot), versions.get((unit.uid, unit.field), 0))
        for unit in _units_of(data, part, language)
    ]
    required = sorted((r for r in found if not r.unit.optional), key=lambda r: ORDER[r.unit.state])
    return required, [r for r in found if r.unit.optional]


def find(dossier: Dossier, part: Part, language: str, uid: str, name: str) -> Unit | None:
    """The unit of a part named by a form, as the dossier is now."""
    data = export_dossier(dossier)
    return next(
        (u for u in _units_of(data, part, language) if (u.uid, u.field) == (uid, name)), None
    )


@dataclass
class PartProgress:
    part: Part
    done: int = 0
    total: int = 0
    outdated: int = 0


@dataclass
class LanguageProgress:
    """How far one language has come: required texts current out of all, how many
    are outdated, and the same for each part that has texts."""

    language: str
    done: int = 0
    total: int = 0
    outdated: int = 0
    parts: list[PartProgress] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100


def progress_by_language(dossier: Dossier) -> list[LanguageProgress]:
    languages = other_languages(dossier)
    if not languages:
        return []
    data = export_dossier(dossier)
    found = []
    for language in languages:
        by_part = {p.export_key: PartProgress(p) for p in PARTS}
        overall = LanguageProgress(language)
        for unit in units(data, language):
            if unit.optional:
                continue
            counts = by_part[part_of(unit).export_key]
            for c in (counts, overall):
                c.total += 1
                c.done += unit.state == CURRENT
                c.outdated += unit.state == OUTDATED
        overall.parts = [p for p in by_part.values() if p.total]
        found.append(overall)
    return found
