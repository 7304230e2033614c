"""A questionnaire for one institution, pre-filled, in three formats: an XLSForm for
KoboToolbox and ODK, an Excel workbook to fill in offline, a PDF to print. One
document, three writers, like the guide."""

from __future__ import annotations

import dataclasses
import datetime
import io
import uuid
from dataclasses import dataclass, field

import openpyxl
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from migguide import theme
from migguide.countries import languages
from migguide.countries.models import Country
from migguide.dossier import models as m
from migguide.files.cells import safe_text
from migguide.files.text import printable

from .prefill import Choice, choice_lists, known_answers, recommendation_answers
from .questionnaires import (
    NEW,
    Block,
    Question,
    Questionnaire,
    questionnaire,
)

META_SHEET = "_meta"
LISTS_SHEET = "_lists"
ANSWERS_SHEET = "Answers"
BLANK_ROWS = 25


@dataclass(frozen=True)
class QuestionnaireDocument:
    """Everything a writer needs, gathered once."""

    questionnaire: Questionnaire
    country: Country
    institution_uid: str  # '' for an institution not yet in the dossier
    institution_name: str
    language: str
    answers: dict
    lists: dict[str, list[Choice]]
    made_at: datetime.datetime = field(default_factory=timezone.now)
    document_id: str = field(default_factory=lambda: uuid.uuid4().hex)

    def blocks(self) -> list[Block]:
        """The blocks this institution is asked: a block or question offering choices
        among its sources is left out when there are none to choose from."""
        out = []
        for block in self.questionnaire.blocks:
            questions = tuple(q for q in block.questions if self.asks(q))
            if questions:
                out.append(dataclasses.replace(block, questions=questions))
        return out

    def asks(self, q: Question) -> bool:
        if not q.choices:
            return True
        offered = [c for c in self.lists.get(q.choices, []) if c.code != NEW]
        return bool(offered)

    def choices(self, q: Question) -> list[Choice]:
        return self.lists.get(q.choices, [])

    def label(self, choice: Choice) -> str:
        return choice.labels.get(self.language) or choice.code

    def value(self, block: Block, q: Question, item: dict | None = None):
        if item is not None:
            return item.get(q.name)
        if block.nested:
            return self.answers.get(block.name, {}).get(q.name)
        return self.answers.get(q.name)


def document(
    *,
    dossier: m.Dossier,
    form: str,
    institution: m.Institution | None,
    institution_name: str = "",
    language: str = "fr",
) -> QuestionnaireDocument:
    language = language if language in languages.codes() else "fr"
    answers = known_answers(dossier, institution, language)
    if institution is None and institution_name:
        answers["institution"] = {"name": institution_name}
    if form == "followup":
        answers["recommendation_updates"] = recommendation_answers(dossier)
    return QuestionnaireDocument(
        questionnaire=questionnaire(form),
        country=dossier.country,
        institution_uid=institution.uid.hex if institution else "",
        institution_name=institution.name if institution else institution_name,
        language=language if language in languages.codes() else "fr",
        answers=answers,
        lists=choice_lists(dossier, institution),
    )


def _display(doc: QuestionnaireDocument, q: Question, value) -> str:
    if value in (None, "", []):
        return ""
    if q.kind in ("select_one", "select_multiple"):
        labels = {c.code: doc.label(c) for c in doc.choices(q)}
        values = value if isinstance(value, list) else [value]
        return "; ".join(labels.get(v, v) for v in values)
    return str(value)


# XLSForm ---------------------------------------------------------------------------

XLSFORM_TYPES = {
    "text": "text",
    "textarea": "text",
    "url": "text",
    "email": "text",
    "integer": "integer",
    "date": "date",
}
CONSTRAINTS = {
    "url": "regex(., '^https?://[^ ]+$')",
    "email": "regex(., '^[^@ ]+@[^@ ]+[.][^@ ]+$')",
    "integer": ". >= 1900 and . <= 2100",
}


