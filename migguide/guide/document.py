"""The guide as one document, built once, then written as HTML, PDF and DOCX.

`build_guide` reads a dossier in its export form (the same JSON an edition freezes),
so a guide is rendered the same way from the live dossier and from a snapshot. All
the choices of what goes where are made here; the writers only lay it out."""

from __future__ import annotations

import dataclasses
import datetime
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, ClassVar

from babel.dates import format_date
from babel.numbers import format_compact_currency, format_decimal
from django.utils import translation

from migguide.countries.models import Country, Dialogue, territory_name
from migguide.dossier import models as m
from migguide.dossier.public import may_publish, public_dossier

from . import charts
from .labels import labels

RTL_LANGUAGES = {"ar", "he", "fa", "ur"}


# -- the blocks a section is made of ----------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    kind: ClassVar[str] = "paragraph"
    text: str
    style: str = "body"  # body, lead, note


@dataclass(frozen=True)
class BulletList:
    kind: ClassVar[str] = "list"
    items: list[str]


@dataclass(frozen=True)
class Group:
    title: str  # "" for rows without a group heading
    rows: list[list[str]]


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


@dataclass(frozen=True)
class GuideDocument:
    meta: Meta
    front: list[Section]
    body: list[Section]
    annexes: list[Section]

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
            parts.extend(_block_text(b) for b in section.blocks)
        return "\n".join(p for p in parts if p)


def _block_text(block) -> str:
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
        return "\n".join([block.title, *(_block_text(b) for b in block.blocks)])
    if isinstance(block, KeyFacts):
        return "\n".join(f"{v} {k}" for v, k in block.items)
    if isinstance(block, Signature):
        return f"{block.name}\n{block.title}"
    return ""


# -- building ---------------------------------------------------------------------


def _sort_key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _paragraphs(text: str, style: str = "body") -> list[Paragraph]:
    return [
        Paragraph(p.strip(), style) for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()
    ]


class _Numbers:
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
class _Context:
    data: dict
    language: str
    L: dict[str, str]
    numbers: _Numbers
    institutions: dict[str, dict]
    contacts: dict[str, dict]
    choices: dict[str, dict[str, str]]

    def number(self, n: int | float) -> str:
        return format_decimal(n, locale=self.language)

    def short(self, uid: str | None) -> str:
        inst = self.institutions.get(uid or "")
        if not inst:
            return ""
        return inst["acronym"] or inst["name"]

    def shorts(self, uids) -> str:
        return ", ".join(sorted((self.short(u) for u in uids), key=_sort_key))

    def label(self, kind: str, value: str | None) -> str:
        return self.choices[kind].get(value or "", value or "")

    def table(self, caption, columns, groups, widths, note="", compact=False) -> Table:
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


