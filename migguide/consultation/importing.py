"""Answers coming back: the platform's own Excel workbook, a KoboToolbox XLS/XLSX
export (repeat groups on sheets of their own) and an ODK Central CSV ZIP (one CSV per
repeat), each read into the answers structure of `questionnaires`, version mapped to
the current one, and stored as responses awaiting review — never into the dossier.

All or nothing: every problem of a file is collected and reported with its sheet, row
and column, and nothing is stored unless there is none."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from openpyxl.utils import get_column_letter

from migguide.countries.models import Country
from migguide.dossier import models as m
from migguide.files import tabular
from migguide.files.uploads import UploadRefused, check_upload

from .exporting import ANSWERS_SHEET, LISTS_SHEET, META_SHEET
from .models import Response
from .prefill import choice_lists, codes
from .questionnaires import (
    QUESTIONNAIRES,
    BadAnswer,
    Question,
    Questionnaire,
    UnknownVersion,
    parse_value,
)

YES_WORDS = {"yes", "oui", "x", "1", "true", "vrai", "y", "o", "✓", "✔", "sí", "sim"}
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


class ImportRefused(Exception):
    def __init__(self, source: str, problems: list[str]):
        self.source, self.problems = source, problems
        shown = problems[:50]
        more = len(problems) - len(shown)
        text = "\n".join(f"{source}: {p}" for p in shown)
        if more:
            text += f"\n{source}: … and {more} more problems"
        super().__init__(text)


@dataclass
class Submission:
    """One set of answers read from a file, before it is stored."""

    external_id: str
    form: str
    answered_version: str
    country: str
    institution_uid: str
    answers: dict
    origin: str
    where: str  # e.g. "sheet main, row 4": where the problems of this submission lie


@dataclass
class ImportReport:
    file: str
    read: int = 0
    added: list[Response] = field(default_factory=list)
    already: int = 0

    def __str__(self) -> str:
        return (
            f"{self.file}: {self.read} submissions read, {len(self.added)} responses added "
            f"for review, {self.already} already imported"
        )


# Tables: what every format comes down to ---------------------------------------------


@dataclass
class Table:
    name: str
    header: list[str]
    rows: list[tuple[int, list]]  # (row number in the file, values)
    header_row: int = 1

    def where(self, row: int, col: int) -> str:
        return f"sheet {self.name!r}, row {row}, column {get_column_letter(col + 1)}"


def _workbook_tables(data: bytes, name: str) -> tuple[list[Table], dict[str, list[list]]]:
    # Formulas are read as written (data_only=False), to be kept as text.
    raw = tabular.read_workbook(name, data, data_only=False)
    return _tables(raw), raw


def _tables(raw: dict[str, list[list]]) -> list[Table]:
    out = []
    for sheet, rows in raw.items():
        if not rows:
            continue
        header = ["" if v is None else str(v).strip() for v in rows[0]]
        body = [
            (i, list(r))
            for i, r in enumerate(rows[1:], start=2)
            if any(v not in (None, "") for v in r)
        ]
        out.append(Table(sheet, header, body))
    return out


def _csv_tables(data: bytes, name: str) -> list[Table]:
    out = []
    for member, rows in tabular.read_csv_zip(name, data).items():
        if not rows:
            continue
        stem = Path(member).name[: -len(".csv")]
        body = [(i, list(r)) for i, r in enumerate(rows[1:], start=2) if any(r)]
        out.append(Table(stem, [h.strip() for h in rows[0]], body))
    return out


# Reading answers -------------------------------------------------------------------------


class _Reader:
    """Reads submissions for one country, collecting every problem."""

    def __init__(self, source: str, country: Country):
        self.source = source
        self.country = country
        self.dossier = m.Dossier.objects.filter(country=country).first()
        self.problems: list[str] = []
        self._codes: dict[tuple[str, str], dict[str, str]] = {}
        self._institutions = (
            {i.uid.hex: i for i in m.Institution.objects.filter(dossier=self.dossier)}
            if self.dossier
            else {}
        )

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def institution(self, uid: str) -> m.Institution | None:
        return self._institutions.get(uid or "")

    def codes_for(self, question: Question, institution_uid: str) -> dict[str, str] | None:
        if not question.choices:
            return None
        key = (question.choices, institution_uid)
        if key not in self._codes:
            lists = choice_lists(self.dossier, self.institution(institution_uid), reading=True)
            for name, choices in lists.items():
                self._codes[(name, institution_uid)] = codes(choices)
        return self._codes.get(key, {})

    def questionnaire(self, form, version, where) -> tuple[Questionnaire, dict] | None:
        q = QUESTIONNAIRES.get(str(form or "").strip())
        if q is None:
            self.problem(
                where,
                f"this is not one of our questionnaires (form {form!r}; expected "
                "'authority' or 'department')",
            )
            return None
        try:
            return q, q.columns_of(str(version or "").strip())
        except UnknownVersion as exc:
            self.problem(where, str(exc))
            return None

    def check_country(self, iso3, where) -> None:
        iso3 = str(iso3 or "").strip().upper()
        if iso3 and iso3 != self.country.iso3:
            self.problem(where, f"these answers are for {iso3}, not {self.country.iso3}")

    def new_answers(self) -> dict:
        return {
            "institution": {},
            "respondent": {},
            "stages": [],
            "stage_role": None,
            "used_sources": [],
            "confirmed_sources": [],
        }

    def put(self, answers: dict, q: Questionnaire, column: str, value, institution_uid, where):
        """Read one answer into `answers` (single blocks only)."""
        block, question = q.by_column[column]
        try:
            parsed = parse_value(question, value, self.codes_for(question, institution_uid))
        except BadAnswer as exc:
            self.problem(where, f"{question.label_in('en')}: {exc}")
            return
        if block.nested:
            answers.setdefault(block.name, {})[question.name] = parsed
        else:
            answers[question.name] = parsed

    def item(self, q: Questionnaire, values: dict[str, object], institution_uid, where) -> dict:
        """One repeat item from column → raw value (columns already current)."""
        out: dict = {}
        for column, value in values.items():
            block, question = q.by_column[column]
            try:
                out[question.name] = parse_value(
                    question, value, self.codes_for(question, institution_uid)
                )
            except BadAnswer as exc:
                self.problem(where(column), f"{question.label_in('en')}: {exc}")
        return out

    def check_required(self, q: Questionnaire, block_name: str, item: dict, where: str) -> None:
        block = q.block(block_name)
        for question in block.questions:
            if question.required and item.get(question.name) in (None, "", []):
                self.problem(where, f"{question.label_in('en')} is required")

    def refuse_if_problems(self) -> None:
        if self.problems:
            raise ImportRefused(self.source, self.problems)


def _yes(value) -> bool | None:
    if value in (None, ""):
        return False
    text = str(value).strip().casefold()
    if not text or text in ("0", "no", "non", "false", "faux", "n"):
        return False
    if text in YES_WORDS:
        return True
    return None


def _column_of(header: str, known: set[str], multiple: set[str]) -> tuple[str | None, str | None]:
    """A column header of a Kobo or ODK export → (our column, choice) — choice set for
    Kobo's one-column-per-choice copies of a multiple choice, which we skip."""
    # Kobo joins groups with "/", ODK Central with "-" (which choice codes contain).
    parts = [p for p in header.split("/" if "/" in header else "-") if p]
    if not parts:
        return None, None
    if parts[-1] in known:
        return parts[-1], None
    if len(parts) >= 2 and parts[-2] in multiple:
        return parts[-2], parts[-1]
    return None, None


