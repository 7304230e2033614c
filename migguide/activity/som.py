"""The synthesis for the Senior Officials' Meeting: progress by country, sources by
area and the gaps several countries share, challenges by category with their most
frequent corrective actions, recommendations by theme — from what each country agreed
to share: its latest endorsed or published edition, or an edition it marked shareable.
Never the live dossiers. One function gathers everything (a fixed number of queries),
then HTML, PDF and DOCX are written from the same data."""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from migguide import theme
from migguide.countries import languages
from migguide.countries.models import Country, Dialogue
from migguide.dossier import models as m
from migguide.dossier.snapshot import Snapshot
from migguide.editions.models import Edition
from migguide.files.text import labelled, sort_key
from migguide.indicators import charts

from . import timeline


@dataclass
class CountryProgress:
    name: str
    iso3: str
    phase: str
    status: str
    shared: str  # what the synthesis uses: "Edition 2 (endorsed)", or ""
    started: bool = True  # anything planned or done yet


@dataclass
class Synthesis:
    title: str
    language: str
    made: datetime.date
    dialogue: str
    countries: list[CountryProgress]
    included: int
    areas: list[tuple[str, int, int, list[str]]]  # area, existing, potential, countries without
    common_gaps: list[tuple[str, list[str]]]
    challenges: list[tuple[str, int, list[tuple[str, int]]]]  # category, n, top actions
    recommendations: list[tuple[str, int, dict[str, int]]]  # theme, n, by status
    charts: dict[str, str] = field(default_factory=dict)  # name → SVG
    summary: list[tuple[str, int]] = field(default_factory=list)  # "56 not started" …

    @property
    def started(self) -> list[CountryProgress]:
        return [c for c in self.countries if c.started]

    @property
    def not_started(self) -> list[CountryProgress]:
        """Countries with nothing planned or done: named in one line, not a row each."""
        return [c for c in self.countries if not c.started]

    def summary_line(self) -> str:
        return " · ".join(f"{n} {label}" for label, n in self.summary)


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text.casefold()).strip()


def shared_editions(countries: list[Country]) -> dict[int, Edition]:
    """Each country's latest edition it agreed to share."""
    editions = (
        Edition.objects.filter(country__in=countries)
        .filter(
            Q(state__in=[Edition.State.ENDORSED, Edition.State.PUBLISHED])
            | Q(sharing__isnull=False)
        )
        .order_by("country", "-number")
    )
    out: dict[int, Edition] = {}
    for edition in editions:
        out.setdefault(edition.country_id, edition)
    return out


def build(dialogue: Dialogue, language: str) -> Synthesis:
    with override(language):
        return _build(dialogue, language)