def _choices(language: str) -> dict[str, dict[str, str]]:
    with translation.override(language):
        return {
            "area": {c: str(label) for c, label in m.Area.Code.choices},
            "stage": {c: str(label) for c, label in m.PolicyStage.Code.choices},
            "periodicity": {c: str(label) for c, label in m.Source.Periodicity.choices},
            "access": {c: str(label) for c, label in m.Source.Access.choices},
            "source_kind": {c: str(label) for c, label in m.Source.Kind.choices},
            "instrument_kind": {c: str(label) for c, label in m.LegalInstrument.Kind.choices},
            "instrument_status": {c: str(label) for c, label in m.LegalInstrument.Status.choices},
            "content_status": {c: str(label) for c, label in m.ProfileContent.Status.choices},
            "function": {c: str(label) for c, label in m.UseExample.Function.choices},
            "category": {c: str(label) for c, label in m.Challenge.Category.choices},
            "challenge_status": {c: str(label) for c, label in m.Challenge.Status.choices},
            "theme": {c: str(label) for c, label in m.Recommendation.Theme.choices},
            "priority": {c: str(label) for c, label in m.Recommendation.Priority.choices},
            "timeframe": {c: str(label) for c, label in m.Recommendation.Timeframe.choices},
            "rec_status": {c: str(label) for c, label in m.Recommendation.Status.choices},
            "need_kind": {c: str(label) for c, label in m.Need.Kind.choices},
            "institution_kind": {c: str(label) for c, label in m.Institution.Kind.choices},
        }


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def build_guide(
    data: dict,
    *,
    language: str,
    light: bool = False,
    date: datetime.date | None = None,
    edition: str | None = None,
    endorsed: bool = False,
    statistics: dict | None = None,
    profile: bool = False,
    unendorsed_publication: bool = False,
    endorsement: str = "",
    fingerprint: str = "",
    changes: dict | None = None,
) -> GuideDocument:
    """The guide of the dossier `data` (a dossier export) in `language`; the "at a
    glance" version when `light`; the statistical profile when `profile`. `statistics`
    is the plain data of indicators.profile.statistics_for. An edition adds its
    `endorsement` line, its content `fingerprint` (SHA-256) and the `changes` since the
    previous edition (plain data of editions.diff.annex_data)."""
    language = language.split("-")[0]
    data = public_dossier(data)  # whoever reads a guide, it names only who consented
    L = labels(language)
    country = Country.objects.get(iso3=data["country"])
    dialogue = Dialogue.objects.filter(is_default=True).first()
    date = date or datetime.date.today()
    ctx = _Context(
        data=data,
        language=language,
        L=L,
        numbers=_Numbers(),
        institutions={i["id"]: i for i in data["institutions"]},
        contacts={c["id"]: c for c in data["contacts"]},
        choices=_choices(language),
    )
    country_name = territory_name(country.iso2, language)
    edition_label = edition or L["working_draft"]
    meta = Meta(
        language=language,
        direction="rtl" if language in RTL_LANGUAGES else "ltr",
        country=country_name,
        country_iso3=country.iso3,
        dialogue=dialogue.name(language) if dialogue else "",
        title=L["light_title"] if light else L["title"],
        subtitle=country_name,
        edition=edition_label,
        date=format_date(date, "long", locale=language),
        date_iso=date.isoformat(),
        status=(
            L["endorsed"]
            if endorsed
            else L["published_unendorsed"]
            if unendorsed_publication
            else L["draft"]
        ),
        endorsed=endorsed,
        demo=L["demo"] if data["dossier"].get("is_demo") else "",
        running_header=f"{country_name} · {L['title']} · {edition_label}",
        page_label=L["page_of"],
        contents_label=L["contents"],
        colophon=L["colophon"]
        % {"country": country_name, "date": format_date(date, "long", locale=language)},
        light=light,
        endorsement=endorsement,
        fingerprint=L["fingerprint"] % {"sha256": fingerprint} if fingerprint else "",
    )
    statistics = statistics or {}
    if profile:
        meta = dataclasses.replace(
            meta,
            title=L["profile_title"],
            light=True,
            running_header=f"{country_name} · {L['profile_title']} · {edition_label}",
        )
        return GuideDocument(meta, [], [_key_figures(ctx, statistics, full=True)], [])
    if light:
        return GuideDocument(meta, [], _light_body(ctx, statistics), [])
    front = [s for s in (_forewords(ctx), _acronyms(ctx), _glossary(ctx)) if s]
    body = [_section1(ctx), _section2(ctx), _section3(ctx), _section4(ctx)]
    for section in body:
        section.numbered_as = L["numbered"]
    body.insert(0, _key_figures(ctx, statistics, full=True))
    annexes = [_annex_contacts(ctx)]
    if ctx.data.get("workshops"):
        annexes.append(_annex_method(ctx))
    if changes is not None:
        annexes.append(_annex_changes(ctx, changes))
    for letter, annex in zip("ABCDEF", annexes, strict=False):
        annex.title = annex.title.replace(" ? — ", f" {letter} — ", 1)
    return GuideDocument(meta, front, body, annexes)


# -- front matter -----------------------------------------------------------------


def _forewords(ctx: _Context) -> Section | None:
    forewords = ctx.data["forewords"]
    if not forewords:
        return None
    preferred = [f for f in forewords if f["language"] == ctx.language] or forewords
    blocks: list[Any] = []
    for f in preferred:
        blocks.extend(_paragraphs(f["text"]))
        title = f["signatory_title"]
        if f["institution"] and ctx.short(f["institution"]) not in title:
            title = f"{title}, {ctx.institutions[f['institution']]['name']}"
        blocks.append(Signature(f["signatory"], title))
    return Section("forewords", "", ctx.L["forewords"], blocks)


