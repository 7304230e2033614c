"""The four Fiches of the guide — 1 Context, 2 Mapping of migration data, 3 Tools and
practices for evidence-based policy making, 4 Recommendations — each built from the
dossier's typed snapshot."""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from babel.dates import format_date

from migguide.dossier import models as m
from migguide.dossier.snapshot import Source
from migguide.indicators import charts

from .blocks import BulletList, Group, Paragraph, Section, Table, paragraphs, sort_key
from .context import Context, cap
from .narrative import area_narrative, how_to_read, named_gaps, source_homes

# -- Fiche 1 --------------------------------------------------------------------


def section1(ctx: Context) -> Section:
    L, d = ctx.L, ctx.snapshot
    s = Section("context", "1", L["s1"], [how_to_read(ctx, "read_fiche1")])
    s.children.append(
        Section(
            "situation",
            "1.1",
            L["s1_situation"],
            paragraphs(d.situation) or [Paragraph(L["none"], "note")],
            level=2,
        )
    )
    framework = paragraphs(d.framework)
    rows = [
        [
            i.title,
            ctx.label("instrument_kind", i.kind),
            str(i.year or ""),
            ctx.label("instrument_status", i.status),
        ]
        for i in d.legal_instruments
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
        [i.acronym or "", i.name, i.mandate]
        for i in d.institutions
        if i.kind in m.Institution.GOVERNMENTAL and i.mandate
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


def gaps(ctx: Context) -> list[str]:
    """The gaps, as sentences that name what is missing (narrative.named_gaps)."""
    return named_gaps(ctx)


def _is_governmental(ctx: Context, source: Source) -> bool:
    inst = ctx.snapshot.institution(source.collector)
    return inst is not None and inst.is_governmental


def _source_row(ctx: Context, s: Source) -> list[str]:
    """A source in four columns a person can read on paper: the source (its title, what
    it is, then its periodicity, coverage and last update on one line), who collects it,
    who may see it, who uses it."""
    details = [ctx.label("periodicity", s.periodicity)] if s.periodicity else []
    details += [p for p in (s.temporal_coverage, s.geographic_coverage) if p]
    if s.last_update:
        when = format_date(datetime.date.fromisoformat(s.last_update), "MMM y", locale=ctx.language)
        details.append(ctx.L["updated"] % {"date": when})
    lines = [s.title, s.description, " · ".join(details)]
    return [
        "\n".join(line for line in lines if line),
        ctx.short(s.collector),
        ctx.label("access", s.access),
        ctx.shorts(s.users),
    ]


def _area_table(ctx: Context, area: str, homes: dict[str, str]) -> Table | None:
    L = ctx.L
    sources = [s for s in ctx.snapshot.sources_in(area) if homes.get(s.id) == area]
    if not sources:
        return None
    groups = []
    for key, governmental, status in [
        ("governmental_existing", True, "existing"),
        ("governmental_potential", True, "potential"),
        ("other_existing", False, "existing"),
        ("other_potential", False, "potential"),
    ]:
        kept = [
            s for s in sources if _is_governmental(ctx, s) == governmental and s.status == status
        ]
        if kept:
            rows = [_source_row(ctx, s) for s in kept]
            groups.append(Group(L[key], rows, tuple(("sources", s.id, s.title) for s in kept)))
    columns = [L["source"], L["collector"], L["access"], L["used_by"]]
    return ctx.table(cap(ctx.label("area", area)), columns, groups, [5, 1.4, 1.3, 1.8])


def _coverage_matrix(ctx: Context, areas: list[str]) -> Table:
    L = ctx.L
    marks: dict[str, dict[str, str]] = defaultdict(dict)
    order = {"●": 3, "○": 2, "◆": 1}

    def mark(inst, area, symbol):
        if order[symbol] > order.get(marks[inst].get(area, ""), 0):
            marks[inst][area] = symbol

    for s in ctx.snapshot.sources:
        for area in s.areas:
            if area not in areas:
                continue
            mark(s.collector, area, "●" if s.status == "existing" else "○")
            for user in s.users:
                mark(user, area, "◆")
    rows = [
        [ctx.short(inst)] + [marks[inst].get(a, "") for a in areas]
        for inst in sorted(marks, key=lambda i: sort_key(ctx.short(i)))
    ]
    note = "   ".join([L["legend_collects"], L["legend_potential"], L["legend_uses"]])
    return ctx.table(
        L["s2_coverage"],
        [L["institution"], *(cap(ctx.label("area", a)) for a in areas)],
        [Group("", rows)],
        [2.2] + [1] * len(areas),
        note=note,
        compact=True,
    )


def section2(ctx: Context) -> Section:
    L = ctx.L
    s = Section(
        "mapping",
        "2",
        L["s2"],
        [Paragraph(L["s2_intro"], "lead"), how_to_read(ctx, "read_fiche2")],
    )
    areas = ctx.snapshot.areas_with_sources()
    counts = area_counts(ctx, areas)
    s.blocks.append(
        ctx.figure(
            L["chart_sources_by_area"],
            charts.sources_by_area(counts, L),
            chart_alt(ctx, counts),
            width=0.85,
        )
    )
    # Each source is described once, in its first area, and referred to elsewhere.
    homes = source_homes(ctx, areas)
    numbers = {area: f"2.{n}" for n, area in enumerate(areas, start=1)}
    for area in areas:
        blocks: list[Any] = area_narrative(ctx, area, homes, numbers)
        table = _area_table(ctx, area, homes)
        if table:
            blocks.append(table)
        s.children.append(
            Section(f"area-{area}", numbers[area], cap(ctx.label("area", area)), blocks, level=2)
        )
    n = len(areas)
    s.children.append(
        Section("coverage", f"2.{n + 1}", L["s2_coverage"], [_coverage_matrix(ctx, areas)], level=2)
    )
    found = gaps(ctx)
    gap_blocks: list[Any] = [BulletList(found) if found else Paragraph(L["no_gap"])]
    potential = [f"{p.title} ({ctx.short(p.collector)})" for p in ctx.snapshot.potential_sources()]
    if potential:
        gap_blocks += [Paragraph(L["potential_sources"], "lead"), BulletList(potential)]
    s.children.append(Section("gaps", f"2.{n + 2}", L["s2_gaps"], gap_blocks, level=2))
    return s


def area_counts(ctx: Context, areas: list[str]) -> list[tuple[str, int, int]]:
    return [
        (cap(ctx.label("area", area)), existing, potential)
        for area, existing, potential in ctx.snapshot.counts_by_area(areas)
    ]


def chart_alt(ctx: Context, counts) -> str:
    """What the chart of sources by area shows, with its figures."""
    listed = "; ".join(
        f"{area}: {ctx.number(e)} {ctx.L['chart_existing']}, "
        f"{ctx.number(p)} {ctx.L['chart_potential']}"
        for area, e, p in counts
    )
    if not counts:
        return listed
    top = max(counts, key=lambda c: c[1])
    return ctx.L["chart_areas_alt"] % {"area": top[0], "n": ctx.number(top[1]), "list": listed}


# -- section 3 --------------------------------------------------------------------


def section3(ctx: Context) -> Section:
    L, d = ctx.L, ctx.snapshot
    s = Section("tools", "3", L["s3"], [how_to_read(ctx, "read_fiche3")])
    stages = [(code, cap(label)) for code, label in ctx.choices["stage"].items()]
    actors = d.policy_cycle
    by_inst: dict[str, set[str]] = defaultdict(set)
    for a in actors:
        by_inst[a.institution].add(a.stage)
    matrix = [
        [ctx.short(i)] + ["●" if code in by_inst[i] else "" for code, _ in stages]
        for i in sorted(by_inst, key=lambda i: sort_key(ctx.short(i)))
    ]
    roles = []
    for code, label in stages:
        rows = [[ctx.short(a.institution), a.role] for a in actors if a.stage == code]
        if rows:
            roles.append(Group(label, rows))
    cycle_blocks: list[Any] = [
        ctx.figure(
            L["cycle_caption"],
            charts.policy_cycle([label for _, label in stages]),
            L["cycle_alt_numbered"]
            % {
                "n": ctx.number(len(stages)),
                "stages": "; ".join(f"{n}. {label}" for n, (_c, label) in enumerate(stages, 1)),
            },
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
            c.theme,
            c.indicators,
            ctx.label("content_status", c.status),
            d.source_title(c.source),
        ]
        for c in d.profile_contents
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
        items = [e for e in d.use_examples if e.function == code]
        if not items:
            continue
        examples.append(Paragraph(cap(label), "lead"))
        examples.append(
            BulletList(
                [
                    f"{e.title}"
                    + (
                        f" ({ctx.short(e.institution)}" + (f", {e.year})" if e.year else ")")
                        if e.institution
                        else (f" ({e.year})" if e.year else "")
                    )
                    + f" — {e.description}"
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
                c.description,
                c.corrective_actions,
                c.past_strategies,
                ctx.short(c.responsible),
                ctx.label("challenge_status", c.status),
            ]
            for c in d.challenges
            if c.category == code
        ]
        if rows:
            groups.append(Group(cap(label), rows))
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


def _workgroup(ctx: Context) -> list[Any]:
    rows = []
    members = sorted(ctx.snapshot.workgroup, key=lambda w: not w.is_coordinator)
    for w in members:
        contact = ctx.snapshot.contact(w.contact)
        name = contact.name if contact is not None and contact.may_publish else ""
        role = w.role or ""
        if w.is_coordinator:
            role = f"{ctx.L['coordinator']} — {role}" if role else ctx.L["coordinator"]
        rows.append([ctx.short(contact.institution if contact else None), name, role])
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


def _recommendation_groups(ctx: Context, recommendations) -> list[Group]:
    groups = []
    for code, label in ctx.choices["theme"].items():
        kept = [r for r in recommendations if r.theme == code]
        rows = [
            [
                r.text,
                ctx.shorts(r.responsible),
                ctx.label("priority", r.priority),
                ctx.label("timeframe", r.timeframe),
            ]
            for r in kept
        ]
        if rows:
            refs = tuple(("recommendations", r.id, r.text) for r in kept)
            groups.append(Group(cap(label), rows, refs))
    return groups


def section4(ctx: Context) -> Section:
    L, d = ctx.L, ctx.snapshot
    s = Section("recommendations", "4", L["s4"], [how_to_read(ctx, "read_fiche4")])
    groups = _recommendation_groups(ctx, d.recommendations)
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
            n.description,
            ctx.label("need_kind", n.kind),
            ctx.short(n.institution),
            ctx.label("priority", n.priority),
        ]
        for n in d.needs
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
