"""A workshop's printables — the attendance sheet, the report (PDF and DOCX), the pack
for participants — and what the guide's method annex says of the workshops. The report
is built once as plain data and written by each writer."""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import override

from migguide import theme
from migguide.countries import languages
from migguide.dossier import models as m
from migguide.dossier.parts import PARTS_BY_SLUG
from migguide.files.text import labelled

from .models import Participant, Workshop, WorkshopOutput

CAPTURED = ("needs", "challenges", "recommendations")  # what a workshop puts in the dossier


@dataclass(frozen=True)
class CaptureField:
    """A field an app above `activity` adds to the workshop's capture forms: `field`
    gives the form field for a part's slug (None: not for that part); `save` keeps the
    value once the entry exists, in the same transaction."""

    field: Callable[[str], Any]
    save: Callable[..., None]  # (dossier=, uid=, value=, by=)


# By field name; an app registers in its AppConfig.ready — `commitments` adds the
# framework items an entry serves, so that the facilitator tags it as it is captured.
CAPTURE_FIELDS: dict[str, CaptureField] = {}


@dataclass
class Report:
    workshop: Workshop
    language: str
    participants: list[Participant]
    by_kind: list[tuple[str, int]]
    outputs: list[tuple[str, list[str]]]  # part label → entries


def _entry_text(entry) -> str:
    return getattr(entry, "description", None) or getattr(entry, "text", None) or str(entry)


def report(workshop: Workshop, language: str) -> Report:
    with override(language):
        participants = list(workshop.participants.select_related("institution"))
        kinds = dict(m.Institution.Kind.choices)
        counter: Counter = Counter()
        for p in participants:
            label = kinds.get(p.institution.kind) if p.institution_id else _("not in the dossier")
            counter[str(label)] += 1
        outputs: dict[str, list[str]] = {}
        found = WorkshopOutput.objects.filter(workshop=workshop)
        uids: dict[str, list] = {}
        for o in found:
            uids.setdefault(o.part, []).append(o.entry_uid)
        for slug in CAPTURED:
            part = PARTS_BY_SLUG[slug]
            entries = part.model.objects.filter(uid__in=uids.get(slug, []))
            if entries:
                outputs[str(part.label)] = [_entry_text(e) for e in entries]
        return Report(
            workshop, language, participants, counter.most_common(), list(outputs.items())
        )


def _labels() -> dict:
    return {
        "attendance": _("Attendance sheet"),
        "report": _("Workshop report"),
        "name": _("Name"),
        "institution": _("Institution"),
        "role": _("Role"),
        "email": _("E-mail"),
        "signature": _("Signature"),
        "participants": _("Participants"),
        "by_kind": _("Participation by kind of institution"),
        "outputs": _("Outputs"),
        "agenda": _("Agenda"),
        "none": _("None recorded."),
    }


def _data(r: Report, blank_rows: int = 0) -> dict:
    w = r.workshop
    return {
        "title": w.title,
        "kind": w.get_kind_display(),
        "country": w.country.name(r.language),
        "dates": f"{w.starts_on:%d/%m/%Y} – {w.ends_on:%d/%m/%Y}",
        "place": w.place,
        "agenda": w.agenda,
        "labels": _labels(),
        "participants": [
            {
                "name": p.name,
                "institution": p.affiliation,
                "role": p.get_role_display(),
                "email": p.email,
            }
            for p in r.participants
        ]
        + [{"name": "", "institution": "", "role": "", "email": ""}] * blank_rows,
        "by_kind": [{"kind": k, "n": n} for k, n in r.by_kind],
        "outputs": [{"part": part, "entries": entries} for part, entries in r.outputs],
    }


def _typst(template: str, data: dict) -> bytes:
    from migguide.guide.writers import typst_pdf

    return typst_pdf(template, data)


def attendance_pdf(workshop: Workshop, language: str) -> bytes:
    with override(language):
        data = _data(report(workshop, language), blank_rows=15)
        data["mode"] = "attendance"
        return _typst("workshop.typ", data)


def report_pdf(workshop: Workshop, language: str) -> bytes:
    with override(language):
        data = _data(report(workshop, language))
        data["mode"] = "report"
        return _typst("workshop.typ", data)