def _acronyms(ctx: _Context) -> Section | None:
    rows = sorted(
        ((i["acronym"], i["name"]) for i in ctx.data["institutions"] if i["acronym"]),
        key=lambda r: _sort_key(r[0]),
    )
    if not rows:
        return None
    table = ctx.table(
        ctx.L["acronyms"],
        [ctx.L["acronym"], ctx.L["name"]],
        [Group("", [list(r) for r in rows])],
        [1, 4],
    )
    return Section("acronyms", "", ctx.L["acronyms"], [table])


def _glossary(ctx: _Context) -> Section | None:
    own, other = ("term_fr", "definition_fr"), ("term_en", "definition_en")
    if ctx.language != "fr":
        own, other = other, own
    rows = []
    for term in ctx.data["glossary"]:
        name = term[own[0]] or term[other[0]]
        definition = term[own[1]] or term[other[1]]
        rows.append([name, definition])
    if not rows:
        return None
    rows.sort(key=lambda r: _sort_key(r[0]))
    table = ctx.table(
        ctx.L["glossary"], [ctx.L["term"], ctx.L["definition"]], [Group("", rows)], [1.3, 4]
    )
    return Section("glossary", "", ctx.L["glossary"], [table])


# -- section 1 --------------------------------------------------------------------


def _section1(ctx: _Context) -> Section:
    L, d = ctx.L, ctx.data
    s = Section("context", "1", L["s1"])
    s.children.append(
        Section(
            "situation",
            "1.1",
            L["s1_situation"],
            _paragraphs(d["dossier"]["situation"]) or [Paragraph(L["none"], "note")],
            level=2,
        )
    )
    framework = _paragraphs(d["dossier"]["framework"])
    rows = [
        [
            i["title"],
            ctx.label("instrument_kind", i["kind"]),
            str(i["year"] or ""),
            ctx.label("instrument_status", i["status"]),
        ]
        for i in d["legal_instruments"]
    ]
    if rows:
        framework.append(
            ctx.table(
                L["s1_instruments"],
                [L["instrument"], L["kind"], L["year"], L["status"]],
                [Group("", rows)],
                [5, 2, 0.8, 1.4],
            )
        )
    s.children.append(Section("framework", "1.2", L["s1_framework"], framework, level=2))
    in_charge = [
        [i["acronym"] or "", i["name"], i["mandate"]]
        for i in d["institutions"]
        if i["kind"] in m.Institution.GOVERNMENTAL and i["mandate"]
    ]
    if in_charge:
        s.children.append(
            Section(
                "institutions",
                "1.3",
                L["s1_institutions"],
                [
                    ctx.table(
                        L["s1_institutions"],
                        [L["acronym"], L["institution"], L["mandate"]],
                        [Group("", in_charge)],
                        [1, 2.6, 4],
                    )
                ],
                level=2,
            )
        )
    return s


# -- section 2 --------------------------------------------------------------------


def _source_areas(ctx: _Context) -> list[str]:
    """The focus areas always, then the other areas that have sources."""
    present = {a for s in ctx.data["sources"] for a in s["areas"]}
    return [
        *m.Area.FOCUS,
        *(c for c, _ in m.Area.Code.choices if c not in m.Area.FOCUS and c in present),
    ]


def _gaps(ctx: _Context) -> list[str]:
    sources = ctx.data["sources"]
    existing = [s for s in sources if s["status"] == "existing"]
    covered_areas = {a for s in existing for a in s["areas"]}
    covered_stages = {st for s in existing for st in s["stages"]}
    gaps = [
        ctx.L["gap_area"] % {"area": ctx.label("area", a)}
        for a in m.Area.FOCUS
        if a not in covered_areas
    ]
    gaps += [
        ctx.L["gap_stage"] % {"stage": ctx.label("stage", st)}
        for st, _ in m.PolicyStage.Code.choices
        if st not in covered_stages
    ]
    unused = sum(1 for s in sources if not s["users"])
    if unused:
        gaps.append(ctx.L["gap_unused"] % {"n": ctx.number(unused)})
    return gaps


def _is_governmental(ctx: _Context, source: dict) -> bool:
    inst = ctx.institutions.get(source["collector"])
    return bool(inst) and inst["kind"] in m.Institution.GOVERNMENTAL


