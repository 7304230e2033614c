"""The consultation at a glance: the tracker (per institution, what was sent, what
came back, what is reviewed) and the compiled analysis of the answers (answers per
question, sources declared per area, challenges by category), in HTML and XLSX.
All queries run up front; the results are plain data."""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass, field

import openpyxl
from django.core.cache import cache
from django.db.models import Count
from django.utils.translation import gettext as _
from openpyxl.styles import Font

from migguide.dossier import models as m
from migguide.files.cells import safe_text
from migguide.files.text import sort_key

from .models import Dispatch, Response
from .questionnaires import QUESTIONNAIRES, STATIC_CHOICES
from .review import Review


@dataclass
class TrackerRow:
    institution: str
    institution_id: int | None = None  # an institution of the dossier, to send to
    dispatches: list[Dispatch] = field(default_factory=list)
    responses: list[tuple[Response, int]] = field(default_factory=list)  # with items pending

    @property
    def status(self) -> str:
        if self.responses:
            return "reviewed" if all(not pending for _r, pending in self.responses) else "answered"
        return "sent" if self.dispatches else "not-sent"


def _pending_key(response: Response, dossier_key: str) -> str:
    return (
        f"consultation:pending:{dossier_key}:{response.pk}:"
        f"{response.received_at.timestamp()}:{response.n_decisions}"
    )


def pending_items(response: Response, dossier_key: str, known: dict | None = None) -> int:
    """How many items of a response await a decision. Building a review compares every
    answer with the dossier, so the count is kept until the dossier or the response's
    decisions change. `known` holds what a `cache.get_many` of `pending_keys` found."""
    key = _pending_key(response, dossier_key)
    pending = (known or {}).get(key)
    if pending is None:
        pending = cache.get(key) if known is None else None
    if pending is None:
        pending = len(Review(response).pending)
        cache.set(key, pending, 24 * 3600)
    return pending


def pending_keys(pairs: list[tuple[Response, str]]) -> list[str]:
    """The cache keys of `pending_items` for (response, dossier key) pairs, to read them
    all in one `cache.get_many`."""
    return [_pending_key(response, dossier_key) for response, dossier_key in pairs]


def tracker_rows(dossier: m.Dossier) -> list[TrackerRow]:
    rows: dict[str, TrackerRow] = {}
    for inst in m.Institution.objects.filter(dossier=dossier):
        rows[inst.name] = TrackerRow(inst.name, inst.pk)
    dispatches = Dispatch.objects.filter(country=dossier.country).prefetch_related(
        "responses", "reminders"
    )
    for d in dispatches:
        rows.setdefault(d.institution_name, TrackerRow(d.institution_name)).dispatches.append(d)
    dossier_key = dossier.cache_key  # as the view just read it
    responses = Response.objects.filter(country=dossier.country).annotate(
        n_decisions=Count("decisions")
    )
    for r in responses:
        row = rows.setdefault(r.institution_name, TrackerRow(r.institution_name))
        row.responses.append((r, pending_items(r, dossier_key)))
    order = {"answered": 0, "sent": 1, "reviewed": 2, "not-sent": 3}
    return sorted(rows.values(), key=lambda r: (order[r.status], sort_key(r.institution)))


@dataclass
class QuestionCount:
    block: str
    question: str
    answered: int
    values: list[tuple[str, int]]  # for choices: label → how many


@dataclass
class Compiled:
    responses: int
    institutions: int
    questions: list[QuestionCount]
    sources_by_area: list[tuple[str, int]]
    challenges_by_category: list[tuple[str, int, list[str]]]


def compile_answers(dossier: m.Dossier) -> Compiled:
    responses = list(Response.objects.filter(country=dossier.country))
    labels = {name: dict(make()) for name, make in STATIC_CHOICES.items()}
    counts: dict[tuple[str, str], QuestionCount] = {}
    values: dict[tuple[str, str], Counter] = {}
    q = QUESTIONNAIRES["authority"]
    dept = QUESTIONNAIRES["department"]
    order = [(b, qn) for b, qn in q.questions()] + [
        (b, qn) for b, qn in dept.questions() if b.name not in {x.name for x in q.blocks}
    ]
    for block, question in order:
        key = (block.name, question.column)
        if key not in counts:
            counts[key] = QuestionCount(
                block.label_in(_lang()),
                question.label_in(_lang()),
                0,
                [],
            )
            values[key] = Counter()
    areas = Counter()
    categories: dict[str, list[str]] = {}
    for r in responses:
        a = r.answers or {}
        for block, question in order:
            key = (block.name, question.column)
            if block.repeat:
                items = a.get(block.name) or []
                got = [
                    i.get(question.name)
                    for i in items
                    if i.get(question.name) not in (None, "", [])
                ]
            else:
                src = a.get(block.name, {}) if block.nested else a
                v = src.get(question.name)
                got = [] if v in (None, "", []) else [v]
            if got:
                counts[key].answered += 1
            if question.choices in labels:
                for v in got:
                    for code in v if isinstance(v, list) else [v]:
                        values[key][str(labels[question.choices].get(code, code))] += 1
        for item in a.get("sources") or []:
            for code in item.get("areas") or []:
                areas[code] += 1
        for item in a.get("challenges") or []:
            cat = item.get("category") or "other"
            categories.setdefault(cat, [])
            if item.get("corrective_actions"):
                categories[cat].append(str(item["corrective_actions"]))
    for key, qc in counts.items():
        qc.values = values[key].most_common()
    area_labels = dict(m.Area.Code.choices)
    cat_labels = dict(m.Challenge.Category.choices)
    return Compiled(
        responses=len(responses),
        institutions=len({r.institution_name for r in responses}),
        questions=list(counts.values()),
        sources_by_area=[(str(area_labels[c]), areas.get(c, 0)) for c in area_labels],
        challenges_by_category=[
            (
                str(cat_labels.get(c, c)),
                sum(
                    1
                    for r in responses
                    for i in (r.answers or {}).get("challenges") or []
                    if (i.get("category") or "other") == c
                ),
                actions,
            )
            for c, actions in sorted(categories.items())
        ],
    )


def _lang() -> str:
    from django.utils.translation import get_language

    return (get_language() or "en").split("-")[0]


def render_xlsx(report: Compiled) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = _("Answers per question")[:31]
    ws.append([_("Section"), _("Question"), _("Responses answering"), _("Answers given")])
    for qc in report.questions:
        row = [qc.block, qc.question, qc.answered, "; ".join(f"{v} ({n})" for v, n in qc.values)]
        ws.append([None] * 4)
        for i, v in enumerate(row, start=1):
            safe_text(ws.cell(ws.max_row, i), v)
    areas = wb.create_sheet(_("Sources per area")[:31])
    areas.append([_("Area"), _("Sources declared")])
    for label, n in report.sources_by_area:
        areas.append([label, n])
    chal = wb.create_sheet(_("Challenges")[:31])
    chal.append([_("Category"), _("Challenges"), _("Corrective actions proposed")])
    for label, n, actions in report.challenges_by_category:
        chal.append([None] * 3)
        for i, v in enumerate([label, n, "\n".join(actions)], start=1):
            safe_text(chal.cell(chal.max_row, i), v)
    for sheet in wb.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.column_dimensions["A"].width = 30
        sheet.column_dimensions["B"].width = 60
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