def _xlsform_default(value) -> str:
    if value in (None, "", []):
        return ""
    text = " ".join(value) if isinstance(value, list) else str(value)
    # "${…}" would make a default dynamic in XLSForm; a default is only ever data.
    return text.replace("${", "$ {").replace("\n", " ")


def column_language(code: str) -> str:
    """A language as XLSForm names it in column headers: "Français (fr)", "العربية (ar)"
    (Kobo and ODK read the code in brackets)."""
    return f"{languages.native_name(code)} ({code})"


def render_xlsform(doc: QuestionnaireDocument) -> bytes:
    """The XLSForm (survey, choices, settings), labels in French and English, pre-filled
    through defaults; identifies the form, version, country and institution in hidden
    calculated fields so that Kobo and ODK exports can be read back."""
    q = doc.questionnaire
    shown = list(dict.fromkeys([doc.language, *languages.codes()]))
    label_cols = [f"label::{column_language(lang)}" for lang in shown]
    hint_cols = [f"hint::{column_language(lang)}" for lang in shown]
    cmsg_cols = [f"constraint_message::{column_language(lang)}" for lang in shown]
    header = [
        "type",
        "name",
        *label_cols,
        *hint_cols,
        "required",
        "default",
        "constraint",
        *cmsg_cols,
        "appearance",
        "calculation",
    ]
    rows: list[dict] = []
    for name, value in (
        ("mg_form", q.form),
        ("mg_version", q.version),
        ("mg_country", doc.country.iso3),
        ("mg_institution", doc.institution_uid),
    ):
        rows.append({"type": "calculate", "name": name, "calculation": f"'{value}'"})

    def labels(obj, getter) -> dict:
        out = {}
        for lang, col in zip(shown, label_cols, strict=True):
            out[col] = getter(obj, lang)
        return out

    for block in doc.blocks():
        kind = "repeat" if block.repeat else "group"
        row = {"type": f"begin_{kind}", "name": block.name}
        row.update(labels(block, Block.label_in))
        rows.append(row)
        if block.intro:
            note = {"type": "note", "name": f"{block.name}_intro"}
            for lang, col in zip(shown, label_cols, strict=True):
                note[col] = block.intro_in(lang)
            rows.append(note)
        for question in block.questions:
            qtype = XLSFORM_TYPES.get(question.kind) or f"{question.kind} {question.choices}"
            row = {"type": qtype, "name": question.column}
            for lang, col in zip(shown, label_cols, strict=True):
                row[col] = question.label_in(lang)[:1].upper() + question.label_in(lang)[1:]
            for lang, col in zip(shown, hint_cols, strict=True):
                row[col] = question.hint_in(lang)
            if question.required:
                row["required"] = "yes"
            if question.kind == "textarea":
                row["appearance"] = "multiline"
            if question.kind in CONSTRAINTS:
                row["constraint"] = CONSTRAINTS[question.kind]
                for lang, col in zip(shown, cmsg_cols, strict=True):
                    with override(lang):
                        row[col] = _("Please check the format of this answer.")
            if not block.repeat:
                row["default"] = _xlsform_default(doc.value(block, question))
            rows.append(row)
        rows.append({"type": f"end_{kind}", "name": ""})

    wb = openpyxl.Workbook()
    survey = wb.active
    survey.title = "survey"
    survey.append(header)
    for row in rows:
        survey.append([None] * len(header))
        for i, col in enumerate(header, start=1):
            value = row.get(col)
            if value not in (None, ""):
                safe_text(survey.cell(survey.max_row, i), value)
    choices = wb.create_sheet("choices")
    choices.append(["list_name", "name", *label_cols])
    used = {question.choices for b in doc.blocks() for question in b.questions if question.choices}
    for list_name in sorted(used):
        for choice in doc.lists[list_name]:
            choices.append([None] * (2 + len(shown)))
            r = choices.max_row
            safe_text(choices.cell(r, 1), list_name)
            safe_text(choices.cell(r, 2), choice.code)
            for i, lang in enumerate(shown, start=3):
                safe_text(choices.cell(r, i), choice.labels.get(lang) or choice.code)
    settings = wb.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language"])
    who = doc.institution_name or doc.country.name(doc.language)
    settings.append(
        printable(
            [
                f"{q.title_in(doc.language)} — {who}",
                q.form_id,
                q.version,
                column_language(doc.language),
            ]
        )
    )
    for ws in wb.worksheets:
        for cell in ws[1]:
            cell.font = Font(bold=True)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# Excel workbook for offline completion ----------------------------------------------

