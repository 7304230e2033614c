"""The guide as one document, built once, then written as HTML, PDF and DOCX.

`build_guide` reads the dossier's typed snapshot (dossier.snapshot) — the same whether
it comes from the live dossier or from an edition's frozen JSON — so a guide is
rendered the same way from both. All the choices of what goes where are made here and
in `sections` and `annexes`; the writers only lay it out."""

from __future__ import annotations

import dataclasses
import datetime
import io
from typing import Any

import segno
from babel.dates import format_date
from django.conf import settings
from django.urls import NoReverseMatch, reverse

from migguide.countries import languages
from migguide.countries.models import Country, Dialogue, territory_name
from migguide.dossier.snapshot import Snapshot, choices
from migguide.indicators import charts
from migguide.indicators.presentation import figure_text, statistics_charts

from .annexes import annex_changes, annex_contacts, annex_method
from .blocks import (
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
from .labels import counted, labels
from .narrative import gap_groups, how_to_read, introduction
from .sections import (
    area_counts,
    chart_alt,
    gaps,
    section1,
    section2,
    section3,
    section4,
)
from .translated import in_reader_language, main_text_of_term

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
    # Whoever reads a guide, it names only who consented; it reads the dossier's texts
    # in its language (a draft marks those left in the main language).
    snapshot, notice, passages = in_reader_language(
        snapshot.public(), language, draft=not (endorsed or unendorsed_publication)
    )
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
        direction="rtl" if languages.is_rtl(language) else "ltr",
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
        return GuideDocument(meta, [], [key_figures(ctx, statistics, full=True, profile=True)], [])
    if light:
        return GuideDocument(
            meta, [notice] if notice else [], light_body(ctx, statistics), [], passages
        ).with_passage_languages()
    citation = {
        "country": country_name,
        "title": L["title"],
        "edition": edition_label,
        "date": meta.date,
    }
    intro = introduction(ctx, citation=citation, portal=portal_address(country.iso3, language))
    front = [s for s in (notice, _forewords(ctx), intro, _acronyms(ctx), _glossary(ctx)) if s]
    # Built in reading order, so that tables and figures are numbered as they are read.
    fiche1 = section1(ctx)
    facts = key_figures(ctx, statistics, full=True)
    body = [fiche1, section2(ctx), section3(ctx), section4(ctx)]
    for section in body:
        section.numbered_as = L["numbered"]
    # The figures come after Fiche 1, not before it or in an annex: Fiche 1 says in
    # words what the country's migration is, the figures then show its size and trend,
    # and Fiche 2 goes on to where such data come from. In front of Fiche 1 they were
    # charts without context; in an annex, the one part a minister reads would be last.
    body.insert(1, facts)
    annexes = [annex_contacts(ctx)]
    if snapshot.workshops:
        annexes.append(annex_method(ctx))
    if changes is not None:
        annexes.append(annex_changes(ctx, changes))
    for letter, annex in zip("ABCDEF", annexes, strict=False):
        annex.title = annex.title.replace(" ? — ", f" {letter} — ", 1)
    return GuideDocument(meta, front, body, annexes, passages).with_passage_languages()


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
    """The glossary in the reader's language: its own column in French and English (the
    other column where it is empty); in any other language, the translation, else the
    main language's column (marked in a draft by guide.translated)."""
    main = ctx.snapshot.main_language
    rows = []
    for term in ctx.snapshot.glossary:
        rows.append(
            [
                getattr(term, f"{name}_{ctx.language}", "")
                or getattr(term, name)
                or main_text_of_term(term, name, main)
                for name in ("term", "definition")
            ]
        )
    if not rows:
        return None
    rows.sort(key=lambda r: sort_key(r[0]))
    table = ctx.table(
        ctx.L["glossary"], [ctx.L["term"], ctx.L["definition"]], [Group("", rows)], [1.3, 4]
    )
    return Section("glossary", "", ctx.L["glossary"], [table])


# -- key figures and the "at a glance" ------------------------------------------


def key_figures(ctx: Context, statistics: dict, *, full: bool, profile: bool = False) -> Section:
    """The key figures with their sources and the charts, each chart followed by what it
    shows; the statistical profile (`profile`) adds the definitions of the indicators."""
    L = ctx.L
    figures = statistics.get("figures", [])
    section = Section("key-figures", "", L["key_facts"])
    if not figures:
        section.blocks.append(Paragraph(L["stats_none"], "note"))
        return section
    if full and not profile:
        section.blocks.append(how_to_read(ctx, "read_facts"))
    if profile:
        section.blocks.append(Paragraph(L["profile_intro"], "lead"))
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
    for chart in statistics_charts(L, statistics, full=full, language=ctx.language):
        section.blocks.append(
            ctx.figure(
                f"{chart.caption}. {L['source_note'] % {'source': chart.source}}",
                charts.svg(chart.spec),
                chart.alt or chart.caption,
                # The profile holds six charts, their sentences and the definitions
                # in four pages: its charts are drawn smaller.
                width=0.62 if profile else 0.8,
            )
        )
        if chart.commentary:
            section.blocks.append(Paragraph(chart.commentary))
    if profile:
        defined = {f["label"]: f.get("definition", "") for f in figures if f.get("definition")}
        if defined:
            section.blocks.append(
                ctx.table(
                    L["definitions"],
                    [L["indicator"], L["definition"]],
                    [Group("", [[k, v] for k, v in defined.items()])],
                    [2, 5],
                )
            )
    return section


def portal_address(iso3: str, language: str) -> str:
    """Where the public portal shows the country's guide and data, or "" with no site."""
    base = settings.SITE_URL.rstrip("/")
    if not base:
        return ""
    try:
        return base + reverse("portal:country", kwargs={"lang": language, "iso3": iso3.lower()})
    except NoReverseMatch:
        return base + "/"


def qr_figure(ctx: Context, url: str):
    """A QR code of `url` as an SVG figure, its alternative text naming the address."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", xmldecl=False, svgns=True, scale=4, border=2)
    alt = ctx.L["qr_alt"] % {"url": url}
    return ctx.figure(ctx.L["qr_caption"], out.getvalue().decode(), alt, width=0.22)


def _fact(ctx: Context, key: str, n: int) -> tuple[str, str]:
    return ctx.number(n), counted(ctx.language, key, n)


def light_body(ctx: Context, statistics: dict) -> list[Section]:
    L, d = ctx.L, ctx.snapshot
    figures = key_figures(ctx, statistics, full=False)  # first: its figures come first
    sources = d.sources
    existing = len(d.existing_sources())
    found = gaps(ctx)
    involved = {s.collector for s in sources} | {u for s in sources for u in s.users}
    facts = KeyFacts(
        [
            _fact(ctx, "fact_sources", len(sources)),
            _fact(ctx, "fact_existing", existing),
            _fact(ctx, "fact_potential", len(sources) - existing),
            _fact(ctx, "fact_institutions", len(involved)),
            _fact(ctx, "fact_recommendations", len(d.recommendations)),
            _fact(ctx, "fact_gaps", len(found)),
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
    # A minister reads five gaps at most: the areas without data first, then the
    # sources nobody uses, then the stages of the policy cycle left without data.
    groups = gap_groups(ctx)
    top_gaps = (groups["areas"] + groups["unused"] + groups["stages"] + groups["internal"])[:5]
    gap_section = Section(
        "gaps", "", L["main_gaps"], [BulletList(top_gaps) if top_gaps else Paragraph(L["no_gap"])]
    )
    rank = {"high": 0, "medium": 1, "low": 2}
    top = sorted(d.recommendations, key=lambda r: rank.get(r.priority, 3))[:5]
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
    url = portal_address(ctx.snapshot.country, ctx.language)
    if url:
        recs.blocks += [Paragraph(L["find_online"] % {"url": url}), qr_figure(ctx, url)]
    return (
        [figures, overview, gap_section, recs]
        if statistics.get("figures")
        else [overview, gap_section, recs]
    )
