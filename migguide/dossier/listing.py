"""The rows of a list page: each entry with its cells already written as text.

Labels of choices are looked up once per page, not once per cell: on a page of a
hundred sources that is the difference between a fast page and a slow one."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _

CELL_CHARACTERS = 140
TITLE_CHARACTERS = 1000  # the whole text in the cell's title, up to a bound for the page


def shorten(text: str, limit: int = CELL_CHARACTERS) -> str:
    """The text cut at the last word boundary before `limit` characters, with an
    ellipsis: a word is never cut in half ("migra…"). A single word longer than the
    limit (an address) is cut where it must be."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.–—-") + "…"


@dataclass(frozen=True)
class Cell:
    text: str  # as shown, possibly shortened
    full: str  # the whole text (up to TITLE_CHARACTERS), for the cell's title

    @property
    def shortened(self) -> bool:
        return self.text != self.full


@dataclass
class Row:
    entry: models.Model
    cells: list[Cell]
    url: str  # of the entry's page, without the trailing slash
    place: int = 0  # the entry's number in the whole list (1 is the top)


def _labels(field) -> dict:
    return {value: str(label) for value, label in field.flatchoices}


def _related_text(obj, code_labels: dict | None) -> str:
    if obj is None:
        return ""
    if code_labels is not None:
        return code_labels.get(obj.code, obj.code)
    return getattr(obj, "short_name", None) or str(obj)


def _formatter(field):
    if field.is_relation:
        code = getattr(field.related_model, "_meta", None)
        code_field = (
            code.get_field("code") if code and any(f.name == "code" for f in code.fields) else None
        )
        labels = _labels(code_field) if code_field is not None and code_field.choices else None
        if field.many_to_many:
            return lambda e: ", ".join(
                _related_text(r, labels) for r in getattr(e, field.name).all()
            )
        return lambda e: _related_text(getattr(e, field.name), labels)
    if field.choices:
        labels = _labels(field)
        return lambda e: labels.get(getattr(e, field.attname), "")
    if isinstance(field, models.BooleanField):
        yes = _("yes")
        return lambda e: yes if getattr(e, field.attname) else "—"

    def text(e):
        value = getattr(e, field.attname)
        return "" if value is None else str(value)

    return text


def _cell(text: str) -> Cell:
    return Cell(shorten(text), shorten(text, TITLE_CHARACTERS))


def rows(fields, entries, base_url: str, first_place: int = 1) -> list[Row]:
    """`first_place`: the number of the first entry given in the whole list (on page 2
    of 100 a page, 101)."""
    formatters = [_formatter(f) for f in fields]
    return [
        Row(
            entry,
            [_cell(fmt(entry)) for fmt in formatters],
            f"{base_url}{entry.uid}",
            first_place + i,
        )
        for i, entry in enumerate(entries)
    ]