HEAD_FILL = PatternFill("solid", fgColor=theme.hex6("sheet_head"))
ANSWER_FILL = PatternFill("solid", fgColor=theme.hex6("sheet_answer"))
UNLOCKED = Protection(locked=False)


class _Lists:
    """The hidden sheet of dropdown lists, one column per list, labels in the
    respondent's language."""

    def __init__(self, wb, doc: QuestionnaireDocument):
        self.ws = wb.create_sheet(LISTS_SHEET)
        self.ws.sheet_state = "veryHidden"
        self.doc = doc
        self.ranges: dict[str, str] = {}

    def range_of(self, name: str, labels: list[str]) -> str:
        if name not in self.ranges:
            col = len(self.ranges) + 1
            for i, label in enumerate(labels, start=1):
                safe_text(self.ws.cell(i, col), label)
            letter = get_column_letter(col)
            self.ranges[name] = f"{LISTS_SHEET}!${letter}$1:${letter}${max(len(labels), 1)}"
        return self.ranges[name]

    def validation(self, ws, name: str, labels: list[str]) -> DataValidation:
        dv = DataValidation(
            type="list",
            formula1=f"={self.range_of(name, labels)}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_("Choose from the list"),
            error=_("Please choose one of the answers offered in the list."),
        )
        ws.add_data_validation(dv)
        return dv


def _heading(cell, text: str) -> None:
    safe_text(cell, text)
    cell.font = Font(bold=True, color=theme.hex6("white"))
    cell.fill = HEAD_FILL
    cell.alignment = Alignment(wrap_text=True, vertical="top")


def _answer_cell(cell, value) -> None:
    safe_text(cell, value)
    cell.protection = UNLOCKED
    cell.fill = ANSWER_FILL
    cell.alignment = Alignment(wrap_text=True, vertical="top")


def render_xlsx(doc: QuestionnaireDocument) -> bytes:
    """A workbook to fill in offline: instructions, the single answers on one sheet,
    each repeat on its own sheet with one row per item (the sources on record already
    filled in), dropdowns for coded answers, structure protected."""
    with override(doc.language):
        return _render_xlsx(doc)


