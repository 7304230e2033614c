"""The sentences of the guide that are written from the data: the introduction, the
"how to read" note of each Fiche, what each area of Fiche 2 holds, and the gaps named
source by source. Plurals go through ngettext, so that "1 source" and "2 sources" read
right in every language."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from migguide.dossier.snapshot import Source

from .blocks import BulletList, Paragraph, Section, paragraphs, sort_key
from .context import Context, cap

SENTENCES = {
    # -- the introduction ----------------------------------------------------------
    "introduction": _("Introduction"),
    "intro_purpose": _(
        "This guide describes the migration data of %(country)s: where they come from, who "
        "produces and who uses them, what is missing, and what should be done about it. It "
        "is written for the officials who make, follow and evaluate migration policy, not "
        "only for statisticians."
    ),
    "intro_workgroup": ngettext_lazy(
        "It was prepared by the national workgroup, %(n)s member from %(institutions)s.",
        "It was prepared by the national workgroup, %(n)s members from %(institutions)s.",
        "n",
    ),
    "intro_institutions": ngettext_lazy("%(n)s institution", "%(n)s institutions", "n"),
    "intro_workshops": ngettext_lazy(
        "Its content was discussed and agreed in %(n)s workshop, from %(start)s to %(end)s.",
        "Its content was discussed and agreed in %(n)s workshops, from %(start)s to %(end)s.",
        "n",
    ),
    "intro_dossier": _(
        "It rests on a dossier that maps %(sources)s and %(institutions)s involved in "
        "producing or using migration data."
    ),
    "intro_sources": ngettext_lazy("%(n)s source of data", "%(n)s sources of data", "n"),
    "intro_reading": _("How to read the guide"),
    "intro_fiche1": _("Fiche 1 — Context: the migration situation, the laws and the institutions."),
    "intro_facts": _(
        "Key facts: the latest published figures with their source, and what the charts show."
    ),
    "intro_fiche2": _(
        "Fiche 2 — Mapping of the data: area by area, what the workgroup says, then each "
        "source with who collects it, who may see it and who uses it; the gaps at the end."
    ),
    "intro_fiche3": _(
        "Fiche 3 — Tools and practices: who does what in the policy cycle, how the data are "
        "used, and the problems met with their solutions."
    ),
    "intro_fiche4": _("Fiche 4 — Recommendations: what should be done, by whom and when."),
    "intro_find": _("Finding and citing the data"),
    "intro_portal": _(
        "This guide, its earlier editions and the data of its tables are published at %(url)s."
    ),
    "intro_cite": _("To cite this guide: %(citation)s"),
    "citation": _("%(country)s, %(title)s, %(edition)s, %(date)s."),
    # -- how to read each Fiche ----------------------------------------------------
    "read_fiche1": _(
        "How to read this Fiche: it sets the scene — the migration situation in the "
        "country's own words, the laws and policies in force, and the institutions in charge."
    ),
    "read_facts": _(
        "How to read this part: the latest figure of each indicator with its year and "
        "source, then charts of their trend; the sentences under each chart say what it shows."
    ),
    "read_fiche2": _(
        "How to read this Fiche: one part per area of data. Each opens with what the "
        "workgroup says about the area and what the dossier shows, then lists the sources "
        "whose main area it is; a source that also serves other areas is described once and "
        "referred to there. “Existing” sources are in use; “potential” ones are held but not "
        "yet used for statistics."
    ),
    "read_fiche3": _(
        "How to read this Fiche: who does what at each stage of the policy cycle, what the "
        "migration profile contains, who took part, how the data have been used, and the "
        "problems met with their solutions."
    ),
    "read_fiche4": _(
        "How to read this Fiche: the recommendations by theme, each with the institution "
        "responsible, its priority and its timeframe, then the capacity needs."
    ),
    # -- what an area of Fiche 2 holds ------------------------------------------------
    "area_existing": ngettext_lazy(
        "%(n)s existing source covers this area.",
        "%(n)s existing sources cover this area.",
        "n",
    ),
    "area_none": _("No existing source covers this area: it is a data gap."),
    "area_potential": ngettext_lazy(
        "%(n)s potential source could be developed.",
        "%(n)s potential sources could be developed.",
        "n",
    ),
    "area_collectors": ngettext_lazy(
        "Data are collected by one institution: %(who)s.",
        "Data are collected by %(n)s institutions: %(who)s.",
        "n",
    ),
    "area_users": ngettext_lazy(
        "%(n)s institution is known to use them: %(who)s.",
        "%(n)s institutions are known to use them: %(who)s.",
        "n",
    ),
    "area_no_users": _("No institution is known to use them."),
    "area_unused": _("No known user: %(sources)s."),
    "area_public": ngettext_lazy(
        "%(n)s of the existing sources is open to the public.",
        "%(n)s of the existing sources are open to the public.",
        "n",
    ),
    "area_public_none": _("None of the existing sources is open to the public."),
    "area_elsewhere": _("Also relevant here, described in another area: %(sources)s."),
    "see": _("%(title)s (see %(number)s)"),
    # Between the items of a list in a sentence (French puts a space before ";").
    "separator": _("; "),
    # -- the gaps, named -------------------------------------------------------------
    "gap_unused_source": _("%(source)s (%(collector)s): no known user."),
    "gap_internal_source": _(
        "%(source)s (%(collector)s): kept for internal use, not shared with other institutions."
    ),
}


def say(ctx: Context, key: str, **values: Any) -> str:
    """One of the sentences, in the guide's language, with `values` filled in (a plural
    chooses its form by the value `n`)."""
    with translation.override(ctx.language):
        return str(SENTENCES[key] % values)


def how_to_read(ctx: Context, key: str) -> Paragraph:
    return Paragraph(say(ctx, key), "note")


# -- the introduction -----------------------------------------------------------------


def introduction(ctx: Context, *, citation: dict[str, str], portal: str) -> Section:
    """What the guide is for, who made it and how, how to read it, how to find and cite
    it. `citation` holds the country, title, edition and date; `portal` the address
    where the guide and its data are published ("" when there is none)."""
    d = ctx.snapshot
    blocks: list[Any] = [Paragraph(say(ctx, "intro_purpose", country=citation["country"]), "lead")]
    members = d.workgroup
    made: list[str] = []
    if members:
        places = {c.institution for w in members if (c := d.contact(w.contact)) and c.institution}
        made.append(
            say(
                ctx,
                "intro_workgroup",
                n=len(members),
                institutions=say(ctx, "intro_institutions", n=len(places)),
            )
        )
    if d.workshops:
        days = sorted(w["starts_on"] for w in d.workshops) + sorted(
            w["ends_on"] for w in d.workshops
        )
        made.append(
            say(
                ctx,
                "intro_workshops",
                n=len(d.workshops),
                start=ctx.day(min(days)),
                end=ctx.day(max(days)),
            )
        )
    involved = {s.collector for s in d.sources if s.collector} | {
        u for s in d.sources for u in s.users
    }
    made.append(
        say(
            ctx,
            "intro_dossier",
            sources=say(ctx, "intro_sources", n=len(d.sources)),
            institutions=say(ctx, "intro_institutions", n=len(involved)),
        )
    )
    blocks.append(Paragraph(" ".join(made)))
    blocks.append(Paragraph(say(ctx, "intro_reading"), "lead"))
    blocks.append(
        BulletList(
            [
                say(ctx, key)
                for key in ("intro_fiche1", "intro_facts", "intro_fiche2", "intro_fiche3")
            ]
            + [say(ctx, "intro_fiche4")]
        )
    )
    blocks.append(Paragraph(say(ctx, "intro_find"), "lead"))
    if portal:
        blocks.append(Paragraph(say(ctx, "intro_portal", url=portal)))
    blocks.append(
        Paragraph(say(ctx, "intro_cite", citation=say(ctx, "citation", **citation)), "note")
    )
    return Section("introduction", "", say(ctx, "introduction"), blocks)


# -- Fiche 2: one area ------------------------------------------------------------------


def source_homes(ctx: Context, areas: list[str]) -> dict[str, str]:
    """The one area each source is described in: its first area (the list of areas of
    the guide holds every area that has a source)."""
    return {
        s.id: next((a for a in s.areas if a in areas), areas[0] if areas else "")
        for s in ctx.snapshot.sources
    }


def area_narrative(
    ctx: Context, area: str, homes: dict[str, str], numbers: dict[str, str]
) -> list[Any]:
    """What the workgroup wrote about `area`, then what the dossier shows of it: how
    many sources, who collects and who uses them, which have no user, how many are
    public, and the sources of other areas that serve it too."""
    d = ctx.snapshot
    blocks: list[Any] = paragraphs(d.area_notes.get(area, ""))
    sources = d.sources_in(area)
    existing = [s for s in sources if s.is_existing]
    potential = [s for s in sources if s.status == "potential"]
    said: list[str] = []
    if existing:
        said.append(say(ctx, "area_existing", n=len(existing)))
    else:
        said.append(say(ctx, "area_none"))
    if potential:
        said.append(say(ctx, "area_potential", n=len(potential)))
    if existing:
        collectors = Counter(ctx.short(s.collector) for s in existing if s.collector)
        who = ", ".join(
            f"{name} ({ctx.number(n)})" if n > 1 else name
            for name, n in sorted(collectors.items(), key=lambda x: (-x[1], sort_key(x[0])))
        )
        if collectors:
            said.append(say(ctx, "area_collectors", n=len(collectors), who=who))
        users = {u for s in existing for u in s.users}
        if users:
            said.append(say(ctx, "area_users", n=len(users), who=ctx.shorts(users)))
        else:
            said.append(say(ctx, "area_no_users"))
        unused = [s.title for s in existing if not s.users]
        if unused and users:
            said.append(say(ctx, "area_unused", sources=say(ctx, "separator").join(unused)))
        public = sum(s.access == "public" for s in existing)
        said.append(say(ctx, "area_public", n=public) if public else say(ctx, "area_public_none"))
    blocks.append(Paragraph(" ".join(said)))
    elsewhere = [s for s in sources if homes.get(s.id) != area]
    if elsewhere:
        refs = say(ctx, "separator").join(
            say(ctx, "see", title=s.title, number=numbers[homes[s.id]]) for s in elsewhere
        )
        blocks.append(Paragraph(say(ctx, "area_elsewhere", sources=refs), "note"))
    return blocks


def gap_groups(ctx: Context) -> dict[str, list[str]]:
    """The gaps by kind, each naming what is missing: the focus areas and the stages of
    the policy cycle with no existing source, each source nobody is known to use, and
    each used source kept for internal use."""
    d = ctx.snapshot
    return {
        "areas": [ctx.L["gap_area"] % {"area": ctx.label("area", a)} for a in d.gap_areas()],
        "unused": [_about(ctx, "gap_unused_source", s) for s in d.unused_sources()],
        "stages": [ctx.L["gap_stage"] % {"stage": ctx.label("stage", st)} for st in d.gap_stages()],
        "internal": [
            _about(ctx, "gap_internal_source", s)
            for s in d.existing_sources()
            if s.access == "internal" and s.users
        ],
    }


def named_gaps(ctx: Context) -> list[str]:
    groups = gap_groups(ctx)
    return groups["areas"] + groups["stages"] + groups["unused"] + groups["internal"]


def _about(ctx: Context, key: str, source: Source) -> str:
    return cap(say(ctx, key, source=source.title, collector=ctx.short(source.collector)))
