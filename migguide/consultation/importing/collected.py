"""Exports of the collection platforms: a KoboToolbox XLS/XLSX export (repeat groups on
sheets of their own, joined by `_index`/`_parent_index`) and an ODK Central ZIP of CSV
files (one per repeat, joined by `KEY`/`PARENT_KEY`)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from migguide.files.problems import place

from ..models import Response
from ..questionnaires import QUESTIONNAIRES
from .labelled import label_headed
from .reading import Reader, Submission, Table, in_row

# Columns KoboToolbox and ODK Central add to every export.
SYSTEM_COLUMNS = {
    "start",
    "end",
    "today",
    "deviceid",
    "username",
    "instanceID",
    "instanceid",
    "KEY",
    "PARENT_KEY",
    "SubmissionDate",
    "SubmitterID",
    "SubmitterName",
    "AttachmentsPresent",
    "AttachmentsExpected",
    "Status",
    "ReviewState",
    "DeviceID",
    "Edits",
    "FormVersion",
}
META_COLUMNS = ("mg_form", "mg_version", "mg_country", "mg_institution")


def _column_of(header: str, known: set[str], multiple: set[str]) -> tuple[str | None, str | None]:
    """A column header of a Kobo or ODK export → (our column, choice) — choice set for
    the one-column-per-choice copies of a multiple choice, which we skip: Kobo writes
    them "group/question/choice", ODK Central (with "split select multiple choices into
    columns") "group-question/choice"."""
    if "/" in header:
        # Kobo joins groups with "/"; a choice copy ends with "/choice" in both.
        parts = [p for p in header.split("/") if p]
        if parts and parts[-1] in known:
            return parts[-1], None
        base, _slash, choice = header.rpartition("/")
        for name in (base.split("/")[-1], base.split("-")[-1]):
            if name in multiple and choice:
                return name, choice
        return None, None
    # ODK Central joins groups with "-" (which choice codes contain).
    parts = [p for p in header.split("-") if p]
    if parts and parts[-1] in known:
        return parts[-1], None
    return None, None


def read_collected(reader: Reader, tables: list[Table], origin: str) -> list[Submission]:
    """A KoboToolbox export (first sheet the submissions, one sheet per repeat joined by
    `_index`/`_parent_index`) or an ODK Central ZIP (`KEY`/`PARENT_KEY`)."""
    if origin == Response.Origin.ODK:
        main = next((t for t in tables if "-" not in t.name), tables[0])
        key_col, parent_col = "KEY", "PARENT_KEY"
    else:
        main = tables[0]
        key_col, parent_col = "_index", "_parent_index"
    known_names: set[str] = set(META_COLUMNS)
    multiple: set[str] = set()
    for q in QUESTIONNAIRES.values():
        for version in [q.version, *q.earlier]:
            known_names |= set(q.columns_of(version))
        multiple |= {
            question.column
            for _block, question in q.questions()
            if question.kind == "select_multiple"
        }

    notes = {f"{b.name}_intro" for q in QUESTIONNAIRES.values() for b in q.blocks if b.intro}

    def unread(header: str) -> bool:
        # Kobo's and ODK's own columns, and the notes (which hold no answer).
        return (
            header.startswith("_")
            or header in SYSTEM_COLUMNS
            or header.startswith("meta")
            or header.rsplit("/", 1)[-1].rsplit("-", 1)[-1] in notes
        )

    if origin == Response.Origin.KOBO:
        tables = label_headed(
            reader,
            tables,
            named=lambda h: unread(h) or _column_of(h, known_names, multiple)[0] is not None,
        )
        reader.refuse_if_problems()
        main = tables[0]

    def columns_of(table: Table) -> list[str | None]:
        out = []
        for c, header in enumerate(table.header):
            if not header or unread(header):
                out.append(None)
                continue
            column, choice = _column_of(header, known_names, multiple)
            if column is None:
                reader.problem(
                    table.where(table.header_row, c),
                    _(
                        "%(header)s is not a question of our questionnaires — is this the right "
                        "file?"
                    )
                    % {"header": repr(header)},
                )
            out.append(None if choice else column)
        return out

    main_cols = columns_of(main)
    if "mg_form" not in main_cols:
        reader.problem(
            place(sheet=main.name),
            _("no mg_form column: this export does not come from a questionnaire of this platform"),
        )
    reader.refuse_if_problems()
    try:
        key_i = main.header.index(key_col)
    except ValueError:
        key_i = None
    id_i = next(
        (
            main.header.index(h)
            for h in ("_uuid", "meta-instanceID", "meta/instanceID", "instanceID")
            if h in main.header
        ),
        None,
    )
    repeats: dict[str, list[tuple[Table, int, list]]] = {}
    repeat_tables = [t for t in tables if t is not main]
    for table in repeat_tables:
        cols = columns_of(table)
        if parent_col not in table.header:
            reader.problem(
                place(sheet=table.name),
                _("no %(column)s column to join it to its submission") % {"column": parent_col},
            )
            continue
        p = table.header.index(parent_col)
        for row_no, row in table.rows:
            value = row[p] if p < len(row) else None
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            parent = "" if value is None else str(value)
            repeats.setdefault(parent, []).append((table, row_no, cols, row))
    reader.refuse_if_problems()

    submissions = []
    joined: set[str] = set()
    for read, (row_no, row) in enumerate(main.rows, start=1):
        reader.progress(read, len(main.rows))
        values = {col: row[c] for c, col in enumerate(main_cols) if col and c < len(row)}
        where = place(sheet=main.name, row=row_no)
        found = reader.questionnaire(values.get("mg_form"), values.get("mg_version"), where)
        reader.check_country(values.get("mg_country"), where)
        if found is None:
            continue
        q, mapping = found
        inst = str(values.get("mg_institution") or "")
        answers = reader.new_answers()
        current = q.by_column
        for c, col in enumerate(main_cols):
            if not col or col in META_COLUMNS or c >= len(row):
                continue
            target = mapping.get(col) or (col if main.current else None)
            if target is None or target not in current:
                if row[c] not in (None, ""):
                    reader.problem(
                        main.where(row_no, c), _not_in_version(col, values.get("mg_version"))
                    )
                continue
            if current[target][0].repeat:
                continue
            reader.put(answers, q, target, row[c], inst, main.where(row_no, c))
        key = row[key_i] if key_i is not None and key_i < len(row) else row_no
        if isinstance(key, float) and key.is_integer():
            key = int(key)
        joined.add(str(key))
        for table, r_no, cols, r_row in repeats.get(str(key), []):
            item_values = {}
            block_name = None
            for c, col in enumerate(cols):
                if not col or c >= len(r_row):
                    continue
                target = mapping.get(col) or (col if main.current else None)
                if target is None or target not in current:
                    if r_row[c] not in (None, ""):
                        reader.problem(
                            table.where(r_no, c), _not_in_version(col, values.get("mg_version"))
                        )
                    continue
                block_name = current[target][0].name
                item_values[target] = r_row[c]
            if block_name is None:
                continue
            indexes = {col: c for c, col in enumerate(cols) if col}
            where = in_row(table.name, r_no, indexes)
            item = reader.item(q, item_values, inst, where)
            reader.check_required(q, block_name, item, where)
            answers.setdefault(block_name, []).append(item)
        ident = row[id_i] if id_i is not None and id_i < len(row) and row[id_i] else f"row{row_no}"
        submissions.append(
            Submission(
                external_id=f"{origin}:{ident}",
                form=q.form,
                answered_version=str(values.get("mg_version") or ""),
                country=reader.country.iso3,
                institution_uid=inst,
                answers=answers,
                origin=origin,
                where=where,
            )
        )
    for parent, rows in repeats.items():
        if parent not in joined:
            for table, r_no, _cols, _row in rows:
                reader.problem(
                    place(sheet=table.name, row=r_no),
                    _("belongs to no submission (%(column)s %(key)s): the export is incomplete")
                    % {"column": parent_col, "key": repr(parent)},
                )
    return submissions


def _not_in_version(column: str, version) -> str:
    return _("%(column)s is not a question of version %(version)s") % {
        "column": repr(column),
        "version": version,
    }
