"""What a guide is made of: sections of blocks (paragraphs, lists, tables, figures,
callouts, key facts, signatures), its metadata, and the document itself — plain frozen
data that the writers (HTML, PDF, DOCX) lay out."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, ClassVar

# One sort key for every list of names, re-exported for the guide's modules.
from migguide.files.text import sort_key as sort_key


@dataclass(frozen=True)
class Paragraph:
    kind: ClassVar[str] = "paragraph"
    text: str
    style: str = "body"  # body, lead, note
    lang: str = ""  # the passage's language when not the guide's (a foreword in French)


@dataclass(frozen=True)
class BulletList:
    kind: ClassVar[str] = "list"
    items: list[str]


@dataclass(frozen=True)
class Group:
    title: str  # "" for rows without a group heading
    rows: list[list[str]]
    # The dossier entry of each row as (part, entry id, its name), where a row is one:
    # the reviewers' preview links each to a comment on that entry.
    refs: tuple[tuple[str, str, str], ...] = ()

    @property
    def lines(self) -> list[tuple[list[str], tuple[str, str, str] | None]]:
        """Each row with its entry (None when the row is not one)."""
        refs = list(self.refs) + [None] * (len(self.rows) - len(self.refs))
        return list(zip(self.rows, refs, strict=True))


@dataclass(frozen=True)
class Table:
    kind: ClassVar[str] = "table"
    number: int
    caption: str
    columns: list[str]
    groups: list[Group]
    widths: list[float]  # relative column widths
    note: str = ""
    compact: bool = False  # a matrix of symbols: small centred cells

    @property
    def row_count(self) -> int:
        return sum(len(g.rows) for g in self.groups)


@dataclass(frozen=True)
class Figure:
    kind: ClassVar[str] = "figure"
    number: int
    caption: str
    svg: str
    alt: str
    width: float  # fraction of the text width


@dataclass(frozen=True)
class Callout:
    kind: ClassVar[str] = "callout"
    title: str
    blocks: list[Any]


@dataclass(frozen=True)
class KeyFacts:
    kind: ClassVar[str] = "facts"
    items: list[tuple[str, str]]  # (figure, what it counts)


@dataclass(frozen=True)
class Signature:
    kind: ClassVar[str] = "signature"
    name: str
    title: str


@dataclass
class Section:
    id: str
    number: str
    title: str
    blocks: list[Any] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)
    level: int = 1
    numbered_as: str = ""  # the heading's pattern, e.g. "Fiche %(n)s : %(title)s"

    @property
    def heading(self) -> str:
        if self.numbered_as and self.number:
            return self.numbered_as % {"n": self.number, "title": self.title}
        return f"{self.number} {self.title}" if self.number else self.title


@dataclass(frozen=True)
class Meta:
    language: str
    direction: str
    country: str
    country_iso3: str
    dialogue: str
    title: str
    subtitle: str
    edition: str
    date: str
    date_iso: str
    status: str
    endorsed: bool
    demo: str
    running_header: str
    page_label: str  # with %(page)s and %(total)s
    contents_label: str
    colophon: str
    light: bool
    endorsement: str = ""  # who endorsed, when (endorsed editions)
    fingerprint: str = ""  # the SHA-256 of the edition's snapshot, with its label
    logos: tuple[Any, ...] = ()  # the cover's logos (dossier.snapshot.Logo), in order


@dataclass(frozen=True)
class Passages:
    """The texts a guide shows in the dossier's main language instead of its own
    (untranslated, or their translation outdated): see guide.translated."""

    language: str  # the dossier's main language
    texts: tuple[str, ...] = ()  # each text as shown (marks included) and its paragraphs


@dataclass(frozen=True)
class GuideDocument:
    meta: Meta
    front: list[Section]
    body: list[Section]
    annexes: list[Section]
    passages: Passages | None = None

    def language_of(self, text: str) -> str:
        """The language `text` (a paragraph, a list item, a cell) is written in: the
        dossier's main language for a text left untranslated, else the guide's."""
        return self.passages.language if text in self._left else self.meta.language

    @cached_property
    def _left(self) -> frozenset[str]:
        return frozenset(self.passages.texts if self.passages else ())

    def with_passage_languages(self) -> GuideDocument:
        """The document with each paragraph left in the dossier's main language marked
        as written in it (`Paragraph.lang`), so that every writer sets that passage's
        language (WCAG 3.1.2, PDF/UA, the DOCX run's language) as it does a foreword's."""
        if not self._left:
            return self

        def mark(blocks):
            marked = []
            for b in blocks:
                if isinstance(b, Paragraph) and not b.lang and b.text in self._left:
                    b = dataclasses.replace(b, lang=self.passages.language)
                elif isinstance(b, Callout):
                    b = dataclasses.replace(b, blocks=mark(b.blocks))
                marked.append(b)
            return marked

        for section in self.sections():
            section.blocks = mark(section.blocks)
        return self

    def sections(self):
        """Every section and subsection, in reading order."""

        def walk(sections):
            for s in sections:
                yield s
                yield from walk(s.children)

        yield from walk(self.front + self.body + self.annexes)

    def text(self) -> str:
        """All the text of the guide, in reading order (for search and tests)."""
        parts = [self.meta.title, self.meta.country, self.meta.subtitle]
        for section in self.sections():
            parts.append(section.heading)
            parts.extend(block_text(b) for b in section.blocks)
        return "\n".join(p for p in parts if p)


def block_text(block) -> str:
    if isinstance(block, Paragraph):
        return block.text
    if isinstance(block, BulletList):
        return "\n".join(block.items)
    if isinstance(block, Table):
        rows = [" | ".join(block.columns)]
        for g in block.groups:
            rows.append(g.title)
            rows.extend(" | ".join(r) for r in g.rows)
        return "\n".join([block.caption, *rows, block.note])
    if isinstance(block, Figure):
        return block.caption
    if isinstance(block, Callout):
        return "\n".join([block.title, *(block_text(b) for b in block.blocks)])
    if isinstance(block, KeyFacts):
        return "\n".join(f"{v} {k}" for v, k in block.items)
    if isinstance(block, Signature):
        return f"{block.name}\n{block.title}"
    return ""


def paragraphs(text: str, style: str = "body", lang: str = "") -> list[Paragraph]:
    """The paragraphs of `text`; `lang`, the language they are in when not the guide's,
    is kept only if it is a language code (a writer sets it as an attribute)."""
    code = re.fullmatch(r"([A-Za-z]{2,3})(-[A-Za-z0-9]+)?", lang)
    lang = code.group(1).lower() if code else ""
    parts = text.replace("\r\n", "\n").split("\n\n")
    return [Paragraph(p.strip(), style, lang) for p in parts if p.strip()]
