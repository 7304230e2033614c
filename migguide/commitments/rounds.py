"""SOM rounds: the freeze (each country's shared edition fixed and digested once) and
the synthesis per framework area/objective, compared with any earlier round. One
function gathers everything in a fixed number of queries; pages and files render it."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import override

from migguide.activity.som import shared_editions
from migguide.countries.models import Country, Dialogue
from migguide.dossier import models as m
from migguide.files.text import sort_key

from . import movement, readiness
from .models import CommitmentError, Framework, Item, Reference, Round


def digest(edition, *, languages, on: datetime.date) -> dict:
    """What the synthesis needs of one frozen edition, as plain data."""
    snap = edition.frozen
    tags = (edition.snapshot or {}).get("dossier", {}).get("commitments") or {}
    return {
        "edition": edition.pk,
        "recommendations": {r.id: [r.status, tags.get(r.id, [])] for r in snap.recommendations},
        "others": {
            e.id: tags.get(e.id, [])
            for e in (*snap.challenges, *snap.needs, *snap.use_examples)
            if tags.get(e.id)
        },
        "sources": {s.id: list(s.areas) for s in snap.existing_sources()},
        "gaps": sorted(set(m.Area.Code.values) - {m.Area.Code.OTHER} - snap.covered_areas()),
        "readiness": readiness.measure(snap, languages=languages, on=on),
    }


def freeze(round_: Round, dialogue: Dialogue) -> int:
    """Freeze the round: each country's latest shared edition, digested. Returns how
    many countries it holds."""
    countries = list(Country.objects.in_dialogue(dialogue))
    editions = shared_editions(countries)
    iso3 = {c.pk: c.iso3 for c in countries}
    digests = {
        iso3[cid]: digest(e, languages=dialogue.languages, on=round_.freeze_date)
        for cid, e in editions.items()
        if e.frozen is not None
    }
    round_.freeze(digests=digests, editions={k: v["edition"] for k, v in digests.items()})
    return len(digests)


@dataclass
class Row:
    item: Item
    title: str
    countries: list[str] = field(default_factory=list)
    by_status: dict[str, int] = field(default_factory=dict)
    implemented_since: int = 0
    new_sources: int = 0
    new_gaps: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    children: list[Row] = field(default_factory=list)
    # Recommendations by status code, in this round and in the one compared with.
    counts: dict[str, int] = field(default_factory=dict)
    counts_before: dict[str, int] = field(default_factory=dict)


@dataclass
class Synthesis:
    round: Round
    previous: Round | None
    language: str
    frameworks: list[tuple[str, list[Row]]]
    countries: int
    moved: list[tuple[str, list[tuple[str, int | None, int | None]]]]
    distribution: list[tuple[readiness.Measure, list[int]]]
    charts: dict[str, movement.Figure] = field(default_factory=dict)  # framework name → chart

    @property
    def parts(self) -> list[tuple[str, list[Row], movement.Figure | None]]:
        """Each framework: its name, its rows and the chart of their movement."""
        return [(name, rows, self.charts.get(name)) for name, rows in self.frameworks]


def build(round_: Round, *, language: str, since: Round | None = None) -> Synthesis:
    with override(language):
        return _build(round_, language, since)


def _build(round_: Round, language: str, since: Round | None) -> Synthesis:
    previous = since or round_.previous()
    now, before = round_.digest or {}, (previous.digest if previous else {}) or {}
    names = {
        c.iso3: c.name(language) for c in Country.objects.filter(iso3__in=set(now) | set(before))
    }
    items = list(Item.objects.filter(framework__retired_on__isnull=True).select_related("parent"))
    frameworks = list(Framework.objects.current())
    refs: dict[int, list[str]] = {}
    for ref in Reference.objects.filter(round=round_).select_related("country"):
        refs.setdefault(ref.item_id, []).append(ref.country.name(language))
    status_names = dict(m.Recommendation.Status.choices)
    area_names = dict(m.Area.Code.choices)
    rows = {
        i.code: Row(i, i.title(language), references=sorted(refs.get(i.pk, []), key=sort_key))
        for i in items
        if i.level != Item.Level.ACTION
    }
    heading = {i.code: (i.parent.code if i.level == Item.Level.ACTION else i.code) for i in items}
    parent = {i.code: i.parent.code for i in items if i.parent_id}
    status_count: dict[str, Counter] = {c: Counter() for c in rows}
    status_before: dict[str, Counter] = {c: Counter() for c in rows}
    engaged: dict[str, set] = {c: set() for c in rows}

    def targets(code):
        code = heading.get(code)
        while code in rows:
            yield code
            code = parent.get(code)

    for iso3, d in now.items():
        old = before.get(iso3, {})
        old_recs = old.get("recommendations", {})
        for uid, (status, codes) in d["recommendations"].items():
            for row_code in {t for c in codes for t in targets(c)}:
                engaged[row_code].add(iso3)
                status_count[row_code][status] += 1
                was = old_recs.get(uid, [""])[0]
                if previous and status == "implemented" and was != "implemented":
                    rows[row_code].implemented_since += 1
        for codes in d["others"].values():
            for row_code in {t for c in codes for t in targets(c)}:
                engaged[row_code].add(iso3)
        if previous:
            new_sources = {u: a for u, a in d["sources"].items() if u not in old.get("sources", {})}
            new_gaps = set(d["gaps"]) - set(old.get("gaps", d["gaps"]))
            for row in rows.values():
                areas = set(row.item.dossier_areas)
                row.new_sources += sum(bool(areas & set(a)) for a in new_sources.values())
                row.new_gaps += [
                    f"{names.get(iso3, iso3)} ({area_names[g]})" for g in sorted(new_gaps & areas)
                ]
    for d in before.values() if previous else ():
        for status, codes in d["recommendations"].values():
            for row_code in {t for c in codes for t in targets(c)}:
                status_before[row_code][status] += 1
    for code, row in rows.items():
        row.counts, row.counts_before = dict(status_count[code]), dict(status_before[code])
        row.countries = sorted((names.get(i, i) for i in engaged[code]), key=sort_key)
        row.by_status = {
            str(status_names.get(s, s)): n for s, n in status_count[code].most_common()
        }
    out = []
    for fw in frameworks:
        top = [
            r for r in rows.values() if r.item.framework_id == fw.pk and r.item.parent_id is None
        ]
        for r in top:
            r.children = [c for c in rows.values() if c.item.parent_id == r.item.pk]
        out.append((fw.name(language), top))
    charts = {
        name: chart
        for name, top in out
        if (chart := movement.figure(top, round_=round_, previous=previous, language=language))
    }
    moved = []
    if previous:
        for iso3, d in now.items():
            if iso3 not in before:
                continue
            changes = []
            for new, old in zip(
                readiness.measures(d["readiness"]),
                readiness.measures(before[iso3]["readiness"]),
                strict=True,
            ):
                if new.percent != old.percent:
                    changes.append((new.label, old.percent, new.percent))
            if changes:
                moved.append((names.get(iso3, iso3), changes))
        moved.sort(key=lambda x: sort_key(x[0]))
    dist = readiness.distribution([d["readiness"] for d in now.values()])
    return Synthesis(
        round=round_,
        previous=previous,
        language=language,
        frameworks=out,
        countries=len(now),
        moved=moved,
        distribution=[(readiness.Measure(k, 0, 0), dist[k]) for k in readiness.MEASURES],
        charts=charts,
    )


def report(round_id: int, *, language: str, fmt: str, since: int | None = None) -> bytes:
    """A frozen round's synthesis as a file (html, pdf or docx), compared with the
    earlier frozen round `since` (by default the one before it): what `migguide rounds
    report` and `migguide som report --round` write."""
    from .documents import WRITERS

    round_ = Round.objects.filter(pk=round_id).first()
    if round_ is None:
        raise CommitmentError(_("There is no round %(id)s.") % {"id": round_id})
    if round_.frozen_at is None:
        raise CommitmentError(_("%(name)s is not frozen yet.") % {"name": round_.name})
    earlier = None
    if since is not None:
        earlier = Round.objects.filter(
            pk=since, frozen_at__isnull=False, meeting_date__lt=round_.meeting_date
        ).first()
        if earlier is None:
            raise CommitmentError(
                _("Round %(id)s is not a frozen round before %(name)s.")
                % {"id": since, "name": round_.name}
            )
    return WRITERS[fmt](build(round_, language=language, since=earlier))


def country_readiness(iso3: str) -> list[tuple[Round, list[readiness.Measure]]]:
    """A country's own readiness in each frozen round, oldest first: its movement."""
    return [
        (r, readiness.measures(r.digest[iso3]["readiness"]))
        for r in Round.objects.filter(frozen_at__isnull=False)
        if iso3 in (r.digest or {})
    ]


def title(s: Synthesis) -> str:
    return _("Commitments of the dialogue — %(round)s") % {"round": s.round.name}
