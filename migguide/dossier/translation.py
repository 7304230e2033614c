"""Which texts of a dossier are translated, and where each translation stands.

The dossier is written in its main language (the first of its guide languages). Every
text a reader sees — the dossier's context, an institution's mandate, a source's
description, a recommendation … — has a translation per other guide language. This
module is the one table of those texts (`TRANSLATABLE`) and the rule that says, for a
dossier export (live or frozen in an edition) and a language, which units are missing,
outdated or current (`units`). Names of institutions and titles of laws stay as written
unless someone gives a translation: they are optional units.

In the dossier export, translations travel as
`{"translations": {language: {entry id or "dossier": {field: {"text", "source"}}}}}`,
`source` being the main-language text the translation was made from."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .models.translations import DOSSIER_KEY

REQUIRED, OPTIONAL = "required", "optional"

GLOSSARY = "glossary"
# The languages the glossary is written in, one column each.
GLOSSARY_COLUMNS = ("fr", "en")

# part (export key, or "dossier" for the dossier's own texts) → field → required?
# A dossier-level field whose value is a dict (the per-area notes) is translated key by
# key, as "field.key".
TRANSLATABLE: dict[str, dict[str, str]] = {
    DOSSIER_KEY: {"situation": REQUIRED, "framework": REQUIRED, "area_notes": REQUIRED},
    "legal_instruments": {"title": OPTIONAL, "notes": REQUIRED},
    "institutions": {"name": OPTIONAL, "mandate": REQUIRED},
    "sources": {
        "title": REQUIRED,
        "description": REQUIRED,
        "temporal_coverage": OPTIONAL,
        "geographic_coverage": REQUIRED,
        "disaggregation": REQUIRED,
        "data_format": OPTIONAL,
        "limitations": REQUIRED,
    },
    "policy_cycle": {"role": REQUIRED},
    "profile_contents": {"theme": REQUIRED, "indicators": REQUIRED, "notes": REQUIRED},
    "workgroup": {"role": REQUIRED},
    "use_examples": {"title": REQUIRED, "description": REQUIRED},
    "challenges": {
        "description": REQUIRED,
        "corrective_actions": REQUIRED,
        "past_strategies": REQUIRED,
    },
    "recommendations": {"text": REQUIRED},
    "needs": {"description": REQUIRED},
    "forewords": {"signatory_title": REQUIRED, "text": REQUIRED},
    # The glossary has its own French and English columns (term_fr, definition_en …):
    # a French or English reader reads them. Into any other language, the term and its
    # definition are translated from the main language's column (see `_glossary_text`).
    GLOSSARY: {"term": REQUIRED, "definition": REQUIRED},
}

MISSING, OUTDATED, CURRENT = "missing", "outdated", "current"


@dataclass(frozen=True)
class Unit:
    """One text to translate: where it is, its main-language text, and its translation
    in one language with its state."""

    part: str  # export key, or "dossier"
    uid: str  # entry id, or "dossier"
    field: str  # field name; "area_notes.trends" for a key of a dict field
    source: str  # the main-language text now
    text: str  # the translation ("" when missing)
    translated_from: str  # the main text the translation was made from
    state: str  # missing, outdated, current
    optional: bool

    @property
    def key(self) -> str:
        """The unit's stable id: entry uid and field (what XLIFF and PO files carry)."""
        return f"{self.uid}.{self.field}"

    @property
    def needs_work(self) -> bool:
        return self.state != CURRENT and not (self.optional and self.state == MISSING)


def main_language(data: dict[str, Any]) -> str:
    languages = (data.get("dossier") or {}).get("languages") or []
    return languages[0] if languages else "fr"


