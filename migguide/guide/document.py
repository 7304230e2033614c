"""The guide as one document, built once, then written as HTML, PDF and DOCX.

`build_guide` reads the dossier's typed snapshot (dossier.snapshot) — the same whether
it comes from the live dossier or from an edition's frozen JSON — so a guide is
rendered the same way from both. All the choices of what goes where are made here and
in `sections` and `annexes`; the writers only lay it out."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from babel.dates import format_date

from migguide.countries.models import Country, Dialogue, territory_name
from migguide.dossier import models as m
from migguide.dossier.snapshot import Snapshot, choices
from migguide.indicators import charts
from migguide.indicators.presentation import figure_text, statistics_charts

from .annexes import annex_changes, annex_contacts, annex_method
from .blocks import (
    RTL_LANGUAGES,
    BulletList,
    Group,
    GuideDocument,
    KeyFacts,
    Meta,
    Paragraph,
    Section,
    Signature,
    paragraphs,
    sort_key,
)
from .context import Context, Numbers
from .labels import labels
from .sections import (
    area_counts,
    chart_alt,
    focus_callout,
    gaps,
    section1,
    section2,
    section3,
    section4,
)

__all__ = ["GuideDocument", "Section", "build_guide"]


def build_guide(
    snapshot: Snapshot,
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
    """The guide of the dossier's `snapshot` in `language`; the "at a
    glance" version when `light`; the statistical profile when `profile`. `statistics`
    is the plain data of indicators.profile.statistics_for. An edition adds its
    `endorsement` line, its content `fingerprint` (SHA-256) and the `changes` since the
    previous edition (plain data of editions.diff.annex_data)."""
    language = language.split("-")[0]
    snapshot = snapshot.public()  # whoever reads a guide, it names only who consented
    L = labels(language)
    country = Country.objects.get(iso3=snapshot.country)
    dialogue = Dialogue.objects.filter(is_default=True).first()
    date = date or datetime.date.today()
    ctx = Context(
        snapshot=snapshot,
        language=language,
        L=L,
        numbers=Numbers(),
        choices=choices(language),
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
        demo=L["demo"] if snapshot.is_demo else "",
        running_header=f"{country_name} · {L['title']} · {edition_label}",
        page_label=L["page_of"],
        contents_label=L["contents"],
        colophon=L["colophon"]
        % {"country": country_name, "date": format_date(date, "long", locale=language)},
        light=light,
        endorsement=endorsement,
        fingerprint=L["fingerprint"] % {"sha256": fingerprint} if fingerprint else "",
        logos=snapshot.logos,
    )
    statistics = statistics or {}
    if profile:
        meta = dataclasses.replace(
            meta,
            title=L["profile_title"],
            light=True,
            running_header=f"{country_name} · {L['profile_title']} · {edition_label}",
        )
        return GuideDocument(meta, [], [key_figures(ctx, statistics, full=True)], [])
    if light:
        return GuideDocument(meta, [], light_body(ctx, statistics), [])
    front = [s for s in (_forewords(ctx), _acronyms(ctx), _glossary(ctx)) if s]
    body = [section1(ctx), section2(ctx), section3(ctx), section4(ctx)]
    for section in body:
        section.numbered_as = L["numbered"]
    body.insert(0, key_figures(ctx, statistics, full=True))
    annexes = [annex_contacts(ctx)]
    if snapshot.workshops:
        annexes.append(annex_method(ctx))
    if changes is not None:
        annexes.append(annex_changes(ctx, changes))
    for letter, annex in zip("ABCDEF", annexes, strict=False):
        annex.title = annex.title.replace(" ? — ", f" {letter} — ", 1)
    return GuideDocument(meta, front, body, annexes)


# -- front matter -----------------------------------------------------------------


def _forewords(ctx: Context) -> Section | None:
    forewords = ctx.snapshot.forewords
    if not forewords:
        return None
    preferred = [f for f in forewords if f.language == ctx.language] or forewords
    blocks: list[Any] = []
    for f in preferred:
        blocks.extend(paragraphs(f.text, lang="" if f.language == ctx.language else f.language))
        title = f.signatory_title
        if f.institution and ctx.short(f.institution) not in title:
            title = f"{title}, {ctx.snapshot.institution(f.institution).name}"
        blocks.append(Signature(f.signatory, title))
    return Section("forewords", "", ctx.L["forewords"], blocks)


def _acronyms(ctx: Context) -> Section | None:
    rows = sorted(
        ((i.acronym, i.name) for i in ctx.snapshot.institutions if i.acronym),
        key=lambda r: sort_key(r[0]),
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


def _glossary(ctx: Context) -> Section | None:
    own, other = ("term_fr", "definition_fr"), ("term_en", "definition_en")
    if ctx.language != "fr":
        own, other = other, own
    rows = []
    for term in ctx.snapshot.glossary:
        name = getattr(term, own[0]) or getattr(term, other[0])
        definition = getattr(term, own[1]) or getattr(term, other[1])
        rows.append([name, definition])
    if not rows:
        return None
    rows.sort(key=lambda r: sort_key(r[0]))
    table = ctx.table(
        ctx.L["glossary"], [ctx.L["term"], ctx.L["definition"]], [Group("", rows)], [1.3, 4]
    )
    return Section("glossary", "", ctx.L["glossary"], [table])


# -- key figures and the "at a glance" ------------------------------------------


def key_figures(ctx: Context, statistics: dict, *, full: bool) -> Section:
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


def light_body(ctx: Context, statistics: dict) -> list[Section]:
    L, d = ctx.L, ctx.snapshot
    sources = d.sources
    existing = len(d.existing_sources())
    found = gaps(ctx)
    involved = {s.collector for s in sources} | {u for s in sources for u in s.users}
    facts = KeyFacts(
        [
            (ctx.number(len(sources)), L["fact_sources"]),
            (ctx.number(existing), L["fact_existing"]),
            (ctx.number(len(sources) - existing), L["fact_potential"]),
            (ctx.number(len(involved)), L["fact_institutions"]),
            (ctx.number(len(d.recommendations)), L["fact_recommendations"]),
            (ctx.number(len(found)), L["fact_gaps"]),
        ]
    )
    counts = area_counts(ctx, d.areas_with_sources())
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
                chart_alt(ctx, counts),
                width=0.8,
            ),
        ],
    )
    focus = Section(
        "focus",
        "",
        L["s2_focus"],
        [focus_callout(ctx, m.Area.Code.BORDER), focus_callout(ctx, m.Area.Code.CRISIS)],
    )
    gap_section = Section(
        "gaps", "", L["main_gaps"], [BulletList(found) if found else Paragraph(L["no_gap"])]
    )
    rank = {"high": 0, "medium": 1, "low": 2}
    top = sorted(d.recommendations, key=lambda r: rank.get(r.priority, 3))[:8]
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
                                r.text,
                                ctx.shorts(r.responsible),
                                ctx.label("timeframe", r.timeframe),
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
    figures = key_figures(ctx, statistics, full=False)
    return (
        [figures, overview, focus, gap_section, recs]
        if statistics.get("figures")
        else [overview, focus, gap_section, recs]
    )
