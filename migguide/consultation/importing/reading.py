"""What every source of answers comes down to: tables read by the one bounded reader
(`files.tabular`), and a reader of submissions for one country that collects every
problem with its place (`files.problems`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from migguide.countries import languages
from migguide.countries.models import Country
from migguide.dossier import models as m
from migguide.files import tabular
from migguide.files.problems import Problems, place

from ..prefill import Choice, choice_lists, codes
from ..questionnaires import (
    QUESTIONNAIRES,
    BadAnswer,
    Question,
    Questionnaire,
    UnknownVersion,
    parse_value,
)


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
class Table:
    name: str
    header: list[str]
    rows: list[tuple[int, list]]  # (row number in the file, values)
    header_row: int = 1
    # Headers matched by label name the current version's columns, whatever version
    # the answers were given to (a label says which question, not under which name).
    current: bool = False

    def where(self, row: int, col: int) -> str:
        return place(sheet=self.name, row=row, column=col)


def workbook_tables(data: bytes, name: str) -> tuple[list[Table], dict[str, list[list]]]:
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


def csv_tables(data: bytes, name: str) -> list[Table]:
    out = []
    for member, rows in tabular.read_csv_zip(name, data).items():
        if not rows:
            continue
        stem = Path(member).name[: -len(".csv")]
        body = [(i, list(r)) for i, r in enumerate(rows[1:], start=2) if any(r)]
        out.append(Table(stem, [h.strip() for h in rows[0]], body))
    return out


def label(question: Question) -> str:
    """A question as a refusal names it: its label in the reader's language where the
    questionnaire has one in it (every language of the dialogue), else in English."""
    language = get_language()
    return question.label_in(language if language in languages.codes() else "en")


class Reader:
    """Reads submissions for one country, collecting every problem."""

    def __init__(self, source: str, country: Country, progress=None):
        self.source = source
        self.country = country
        # progress(rows read, rows in all): for the page of a person waiting (`access.work`).
        self.progress = progress or (lambda done, total: None)
        self.dossier = m.Dossier.objects.filter(country=country).first()
        self.problems = Problems(source)
        self._codes: dict[tuple[str, str], dict[str, str]] = {}
        self._lists: dict[str, dict[str, list[Choice]]] = {}
        self._institutions = (
            {i.uid.hex: i for i in m.Institution.objects.filter(dossier=self.dossier)}
            if self.dossier
            else {}
        )

    def problem(self, where: str, message: str) -> None:
        self.problems.add(message, where)

    def institution(self, uid: str) -> m.Institution | None:
        return self._institutions.get(uid or "")

    def lists_for(self, institution_uid: str) -> dict[str, list[Choice]]:
        """The choice lists of the questionnaire as sent to this institution (any
        source of the dossier recognised)."""
        if institution_uid not in self._lists:
            self._lists[institution_uid] = choice_lists(
                self.dossier, self.institution(institution_uid), reading=True
            )
        return self._lists[institution_uid]

    def codes_for(self, question: Question, institution_uid: str) -> dict[str, str] | None:
        if not question.choices:
            return None
        key = (question.choices, institution_uid)
        if key not in self._codes:
            for name, choices in self.lists_for(institution_uid).items():
                self._codes[(name, institution_uid)] = codes(choices)
        return self._codes.get(key, {})

    def questionnaire(self, form, version, where) -> tuple[Questionnaire, dict] | None:
        q = QUESTIONNAIRES.get(str(form or "").strip())
        if q is None:
            self.problem(
                where,
                _(
                    "this is not one of our questionnaires (form %(form)s; expected "
                    "'authority' or 'department')"
                )
                % {"form": repr(form)},
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
            # Countries by their names in the reader's language (a code nobody recognises
            # stays as the file wrote it).
            language = get_language() or "en"
            found = Country.objects.filter(iso3=iso3).first()
            self.problem(
                where,
                _("these answers are for %(found)s, not %(expected)s")
                % {
                    "found": found.name(language) if found else iso3,
                    "expected": self.country.name(language),
                },
            )

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
            self.problem(where, _bad(question, exc))
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
                self.problem(where(column), _bad(question, exc))
        return out

    def check_required(self, q: Questionnaire, block_name: str, item: dict, where) -> None:
        """A problem for each required answer missing from a repeat item; `where(column)`
        places it in the column of its question, as `item` does."""
        block = q.block(block_name)
        columns = {
            question.name: column
            for column, (in_block, question) in q.by_column.items()
            if in_block.name == block_name
        }
        for question in block.questions:
            if question.required and item.get(question.name) in (None, "", []):
                self.problem(
                    where(columns.get(question.name)),
                    _("%(question)s is required") % {"question": label(question)},
                )

    def refuse_if_problems(self) -> None:
        self.problems.raise_if_any()


def in_row(sheet: str, row: int, columns: dict[str, int]) -> Callable[[str | None], str]:
    """where(column): the place of a column of one row of a repeat (`columns`: each
    column's index); a column not in the sheet leaves it out."""
    return lambda column: place(sheet=sheet, row=row, column=columns.get(column))


def _bad(question: Question, exc: BadAnswer) -> str:
    return _("%(question)s: %(problem)s") % {"question": label(question), "problem": exc}