def _render_xlsx(doc: QuestionnaireDocument) -> bytes:
    q = doc.questionnaire
    yes = _("yes")
    wb = openpyxl.Workbook()
    intro = wb.active
    intro.title = _("Instructions")[:31]
    lines = [
        q.title_in(doc.language),
        f"{_('Country')}: {doc.country.name(doc.language)}",
        f"{_('Institution')}: {doc.institution_name or '—'}",
        f"{_('Questionnaire version')}: {q.version}",
        "",
        _("How to fill in this workbook"),
        _("1. Answer in the yellow cells only; the other cells are protected."),
        _(
            "2. What we already have on record is filled in: confirm it, correct it, or "
            "leave it as it is."
        ),
        _("3. Coded answers have a dropdown list: choose from it."),
        _(
            "4. On each sheet of sources, challenges and so on, use one row per item; "
            "leave a row empty to skip it."
        ),
        _(
            "5. For questions with several possible answers, write “%(yes)s” in the "
            "column of each answer that applies."
        )
        % {"yes": yes},
        _(
            "6. Do not rename, add or delete sheets or columns: the file is read back "
            "automatically and a changed structure is refused."
        ),
        _("7. Send the saved file back to your national coordinator."),
    ]
    for i, line in enumerate(lines, start=1):
        safe_text(intro.cell(i, 1), line)
    intro["A1"].font = Font(bold=True, size=14)
    intro["A6"].font = Font(bold=True)
    intro.column_dimensions["A"].width = 110
    intro.protection.sheet = True

    lists = _Lists(wb, doc)
    yes_range = [yes]

    answers = wb.create_sheet(ANSWERS_SHEET)
    answers.column_dimensions["A"].width = 60
    answers.column_dimensions["B"].width = 70
    answers.column_dimensions["C"].hidden = True
    row = 1
    for block in doc.blocks():
        if block.repeat:
            continue
        _heading(answers.cell(row, 1), block.label_in(doc.language))
        _heading(answers.cell(row, 2), block.intro_in(doc.language))
        row += 1
        for question in block.questions:
            label = question.label_in(doc.language)
            label = label[:1].upper() + label[1:]
            value = doc.value(block, question)
            if question.kind == "select_multiple":
                chosen = set(value or [])
                safe_text(answers.cell(row, 1), label)
                answers.cell(row, 1).font = Font(bold=True)
                row += 1
                dv = lists.validation(answers, "yes", yes_range)
                for choice in doc.choices(question):
                    safe_text(answers.cell(row, 1), f"    {doc.label(choice)}")
                    _answer_cell(answers.cell(row, 2), yes if choice.code in chosen else None)
                    dv.add(answers.cell(row, 2))
                    safe_text(answers.cell(row, 3), f"{question.column}/{choice.code}")
                    row += 1
                continue
            safe_text(answers.cell(row, 1), label + (" *" if question.required else ""))
            answers.cell(row, 1).alignment = Alignment(wrap_text=True, vertical="top")
            shown = _display(doc, question, value) if question.kind == "select_one" else value
            _answer_cell(answers.cell(row, 2), shown)
            if question.kind == "select_one":
                labels = [doc.label(c) for c in doc.choices(question)]
                lists.validation(answers, question.choices, labels).add(answers.cell(row, 2))
            safe_text(answers.cell(row, 3), question.column)
            row += 1
        row += 1
    answers.protection.sheet = True

    for block in doc.blocks():
        if not block.repeat:
            continue
        ws = wb.create_sheet(block.label_in(doc.language)[:31])
        columns: list[tuple[Question, str | None]] = []
        for question in block.questions:
            if question.kind == "select_multiple":
                columns += [(question, c.code) for c in doc.choices(question)]
            else:
                columns.append((question, None))
        for i, (question, code) in enumerate(columns, start=1):
            label = question.label_in(doc.language)
            label = label[:1].upper() + label[1:]
            if code is not None:
                choice = next(c for c in doc.choices(question) if c.code == code)
                label = f"{label}: {doc.label(choice)}"
            _heading(ws.cell(1, i), label + (" *" if question.required else ""))
            safe_text(
                ws.cell(2, i), question.column if code is None else f"{question.column}/{code}"
            )
            ws.column_dimensions[get_column_letter(i)].width = 14 if code else 30
        ws.row_dimensions[2].hidden = True
        ws.freeze_panes = "A3"
        items = doc.answers.get(block.name, [])
        total = len(items) + BLANK_ROWS
        validations = {}
        for i, (question, code) in enumerate(columns, start=1):
            if code is not None:
                validations[i] = lists.validation(ws, "yes", yes_range)
            elif question.kind == "select_one":
                labels = [doc.label(c) for c in doc.choices(question)]
                validations[i] = lists.validation(ws, question.choices, labels)
        for r in range(3, 3 + total):
            item = items[r - 3] if r - 3 < len(items) else {}
            for i, (question, code) in enumerate(columns, start=1):
                value = item.get(question.name)
                if code is not None:
                    shown = yes if code in (value or []) else None
                elif question.kind == "select_one":
                    shown = _display(doc, question, value) or None
                else:
                    shown = value
                cell = ws.cell(r, i)
                _answer_cell(cell, shown)
                if i in validations:
                    validations[i].add(cell)
        ws.protection.sheet = True

    meta = wb.create_sheet(META_SHEET)
    meta.sheet_state = "veryHidden"
    for i, (key, value) in enumerate(
        (
            ("form", q.form),
            ("version", q.version),
            ("country", doc.country.iso3),
            ("institution", doc.institution_uid),
            ("institution_name", doc.institution_name),
            ("language", doc.language),
            ("document", doc.document_id),
            ("made_at", doc.made_at.isoformat()),
            ("instructions", intro.title),
        ),
        start=1,
    ):
        safe_text(meta.cell(i, 1), key)
        safe_text(meta.cell(i, 2), value)
    wb.security.lockStructure = True
    wb.active = 1
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# Printable PDF ------------------------------------------------------------------------