def _source_row(ctx: _Context, s: dict) -> list[str]:
    coverage = "; ".join(
        p for p in (s["temporal_coverage"], s["geographic_coverage"], s["disaggregation"]) if p
    )
    title = s["title"]
    if s["description"]:
        title = f"{title}\n{s['description']}"
    last = ""
    if s["last_update"]:
        last = format_date(
            datetime.date.fromisoformat(s["last_update"]), "MMM y", locale=ctx.language
        )
    return [
        title,
        ctx.short(s["collector"]),
        coverage,
        ctx.label("periodicity", s["periodicity"]),
        ctx.label("access", s["access"]),
        last,
        ctx.shorts(s["users"]),
    ]


def _area_table(ctx: _Context, area: str) -> Table | None:
    L = ctx.L
    sources = [s for s in ctx.data["sources"] if area in s["areas"]]
    if not sources:
        return None
    groups = []
    for key, governmental, status in [
        ("governmental_existing", True, "existing"),
        ("governmental_potential", True, "potential"),
        ("other_existing", False, "existing"),
        ("other_potential", False, "potential"),
    ]:
        rows = [
            _source_row(ctx, s)
            for s in sources
            if _is_governmental(ctx, s) == governmental and s["status"] == status
        ]
        if rows:
            groups.append(Group(L[key], rows))
    columns = [
        L["source"],
        L["collector"],
        L["coverage"],
        L["periodicity"],
        L["access"],
        L["last_update"],
        L["used_by"],
    ]
    return ctx.table(
        _cap(ctx.label("area", area)), columns, groups, [4.2, 1.5, 2.2, 1.4, 1.3, 1.1, 1.8]
    )


def _focus_callout(ctx: _Context, area: str) -> Callout:
    sources = [s for s in ctx.data["sources"] if area in s["areas"]]
    existing = [s for s in sources if s["status"] == "existing"]
    potential = [s for s in sources if s["status"] == "potential"]
    title = f"{ctx.L['s2_focus']} — {_cap(ctx.label('area', area))}"
    if not existing:
        return Callout(title, [Paragraph(ctx.L["focus_none"])])
    by = ctx.shorts({s["collector"] for s in existing})
    return Callout(
        title,
        [
            Paragraph(
                ctx.L["focus_summary"]
                % {
                    "existing": ctx.number(len(existing)),
                    "potential": ctx.number(len(potential)),
                    "by": by,
                }
            )
        ],
    )


def _coverage_matrix(ctx: _Context, areas: list[str]) -> Table:
    L = ctx.L
    marks: dict[str, dict[str, str]] = defaultdict(dict)
    order = {"●": 3, "○": 2, "◆": 1}

    def mark(inst, area, symbol):
        if order[symbol] > order.get(marks[inst].get(area, ""), 0):
            marks[inst][area] = symbol

    for s in ctx.data["sources"]:
        for area in s["areas"]:
            if area not in areas:
                continue
            mark(s["collector"], area, "●" if s["status"] == "existing" else "○")
            for user in s["users"]:
                mark(user, area, "◆")
    rows = [
        [ctx.short(inst)] + [marks[inst].get(a, "") for a in areas]
        for inst in sorted(marks, key=lambda i: _sort_key(ctx.short(i)))
    ]
    note = "   ".join([L["legend_collects"], L["legend_potential"], L["legend_uses"]])
    return ctx.table(
        L["s2_coverage"],
        [L["institution"], *(_cap(ctx.label("area", a)) for a in areas)],
        [Group("", rows)],
        [2.2] + [1] * len(areas),
        note=note,
        compact=True,
    )


