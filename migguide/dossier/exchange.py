"""A dossier as JSON and back.

The export is the whole dossier with stable identities (each entry's `id` is its uid)
and a stable key order, so that export → import into an empty database → export gives
the same bytes. The import is all-or-nothing: the first problem found is not the last
reported, and nothing is written unless everything is right."""

from __future__ import annotations

import datetime
import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from migguide.countries.models import Country
from migguide.files.logos import LogoRefused, check_svg
from migguide.files.problems import NOTHING_CHANGED, ImportRefused, Problems
from migguide.files.text import clean_text, text_problem

from . import models as m
from .history import import_reason
from .parts import PARTS, Part
from .translation import translatable_field

FORMAT = "migguide.dossier"
FORMAT_VERSION = 1
DOSSIER_FIELDS = ("area_notes", "framework", "is_demo", "languages", "logos", "situation")


@dataclass
class ImportReport:
    country: str
    counts: dict[str, int] = field(default_factory=dict)

    def __str__(self) -> str:
        total = sum(n for key, n in self.counts.items() if key != "translations")
        return f"Imported the dossier of {self.country}: {total} entries"


# -- export -------------------------------------------------------------------


def _reference_value(related) -> str | None:
    if related is None:
        return None
    if isinstance(related, m.Area | m.PolicyStage):
        return related.code
    return str(related.uid)


def _entry_to_dict(part: Part, entry: m.Entry) -> dict[str, Any]:
    data: dict[str, Any] = {"id": str(entry.uid)}
    for name in part.fields:
        f = part.model._meta.get_field(name)
        if f.many_to_many:
            related = list(getattr(entry, name).all())
            related.sort(key=lambda r: (r.position, getattr(r, "code", "") or str(r.uid)))
            data[name] = [_reference_value(r) for r in related]
        elif f.is_relation:
            data[name] = _reference_value(getattr(entry, name))
        else:
            value = getattr(entry, name)
            data[name] = value.isoformat() if isinstance(value, datetime.date) else value
    return data


def export_dossier(dossier: m.Dossier) -> dict[str, Any]:
    """The whole dossier as plain data, ready for `json.dumps`."""
    data: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "country": dossier.country.iso3,
        "dossier": {name: getattr(dossier, name) for name in DOSSIER_FIELDS},
    }
    for part in PARTS:
        many = [f.name for f in part.model._meta.many_to_many if f.name in part.fields]
        fks = [
            f.name
            for f in part.model._meta.concrete_fields
            if f.is_relation and f.name in part.fields
        ]
        entries = part.model.objects.filter(dossier=dossier).select_related(*fks)
        data[part.export_key] = [
            _entry_to_dict(part, e) for e in entries.prefetch_related(*many).order_by("position")
        ]
    uids = {e["id"] for part in PARTS for e in data[part.export_key]} | {m.DOSSIER_KEY}
    data["translations"] = export_translations(dossier, uids)
    return data


def export_translations(dossier: m.Dossier, uids: set[str]) -> dict[str, Any]:
    """{language: {entry id or "dossier": {field: {"text", "source"}}}} of the dossier's
    entries `uids` (a deleted entry's translations are not exported) in its languages."""
    found: dict[str, Any] = {}
    languages = set(dossier.languages or [])
    rows = m.Translation.objects.filter(dossier=dossier).values_list(
        "language", "entry_uid", "field", "text", "source_text"
    )
    for language, uid, name, text, source in rows.order_by("language", "entry_uid", "field"):
        if uid not in uids or language not in languages:
            continue
        found.setdefault(language, {}).setdefault(uid, {})[name] = {
            "text": text,
            "source": source,
        }
    return found


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


# -- import -------------------------------------------------------------------


def _type_problem(f: models.Field, value: Any) -> str | None:
    """Refuse values of the wrong JSON type before Django quietly converts them."""
    if value is None:
        return None if f.null else "must not be empty (null)"
    if isinstance(f, models.BooleanField):
        return None if isinstance(value, bool) else "must be true or false"
    if isinstance(f, models.IntegerField):
        ok = isinstance(value, int) and not isinstance(value, bool)
        return None if ok else "must be a whole number"
    if isinstance(f, models.DateField):
        if not isinstance(value, str):
            return "must be a date written YYYY-MM-DD"
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            return f"{value!r} is not a date written YYYY-MM-DD"
        return None
    if isinstance(f, models.CharField | models.TextField):
        return text_problem(value) if isinstance(value, str) else "must be text"
    return None