def source_texts(data: dict[str, Any]) -> Iterator[tuple[str, str, str, str, bool]]:
    """(part, uid, field, main-language text, optional) of every non-empty translatable
    text of a dossier export, in the export's order."""
    dossier = data.get("dossier") or {}
    for name, need in TRANSLATABLE[DOSSIER_KEY].items():
        value = dossier.get(name)
        if isinstance(value, dict):
            for key in sorted(value):
                if isinstance(value[key], str) and value[key].strip():
                    yield DOSSIER_KEY, DOSSIER_KEY, f"{name}.{key}", value[key], need == OPTIONAL
        elif isinstance(value, str) and value.strip():
            yield DOSSIER_KEY, DOSSIER_KEY, name, value, need == OPTIONAL
    for part, fields in TRANSLATABLE.items():
        if part == DOSSIER_KEY:
            continue
        for entry in data.get(part) or []:
            for name, need in fields.items():
                value = (
                    _glossary_text(entry, name, main_language(data))
                    if part == GLOSSARY
                    else entry.get(name)
                )
                if isinstance(value, str) and value.strip():
                    yield part, entry["id"], name, value, need == OPTIONAL


def _glossary_text(entry: dict[str, Any], name: str, main: str) -> str:
    """A glossary term's `name` ("term", "definition") as the main language's column
    has it, else as the other column has it."""
    columns = sorted(GLOSSARY_COLUMNS, key=lambda c: c != main)
    return next((entry.get(f"{name}_{c}") for c in columns if entry.get(f"{name}_{c}")), "")


def main_text_of_term(term: Any, name: str, main: str) -> str:
    """The same, of a snapshot's glossary term."""
    return _glossary_text(
        {f"{name}_{c}": getattr(term, f"{name}_{c}") for c in GLOSSARY_COLUMNS}, name, main
    )


def units(data: dict[str, Any], language: str) -> list[Unit]:
    """Every translatable text of a dossier export with its translation into `language`
    and the translation's state. The glossary is translated only into the languages it
    has no column for."""
    given = (data.get("translations") or {}).get(language) or {}
    found = []
    for part, uid, name, source, optional in source_texts(data):
        if part == GLOSSARY and language in GLOSSARY_COLUMNS:
            continue
        t = (given.get(uid) or {}).get(name)
        if not t or not (t.get("text") or "").strip():
            state, text, made_from = MISSING, "", ""
        else:
            text, made_from = t["text"], t.get("source") or ""
            state = CURRENT if made_from.strip() == source.strip() else OUTDATED
        found.append(Unit(part, uid, name, source, text, made_from, state, optional))
    return found


def progress(data: dict[str, Any], language: str) -> tuple[int, int]:
    """(units translated and current, units required) of `language`."""
    required = [u for u in units(data, language) if not u.optional]
    return sum(u.state == CURRENT for u in required), len(required)


def translatable_field(part: str, field: str) -> bool:
    name = field.split(".", 1)[0] if part == DOSSIER_KEY else field
    return name in TRANSLATABLE.get(part, {})


def part_of(unit: Unit):
    """The part of the dossier (dossier.parts.Part) a unit belongs to: the dossier's own
    texts are on the context's page."""
    from .parts import PARTS

    key = "legal_instruments" if unit.part == DOSSIER_KEY else unit.part
    return next(p for p in PARTS if p.export_key == key)


def field_label(unit: Unit, snapshot) -> str:
    """The name of a unit's field as a person reads it, in the active language."""
    from django.core.exceptions import FieldDoesNotExist
    from django.utils.translation import gettext

    from . import models as m

    name, _dot, key = unit.field.partition(".")
    if unit.part == GLOSSARY:
        return gettext("term") if name == "term" else gettext("definition")
    model = m.Dossier if unit.part == DOSSIER_KEY else part_of(unit).model
    try:
        label = str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        label = name
    return f"{label} — {snapshot.title_of(key)}" if key else label


def describe(unit: Unit, snapshot) -> tuple[str, str, str]:
    """(part, entry, field) of a unit as a person reads them, in the active language;
    the entry is "" for the dossier's own texts."""
    entry = "" if unit.uid == DOSSIER_KEY else snapshot.title_of(unit.uid)
    return str(part_of(unit).label), entry, field_label(unit, snapshot)


def language_name(code: str, in_language: str | None = None) -> str:
    """A language's name as running text writes it in `in_language` (by default the
    active one): "English" in English, "anglais" in French."""
    from babel import Locale, UnknownLocaleError
    from django.utils.translation import get_language

    try:
        reader = Locale.parse((in_language or get_language() or "en").replace("-", "_"))
        return Locale.parse(code).get_display_name(reader) or code
    except (ValueError, UnknownLocaleError):
        return code