def _section2(ctx: _Context) -> Section:
    L = ctx.L
    s = Section("mapping", "2", L["s2"], [Paragraph(L["s2_intro"], "lead")])
    areas = _source_areas(ctx)
    counts = _area_counts(ctx, areas)
    s.blocks.append(
        ctx.figure(
            L["chart_sources_by_area"],
            charts.sources_by_area(counts, L),
            _chart_alt(ctx, counts),
            width=0.85,
        )
    )
    for n, area in enumerate(areas, start=1):
        blocks: list[Any] = []
        if area in (m.Area.Code.BORDER, m.Area.Code.CRISIS):
            blocks.append(_focus_callout(ctx, area))
        table = _area_table(ctx, area)
        blocks.append(table if table else Paragraph(L["focus_none"], "note"))
        s.children.append(
            Section(f"area-{area}", f"2.{n}", _cap(ctx.label("area", area)), blocks, level=2)
        )
    n = len(areas)
    s.children.append(
        Section("coverage", f"2.{n + 1}", L["s2_coverage"], [_coverage_matrix(ctx, areas)], level=2)
    )
    gaps = _gaps(ctx)
    gap_blocks: list[Any] = [BulletList(gaps) if gaps else Paragraph(L["no_gap"])]
    potential = [
        f"{p['title']} ({ctx.short(p['collector'])})"
        for p in ctx.data["sources"]
        if p["status"] == "potential"
    ]
    if potential:
        gap_blocks += [Paragraph(L["potential_sources"], "lead"), BulletList(potential)]
    s.children.append(Section("gaps", f"2.{n + 2}", L["s2_gaps"], gap_blocks, level=2))
    return s


def _area_counts(ctx: _Context, areas: list[str]) -> list[tuple[str, int, int]]:
    rows = []
    for area in areas:
        sources = [s for s in ctx.data["sources"] if area in s["areas"]]
        rows.append(
            (
                _cap(ctx.label("area", area)),
                sum(s["status"] == "existing" for s in sources),
                sum(s["status"] == "potential" for s in sources),
            )
        )
    return rows


def _chart_alt(ctx: _Context, counts) -> str:
    return "; ".join(
        f"{area}: {ctx.number(e)} {ctx.L['chart_existing']}, "
        f"{ctx.number(p)} {ctx.L['chart_potential']}"
        for area, e, p in counts
    )


# -- section 3 --------------------------------------------------------------------


def _section3(ctx: _Context) -> Section:
    L, d = ctx.L, ctx.data
    s = Section("tools", "3", L["s3"])
    stages = [(code, _cap(label)) for code, label in ctx.choices["stage"].items()]
    actors = d["policy_cycle"]
    by_inst: dict[str, set[str]] = defaultdict(set)
    for a in actors:
        by_inst[a["institution"]].add(a["stage"])
    matrix = [
        [ctx.short(i)] + ["●" if code in by_inst[i] else "" for code, _ in stages]
        for i in sorted(by_inst, key=lambda i: _sort_key(ctx.short(i)))
    ]
    roles = []
    for code, label in stages:
        rows = [[ctx.short(a["institution"]), a["role"]] for a in actors if a["stage"] == code]
        if rows:
            roles.append(Group(label, rows))
    cycle_blocks: list[Any] = [
        ctx.figure(
            L["cycle_caption"],
            charts.policy_cycle([label for _, label in stages]),
            L["cycle_alt"],
            width=0.62,
        ),
    ]
    if matrix:
        cycle_blocks.append(
            ctx.table(
                L["cycle_matrix"],
                [L["institution"], *(label for _, label in stages)],
                [Group("", matrix)],
                [2.2] + [1] * 6,
                compact=True,
            )
        )
    if roles:
        cycle_blocks.append(
            ctx.table(L["s3_cycle"], [L["institution"], L["role"]], roles, [1.2, 6])
        )
    s.children.append(Section("cycle", "3.1", L["s3_cycle"], cycle_blocks, level=2))

    contents = [
        [
            c["theme"],
            c["indicators"],
            ctx.label("content_status", c["status"]),
            _source_title(d, c["source"]),
        ]
        for c in d["profile_contents"]
    ]
    s.children.append(
        Section(
            "contents",
            "3.2",
            L["s3_contents"],
            [
                ctx.table(
                    L["s3_contents"],
                    [L["theme"], L["indicators"], L["status"], L["source"]],
                    [Group("", contents)],
                    [2, 3, 1.2, 2.6],
                )
            ]
            if contents
            else [Paragraph(L["none"], "note")],
            level=2,
        )
    )

    s.children.append(Section("workgroup", "3.3", L["s3_workgroup"], _workgroup(ctx), level=2))

    examples: list[Any] = []
    for code, label in ctx.choices["function"].items():
        items = [e for e in d["use_examples"] if e["function"] == code]
        if not items:
            continue
        examples.append(Paragraph(_cap(label), "lead"))
        examples.append(
            BulletList(
                [
                    f"{e['title']}"
                    + (
                        f" ({ctx.short(e['institution'])}"
                        + (f", {e['year']})" if e["year"] else ")")
                        if e["institution"]
                        else (f" ({e['year']})" if e["year"] else "")
                    )
                    + f" — {e['description']}"
                    for e in items
                ]
            )
        )
    s.children.append(
        Section(
            "examples", "3.4", L["s3_examples"], examples or [Paragraph(L["none"], "note")], level=2
        )
    )

    groups = []
    for code, label in ctx.choices["category"].items():
        rows = [
            [
                c["description"],
                c["corrective_actions"],
                c["past_strategies"],
                ctx.short(c["responsible"]),
                ctx.label("challenge_status", c["status"]),
            ]
            for c in d["challenges"]
            if c["category"] == code
        ]
        if rows:
            groups.append(Group(_cap(label), rows))
    s.children.append(
        Section(
            "matrix",
            "3.5",
            L["s3_matrix"],
            [
                ctx.table(
                    L["s3_matrix"],
                    [
                        L["challenge"],
                        L["corrective_actions"],
                        L["past_strategies"],
                        L["responsible"],
                        L["status"],
                    ],
                    groups,
                    [3, 3, 2.6, 1.2, 1.2],
                )
            ]
            if groups
            else [Paragraph(L["none"], "note")],
            level=2,
        )
    )
    return s