def _build(dialogue: Dialogue, language: str) -> Synthesis:
    countries = sorted(
        Country.objects.in_dialogue(dialogue), key=lambda c: sort_key(c.name(language))
    )
    rows = timeline.board(countries, dialogue)
    editions = shared_editions(countries)
    states = dict(Edition.State.choices)
    labels = {
        "done": _("done"),
        "active": _("under way"),
        "overdue": _("overdue"),
        "planned": _("planned"),
        "unplanned": _("not planned"),
    }
    progress = []
    for row in rows:
        edition = editions.get(row.country.pk)
        current = row.current
        progress.append(
            CountryProgress(
                name=row.name(language),
                iso3=row.country.iso3,
                phase=str(current.phase) if current else _("done"),
                status=labels[current.status] if current else "",
                shared=f"{edition.label_in(language)} ({states[edition.state]})" if edition else "",
                started=row.started,
            )
        )
    area_names = dict(m.Area.Code.choices)
    existing: Counter = Counter()
    potential: Counter = Counter()
    without: dict[str, list[str]] = {code: [] for code in area_names}
    categories: Counter = Counter()
    actions: dict[str, Counter] = {}
    action_text: dict[str, str] = {}
    themes: Counter = Counter()
    theme_status: dict[str, Counter] = {}
    names = {c.pk: c.name(language) for c in countries}
    for country_id, edition in editions.items():
        dossier = edition.frozen or Snapshot.empty()
        # The texts (corrective actions …) in the report's language where the edition
        # has it; else as the dossier is written.
        shown = language if language in edition.languages else dossier.main_language
        dossier = dossier.in_language(shown)
        for area, n_existing, n_potential in dossier.counts_by_area(area_names):
            existing[area] += n_existing
            potential[area] += n_potential
        covered = dossier.covered_areas()
        for code in area_names:
            if code not in covered:
                without[code].append(names[country_id])
        for challenge in dossier.challenges:
            cat = challenge.category or "other"
            categories[cat] += 1
            text = (challenge.corrective_actions or "").strip()
            if text:
                key = _key(text)
                actions.setdefault(cat, Counter())[key] += 1
                action_text.setdefault(key, text)
        for rec in dossier.recommendations:
            theme = rec.theme or "other"
            themes[theme] += 1
            theme_status.setdefault(theme, Counter())[rec.status or "proposed"] += 1
    cat_names = dict(m.Challenge.Category.choices)
    theme_names = dict(m.Recommendation.Theme.choices)
    status_names = dict(m.Recommendation.Status.choices)
    areas = [
        (str(area_names[c]), existing[c], potential[c], without[c] if editions else [])
        for c in area_names
    ]
    synthesis = Synthesis(
        title=_("Migration Profile Activity — synthesis for the Senior Officials' Meeting"),
        language=language,
        made=timezone.localdate(),
        dialogue=dialogue.name(language),
        countries=progress,
        summary=timeline.summary(rows),
        included=len(editions),
        areas=areas,
        common_gaps=[(name, missing) for name, _e, _p, missing in areas if len(missing) >= 2],
        challenges=[
            (
                str(cat_names.get(cat, cat)),
                n,
                [(action_text[k], c) for k, c in actions.get(cat, Counter()).most_common(3)],
            )
            for cat, n in categories.most_common()
        ],
        recommendations=[
            (
                str(theme_names.get(theme, theme)),
                n,
                {str(status_names.get(s, s)): c for s, c in theme_status[theme].most_common()},
            )
            for theme, n in themes.most_common()
        ],
    )
    if editions:
        L = {
            "chart_existing": _("existing"),
            "chart_potential": _("potential"),
            "chart_count": _("sources"),
            "persons": _("challenges"),
        }
        synthesis.charts["areas"] = charts.sources_by_area(
            [(name, e, p) for name, e, p, _m in areas], L
        )
        if synthesis.challenges:
            synthesis.charts["challenges"] = charts.svg(
                charts.ranking(
                    [(c, n) for c, n, _a in synthesis.challenges], L, "vermillion", counts=True
                )
            )
    return synthesis


def render_html(s: Synthesis) -> bytes:
    with override(s.language):
        return render_to_string(
            "activity/som_document.html", {"s": s, "theme_css": theme.stylesheet()}
        ).encode()


def render_pdf(s: Synthesis) -> bytes:
    from migguide.guide.writers import typst_pdf

    with override(s.language):
        data = {
            "title": s.title,
            "dialogue": s.dialogue,
            "made": s.made.isoformat(),
            "included": _(
                "%(n)s of %(total)s countries share an endorsed, published or shareable edition."
            )
            % {"n": s.included, "total": len(s.countries)},
            "labels": {
                "progress": _("Progress by country"),
                "country": _("Country"),
                "phase": _("Current phase"),
                "status": _("Status"),
                "shared": _("Edition used"),
                "areas": _("Sources by area"),
                "area": _("Area"),
                "existing": _("existing"),
                "potential": _("potential"),
                "without": _("Countries without an existing source"),
                "gaps": _("Gaps common to several countries"),
                "challenges": _("Challenges by category"),
                "category": _("Category"),
                "count": _("Number"),
                "actions": _("Most frequent corrective actions"),
                "recommendations": _("Recommendations by theme"),
                "theme": _("Theme"),
                "by_status": _("By implementation status"),
                "none": _("None yet."),
                "not_started": _("Nothing planned or done yet"),
            },
            "summary": s.summary_line(),
            "countries": [c.__dict__ for c in s.started],
            "not_started": ", ".join(c.name for c in s.not_started),
            "areas": [
                {"name": a, "existing": e, "potential": p, "without": ", ".join(w)}
                for a, e, p, w in s.areas
            ],
            "gaps": [{"area": a, "countries": ", ".join(w)} for a, w in s.common_gaps],
            "challenges": [
                {"category": c, "n": n, "actions": [f"{t} ({k})" for t, k in a]}
                for c, n, a in s.challenges
            ],
            "recommendations": [
                {"theme": t, "n": n, "status": "; ".join(labelled(k, v) for k, v in st.items())}
                for t, n, st in s.recommendations
            ],
        }
    data["charts"] = s.charts
    return typst_pdf("som.typ", data, language=s.language)