def report_docx(workshop: Workshop, language: str) -> bytes:
    import docx

    from migguide.guide import docx_parts as parts

    r = report(workshop, language)
    with override(language):
        L = _labels()
        d = _data(r)
        document = docx.Document()
        parts.setup(document, body_size=theme.TYPE["body_form"], rtl=languages.is_rtl(language))
        document.add_heading(f"{L['report']} — {d['title']}", 0)
        parts.paragraph(document, f"{d['kind']} · {d['country']} · {d['dates']} · {d['place']}")
        if d["agenda"]:
            document.add_heading(L["agenda"], 1)
            for line in d["agenda"].splitlines():
                parts.paragraph(document, line)
        document.add_heading(L["outputs"], 1)
        if not d["outputs"]:
            parts.paragraph(document, L["none"])
        for block in d["outputs"]:
            document.add_heading(block["part"], 2)
            for entry in block["entries"]:
                parts.bullet(document, entry)
        document.add_heading(L["participants"], 1)
        parts.table(
            document,
            [L["name"], L["institution"], L["role"]],
            [(p["name"], p["institution"], p["role"]) for p in d["participants"]],
        )
        document.add_heading(L["by_kind"], 2)
        for item in d["by_kind"]:
            parts.bullet(document, labelled(item["kind"], item["n"]))
        return parts.save(document, rtl=languages.is_rtl(language))


def pack(workshop: Workshop, language: str) -> bytes:
    """What participants get: the current draft guide (PDF), the consultation's compiled
    answers (XLSX) and the problem/solution matrix as a worksheet to fill in (XLSX)."""
    from migguide.consultation.analysis import compile_answers, render_xlsx
    from migguide.guide.building import dossier_guide
    from migguide.guide.writers import render_pdf

    dossier = m.Dossier.objects.get(country=workshop.country)
    out = io.BytesIO()
    with override(language), zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            f"{workshop.country.iso3}-draft-guide-{language}.pdf",
            render_pdf(dossier_guide(dossier, language=language)),
        )
        z.writestr("consultation-analysis.xlsx", render_xlsx(compile_answers(dossier)))
        z.writestr("problem-solution-matrix.xlsx", matrix_worksheet(dossier, language))
    return out.getvalue()


def matrix_worksheet(dossier: m.Dossier, language: str) -> bytes:
    import openpyxl
    from openpyxl.styles import Alignment, Font

    from migguide.files.cells import safe_text

    with override(language):
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = _("Problem-solution matrix")[:31]
        head = [
            _("Category"),
            _("Challenge"),
            _("Corrective actions"),
            _("Past successful strategies"),
            _("Responsible institution"),
        ]
        ws.append(head)
        for c in m.Challenge.objects.filter(dossier=dossier).select_related("responsible"):
            ws.append([None] * 5)
            for i, v in enumerate(
                [
                    c.get_category_display(),
                    c.description,
                    c.corrective_actions,
                    c.past_strategies,
                    str(c.responsible or ""),
                ],
                start=1,
            ):
                safe_text(ws.cell(ws.max_row, i), v)
        for _i in range(15):
            ws.append([""] * 5)
        for i, width in enumerate([22, 50, 50, 40, 30], start=1):
            ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width = width
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()


def method_data(country) -> list[dict]:
    """The workshops held, as the guide's method annex (and an edition's snapshot)
    records them: plain data, participation counted by kind of institution."""
    from django.utils import timezone

    out = []
    held = Workshop.objects.filter(country=country, starts_on__lte=timezone.localdate())
    for w in held.order_by("starts_on").prefetch_related("participants__institution"):
        by_kind: Counter = Counter()
        for p in w.participants.all():
            by_kind[p.institution.kind if p.institution_id else ""] += 1
        out.append(
            {
                "title": w.title,
                "kind": w.kind,
                "starts_on": w.starts_on.isoformat(),
                "ends_on": w.ends_on.isoformat(),
                "place": w.place,
                "participants": sum(by_kind.values()),
                "by_kind": dict(sorted(by_kind.items())),
            }
        )
    return out