def _source_title(data: dict, uid: str | None) -> str:
    for s in data["sources"]:
        if s["id"] == uid:
            return s["title"]
    return ""


def _workgroup(ctx: _Context) -> list[Any]:
    rows = []
    members = sorted(ctx.data["workgroup"], key=lambda w: not w["is_coordinator"])
    for w in members:
        contact = ctx.contacts.get(w["contact"], {})
        name = contact.get("name", "") if may_publish(contact) else ""
        role = w["role"] or ""
        if w["is_coordinator"]:
            role = f"{ctx.L['coordinator']} — {role}" if role else ctx.L["coordinator"]
        rows.append([ctx.short(contact.get("institution")), name, role])
    if not rows:
        return [Paragraph(ctx.L["none"], "note")]
    return [
        ctx.table(
            ctx.L["s3_workgroup"],
            [ctx.L["institution"], ctx.L["name"], ctx.L["role"]],
            [Group("", rows)],
            [1.5, 2.2, 4],
            note=ctx.L["workgroup_note"],
        )
    ]


# -- section 4 and annexes --------------------------------------------------------


def _recommendation_groups(ctx: _Context, recommendations) -> list[Group]:
    groups = []
    for code, label in ctx.choices["theme"].items():
        rows = [
            [
                r["text"],
                ctx.shorts(r["responsible"]),
                ctx.label("priority", r["priority"]),
                ctx.label("timeframe", r["timeframe"]),
            ]
            for r in recommendations
            if r["theme"] == code
        ]
        if rows:
            groups.append(Group(_cap(label), rows))
    return groups


def _section4(ctx: _Context) -> Section:
    L, d = ctx.L, ctx.data
    s = Section("recommendations", "4", L["s4"])
    groups = _recommendation_groups(ctx, d["recommendations"])
    s.blocks.append(
        ctx.table(
            L["s4"],
            [L["recommendation"], L["responsible"], L["priority"], L["timeframe"]],
            groups,
            [5, 1.8, 1, 1.6],
        )
        if groups
        else Paragraph(L["none"], "note")
    )
    needs = [
        [
            n["description"],
            ctx.label("need_kind", n["kind"]),
            ctx.short(n["institution"]),
            ctx.label("priority", n["priority"]),
        ]
        for n in d["needs"]
    ]
    if needs:
        s.children.append(
            Section(
                "needs",
                "4.1",
                L["s4_needs"],
                [
                    ctx.table(
                        L["s4_needs"],
                        [L["need"], L["kind"], L["institution"], L["priority"]],
                        [Group("", needs)],
                        [5, 1.8, 1.2, 1],
                    )
                ],
                level=2,
            )
        )
    return s


