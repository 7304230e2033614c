"""The one problem collector of every import: all or nothing.

An importer reads a whole file before writing anything and collects every problem it
finds, each with its place (file, sheet, row, column — or a path in a JSON file), so
that a person mends the file once rather than once per problem. If there is any, it
raises one exception, `ImportRefused`, listing the first `MAX_SHOWN` and how many more:
a file wrong in every row should not give a page of ten thousand lines.

Every problem and place is worded in the language active when it is found (the
person's, for an upload through the web), so a refusal is read in that language; the
data quoted in it (headers, values, codes) stays as the file holds it."""

from __future__ import annotations

from collections.abc import Callable
from typing import NoReturn

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext
from openpyxl.utils import get_column_letter

MAX_SHOWN = 25
# The first line of the refusals of the dossier and statistics imports (the
# questionnaire imports are introduced by their caller: "Nothing was imported.").
NOTHING_CHANGED = gettext_lazy("Import refused, nothing was changed:")


def place(*, sheet: str | None = None, row: int | None = None, column: int | str | None = None):
    """Where a problem lies, as "sheet 'Data', row 4, column C" ("feuille « Data »,
    ligne 4, colonne C" in French): a column given by its index (from 0) is named by its
    letter, one given by its header by that header."""
    parts = []
    if sheet is not None:
        parts.append(_("sheet '%(sheet)s'") % {"sheet": sheet})
    if row is not None:
        parts.append(_("row %(row)s") % {"row": row})
    if column is not None:
        parts.append(
            _("column %(letter)s") % {"letter": get_column_letter(column + 1)}
            if isinstance(column, int)
            else _("column '%(header)s'") % {"header": column}
        )
    return pgettext("between the parts of a place in a file", ", ").join(parts)


def at(where: str, problem: str) -> str:
    """A problem after its place (or its file): "sheet 'Data', row 4: …"."""
    return _("%(where)s: %(problem)s") % {"where": where, "problem": problem}


def more_problems(n: int) -> str:
    return ngettext("… and %(n)s more problem", "… and %(n)s more problems", n) % {"n": n}


def capped(
    problems: list[str], *, prefix: str, more: str | Callable[[int], str] = more_problems
) -> list[str]:
    """The first MAX_SHOWN problems, then, if there are more, `more` called with `n`
    (how many are left out), or formatted with it if a string; each line after `prefix`."""
    lines = [prefix + p for p in problems[:MAX_SHOWN]]
    if len(problems) > MAX_SHOWN:
        n = len(problems) - MAX_SHOWN
        lines.append(prefix + (more.format(n=n) if isinstance(more, str) else more(n)))
    return lines


class ImportRefused(Exception):
    """The file cannot be imported; `problems` says why, each naming where."""

    def __init__(self, source: str, problems: list[str], *, title: str = ""):
        self.source, self.problems = source, problems
        lines = [at(source, line) for line in capped(problems, prefix="")]
        super().__init__((f"{title}\n" if title else "") + "\n".join(lines))


class Problems:
    """The problems found in one file (`source`), collected until the file is read."""

    def __init__(self, source: str, *, title: str = ""):
        self.source, self.title = source, title
        self.items: list[str] = []

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def add(self, message: str, where: str = "") -> None:
        """One problem; `where` (see `place`) is put in front of it."""
        self.items.append(at(where, message) if where else message)

    def extend(self, messages: list[str]) -> None:
        self.items.extend(messages)

    def raise_if_any(self) -> None:
        if self.items:
            raise self.refused()

    def refuse(self, message: str, where: str = "") -> NoReturn:
        """Add a problem that stops the reading, and refuse the file."""
        self.add(message, where)
        raise self.refused()

    def shown(self, *, prefix: str, more: str | Callable[[int], str] = more_problems) -> list[str]:
        """The problems as lines, capped (see `capped`), for a refusal worded otherwise."""
        return capped(self.items, prefix=prefix, more=more)

    def refused(self) -> ImportRefused:
        return ImportRefused(self.source, self.items, title=self.title)