def _pdf_data(doc: QuestionnaireDocument) -> dict:
    q = doc.questionnaire
    blocks = []
    for block in doc.blocks():

        def question_data(question: Question, item: dict | None, block=block) -> dict:
            value = doc.value(block, question, item)
            label = question.label_in(doc.language)
            data = {
                "label": label[:1].upper() + label[1:],
                "hint": question.hint_in(doc.language),
                "kind": question.kind,
                "required": question.required,
                "value": ""
                if question.kind.startswith("select")
                else _display(doc, question, value),
            }
            if question.kind.startswith("select"):
                chosen = set(value if isinstance(value, list) else [value] if value else [])
                data["choices"] = [
                    {"label": doc.label(c), "checked": c.code in chosen}
                    for c in doc.choices(question)
                ]
            return data

        entry = {
            "title": block.label_in(doc.language),
            "intro": block.intro_in(doc.language),
            "repeat": block.repeat,
        }
        if block.repeat:
            items = list(doc.answers.get(block.name, [])) + [{}, {}]
            entry["items"] = [[question_data(qn, item) for qn in block.questions] for item in items]
        else:
            entry["questions"] = [question_data(qn, None) for qn in block.questions]
        blocks.append(entry)
    return {
        "title": q.title_in(doc.language),
        "country": doc.country.name(doc.language),
        "institution": doc.institution_name,
        "version": q.version,
        "document": doc.document_id,
        "labels": {
            "country": _("Country"),
            "institution": _("Institution"),
            "version": _("Questionnaire version"),
            "instructions": _(
                "What we already have on record is printed in the boxes: confirm it, "
                "correct it, or leave it. Tick the answers that apply. Questions marked "
                "* need an answer."
            ),
            "item": _("Item"),
            "blank": _("(new)"),
            "page": _("Page"),
        },
        "blocks": blocks,
    }


def render_pdf(doc: QuestionnaireDocument) -> bytes:
    """A4 PDF for paper interviews, through Typst; answers travel as JSON data."""
    from migguide.guide.writers import typst_pdf

    with override(doc.language):
        return typst_pdf("questionnaire.typ", _pdf_data(doc), language=doc.language)


WRITERS = {"xlsform": render_xlsform, "xlsx": render_xlsx, "pdf": render_pdf}
CONTENT_TYPES = {
    "xlsform": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def file_name(doc: QuestionnaireDocument, fmt: str) -> str:
    who = (doc.institution_name or "new").encode("ascii", "ignore").decode()
    who = "".join(ch if ch.isalnum() else "-" for ch in who).strip("-")[:40] or "institution"
    suffix = {"xlsform": "-xlsform.xlsx", "xlsx": ".xlsx", "pdf": ".pdf"}[fmt]
    return f"{doc.country.iso3}-{doc.questionnaire.form}-{doc.questionnaire.version}-{who}{suffix}"


def render(doc: QuestionnaireDocument, fmt: str) -> bytes:
    return WRITERS[fmt](doc)