def _annex_contacts(ctx: _Context) -> Section:
    L = ctx.L
    rows = []
    for c in ctx.data["contacts"]:
        if not may_publish(c):
            continue
        rows.append(
            [c["name"], ctx.short(c["institution"]), c["job_title"], c["email"], c["phone"]]
        )
    rows.sort(key=lambda r: (_sort_key(r[1]), _sort_key(r[0])))
    blocks: list[Any] = [Paragraph(L["contacts_note"], "note")]
    if rows:
        blocks.append(
            ctx.table(
                L["annex_contacts"],
                [L["name"], L["institution"], L["position"], L["email"], L["telephone"]],
                [Group("", rows)],
                [2, 1.2, 3, 2.4, 1.8],
            )
        )
    return Section("contacts", "", f"{L['annex']} ? — {L['annex_contacts']}", blocks)


def _annex_method(ctx: _Context) -> Section:
    """The workshops the guide came from, and who took part, by kind of institution."""
    L = ctx.L
    workshops = ctx.data["workshops"]

    def day(iso: str) -> str:
        return format_date(datetime.date.fromisoformat(iso), "medium", locale=ctx.language)

    rows = [
        [
            w["title"],
            f"{day(w['starts_on'])} – {day(w['ends_on'])}",
            w["place"],
            str(w["participants"]),
        ]
        for w in workshops
    ]
    totals: dict[str, int] = {}
    for w in workshops:
        for kind, n in w["by_kind"].items():
            label = ctx.label("institution_kind", kind or "other")
            totals[label] = totals.get(label, 0) + n
    blocks: list[Any] = [
        Paragraph(L["method_intro"]),
        ctx.table(
            L["annex_method"],
            [L["workshop"], L["dates"], L["place"], L["participants"]],
            [Group("", rows)],
            [3, 1.6, 1.2, 1],
        ),
    ]
    if totals:
        blocks.append(
            ctx.table(
                L["participation"],
                [L["kind_of_institution"], L["participants"]],
                [Group("", [[k, str(n)] for k, n in sorted(totals.items(), key=lambda x: -x[1])])],
                [3, 1],
            )
        )
    return Section("method", "", f"{L['annex']} ? — {L['annex_method']}", blocks)


def _annex_changes(ctx: _Context, changes: dict) -> Section:
    """What changed since the previous edition, part by part."""
    L = ctx.L
    blocks: list[Any] = [Paragraph(L["changes_intro"] % {"edition": changes["since"]})]
    groups = [Group(part["label"], part["rows"]) for part in changes["parts"]]
    if groups:
        blocks.append(
            ctx.table(
                L["annex_changes"] % {"edition": changes["since"]},
                [L["change"], L["entry"], L["details"]],
                groups,
                [1, 2.4, 4],
                compact=True,
            )
        )
    else:
        blocks.append(Paragraph(L["no_changes"], "note"))
    title = L["annex_changes"] % {"edition": changes["since"]}
    return Section("changes", "", f"{L['annex']} ? — {title}", blocks)


# -- at a glance ------------------------------------------------------------------


# -- key figures ------------------------------------------------------------------


def figure_text(language: str, figure: dict) -> str:
    """A key figure written for the language: 1,5 %, 3,3 Md $US, 281 867."""
    value, unit = figure["value"], figure["unit"]
    if unit == "percent":
        return f"{format_decimal(round(value, 1), locale=language)} %"
    if unit == "usd":
        return format_compact_currency(value, "USD", locale=language, fraction_digits=1)
    return format_decimal(round(value), locale=language)


def _key_figures(ctx: _Context, statistics: dict, *, full: bool) -> Section:
    L = ctx.L
    figures = statistics.get("figures", [])
    section = Section("key-figures", "", L["key_facts"])
    if not figures:
        section.blocks.append(Paragraph(L["stats_none"], "note"))
        return section
    section.blocks.append(
        KeyFacts(
            [(figure_text(ctx.language, f), f"{f['label']} ({f['year']})") for f in figures[:6]]
        )
    )
    if full:
        rows = [
            [f["label"], figure_text(ctx.language, f), str(f["year"]), f["source"]] for f in figures
        ]
        section.blocks.append(
            ctx.table(
                L["figures_table"],
                [L["theme"], L["value"], L["year"], L["source"]],
                [Group("", rows)],
                [3, 1.4, 0.8, 3.4],
            )
        )
    for caption, spec, source in statistics_charts(L, statistics, full=full):
        section.blocks.append(
            ctx.figure(
                f"{caption}. {L['source_note'] % {'source': source}}",
                charts.svg(spec),
                caption,
                width=0.8,
            )
        )
    return section


