"""A dossier's translations in the files translators' tools read and write: XLIFF 2.1
and PO, one language a file.

A file holds every translatable text of the dossier (`translation.units`) as one unit
whose id is the entry's uid and the field ("<uid>.<field>", stable whatever is edited),
its main-language text as the translator sees it, and the translation if there is one.
What a unit's state means both ways:

| our state | XLIFF `<segment state>` | PO          | imported back?                  |
| --------- | ----------------------- | ----------- | ------------------------------- |
| missing   | `initial`, no target    | msgstr ""   | no                              |
| outdated  | `initial`, old target   | `#, fuzzy`  | no (until the translator        |
|           |                         |             | marks it translated)            |
| current   | `translated`            | plain       | yes: unchanged, nothing written |

So a file exported and imported untouched changes nothing, and exported again gives
the same bytes. The import is all or nothing — a malformed file, another country or
language, an unknown unit refuse the whole file, naming what is wrong — except for one
thing the translator cannot help: a unit whose main text changed since the export is
refused alone and listed, the others imported. XML is read without DTD, entities or
network (lxml: no entity expansion, no external loading), and never more than the
upload limit."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from lxml import etree
from translate.storage import po as pofile

from migguide.countries.models import Country
from migguide.files.problems import ImportRefused, Problems
from migguide.files.text import clean_text, printable, text_problem

from . import exchange
from . import models as m
from .parts import PARTS
from .translation import (
    CURRENT,
    GLOSSARY,
    GLOSSARY_COLUMNS,
    MISSING,
    OUTDATED,
    TRANSLATABLE,
    Unit,
    main_language,
    units,
)

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
XLIFF_VERSION = "2.1"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
FORMATS = ("xliff", "po")
EXTENSIONS = {"xliff": "xlf", "po": "po"}
CONTENT_TYPES = {"xliff": "application/xliff+xml", "po": "text/x-gettext-translation"}
# XLIFF segment states a translator marks as done, and the one we write for each state.
DONE_STATES = {"translated", "reviewed", "final"}
STATE_OUT = {MISSING: "initial", OUTDATED: "initial", CURRENT: "translated"}
# Where the country and main language travel in a PO file's header.
PO_COUNTRY, PO_SOURCE = "X-Migguide-Country", "X-Migguide-Source-Language"
# Which field names an entry in the notes (never a person's name).
ENTRY_TITLE = {
    "legal_instruments": "title",
    "institutions": "name",
    "sources": "title",
    "profile_contents": "theme",
    "use_examples": "title",
}


def _k(name: str) -> str:
    return f"{{{XLIFF_NS}}}{name}"


# -- export -------------------------------------------------------------------


def texts_data(dossier: m.Dossier) -> dict[str, Any]:
    """What `translation.units` reads of a dossier export — the dossier's languages and
    texts, each translatable part's entries (id, texts, title) in order, the
    translations — in one query a part, without the relations the full export reads."""
    data: dict[str, Any] = {
        "dossier": {
            "languages": dossier.languages,
            **{name: getattr(dossier, name, None) for name in TRANSLATABLE[m.DOSSIER_KEY]},
        }
    }
    for part in PARTS:
        fields = TRANSLATABLE.get(part.export_key)
        if not fields or part.export_key == m.DOSSIER_KEY:
            continue
        title = ENTRY_TITLE.get(part.export_key)
        names = list(dict.fromkeys([*fields, *([title] if title else [])]))
        if part.export_key == GLOSSARY:
            # The glossary has a column per language; its units are read from them.
            names = [f"{name}_{column}" for name in fields for column in GLOSSARY_COLUMNS]
        rows = part.model.objects.filter(dossier=dossier).order_by("position")
        data[part.export_key] = [
            {"id": str(uid), **dict(zip(names, values, strict=True))}
            for uid, *values in rows.values_list("uid", *names)
        ]
    uids = {e["id"] for key in TRANSLATABLE if key != m.DOSSIER_KEY for e in data[key]}
    data["translations"] = exchange.export_translations(dossier, uids | {m.DOSSIER_KEY})
    return data


class _Notes:
    """(category, text) of what the translator is told about each unit: the part, the
    entry, the field, the state; for an outdated one, the text it was made from. The
    labels are looked up once a file."""

    def __init__(self, data: dict[str, Any]):
        self.titles = {
            e["id"]: printable((e.get(name) or "").strip())
            for part, name in ENTRY_TITLE.items()
            for e in data.get(part) or []
        }
        self.parts = {p.export_key: p for p in PARTS}
        self.labels: dict[tuple[str, str], tuple[str, str]] = {}
        self.states = {
            MISSING: pgettext("translation file note", "to translate"),
            OUTDATED: pgettext(
                "translation file note", "outdated: the main text changed since this translation"
            ),
            CURRENT: pgettext("translation file note", "translated"),
        }

    def label(self, unit: Unit) -> tuple[str, str]:
        found = self.labels.get((unit.part, unit.field))
        if found is None:
            part = self.parts.get(unit.part)
            name, _dot, key = unit.field.partition(".")
            model = part.model if part else m.Dossier
            field = str(model._meta.get_field(name).verbose_name) + (f" ({key})" if key else "")
            found = (str(part.label) if part else _("Context"), field)
            self.labels[(unit.part, unit.field)] = found
        return found

    def __call__(self, unit: Unit) -> list[tuple[str, str]]:
        part, field = self.label(unit)
        notes = [("part", part)]
        title = self.titles.get(unit.uid, "")
        if title:
            notes.append(("entry", title if len(title) <= 100 else title[:99] + "…"))
        notes += [("field", field), ("state", self.states[unit.state])]
        if unit.state == OUTDATED:
            notes.append(("translated-from", unit.translated_from))
        return notes


@dataclass(frozen=True)
class Exported:
    content: bytes
    filename: str
    content_type: str
    units: int


def export_file(dossier: m.Dossier, language: str, fmt: str) -> Exported:
    """Every translatable text of the dossier with its translation into `language`, as
    an XLIFF 2.1 or PO file (bytes, the same for the same dossier)."""
    data = texts_data(dossier)
    source_language = main_language(data)
    if language not in (dossier.languages or [])[1:]:
        raise ValueError(
            _("%(language)s is not one of the dossier's translation languages.")
            % {"language": language}
        )
    # Text stored before the checks of files.text may hold characters XML cannot.
    found = printable(units(data, language))
    iso3 = dossier.country.iso3
    writer = _write_xliff if fmt == "xliff" else _write_po
    content = writer(iso3, source_language, language, found, data)
    return Exported(
        content=content,
        filename=f"translations-{iso3.lower()}-{language}.{EXTENSIONS[fmt]}",
        content_type=CONTENT_TYPES[fmt],
        units=len(found),
    )


def _write_xliff(iso3, source_language, language, found, data) -> bytes:
    notes_of = _Notes(data)
    root = etree.Element(
        _k("xliff"),
        nsmap={None: XLIFF_NS},
        attrib={"version": XLIFF_VERSION, "srcLang": source_language, "trgLang": language},
    )
    file = etree.SubElement(root, _k("file"), id=iso3, original=f"migguide:dossier:{iso3}")
    for unit in found:
        element = etree.SubElement(file, _k("unit"), id=unit.key)
        notes = etree.SubElement(element, _k("notes"))
        for category, text in notes_of(unit):
            etree.SubElement(notes, _k("note"), category=category).text = text
        segment = etree.SubElement(element, _k("segment"), state=STATE_OUT[unit.state])
        source = etree.SubElement(segment, _k("source"))
        source.set(XML_SPACE, "preserve")
        source.text = unit.source
        if unit.state != MISSING:
            target = etree.SubElement(segment, _k("target"))
            target.set(XML_SPACE, "preserve")
            target.text = unit.text
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _write_po(iso3, source_language, language, found, data) -> bytes:
    notes_of = _Notes(data)
    store = pofile.pofile()
    # Our own header, without the dates and placeholders of the default one: the same
    # dossier gives the same bytes.
    header = store.header()
    header.markfuzzy(False)
    header.target = (
        f"Project-Id-Version: migguide dossier {iso3}\n"
        "MIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=UTF-8\n"
        "Content-Transfer-Encoding: 8bit\n"
        f"Language: {language}\n"
        f"{PO_COUNTRY}: {iso3}\n"
        f"{PO_SOURCE}: {source_language}\n"
    )
    for unit in found:
        item = store.addsourceunit(unit.source)
        item.setcontext(unit.key)
        item.target = unit.text
        for category, text in notes_of(unit):
            item.addnote(f"{category}: {text}", origin="developer")
        if unit.state == OUTDATED:
            item.markfuzzy(True)
    return bytes(store)


# -- import -------------------------------------------------------------------


@dataclass(frozen=True)
class FileUnit:
    key: str
    source: str
    target: str
    done: bool  # the translator marks it translated (not initial / fuzzy)


@dataclass
class ParsedFile:
    country: str
    source_language: str
    language: str
    units: list[FileUnit]


@dataclass
class TranslationImport:
    """What an import did: translations written, units already so, and the keys of the
    units refused because their main text changed since the export."""

    country: str
    language: str
    written: int = 0
    unchanged: int = 0
    refused: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = _(
            "Translations into %(language)s of %(country)s: %(written)d written, "
            "%(unchanged)d unchanged."
        ) % {
            "language": self.language,
            "country": self.country,
            "written": self.written,
            "unchanged": self.unchanged,
        }
        if self.refused:
            text += " " + _(
                "%(n)d not imported, their main text changed since the export (translate "
                "them again from a new export): %(units)s"
            ) % {"n": len(self.refused), "units": ", ".join(self.refused)}
        return text


def _refused(name: str, problem: str) -> ImportRefused:
    return ImportRefused(name, [problem], title=_("Import refused, nothing was changed:"))


def _parser() -> etree.XMLParser:
    # No DTD, no entity expansion, no network: a file can only be what it says.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _plain_text(element, where: str, problems: Problems) -> str:
    if len(element):
        problems.add(_("holds markup; only plain text is read"), where)
        return ""
    return element.text or ""


def _read_xliff(name: str, content: bytes, problems: Problems) -> ParsedFile | None:
    try:
        root = etree.parse(io.BytesIO(content), _parser()).getroot()
    except etree.XMLSyntaxError as error:
        raise _refused(
            name,
            _("line %(line)s: not valid XML (%(why)s); is the file complete?")
            % {"line": error.lineno, "why": error.msg},
        ) from None
    if root.getroottree().docinfo.doctype:
        raise _refused(name, _("the file declares a document type (DTD); refused."))
    if root.tag != _k("xliff") or not (root.get("version") or "").startswith("2."):
        if etree.QName(root).localname == "xliff" and root.get("version"):
            raise _refused(
                name,
                _(
                    "this is an XLIFF %(found)s file, not XLIFF 2 like those of this page: "
                    "download the file again from this page and translate that one."
                )
                % {"found": root.get("version")},
            )
        raise _refused(
            name,
            _(
                "this is not an XLIFF 2 file like those of this page: download the file "
                "again from this page and translate that one."
            ),
        )
    files = root.findall(_k("file"))
    if len(files) != 1:
        raise _refused(name, _("the file must hold exactly one <file> (one dossier)."))
    parsed = ParsedFile(
        country=files[0].get("id") or "",
        source_language=root.get("srcLang") or "",
        language=root.get("trgLang") or "",
        units=[],
    )
    for element in files[0].iter(_k("unit")):
        key = element.get("id") or ""
        where = _("unit %(id)s") % {"id": key}
        segments = element.findall(_k("segment"))
        if len(segments) != 1:
            problems.add(_("must hold exactly one <segment>"), where)
            continue
        source = segments[0].find(_k("source"))
        target = segments[0].find(_k("target"))
        if source is None:
            problems.add(_("has no <source>"), where)
            continue
        state = segments[0].get("state") or "initial"  # XLIFF 2's default
        parsed.units.append(
            FileUnit(
                key=key,
                source=_plain_text(source, where, problems),
                target=_plain_text(target, where, problems) if target is not None else "",
                done=state in DONE_STATES,
            )
        )
    return parsed


def _read_po(name: str, content: bytes, problems: Problems) -> ParsedFile:
    if name.lower().endswith((".xlf", ".xliff", ".xml")):
        # Named as XLIFF but not starting as XML: not read as PO, said as what it claims.
        raise _refused(
            name,
            _(
                "this is not an XLIFF 2 file like those of this page: download the file "
                "again from this page and translate that one."
            ),
        )
    try:
        store = pofile.pofile(content)
    except Exception as error:  # the parser raises ValueError, UnicodeDecodeError …
        # The parser's own words are English and technical: only the line is kept.
        line = re.search(r"line (\d+)", str(error))
        raise _refused(
            name,
            _("line %(line)s: this is not a readable PO file; is it complete?")
            % {"line": line.group(1)}
            if line
            else _("this is not a readable PO file; is it complete?"),
        ) from None
    header = store.parseheader()
    parsed = ParsedFile(
        country=header.get(PO_COUNTRY, ""),
        source_language=header.get(PO_SOURCE, ""),
        language=header.get("Language", ""),
        units=[],
    )
    for item in store.units:
        if item.isheader() or item.isobsolete():
            continue
        if item.hasplural():
            problems.add(_("plural forms are not read"), item.getcontext())
            continue
        parsed.units.append(
            FileUnit(
                key=item.getcontext(),
                source=item.source or "",
                target=item.target or "",
                done=not item.isfuzzy(),
            )
        )
    return parsed


def check_size(name: str, size: int) -> None:
    """ImportRefused if a file of `size` bytes is over the upload limit."""
    if size > settings.UPLOAD_MAX_BYTES:
        raise _refused(
            name,
            _("the file is larger than the limit of %(mb)s MB.")
            % {"mb": f"{settings.UPLOAD_MAX_BYTES / 1024 / 1024:g}"},
        )


def read_file(name: str, content: bytes) -> ParsedFile:
    """The units of an XLIFF 2 or PO file (told apart by their content), or
    ImportRefused naming what is wrong."""
    check_size(name, len(content))
    if not content.strip():
        raise _refused(name, _("the file is empty."))
    problems = Problems(name, title=_("Import refused, nothing was changed:"))
    start = content.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    reader = _read_xliff if start == b"<" else _read_po
    parsed = reader(name, content, problems)
    if not parsed.country:
        raise _refused(
            name,
            _(
                "this is not a file of translations exported by migguide (it does not say "
                "which country's dossier it holds)."
            ),
        )
    problems.raise_if_any()
    return parsed


def _executemany(model, names: list[str], rows, *, where: str) -> None:
    """UPDATE `names` of `rows` of `model`, one statement run for every row."""
    fields = [model._meta.get_field(n) for n in [*names, where]]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(f"{connection.ops.quote_name(f.column)} = %s" for f in fields[:-1])
    sql = f"UPDATE {table} SET {columns} WHERE {connection.ops.quote_name(fields[-1].column)} = %s"
    params = [
        [f.get_db_prep_save(getattr(row, f.attname), connection) for f in fields] for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _record_history(rows, created: set[int], *, by, reason: str) -> None:
    """The history records of translations written in bulk, as `Translation.save`
    would leave them (simple_history): one row each, "+" for a new one, "~" for a
    change, with who and why. Inserted in one statement run for every row — the ORM's
    bulk_create compiles each row, most of an import's time for a few thousand."""
    if not rows:
        return
    history = m.Translation.history.model
    fields = [f for f in history._meta.concrete_fields if f.attname != "history_id"]
    now = timezone.now()
    extra = {
        "history_date": now,
        "history_change_reason": reason,
        "history_user_id": getattr(by, "pk", None),
    }
    params = []
    for row in rows:
        values = {**extra, "history_type": "+" if id(row) in created else "~"}
        params.append(
            [
                f.get_db_prep_save(
                    values[f.attname] if f.attname in values else getattr(row, f.attname),
                    connection,
                )
                for f in fields
            ]
        )
    table = connection.ops.quote_name(history._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", params)


def _same(given: str, source: str) -> bool:
    """The main text in the file is the dossier's (as stored: NFC, line feeds)."""
    if text_problem(given) is not None:
        return False
    return clean_text(given).strip() == source.strip()


def import_file(
    name: str, content: bytes, *, country: Country | None = None, by=None, progress=None
) -> TranslationImport:
    """Write the translations of a file into its dossier (all or nothing; see the
    module's docstring). `country`, when given (the page of a country), must be the
    file's; `progress(texts read, texts in all)` is told as its texts are checked. Run
    again on the same file, it writes nothing: its translations are there already."""
    parsed = read_file(name, content)
    problems = Problems(name, title=_("Import refused, nothing was changed:"))
    iso3 = parsed.country.upper()
    if country is not None and iso3 != country.iso3:
        raise _refused(
            name,
            _("this file holds the translations of %(file)s, not of %(country)s.")
            % {"file": parsed.country or "?", "country": country.iso3},
        )
    dossier = m.Dossier.objects.filter(country__iso3=iso3).select_related("country").first()
    if dossier is None:
        raise _refused(
            name, _("no dossier for the country %(iso3)s.") % {"iso3": parsed.country or "?"}
        )
    data = texts_data(dossier)
    main = main_language(data)
    if parsed.source_language != main:
        problems.add(
            _("the texts are in %(file)s, the dossier is written in %(main)s")
            % {"file": parsed.source_language or "?", "main": main},
            _("source language"),
        )
    if parsed.language not in (dossier.languages or [])[1:]:
        problems.add(
            _("%(language)s is not one of the dossier's translation languages (%(them)s)")
            % {
                "language": parsed.language or "?",
                "them": ", ".join((dossier.languages or [])[1:]) or "—",
            },
            _("target language"),
        )
    problems.raise_if_any()
    current = {u.key: u for u in units(data, parsed.language)}
    seen: set[str] = set()
    for done, unit in enumerate(parsed.units, start=1):
        if progress is not None:
            progress(done, len(parsed.units))
        where = _("unit %(id)s") % {"id": unit.key}
        if unit.key in seen:
            problems.add(_("appears twice"), where)
        seen.add(unit.key)
        if unit.key not in current:
            problems.add(
                _("no such text in the dossier of %(iso3)s (was its entry deleted?)")
                % {"iso3": iso3},
                where,
            )
        elif unit.done and unit.target.strip() and (trouble := text_problem(unit.target)):
            problems.add(trouble, where)
    problems.raise_if_any()
    report = TranslationImport(country=iso3, language=parsed.language)
    with transaction.atomic():
        _write(dossier, parsed, current, report, reason=f"import from {name}", by=by)
    return report


def _write(dossier, parsed: ParsedFile, current: dict[str, Unit], report, *, reason, by):
    """Write the file's translated units (those whose main text is still the one in the
    file) in a few queries, with their history: a file may hold thousands."""
    existing = {
        (t.entry_uid, t.field): t
        for t in m.Translation.objects.filter(dossier=dossier, language=parsed.language)
    }
    new, changed = [], []
    for unit in parsed.units:
        if not (unit.done and unit.target.strip()):
            continue
        now = current[unit.key]
        if not _same(unit.source, now.source):
            report.refused.append(unit.key)
            continue
        text = clean_text(unit.target)
        row = existing.get((now.uid, now.field))
        if row is None:
            new.append(
                m.Translation(
                    dossier=dossier,
                    entry_uid=now.uid,
                    field=now.field,
                    language=parsed.language,
                    text=text,
                    source_text=now.source,
                )
            )
        elif row.text == text and row.source_text == now.source:
            report.unchanged += 1
        else:
            # What Translation.save does, for many rows at once (Versioned).
            row.text, row.source_text = text, now.source
            row.version += 1
            row.updated_at = timezone.now()
            changed.append(row)
    if new:
        m.Translation.objects.bulk_create(new, batch_size=500)
    if changed:
        # One statement run for every row: Django's bulk_update builds a CASE of every
        # row for every column, seconds for a few thousand rows.
        _executemany(
            m.Translation,
            ["text", "source_text", "version", "updated_at"],
            changed,
            where="id",
        )
    _record_history([*new, *changed], {id(r) for r in new}, by=by, reason=reason)
    report.written = len(new) + len(changed)
    if report.written:
        m.touch_dossier(dossier.pk)
