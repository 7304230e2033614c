"""KoboToolbox exports headed by labels (the export's "value and header format" set
to a language rather than "XML values and headers"), read back by matching the labels
our own XLSForm gave (`exporting.render_xlsform`) in each of its languages.

What KoboToolbox writes there (its export library, formpack, `reporting/export.py` and
`schema/fields.py`):
- a question's column is headed by its label in the chosen language, or — with
  "Include groups in headers" — by its groups' labels and its own joined by the group
  separator ("/" unless changed);
- a question without a label (our calculated `mg_*` fields) and the columns Kobo adds
  (`_id`, `_uuid`, `_submission_time`, `_index`, `_parent_index` …) keep their names,
  and each repeat's sheet keeps the repeat's name;
- a single choice holds the chosen choice's label; a multiple choice either one column
  of the chosen labels joined by spaces, or one column per choice headed "question
  label<separator>choice label" holding 1 or 0, or both ("Export Select Many questions
  as …").

Each table is rewritten as the "XML values and headers" export of the same answers
would be (names as headers, codes as values, in the same cells), so that the rest of
the reading is the same. Where a header or a value cannot be matched to exactly one
question or choice — two questions or two choices sharing a label, a label matching
nothing — the file is refused at that cell, saying which export option to choose."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils import get_column_letter

from migguide.countries import languages

from ..exporting import column_language
from ..prefill import Choice
from ..questionnaires import QUESTIONNAIRES, Block, Question, Questionnaire
from .reading import Reader, Table

XML_OPTION = gettext_lazy(
    "in KoboToolbox, export the data again choosing 'XML values and headers' as the "
    "value and header format (Data → Downloads → Advanced options), then import that file"
)


# A group separator is a short run of punctuation ("/", " - ", "."), never a word.
MAX_SEPARATOR = 3


@dataclass(frozen=True)
class Target:
    """What a header stands for: a question's column (`choice` set for the column of
    one choice of a multiple choice), or nothing to read (a note: `column` empty)."""

    column: str
    choice: str | None = None


def _norm(text: object) -> str:
    return " ".join(str(text).split()).casefold()


def _question_label(question: Question, language: str) -> str:
    # As the XLSForm writes it (capitalised); matching ignores case anyway.
    label = question.label_in(language)
    return label[:1].upper() + label[1:]


def _choice_label(choice: Choice, language: str) -> str:
    # Kobo writes the choice's name where it has no label in the language.
    return choice.labels.get(language) or choice.code


class LabelledExport:
    """The labels of one questionnaire as sent to one institution, every language."""

    def __init__(self, reader: Reader, q: Questionnaire, institution_uid: str):
        self.reader = reader
        self.q = q
        self.lists = reader.lists_for(institution_uid)
        self.language = languages.codes()[0]
        self.separator = "/"

    def blocks_of(self, table: Table, main: bool) -> list[Block]:
        if main:
            return [b for b in self.q.blocks if not b.repeat]
        named = [b for b in self.q.blocks if b.repeat and b.name[:31] == table.name]
        return named or [b for b in self.q.blocks if b.repeat]

    def expected(self, blocks: list[Block], language: str, sep: str) -> dict[str, set[Target]]:
        """Every header Kobo may write for these blocks in `language` → what it stands
        for (more than one target: the header is ambiguous)."""
        out: dict[str, set[Target]] = defaultdict(set)
        for block in blocks:
            for prefix in ("", _norm(block.label_in(language)) + sep):
                if block.intro:
                    out[prefix + _norm(block.intro_in(language))].add(Target(""))
                for question in block.questions:
                    label = prefix + _norm(_question_label(question, language))
                    out[label].add(Target(question.column))
                    if question.kind != "select_multiple":
                        continue
                    for choice in self.lists.get(question.choices, []):
                        header = label + sep + _norm(_choice_label(choice, language))
                        out[header].add(Target(question.column, choice.code))
        return out

    def settle(self, headers: list[str]) -> bool:
        """Find the group separator and the language of the headers; False when no
        header is a label of this questionnaire."""
        seps: Counter[str] = Counter()
        for language in languages.codes():
            for block in self.q.blocks:
                group = _norm(block.label_in(language))
                for question in block.questions:
                    label = _norm(_question_label(question, language))
                    for h in headers:
                        if h.startswith(group) and h.endswith(label):
                            sep = h[len(group) : len(h) - len(label)]
                            if 0 < len(sep) <= MAX_SEPARATOR and not any(
                                ch.isalnum() for ch in sep
                            ):
                                seps[sep] += 1
        if seps:
            self.separator = seps.most_common(1)[0][0]
        found = {}
        for language in languages.codes():
            expected = self.expected(list(self.q.blocks), language, self.separator)
            found[language] = sum(h in expected for h in headers)
        self.language = max(found, key=lambda code: found[code])
        return found[self.language] > 0

    def rewrite(self, table: Table, *, main: bool, named: Callable[[str], bool]) -> Table:
        """`table` as the XML-headers export would hold it: headers our column names
        (a choice's own column left unnamed, its 1 or 0 read into the question's
        column), values codes. Every problem goes to the reader."""
        expected = self.expected(self.blocks_of(table, main), self.language, self.separator)
        shown = column_language(self.language)
        header = list(table.header)
        questions = {q.column: q for _b, q in self.q.questions()}
        single: dict[str, int] = {}
        per_choice: dict[str, list[tuple[int, str]]] = defaultdict(list)
        seen: dict[Target, int] = {}
        for c, h in enumerate(table.header):
            if not h or named(h):
                continue
            targets = expected.get(_norm(h), set())
            where = table.where(table.header_row, c)
            if not targets:
                self.reader.problem(
                    where,
                    _(
                        "%(header)s is not the label in %(language)s of a question of the "
                        "%(form)s questionnaire: %(advice)s"
                    )
                    % {
                        "header": repr(h),
                        "language": shown,
                        "form": self.q.form,
                        "advice": XML_OPTION,
                    },
                )
            elif len(targets) > 1:
                self._ambiguous_header(where, h, targets, questions)
            elif (target := next(iter(targets))) in seen and target.column:
                self.reader.problem(
                    where,
                    _("%(header)s heads column %(letter)s too: %(advice)s")
                    % {
                        "header": repr(h),
                        "letter": get_column_letter(seen[target] + 1),
                        "advice": XML_OPTION,
                    },
                )
            else:
                seen[target] = c
                if target.choice:
                    per_choice[target.column].append((c, target.choice))
                    header[c] = ""
                elif target.column:
                    single[target.column] = c
                    header[c] = target.column
                else:
                    header[c] = ""
        for column, cells in per_choice.items():
            if column not in single:
                single[column] = cells[0][0]
                header[cells[0][0]] = column
        rows = []
        for row_no, raw in table.rows:
            row = list(raw) + [None] * (len(header) - len(raw))
            for column, c in single.items():
                question = questions[column]
                if column in per_choice:
                    row[c] = self._ticked(table, row_no, row, per_choice[column])
                elif question.kind == "select_one":
                    row[c] = self._code(question, row[c], table.where(row_no, c))
                elif question.kind == "select_multiple":
                    row[c] = self._codes(question, row[c], table.where(row_no, c))
            rows.append((row_no, row))
        return Table(table.name, header, rows, table.header_row, current=True)

    def _ambiguous_header(self, where, header, targets, questions) -> None:
        names = sorted({t.column for t in targets})
        if len(names) > 1:
            problem = _(
                "%(header)s is the label of several questions (%(names)s), so this column "
                "cannot be told apart: %(advice)s"
            ) % {"header": repr(header), "names": ", ".join(names), "advice": XML_OPTION}
        else:
            problem = _(
                "%(header)s is the label of several choices of %(question)s (%(choices)s), so "
                "this column cannot be told apart: %(advice)s"
            ) % {
                "header": repr(header),
                "question": names[0],
                "choices": ", ".join(sorted(t.choice or "" for t in targets)),
                "advice": XML_OPTION,
            }
        self.reader.problem(where, problem)

    def _ticked(self, table: Table, row_no: int, row: list, cells) -> str | None:
        """The codes ticked (1) in the columns of each choice; None when every one is
        empty (the question was not answered)."""
        if all(row[c] in (None, "") for c, _code in cells):
            return None
        chosen = []
        for c, code in cells:
            value = row[c]
            if value in (1, "1", True):
                chosen.append(code)
            elif value not in (0, "0", False, None, ""):
                self.reader.problem(
                    table.where(row_no, c),
                    _("expected 1 or 0 for a choice, found %(value)s") % {"value": repr(value)},
                )
        return " ".join(chosen)

    def _by_label(self, question: Question) -> dict[str, set[str]]:
        out: dict[str, set[str]] = defaultdict(set)
        for choice in self.lists.get(question.choices, []):
            out[_norm(_choice_label(choice, self.language))].add(choice.code)
        return out

    def _code(self, question: Question, value, where: str):
        """A single choice's label → its code; a label shared by several choices is a
        problem; anything else is left for the usual reading to judge."""
        if value in (None, ""):
            return value
        codes = self._by_label(question).get(_norm(value), set())
        if len(codes) > 1:
            self.reader.problem(
                where,
                _("%(value)s is the label of several choices (%(codes)s): %(advice)s")
                % {
                    "value": repr(str(value)[:60]),
                    "codes": ", ".join(sorted(codes)),
                    "advice": XML_OPTION,
                },
            )
            return None
        return next(iter(codes)) if codes else value

    def _codes(self, question: Question, value, where: str):
        """The labels of a multiple choice joined by spaces → its codes, where the text
        splits into labels in exactly one way (labels hold spaces too)."""
        if value in (None, ""):
            return value
        by_label = self._by_label(question)
        for choice in self.lists.get(question.choices, []):
            by_label[_norm(choice.code)].add(choice.code)
        words = _norm(value).split()
        # ways[i]: up to two readings of words[i:] as a list of codes.
        ways: list[list[list[str]]] = [[] for _word in words] + [[[]]]
        for i in range(len(words) - 1, -1, -1):
            for j in range(i + 1, len(words) + 1):
                for code in by_label.get(" ".join(words[i:j]), ()):
                    ways[i] += [[code, *rest] for rest in ways[j]][: 2 - len(ways[i])]
        if len(ways[0]) > 1:
            self.reader.problem(
                where,
                _(
                    "%(value)s can be read as more than one set of choices (their labels hold "
                    "spaces): %(advice)s, or 'Separate columns' for the multiple choices"
                )
                % {"value": repr(str(value)[:60]), "advice": XML_OPTION},
            )
            return None
        return " ".join(ways[0][0]) if ways[0] else value


def label_headed(
    reader: Reader, tables: list[Table], *, named: Callable[[str], bool]
) -> list[Table]:
    """The tables of a KoboToolbox export rewritten as its XML-headers export if its
    headers are labels; unchanged otherwise. `named(header)` says whether a header is
    already a name (ours or one Kobo adds)."""
    main = tables[0]
    unnamed = [_norm(h) for t in tables for h in t.header if h and not named(h)]
    if not unnamed:
        return tables
    first = main.rows[0][1] if main.rows else []

    def meta(name: str) -> str:
        if name in main.header and main.header.index(name) < len(first):
            return str(first[main.header.index(name)] or "").strip()
        return ""

    q = QUESTIONNAIRES.get(meta("mg_form"))
    if q is None:
        return tables
    export = LabelledExport(reader, q, meta("mg_institution"))
    if not export.settle(unnamed):
        return tables
    return [export.rewrite(t, main=t is main, named=named) for t in tables]
