"""The platform's own Excel workbook (`exporting`), filled in offline and sent back."""

from __future__ import annotations

from django.utils.translation import gettext as _

from migguide.files.problems import place

from ..exporting import ANSWERS_SHEET, LISTS_SHEET, META_SHEET
from ..models import Response
from ..questionnaires import not_a_choice
from .reading import Reader, Submission, in_row

YES_WORDS = {"yes", "oui", "x", "1", "true", "vrai", "y", "o", "✓", "✔", "sí", "si", "sim", "نعم"}


def _yes(value) -> bool | None:
    if value in (None, ""):
        return False
    text = str(value).strip().casefold()
    if not text or text in ("0", "no", "non", "false", "faux", "n"):
        return False
    if text in YES_WORDS:
        return True
    return None


def read_workbook(reader: Reader, raw: dict[str, list[list]], sha: str) -> list[Submission]:
    """The platform's own workbook: `_meta` says what it is; the Answers sheet holds the
    single answers (column C names each question), every other sheet one repeat with
    its question names on row 2."""
    meta = {
        str(r[0]): ("" if len(r) < 2 or r[1] is None else str(r[1]))
        for r in raw[META_SHEET]
        if r and r[0]
    }
    where = place(sheet=META_SHEET)
    found = reader.questionnaire(meta.get("form"), meta.get("version"), where)
    reader.check_country(meta.get("country"), where)
    if found is None:
        reader.refuse_if_problems()
    q, mapping = found
    inst = meta.get("institution", "")
    answers = reader.new_answers()
    if ANSWERS_SHEET not in raw:
        reader.problem(
            place(sheet=ANSWERS_SHEET), _("missing — the workbook's structure was changed")
        )
        reader.refuse_if_problems()
    current = q.by_column
    for r, row in enumerate(raw[ANSWERS_SHEET], start=1):
        reader.progress(r, len(raw[ANSWERS_SHEET]))
        row = list(row) + [None] * (3 - len(row))
        name = row[2]
        if name in (None, ""):
            if (
                row[1] not in (None, "")
                and r > 1
                and raw[ANSWERS_SHEET][r - 2][2] not in (None, "")
            ):
                reader.problem(
                    place(sheet=ANSWERS_SHEET, row=r, column=1), _("an answer where no question is")
                )
            continue
        column, _slash, choice = str(name).partition("/")
        target = mapping.get(column)
        if target is None or target not in current:
            reader.problem(place(sheet=ANSWERS_SHEET, row=r, column=2), _unknown(name))
            continue
        here = place(sheet=ANSWERS_SHEET, row=r, column=1)
        if choice:
            yes = _yes(row[1])
            if yes is None:
                reader.problem(here, _not_yes(row[1]))
            elif yes:
                block, question = current[target]
                codes_ = reader.codes_for(question, inst) or {}
                code = codes_.get(choice.casefold())
                if code is None:
                    reader.problem(here, not_a_choice(choice))
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
            column, _slash, choice = str(name).partition("/")
            target = mapping.get(column)
            if target is None or target not in current or not current[target][0].repeat:
                reader.problem(place(sheet=sheet, row=2, column=c), _unknown(name))
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
                            place(sheet=sheet, row=r, column=c),
                            _("an answer outside the questionnaire's columns"),
                        )
                    continue
                target, choice = columns[c]
                if choice:
                    yes = _yes(value)
                    if yes is None:
                        reader.problem(place(sheet=sheet, row=r, column=c), _not_yes(value))
                    multi.setdefault(target, [])
                    if yes:
                        multi[target].append(choice)
                else:
                    values[target] = value
            for target, chosen in multi.items():
                values[target] = " ".join(chosen)
            indexes = {col[0]: i for i, col in enumerate(columns) if col}
            where = in_row(sheet, r, indexes)
            item = reader.item(q, values, inst, where)
            reader.check_required(q, block_name, item, where)
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


def _unknown(name) -> str:
    return _("unknown question %(name)s — the workbook's structure was changed") % {
        "name": repr(name)
    }


def _not_yes(value) -> str:
    return _("expected “oui”/“yes” or nothing, found %(value)s") % {"value": repr(str(value)[:40])}
