"""What every part of the guide is built with: the dossier's typed snapshot, the
language and its fixed text, the numbering of tables and figures, and the lookups
sections share (an institution's short name, a choice's label, a number in the
reader's locale)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from babel.dates import format_date
from babel.numbers import format_decimal

from migguide.dossier.snapshot import Snapshot

from .blocks import Figure, Group, Table, sort_key


class Numbers:
    """The running numbers of the guide's tables and figures."""

    def __init__(self):
        self.table = 0
        self.figure = 0

    def next_table(self) -> int:
        self.table += 1
        return self.table

    def next_figure(self) -> int:
        self.figure += 1
        return self.figure


@dataclass
class Context:
    snapshot: Snapshot
    language: str
    L: dict[str, str]
    numbers: Numbers
    choices: dict[str, dict[str, str]]

    def number(self, n: int | float) -> str:
        # Western digits in every language, Arabic included, as in Maghreb usage.
        return format_decimal(n, locale=self.language, numbering_system="latn")

    def day(self, iso: str) -> str:
        return format_date(datetime.date.fromisoformat(iso), "long", locale=self.language)

    def short(self, uid: str | None) -> str:
        return self.snapshot.short_name(uid)

    def shorts(self, uids) -> str:
        return ", ".join(sorted((self.short(u) for u in uids), key=sort_key))

    def label(self, kind: str, value: str | None) -> str:
        return self.choices[kind].get(value or "", value or "")

    def table(self, caption, columns, groups: list[Group], widths, note="", compact=False):
        return Table(
            self.numbers.next_table(),
            self.L["table"] % {"n": self.numbers.table} + " — " + caption,
            columns,
            groups,
            widths,
            note,
            compact,
        )

    def figure(self, caption, svg, alt, width=1.0) -> Figure:
        n = self.numbers.next_figure()
        return Figure(n, self.L["figure"] % {"n": n} + " — " + caption, svg, alt, width)


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]