def render_docx(s: Synthesis) -> bytes:
    import docx

    from migguide.guide import docx_parts as parts

    with override(s.language):
        document = docx.Document()
        parts.setup(document, body_size=theme.TYPE["body_form"], rtl=languages.is_rtl(s.language))
        document.add_heading(s.title, 0)
        parts.paragraph(document, f"{s.dialogue} — {s.made.isoformat()}")
        document.add_heading(_("Progress by country"), 1)
        parts.paragraph(document, s.summary_line())
        if s.started:
            parts.table(
                document,
                [_("Country"), _("Current phase"), _("Status"), _("Edition used")],
                [(c.name, c.phase, c.status, c.shared or "—") for c in s.started],
            )
        if s.not_started:
            parts.paragraph(
                document,
                labelled(
                    _("Nothing planned or done yet"), ", ".join(c.name for c in s.not_started)
                ),
            )
        document.add_heading(_("Sources by area"), 1)
        if "areas" in s.charts:
            existing, potential = _("existing"), _("potential")
            alt = "; ".join(f"{a} {e} {existing}, {p} {potential}" for a, e, p, _w in s.areas)
            parts.picture(
                document,
                charts.png(s.charts["areas"]),
                alt=f"{_('Sources by area')}: {alt}",
                width_cm=15,
            )
        parts.table(
            document,
            [_("Area"), _("existing"), _("potential"), _("Countries without an existing source")],
            [(a, e, p, ", ".join(w) or "—") for a, e, p, w in s.areas],
        )
        document.add_heading(_("Gaps common to several countries"), 2)
        for area, missing in s.common_gaps or [(_("None yet."), [])]:
            parts.bullet(document, labelled(area, ", ".join(missing)) if missing else area)
        document.add_heading(_("Challenges by category"), 1)
        if "challenges" in s.charts:
            alt = "; ".join(f"{c} {n}" for c, n, _a in s.challenges)
            parts.picture(
                document,
                charts.png(s.charts["challenges"]),
                alt=f"{_('Challenges by category')}: {alt}",
                width_cm=14,
            )
        parts.table(
            document,
            [_("Category"), _("Number"), _("Most frequent corrective actions")],
            [(c, n, "\n".join(f"{t} ({k})" for t, k in a) or "—") for c, n, a in s.challenges],
        )
        document.add_heading(_("Recommendations by theme"), 1)
        parts.table(
            document,
            [_("Theme"), _("Number"), _("By implementation status")],
            [
                (t, n, "; ".join(labelled(k, v) for k, v in st.items()))
                for t, n, st in s.recommendations
            ],
        )
        return parts.save(document, rtl=languages.is_rtl(s.language))


WRITERS = {"html": render_html, "pdf": render_pdf, "docx": render_docx}

# The synthesis of one SOM round against the dialogue's commitments, which `migguide som
# report --round` writes: registered under its app's name by the app that owns the
# rounds (commitments, above this one) in its AppConfig.ready, as a function
# (round id, language=, fmt=, since=) → the file's bytes, raising ValueError with a
# sentence saying what is wrong (no such round, not frozen yet).
ROUND_REPORT: dict[str, Callable[..., bytes]] = {}
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