def _read_workbook(reader: _Reader, raw: dict[str, list[list]], sha: str) -> list[Submission]:
    """The platform's own workbook: `_meta` says what it is; the Answers sheet holds the
    single answers (column C names each question), every other sheet one repeat with
    its question names on row 2."""
    meta = {
        str(r[0]): ("" if len(r) < 2 or r[1] is None else str(r[1]))
        for r in raw[META_SHEET]
        if r and r[0]
    }
    where = f"sheet {META_SHEET!r}"
    found = reader.questionnaire(meta.get("form"), meta.get("version"), where)
    reader.check_country(meta.get("country"), where)
    if found is None:
        reader.refuse_if_problems()
    q, mapping = found
    inst = meta.get("institution", "")
    answers = reader.new_answers()
    if ANSWERS_SHEET not in raw:
        reader.problem(f"sheet {ANSWERS_SHEET!r}", "missing — the workbook's structure was changed")
        reader.refuse_if_problems()
    current = q.by_column
    for r, row in enumerate(raw[ANSWERS_SHEET], start=1):
        row = list(row) + [None] * (3 - len(row))
        name = row[2]
        if name in (None, ""):
            if (
                row[1] not in (None, "")
                and r > 1
                and raw[ANSWERS_SHEET][r - 2][2] not in (None, "")
            ):
                reader.problem(
                    f"sheet {ANSWERS_SHEET!r}, row {r}, column B", "an answer where no question is"
                )
            continue
        column, _, choice = str(name).partition("/")
        target = mapping.get(column)
        if target is None or target not in current:
            reader.problem(
                f"sheet {ANSWERS_SHEET!r}, row {r}, column C",
                f"unknown question {name!r} — the workbook's structure was changed",
            )
            continue
        here = f"sheet {ANSWERS_SHEET!r}, row {r}, column B"
        if choice:
            yes = _yes(row[1])
            if yes is None:
                reader.problem(here, f"expected “oui”/“yes” or nothing, found {str(row[1])[:40]!r}")
            elif yes:
                block, question = current[target]
                codes_ = reader.codes_for(question, inst) or {}
                code = codes_.get(choice.casefold())
                if code is None:
                    reader.problem(here, f"{choice!r} is not one of the choices")
                else:
                    key = answers.setdefault(block.name, {}) if block.nested else answers
                    key.setdefault(question.name, [])
                    if code not in key[question.name]:
                        key[question.name].append(code)
            continue
        reader.put(answers, q, target, row[1], inst, here)
    for sheet, rows in raw.items():
        skipped = (ANSWERS_SHEET, META_SHEET, LISTS_SHEET, meta.get("instructions"))
        if sheet in skipped or len(rows) < 2:
            continue
        names = list(rows[1])
        if not any(names):
            continue  # the instructions sheet
        columns = []
        block_name = None
        for c, name in enumerate(names):
            if name in (None, ""):
                columns.append(None)
                continue
            column, _, choice = str(name).partition("/")
            target = mapping.get(column)
            if target is None or target not in current or not current[target][0].repeat:
                reader.problem(
                    f"sheet {sheet!r}, row 2, column {get_column_letter(c + 1)}",
                    f"unknown question {name!r} — the workbook's structure was changed",
                )
                columns.append(None)
                continue
            block_name = current[target][0].name
            columns.append((target, choice))
        if block_name is None:
            continue
        items = answers.setdefault(block_name, [])
        for r, row in enumerate(rows[2:], start=3):
            if not any(v not in (None, "") for v in row):
                continue
            values: dict[str, object] = {}
            multi: dict[str, list[str]] = {}
            for c, value in enumerate(row):
                if c >= len(columns) or columns[c] is None:
                    if value not in (None, "") and c >= len(columns):
                        reader.problem(
                            f"sheet {sheet!r}, row {r}, column {get_column_letter(c + 1)}",
                            "an answer outside the questionnaire's columns",
                        )
                    continue
                target, choice = columns[c]
                if choice:
                    yes = _yes(value)
                    if yes is None:
                        reader.problem(
                            f"sheet {sheet!r}, row {r}, column {get_column_letter(c + 1)}",
                            f"expected “oui”/“yes” or nothing, found {str(value)[:40]!r}",
                        )
                    multi.setdefault(target, [])
                    if yes:
                        multi[target].append(choice)
                else:
                    values[target] = value
            for target, chosen in multi.items():
                values[target] = " ".join(chosen)
            letters = {
                t: get_column_letter(i + 1)
                for i, col in enumerate(columns)
                if col
                for t in [col[0]]
            }
            item = reader.item(
                q,
                values,
                inst,
                lambda col, r=r, s=sheet, at=letters: (
                    f"sheet {s!r}, row {r}, column {at.get(col, '?')}"
                ),
            )
            reader.check_required(q, block_name, item, f"sheet {sheet!r}, row {r}")
            items.append(item)
    document = meta.get("document") or "unknown"
    return [
        Submission(
            external_id=f"xlsx:{document}:{sha[:16]}",
            form=q.form,
            answered_version=meta.get("version", ""),
            country=reader.country.iso3,
            institution_uid=inst,
            answers=answers,
            origin=Response.Origin.XLSX,
            where="",
        )
    ]