def statistics_charts(L: dict[str, str], statistics: dict, *, full: bool):
    """(caption, Vega-Lite spec, source) of each chart the statistics allow."""
    if "stock_by_sex" in statistics:
        s = statistics["stock_by_sex"]
        yield L["chart_stock"], charts.stock_by_sex(s["points"], L), s["source"]
    if not full:
        return
    for key, caption, colour in (
        ("origins", L["chart_origins"], "blue"),
        ("destinations", L["chart_destinations"], "green"),
    ):
        if key in statistics:
            s = statistics[key]
            yield caption % {"year": s["year"]}, charts.ranking(s["items"], L, colour), s["source"]
    if "refugees" in statistics:
        s = statistics["refugees"]
        yield (
            L["chart_refugees"],
            charts.two_series(s["points"], (L["hosted"], L["abroad"]), L, L["persons"]),
            s["source"],
        )
    if "remittances" in statistics:
        s = statistics["remittances"]
        yield (
            L["chart_remittances"],
            charts.bars_over_time([(p[0], p[1]) for p in s["points"]], "US$", "orange"),
            s["source"],
        )
    if "net_migration" in statistics:
        s = statistics["net_migration"]
        yield (
            L["chart_net"],
            charts.bars_over_time(s["points"], L["persons"], "sky"),
            s["source"],
        )


def _light_body(ctx: _Context, statistics: dict) -> list[Section]:
    L, d = ctx.L, ctx.data
    sources = d["sources"]
    existing = sum(s["status"] == "existing" for s in sources)
    gaps = _gaps(ctx)
    involved = {s["collector"] for s in sources} | {u for s in sources for u in s["users"]}
    facts = KeyFacts(
        [
            (ctx.number(len(sources)), L["fact_sources"]),
            (ctx.number(existing), L["fact_existing"]),
            (ctx.number(len(sources) - existing), L["fact_potential"]),
            (ctx.number(len(involved)), L["fact_institutions"]),
            (ctx.number(len(d["recommendations"])), L["fact_recommendations"]),
            (ctx.number(len(gaps)), L["fact_gaps"]),
        ]
    )
    areas = _source_areas(ctx)
    counts = _area_counts(ctx, areas)
    overview = Section(
        "facts",
        "",
        L["data_overview"],
        [
            Paragraph(L["light_intro"], "lead"),
            facts,
            ctx.figure(
                L["chart_sources_by_area"],
                charts.sources_by_area(counts, L),
                _chart_alt(ctx, counts),
                width=0.8,
            ),
        ],
    )
    focus = Section(
        "focus",
        "",
        L["s2_focus"],
        [_focus_callout(ctx, m.Area.Code.BORDER), _focus_callout(ctx, m.Area.Code.CRISIS)],
    )
    gap_section = Section(
        "gaps", "", L["main_gaps"], [BulletList(gaps) if gaps else Paragraph(L["no_gap"])]
    )
    rank = {"high": 0, "medium": 1, "low": 2}
    top = sorted(d["recommendations"], key=lambda r: rank.get(r["priority"], 3))[:8]
    recs = Section(
        "top",
        "",
        L["top_recommendations"],
        [
            ctx.table(
                L["top_recommendations"],
                [L["recommendation"], L["responsible"], L["timeframe"]],
                [
                    Group(
                        "",
                        [
                            [
                                r["text"],
                                ctx.shorts(r["responsible"]),
                                ctx.label("timeframe", r["timeframe"]),
                            ]
                            for r in top
                        ],
                    )
                ],
                [5, 1.8, 1.6],
            )
            if top
            else Paragraph(L["none"], "note"),
            Paragraph(L["see_full"], "note"),
        ],
    )
    figures = _key_figures(ctx, statistics, full=False)
    return (
        [figures, overview, focus, gap_section, recs]
        if statistics.get("figures")
        else [overview, focus, gap_section, recs]
    )