def _kept(value: Any) -> Any:
    """A value as stored: text as `clean_text` keeps it (checked by `_type_problem`)."""
    return clean_text(value) if isinstance(value, str) else value


class _Importer:
    def __init__(self, source: str, data: Any):
        self.source = source
        self.data = data
        self.problems = Problems(source, title=NOTHING_CHANGED)
        self.by_uid: dict[type, dict[str, m.Entry]] = {}
        # Entries found wrong: references to them are not reported again.
        self.invalid: set[str] = set()
        self.areas = {a.code: a for a in m.Area.objects.all()}
        self.stages = {s.code: s for s in m.PolicyStage.objects.all()}

    def problem(self, where: str, message: str) -> None:
        self.problems.add(message, where)

    def header(self) -> Country | None:
        data = self.data
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            self.problem(
                "file", f'this is not a migguide dossier export (expected "format": "{FORMAT}")'
            )
            return None
        if data.get("format_version") != FORMAT_VERSION:
            self.problem(
                "format_version",
                f"version {data.get('format_version')!r} is not "
                f"supported (this program reads {FORMAT_VERSION})",
            )
            return None
        iso3 = data.get("country")
        country = Country.objects.filter(iso3=iso3).first() if isinstance(iso3, str) else None
        if country is None:
            self.problem(
                "country",
                f"unknown country {iso3!r} (give an ISO 3166 alpha-3 code, "
                "and load the registry with `migguide countries load`)",
            )
        missing = [p.export_key for p in PARTS if p.export_key not in data]
        if missing or "dossier" not in data:
            self.problem(
                "file",
                "the file is incomplete; missing: "
                + ", ".join((["dossier"] if "dossier" not in data else []) + missing),
            )
            return None
        # An edition's snapshot also records the workshops held (for the guide's
        # method annex); they are not part of a dossier and are not imported.
        unknown = (
            set(data)
            - {"format", "format_version", "country", "dossier", "workshops", "translations"}
            - {p.export_key for p in PARTS}
        )
        for key in sorted(unknown):
            self.problem(key, "unknown part")
        return country

    def dossier(self, country: Country) -> m.Dossier:
        values = self.data["dossier"]
        dossier = m.Dossier.objects.filter(country=country).first() or m.Dossier(country=country)
        if not isinstance(values, dict):
            self.problem("dossier", "must be an object")
            return dossier
        for key in sorted(set(values) - set(DOSSIER_FIELDS)):
            self.problem(f"dossier.{key}", "unknown field")
        for name in DOSSIER_FIELDS:
            value = values.get(name)
            f = m.Dossier._meta.get_field(name)
            if name == "logos":
                value = self.logos(value)
                if value is None:
                    continue
            elif name == "languages":
                if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                    self.problem("dossier.languages", "must be a list of language codes")
                    continue
            elif name == "area_notes":
                value = self.area_notes(value)
                if value is None:
                    continue
            elif (trouble := _type_problem(f, value)) is not None:
                self.problem(f"dossier.{name}", trouble)
                continue
            setattr(dossier, name, _kept(value))
        return dossier

    def area_notes(self, value: Any) -> dict[str, str] | None:
        """The notes by area: an object whose keys are area codes and whose values are
        text (an export made before the notes existed has none)."""
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problem("dossier.area_notes", "must be an object of texts by area code")
            return None
        areas = set(m.Area.Code.values)
        notes = {}
        for key, text in sorted(value.items()):
            where = f"dossier.area_notes.{key}"
            if key not in areas:
                self.problem(where, f"unknown area (one of: {', '.join(m.Area.Code.values)})")
            elif not isinstance(text, str):
                self.problem(where, "must be text")
            elif (trouble := text_problem(text)) is not None:
                self.problem(where, trouble)
            elif text.strip():
                notes[key] = clean_text(text)
        return notes

    def logos(self, value: Any) -> list[dict[str, str]] | None:
        """The logos of a file, each checked as an uploaded one is (files.logos); a file
        written before logos existed has none."""
        if value is None:
            return []
        if not isinstance(value, list) or not all(
            isinstance(v, dict)
            and set(v) == {"description", "svg"}
            and all(isinstance(x, str) for x in v.values())
            for v in value
        ):
            self.problem("dossier.logos", "must be a list of {description, svg} objects")
            return None
        for i, logo in enumerate(value):
            try:
                check_svg(logo["svg"])
            except LogoRefused as error:
                self.problem(f"dossier.logos[{i}]", str(error))
                return None
        return value

    def resolve(self, f: models.Field, value: Any, where: str):
        if value in self.invalid:
            return None
        target = f.related_model
        if target is m.Area:
            found = self.areas.get(value)
            kind = "area"
        elif target is m.PolicyStage:
            found = self.stages.get(value)
            kind = "policy-cycle stage"
        else:
            found = self.by_uid.get(target, {}).get(value)
            kind = str(target._meta.verbose_name)
        if found is None:
            self.problem(where, f"no {kind} with id {value!r} in this file")
        return found

    def part(self, part: Part, dossier: m.Dossier, by) -> int:
        items = self.data[part.export_key]
        if not isinstance(items, list):
            self.problem(part.export_key, "must be a list")
            return 0
        known = {"id", *part.fields}
        seen: dict[str, m.Entry] = {}
        self.by_uid[part.model] = seen
        for index, item in enumerate(items):
            where = f"{part.export_key}[{index}]"
            if not isinstance(item, dict):
                self.problem(where, "must be an object")
                continue
            for key in sorted(set(item) - known):
                self.problem(f"{where}.{key}", "unknown field")
            for key in sorted(known - set(item)):
                self.problem(f"{where}.{key}", "missing")
            self.entry(part, dossier, item, index, where, seen, by)
        return len(items)

    def entry(self, part, dossier, item, index, where, seen, by) -> None:
        model = part.model
        uid = item.get("id")
        try:
            uid = str(uuid.UUID(str(uid)))
        except ValueError:
            self.problem(f"{where}.id", f"{uid!r} is not a UUID")
            return
        if uid in seen:
            self.problem(f"{where}.id", f"{uid} is used twice")
            return
        entry = model(dossier=dossier, uid=uid, position=index + 1)
        many: dict[str, list] = {}
        unchecked = ["dossier", "uid"]  # not validated here: set by the importer
        reported = False  # a field's problem is already reported
        for name in part.fields:
            if name not in item:
                continue
            f = model._meta.get_field(name)
            value = item[name]
            if f.many_to_many:
                if not isinstance(value, list):
                    self.problem(f"{where}.{name}", "must be a list of ids")
                    continue
                resolved = [self.resolve(f, v, f"{where}.{name}") for v in value]
                if not f.blank and not value:
                    self.problem(f"{where}.{name}", "give at least one")
                many[name] = [r for r in resolved if r is not None]
            elif f.is_relation:
                if value is None:
                    if not f.null:
                        self.problem(f"{where}.{name}", "is required")
                    continue
                target = self.resolve(f, value, f"{where}.{name}")
                if target is not None:
                    setattr(entry, name, target)
                else:
                    unchecked.append(name)
                    reported = True
            elif (trouble := _type_problem(f, value)) is not None:
                self.problem(f"{where}.{name}", trouble)
                unchecked.append(name)
                reported = True
            else:
                if isinstance(f, models.DateField) and value is not None:
                    value = datetime.date.fromisoformat(value)
                setattr(entry, name, _kept(value))
        try:
            entry.full_clean(exclude=unchecked, validate_constraints=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                label = where if name == "__all__" else f"{where}.{name}"
                for message in messages:
                    self.problem(label, message)
            self.invalid.add(uid)
            return
        if reported:
            self.invalid.add(uid)
            return
        seen[uid] = entry
        # Saved even after a problem elsewhere, so that later entries are checked
        # against real rows; the transaction is rolled back before anything is kept.
        entry._history_user = by
        entry._change_reason = import_reason(self.source)
        entry.save()
        for name, related in many.items():
            getattr(entry, name).set(related)

    def translations(self, dossier: m.Dossier, by) -> int:
        """The translations of the file (older exports have none)."""
        given = self.data.get("translations", {})
        if not isinstance(given, dict):
            self.problem("translations", "must be an object")
            return 0
        part_of = {uid: p.export_key for p in PARTS for uid in self.by_uid.get(p.model, {})}
        part_of[m.DOSSIER_KEY] = m.DOSSIER_KEY
        count = 0
        for language, entries in sorted(given.items()):
            where = f"translations.{language}"
            if language not in (dossier.languages or []):
                self.problem(where, f"{language!r} is not one of the dossier's languages")
                continue
            if not isinstance(entries, dict):
                self.problem(where, "must be an object")
                continue
            for uid, fields in sorted(entries.items()):
                here = f"{where}.{uid}"
                if uid not in part_of:
                    if uid not in self.invalid:
                        self.problem(here, "no entry with this id in this file")
                    continue
                if not isinstance(fields, dict):
                    self.problem(here, "must be an object")
                    continue
                for name, value in sorted(fields.items()):
                    at = f"{here}.{name}"
                    if not translatable_field(part_of[uid], name):
                        self.problem(at, "this field is not translated")
                        continue
                    if not isinstance(value, dict) or set(value) != {"text", "source"}:
                        self.problem(at, 'must be an object with "text" and "source"')
                        continue
                    troubles = [
                        (key, text_problem(v) if isinstance(v, str) else "must be text")
                        for key, v in sorted(value.items())
                    ]
                    troubles = [(key, t) for key, t in troubles if t]
                    for key, trouble in troubles:
                        self.problem(f"{at}.{key}", trouble)
                    if troubles:
                        continue
                    row = m.Translation(
                        dossier=dossier,
                        entry_uid=uid,
                        field=name,
                        language=language,
                        text=_kept(value["text"]),
                        source_text=_kept(value["source"]),
                    )
                    row._history_user = by
                    row._change_reason = f"import from {self.source}"
                    row.save()
                    count += 1
        return count

    def run(self, *, replace: bool, by) -> ImportReport:
        country = self.header()
        if self.problems or country is None:
            raise self.problems.refused()
        existing = m.Dossier.objects.filter(country=country).first()
        if (
            existing
            and not replace
            and any(p.model.objects.filter(dossier=existing).exists() for p in PARTS)
        ):
            self.problems.refuse(
                f"{country.iso3} already has a dossier with entries; "
                "import with --replace to replace it (its history is kept)",
                "country",
            )
        report = ImportReport(country=country.iso3)
        with transaction.atomic():
            dossier = self.dossier(country)
            if self.problems:
                raise self.problems.refused()
            dossier._history_user = by
            dossier.save()
            links = _outside_links(dossier) if existing else []
            if existing:
                for part in reversed(PARTS):
                    part.model.objects.filter(dossier=dossier).delete()
            for part in PARTS:
                report.counts[part.export_key] = self.part(part, dossier, by)
            if existing:
                m.Translation.objects.filter(dossier=dossier).delete()
            report.counts["translations"] = self.translations(dossier, by)
            if self.problems:
                raise self.problems.refused()
            _restore_links(dossier, links)
        return report


def _outside_links(dossier: m.Dossier) -> list[tuple]:
    """What other apps point at in this dossier (a questionnaire's institution, a
    workshop participant's …), by the entries' lasting identity: a replacing import
    deletes and recreates every entry, and `_restore_links` points them at the new rows."""
    links = []
    for part in PARTS:
        # Hidden relations too (related_name="+"): they link as much as the others.
        for rel in part.model._meta.get_fields(include_hidden=True):
            if not (rel.auto_created and rel.one_to_many):
                continue
            if rel.related_model._meta.app_label == "dossier":
                continue
            name = rel.field.name
            rows = list(
                rel.related_model._default_manager.filter(
                    **{f"{name}__dossier": dossier}
                ).values_list("pk", f"{name}__uid")
            )
            if rows:
                links.append((part.model, rel.related_model, name, rows))
    return links


def _restore_links(dossier: m.Dossier, links: list[tuple]) -> None:
    for target, model, name, rows in links:
        new = dict(
            target.objects.filter(dossier=dossier, uid__in={uid for _, uid in rows}).values_list(
                "uid", "pk"
            )
        )
        for pk, uid in rows:
            if uid in new:  # an entry the new dossier no longer has stays unlinked
                model._default_manager.filter(pk=pk).update(**{name: new[uid]})


def import_dossier(
    data: Any, *, source: str = "data", replace: bool = False, by=None
) -> ImportReport:
    """Import a dossier export (parsed JSON). All or nothing: on any problem raise
    ImportRefused listing every problem found, with the database unchanged."""
    return _Importer(source, data).run(replace=replace, by=by)


def _refused(path: Path, problem: str) -> ImportRefused:
    return ImportRefused(str(path), [problem], title=NOTHING_CHANGED)


def import_file(path: str | Path, *, replace: bool = False, by=None) -> ImportReport:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise _refused(path, "file not found") from None
    except UnicodeDecodeError:
        raise _refused(path, "the file is not UTF-8 text") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise _refused(
            path,
            f"line {error.lineno}, column {error.colno}: not valid JSON ({error.msg}); "
            "is the file complete?",
        ) from None
    return import_dossier(data, source=str(path), replace=replace, by=by)
