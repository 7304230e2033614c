"""Submissions stored as responses awaiting review — never into the dossier — skipping
those imported before; the web form's answers too."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from migguide.countries.models import Country
from migguide.dossier import models as m

from ..models import Response
from .reading import Submission


@dataclass
class ImportReport:
    file: str
    read: int = 0
    added: list[Response] = field(default_factory=list)
    already: int = 0

    def __str__(self) -> str:
        return (
            f"{self.file}: {self.read} submissions read, {len(self.added)} responses added "
            f"for review, {self.already} already imported"
        )


def _name_of(answers: dict) -> str:
    return str((answers.get("institution") or {}).get("name") or "")


def store(
    submissions: list[Submission],
    *,
    country: Country,
    file_name: str,
    sha256: str,
    by=None,
    dispatch=None,
) -> ImportReport:
    """Store submissions as responses to review, skipping those imported before. The
    answers of a `dispatch` (the web form) belong to the institution it was sent to;
    a file's to the institution it names by id, or else by name."""
    from ..questionnaires import questionnaire

    report = ImportReport(file=file_name, read=len(submissions))
    dossier = m.Dossier.objects.get(country=country)
    institutions = {i.uid.hex: i for i in m.Institution.objects.filter(dossier=dossier)}
    by_name = {}
    for i in institutions.values():
        by_name.setdefault(i.name.casefold(), i)
        if i.acronym:
            by_name.setdefault(i.acronym.casefold(), i)
    with transaction.atomic():
        existing = set(
            Response.objects.filter(
                country=country, external_id__in=[s.external_id for s in submissions]
            ).values_list("external_id", flat=True)
        )
        for s in submissions:
            if s.external_id in existing:
                report.already += 1
                continue
            existing.add(s.external_id)
            if dispatch is not None:
                # What the questionnaire was sent to decides: the name a respondent types
                # is a proposed change to it, never a way to answer for another one.
                institution = dispatch.institution
                name = institution.name if institution else dispatch.institution_name
            else:
                institution = institutions.get(s.institution_uid) or by_name.get(
                    _name_of(s.answers).casefold()
                )
                name = institution.name if institution else _name_of(s.answers)
            respondent = s.answers.get("respondent") or {}
            report.added.append(
                Response.objects.create(
                    country=country,
                    dispatch=dispatch,
                    institution=institution,
                    institution_name=name[:300] or "—",
                    form=s.form,
                    version=questionnaire(s.form).version,
                    answered_version=s.answered_version,
                    origin=s.origin,
                    file_name=file_name[:300],
                    file_sha256=sha256,
                    external_id=s.external_id[:200],
                    respondent_name=str(respondent.get("name") or "")[:200],
                    respondent_position=str(respondent.get("position") or "")[:200],
                    respondent_email=str(respondent.get("email") or "")[:254],
                    answers=s.answers,
                    received_by=by,
                )
            )
        if report.added:
            from ..notifications import answers_arrived

            added = list(report.added)
            transaction.on_commit(lambda: answers_arrived(country, added, by=by))
    return report


def store_web(dispatch, answers: dict) -> Response:
    """The answers of a web form, submitted once: the link closes with them."""
    from ..models import Dispatch

    with transaction.atomic():
        dispatch = Dispatch.objects.select_for_update().get(pk=dispatch.pk)
        dispatch.check_open()
        submission = Submission(
            external_id=f"web:{dispatch.pk}",
            form=dispatch.form,
            answered_version=dispatch.version,
            country=dispatch.country.iso3,
            institution_uid=dispatch.institution.uid.hex if dispatch.institution else "",
            answers=answers,
            origin=Response.Origin.WEB,
            where="",
        )
        report = store(
            [submission],
            country=dispatch.country,
            file_name="",
            sha256="",
            dispatch=dispatch,
        )
        dispatch.draft = {}
        dispatch.save(update_fields=["draft"])
        return report.added[0]