def _read_collected(reader: _Reader, tables: list[Table], origin: str) -> list[Submission]:
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
            question.column for _, question in q.questions() if question.kind == "select_multiple"
        }

    def columns_of(table: Table) -> list[str | None]:
        out = []
        for c, header in enumerate(table.header):
            if (
                not header
                or header.startswith("_")
                or header in SYSTEM_COLUMNS
                or header.startswith("meta")
            ):
                out.append(None)
                continue
            column, choice = _column_of(header, known_names, multiple)
            if column is None:
                reader.problem(
                    table.where(table.header_row, c),
                    f"{header!r} is not a question of our questionnaires — is this the right file?",
                )
            out.append(None if choice else column)
        return out

    main_cols = columns_of(main)
    if "mg_form" not in main_cols:
        reader.problem(
            f"sheet {main.name!r}",
            "no mg_form column: this export does not come from a questionnaire of this platform",
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
                f"sheet {table.name!r}", f"no {parent_col} column to join it to its submission"
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
    for row_no, row in main.rows:
        values = {col: row[c] for c, col in enumerate(main_cols) if col and c < len(row)}
        where = f"sheet {main.name!r}, row {row_no}"
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
            target = mapping.get(col)
            if target is None or target not in current:
                if row[c] not in (None, ""):
                    reader.problem(
                        main.where(row_no, c),
                        f"{col!r} is not a question of version {values.get('mg_version')}",
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
                target = mapping.get(col)
                if target is None or target not in current:
                    if r_row[c] not in (None, ""):
                        reader.problem(
                            table.where(r_no, c),
                            f"{col!r} is not a question of version {values.get('mg_version')}",
                        )
                    continue
                block_name = current[target][0].name
                item_values[target] = r_row[c]
            if block_name is None:
                continue
            letters = {col: get_column_letter(c + 1) for c, col in enumerate(cols) if col}
            item = reader.item(
                q,
                item_values,
                inst,
                lambda col, t=table, r=r_no, at=letters: (
                    f"sheet {t.name!r}, row {r}, column {at.get(col, '?')}"
                ),
            )
            reader.check_required(q, block_name, item, f"sheet {table.name!r}, row {r_no}")
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
                    f"sheet {table.name!r}, row {r_no}",
                    f"belongs to no submission ({parent_col} {parent!r}): the export is incomplete",
                )
    return submissions


def read(name: str, data: bytes, *, country: Country) -> list[Submission]:
    """Every submission in a file, or ImportRefused naming each problem."""
    try:
        kind = check_upload(name, data)
    except UploadRefused as exc:
        raise ImportRefused(name, [exc.reason(name)]) from None
    reader = _Reader(name, country)
    if reader.dossier is None:
        raise ImportRefused(name, [f"there is no dossier for {country.iso3}"])
    try:
        if kind == "zip":
            tables = _csv_tables(data, name)
            if not tables:
                raise ImportRefused(name, ["the archive holds no CSV file"])
            submissions = _read_collected(reader, tables, Response.Origin.ODK)
        else:
            tables, raw = _workbook_tables(data, name)
            if META_SHEET in raw:
                submissions = _read_workbook(reader, raw, hashlib.sha256(data).hexdigest())
            elif not tables:
                raise ImportRefused(name, ["the workbook is empty"])
            else:
                submissions = _read_collected(reader, tables, Response.Origin.KOBO)
    except UploadRefused as exc:
        raise ImportRefused(name, [exc.reason(name)]) from None
    reader.refuse_if_problems()
    if not submissions:
        raise ImportRefused(name, ["no answers found in this file"])
    return submissions


def _name_of(answers: dict) -> str:
    return str((answers.get("institution") or {}).get("name") or "")


def store(
    submissions: list[Submission],
    *,
    country: Country,
    file_name: str,
    sha256: str,
    by=None,
    dispatch=None,
) -> ImportReport:
    """Store submissions as responses to review, skipping those imported before. The
    answers of a `dispatch` (the web form) belong to the institution it was sent to;
    a file's to the institution it names by id, or else by name."""
    from .questionnaires import questionnaire

    report = ImportReport(file=file_name, read=len(submissions))
    dossier = m.Dossier.objects.get(country=country)
    institutions = {i.uid.hex: i for i in m.Institution.objects.filter(dossier=dossier)}
    by_name = {}
    for i in institutions.values():
        by_name.setdefault(i.name.casefold(), i)
        if i.acronym:
            by_name.setdefault(i.acronym.casefold(), i)
    with transaction.atomic():
        existing = set(
            Response.objects.filter(
                country=country, external_id__in=[s.external_id for s in submissions]
            ).values_list("external_id", flat=True)
        )
        for s in submissions:
            if s.external_id in existing:
                report.already += 1
                continue
            existing.add(s.external_id)
            if dispatch is not None:
                # What the questionnaire was sent to decides: the name a respondent types
                # is a proposed change to it, never a way to answer for another one.
                institution = dispatch.institution
                name = institution.name if institution else dispatch.institution_name
            else:
                institution = institutions.get(s.institution_uid) or by_name.get(
                    _name_of(s.answers).casefold()
                )
                name = institution.name if institution else _name_of(s.answers)
            respondent = s.answers.get("respondent") or {}
            report.added.append(
                Response.objects.create(
                    country=country,
                    dispatch=dispatch,
                    institution=institution,
                    institution_name=name[:300] or "—",
                    form=s.form,
                    version=questionnaire(s.form).version,
                    answered_version=s.answered_version,
                    origin=s.origin,
                    file_name=file_name[:300],
                    file_sha256=sha256,
                    external_id=s.external_id[:200],
                    respondent_name=str(respondent.get("name") or "")[:200],
                    respondent_position=str(respondent.get("position") or "")[:200],
                    respondent_email=str(respondent.get("email") or "")[:254],
                    answers=s.answers,
                    received_by=by,
                )
            )
    return report


def import_bytes(name: str, data: bytes, *, country: Country, by=None) -> ImportReport:
    submissions = read(name, data, country=country)
    return store(
        submissions,
        country=country,
        file_name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        by=by,
    )


def import_file(path: str | Path, *, country: Country, by=None) -> ImportReport:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportRefused(str(path), [exc.strerror or str(exc)]) from None
    return import_bytes(path.name, data, country=country, by=by)


def store_web(dispatch, answers: dict) -> Response:
    """The answers of a web form, submitted once: the link closes with them."""
    from .models import Dispatch

    with transaction.atomic():
        dispatch = Dispatch.objects.select_for_update().get(pk=dispatch.pk)
        dispatch.check_open()
        submission = Submission(
            external_id=f"web:{dispatch.pk}",
            form=dispatch.form,
            answered_version=dispatch.version,
            country=dispatch.country.iso3,
            institution_uid=dispatch.institution.uid.hex if dispatch.institution else "",
            answers=answers,
            origin=Response.Origin.WEB,
            where="",
        )
        report = store(
            [submission],
            country=dispatch.country,
            file_name="",
            sha256="",
            dispatch=dispatch,
        )
        dispatch.draft = {}
        dispatch.save(update_fields=["draft"])
        return report.added[0]
