"""The questionnaire as a web page reached by a secret link: the same questions as
every other format, drafts kept as typed, answers checked on submission."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from migguide.files.text import TextRefused, clean_text, printable

from .exporting import QuestionnaireDocument
from .prefill import codes
from .questionnaires import BadAnswer, Block, Question, parse_value

EXTRA_ROWS = 1
MAX_ROWS = 500


class AlteredForm(ValueError):
    """The posted form is not one our page could have sent; the message says so."""


@dataclass
class Field:
    question: Question
    name: str  # the form field's name
    label: str
    hint: str
    value: object  # str, or a list of codes for a multiple choice
    choices: list[tuple[str, str]]
    error: str = ""


@dataclass
class Section:
    block: Block
    title: str
    intro: str
    fields: list[Field]  # single blocks
    rows: list[list[Field]]  # repeats


def _raw(value) -> object:
    if value is None:
        return ""
    if isinstance(value, list):
        return list(value)
    return str(value)


def initial(doc: QuestionnaireDocument) -> dict:
    """What the form shows first: the dossier's answers, as raw form values."""
    raw: dict = {}
    for block in doc.blocks():
        if block.repeat:
            raw[block.name] = [
                {q.column: _raw(item.get(q.name)) for q in block.questions}
                for item in doc.answers.get(block.name, [])
            ]
        else:
            for q in block.questions:
                raw[q.column] = _raw(doc.value(block, q))
    return raw


def _row_count(post, block: Block) -> int:
    """How many rows of a repeated block the page sent (a hidden field of ours)."""
    text = post.get(f"{block.name}__rows", "") or "0"
    if not text.isdecimal():
        raise AlteredForm(
            _(
                "The form came back altered and could not be read; nothing was saved. "
                "Please open your link again."
            )
        )
    return min(int(text), MAX_ROWS)


def from_post(doc: QuestionnaireDocument, post) -> tuple[dict, dict[str, str]]:
    """The raw values of a posted form (kept as typed, for a draft), and the fields
    whose text cannot be kept at all (a control character): those are refused — the
    draft is not saved — and shown without the character. Raises AlteredForm if the
    page's own bookkeeping comes back as something it never sends."""
    refused: dict[str, str] = {}

    def typed(name: str, value: str) -> str:
        try:
            return clean_text(value)
        except TextRefused as exc:
            refused[name] = str(exc)
            return printable(value)

    def read(q: Question, name: str):
        if q.kind == "select_multiple":
            return [typed(name, v) for v in post.getlist(name) if v]
        return typed(name, post.get(name, ""))

    raw: dict = {}
    for block in doc.blocks():
        if block.repeat:
            count = _row_count(post, block)
            rows = []
            for i in range(count):
                row = {q.column: read(q, f"{q.column}__{i}") for q in block.questions}
                if any(v not in ("", []) for v in row.values()):
                    rows.append(row)
            raw[block.name] = rows
        else:
            for q in block.questions:
                raw[q.column] = read(q, q.column)
    return raw, refused


def sections(doc: QuestionnaireDocument, raw: dict, errors: dict[str, str], extra=EXTRA_ROWS):
    out = []
    for block in doc.blocks():

        def field(q: Question, name: str, value, block=block) -> Field:
            label = q.label_in(doc.language)
            return Field(
                question=q,
                name=name,
                label=label[:1].upper() + label[1:],
                hint=q.hint_in(doc.language),
                value=value if value is not None else "",
                choices=[(c.code, doc.label(c)) for c in doc.choices(q)],
                error=errors.get(name, ""),
            )

        if block.repeat:
            items = raw.get(block.name, [])
            rows = [
                [field(q, f"{q.column}__{i}", item.get(q.column, "")) for q in block.questions]
                for i, item in enumerate([*items, *([{}] * extra)])
            ]
            out.append(
                Section(block, block.label_in(doc.language), block.intro_in(doc.language), [], rows)
            )
        else:
            fields = [field(q, q.column, raw.get(q.column, "")) for q in block.questions]
            out.append(
                Section(
                    block, block.label_in(doc.language), block.intro_in(doc.language), fields, []
                )
            )
    return out


def answers(doc: QuestionnaireDocument, raw: dict) -> tuple[dict, dict[str, str]]:
    """The answers of a completed form, or the problems by field name."""
    out: dict = {"institution": {}, "respondent": {}}
    errors: dict[str, str] = {}

    def parse(q: Question, value, name: str):
        try:
            value = parse_value(
                q,
                " ".join(value) if isinstance(value, list) else value,
                codes(doc.choices(q)) if q.choices else None,
            )
        except BadAnswer as exc:
            errors[name] = str(exc)
            return None
        if q.required and value in (None, "", []):
            errors[name] = _("This answer is required.")
        return value

    for block in doc.blocks():
        if block.repeat:
            items = []
            for i, row in enumerate(raw.get(block.name, [])):
                items.append(
                    {
                        q.name: parse(q, row.get(q.column, ""), f"{q.column}__{i}")
                        for q in block.questions
                    }
                )
            out[block.name] = items
        else:
            target = out.setdefault(block.name, {}) if block.nested else out
            for q in block.questions:
                target[q.name] = parse(q, raw.get(q.column, ""), q.column)
    return out, errors
