"""Running the activity: the cross-country board, a country's timetable, its
workshops, the Senior Officials' Meeting synthesis and the follow-up dashboard. Each
view fetches through the access check, then form → model → redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from migguide.access.models import Permission, countries_for
from migguide.countries.models import Country, Dialogue
from migguide.dossier.forms import entry_form_class
from migguide.dossier.parts import PARTS_BY_SLUG
from migguide.dossier.views import get_dossier_for_user
from migguide.editions.models import Edition
from migguide.files.text import sort_key

from . import followup, gantt, som, timeline, workshops
from .forms import ParticipantForm, ScheduleForm, WorkshopForm
from .models import Participant, Schedule, Sharing, Workshop, WorkshopOutput

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _language() -> str:
    return (get_language() or "en").split("-")[0]


def _dialogue() -> Dialogue:
    return Dialogue.objects.filter(is_default=True).first() or Dialogue.objects.first()


def _download(data: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
@login_required
def board(request, fmt: str = "html"):
    """Every country the person may follow, one row each (consortium staff: all the
    dialogue's countries with a dossier, and those without)."""
    dialogue = _dialogue()
    countries = Country.objects.in_dialogue(dialogue)
    if not request.user.is_consortium_staff:
        countries = countries.filter(pk__in=countries_for(request.user))
    language = _language()
    countries = sorted(countries, key=lambda c: sort_key(c.name(language)))
    if not countries:
        raise PermissionDenied(_("You follow no country of the dialogue."))
    rows = timeline.board(countries, dialogue)
    title = _("Timetable of the activity — %(dialogue)s") % {"dialogue": dialogue.name()}
    if fmt == "xlsx":
        return _download(gantt.render_xlsx(rows, language), XLSX, "timetable.xlsx")
    if fmt == "pdf":
        return _download(
            gantt.render_pdf(rows, language, title), "application/pdf", "timetable.pdf"
        )
    if fmt == "docx":
        return _download(gantt.render_docx(rows, language, title), DOCX, "timetable.docx")
    first, last = timeline.span(rows)
    return render(
        request,
        "activity/board.html",
        {
            "title": title,
            "rows": [(row, gantt.svg(row, first, last)) for row in rows if row.started],
            "not_started": [row for row in rows if not row.started],
            "count": len(rows),
            "phases": [(p.phase, gantt.colour(i)) for i, p in enumerate(rows[0].phases)],
            "first": first,
            "last": last,
            "overdue": sum(1 for row in rows if row.overdue),
            "labels": gantt.status_labels(),
            "summary": timeline.summary(rows),
            "axis": gantt.axis(first, last),
            "today": gantt.today_at(first, last),
        },
    )


@require_safe
@login_required
def country_timetable(request, iso3):
    dossier, access = get_dossier_for_user(request, iso3)
    dialogue = _dialogue()
    [row] = timeline.board([dossier.country], dialogue)
    first, last = timeline.span([row])
    forms = []
    if access.can(Permission.EDIT):
        typed = {s.phase_id: s for s in Schedule.objects.filter(country=dossier.country)}
        for p in row.phases:
            instance = typed.get(p.phase.pk) or Schedule(country=dossier.country, phase=p.phase)
            forms.append(ScheduleForm(instance=instance, prefix=p.phase.code))
    return render(
        request,
        "activity/timetable.html",
        {
            "dossier": dossier,
            "row": row,
            "chart": gantt.svg(row, first, last),
            "phases": list(zip(row.phases, forms or [None] * len(row.phases), strict=True)),
            "labels": gantt.status_labels(),
        },
    )


@require_POST
@login_required
def schedule_save(request, iso3, phase):
    dossier, access = get_dossier_for_user(request, iso3, Permission.EDIT)
    phase_obj = get_object_or_404(_dialogue().phases, code=phase)
    instance = Schedule.objects.filter(country=dossier.country, phase=phase_obj).first()
    form = ScheduleForm(
        request.POST,
        instance=instance or Schedule(country=dossier.country, phase=phase_obj),
        prefix=phase,
    )
    if form.is_valid():
        form.save()
        messages.success(request, _("Saved: %(phase)s") % {"phase": phase_obj})
    else:
        messages.error(
            request,
            " ".join(str(e) for errors in form.errors.values() for e in errors),
        )
    return redirect("activity:timetable", iso3=dossier.country.iso3)


@require_safe
@login_required
def som_report(request, fmt: str = "html"):
    """The synthesis for the Senior Officials' Meeting: only what each country agreed
    to share, for the people of the activity (consortium staff, and those holding a
    role in one of its countries)."""
    if not (request.user.is_consortium_staff or request.user.roles.exists()):
        raise PermissionDenied(_("The synthesis is for the people taking part in the activity."))
    if fmt not in som.WRITERS:
        fmt = "html"
    synthesis = som.build(_dialogue(), _language())
    if fmt == "html" and "download" not in request.GET:
        return render(request, "activity/som.html", {"s": synthesis})
    data = som.WRITERS[fmt](synthesis)
    return _download(data, som.CONTENT_TYPES[fmt], f"som-synthesis-{synthesis.language}.{fmt}")


# Workshops ----------------------------------------------------------------------------


def _workshop(request, iso3, pk, need=Permission.READ):
    dossier, access = get_dossier_for_user(request, iso3, need)
    workshop = get_object_or_404(Workshop, pk=pk, country=dossier.country)
    return dossier, access, workshop


@require_safe
@login_required
def workshop_list(request, iso3):
    dossier, access = get_dossier_for_user(request, iso3)
    return _workshop_list_page(request, dossier, access)


def _workshop_list_page(request, dossier, access, form=None):
    return render(
        request,
        "activity/workshops.html",
        {
            "dossier": dossier,
            "workshops": Workshop.objects.filter(country=dossier.country).prefetch_related(
                "participants"
            ),
            "form": form or WorkshopForm(),
            "can_edit": access.can(Permission.EDIT),
        },
        status=400 if form else 200,
    )


@require_POST
@login_required
def workshop_add(request, iso3):
    dossier, access = get_dossier_for_user(request, iso3, Permission.EDIT)
    form = WorkshopForm(request.POST)
    form.instance.country = dossier.country
    form.instance.created_by = request.user
    if not form.is_valid():
        return _workshop_list_page(request, dossier, access, form)
    workshop = form.save()
    messages.success(request, _("Workshop added: %(title)s") % {"title": workshop.title})
    return redirect("activity:workshop", iso3=dossier.country.iso3, pk=workshop.pk)


def _capture_forms(dossier, data=None, part_slug=None):
    out = []
    for slug in workshops.CAPTURED:
        part = PARTS_BY_SLUG[slug]
        bound = data if slug == part_slug else None
        form = entry_form_class(part)(bound, dossier=dossier, prefix=slug)
        for name, extra in workshops.CAPTURE_FIELDS.items():
            if (field := extra.field(slug)) is not None:
                form.fields[name] = field
        out.append((part, form))
    return out


@require_safe
@login_required
def workshop_detail(request, iso3, pk):
    dossier, access, workshop = _workshop(request, iso3, pk)
    return _workshop_page(request, dossier, access, workshop)


def _workshop_page(request, dossier, access, workshop, participant_form=None, captures=None):
    report = workshops.report(workshop, _language())
    can_edit = access.can(Permission.EDIT)
    return render(
        request,
        "activity/workshop.html",
        {
            "dossier": dossier,
            "workshop": workshop,
            "report": report,
            "can_edit": can_edit,
            "participant_form": participant_form or ParticipantForm(workshop=workshop),
            "captures": captures or _capture_forms(dossier),
        },
        status=400 if (participant_form or captures) else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def workshop_edit(request, iso3, pk):
    dossier, access, workshop = _workshop(request, iso3, pk, Permission.EDIT)
    form = WorkshopForm(request.POST or None, instance=workshop)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved: %(entry)s") % {"entry": workshop.title})
        return redirect("activity:workshop", iso3=dossier.country.iso3, pk=workshop.pk)
    return render(
        request,
        "activity/workshop_edit.html",
        {"dossier": dossier, "workshop": workshop, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def participant_remove(request, iso3, pk, participant):
    dossier, access, workshop = _workshop(request, iso3, pk, Permission.EDIT)
    found = get_object_or_404(Participant, pk=participant, workshop=workshop)
    found.delete()
    messages.success(request, _("Removed: %(name)s") % {"name": found.name})
    return redirect("activity:workshop", iso3=dossier.country.iso3, pk=workshop.pk)


@require_POST
@login_required
def participant_add(request, iso3, pk):
    dossier, access, workshop = _workshop(request, iso3, pk, Permission.EDIT)
    form = ParticipantForm(request.POST, workshop=workshop)
    if form.is_valid():
        form.save()
        messages.success(request, _("Participant added: %(name)s") % {"name": form.instance.name})
        return redirect("activity:workshop", iso3=dossier.country.iso3, pk=workshop.pk)
    return _workshop_page(request, dossier, access, workshop, participant_form=form)


@require_POST
@login_required
def output_add(request, iso3, pk, kind):
    """An output captured during the workshop goes straight into the dossier, linked
    to the workshop."""
    dossier, access, workshop = _workshop(request, iso3, pk, Permission.EDIT)
    if kind not in workshops.CAPTURED:
        raise Http404
    part = kind
    captures = _capture_forms(dossier, request.POST, part)
    form = {p.slug: f for p, f in captures}[part]
    if form.is_valid():
        with transaction.atomic():
            entry = form.save()
            WorkshopOutput.objects.create(
                workshop=workshop, part=part, entry_uid=entry.uid, by=request.user
            )
            for name, extra in workshops.CAPTURE_FIELDS.items():
                if name in form.cleaned_data:
                    extra.save(
                        dossier=dossier,
                        uid=str(entry.uid),
                        value=form.cleaned_data[name],
                        by=request.user,
                    )
        messages.success(request, _("Added to the dossier: %(entry)s") % {"entry": entry})
        return redirect("activity:workshop", iso3=dossier.country.iso3, pk=workshop.pk)
    return _workshop_page(request, dossier, access, workshop, captures=captures)


@require_safe
@login_required
def workshop_file(request, iso3, pk, name):
    dossier, access, workshop = _workshop(request, iso3, pk)
    language = _language()
    makers = {
        "attendance.pdf": (workshops.attendance_pdf, "application/pdf"),
        "report.pdf": (workshops.report_pdf, "application/pdf"),
        "report.docx": (
            workshops.report_docx,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        "pack.zip": (workshops.pack, "application/zip"),
    }
    if name not in makers:
        raise Http404
    make, content_type = makers[name]
    return _download(make(workshop, language), content_type, f"workshop-{workshop.pk}-{name}")


@require_safe
@login_required
def follow_up(request, iso3):
    dossier, access = get_dossier_for_user(request, iso3)
    return render(
        request,
        "activity/follow_up.html",
        {"dossier": dossier, "d": followup.dashboard(dossier)},
    )


@require_POST
@login_required
def share_edition(request, iso3, number):
    """The country's consent (or its withdrawal) to show a frozen edition, not yet
    endorsed, in the Senior Officials' Meeting synthesis."""
    dossier, access = get_dossier_for_user(request, iso3, Permission.MANAGE)
    edition = get_object_or_404(
        Edition.objects.defer("snapshot"), country=dossier.country, number=number
    )
    if request.POST.get("share") == "1":
        Sharing.objects.get_or_create(edition=edition, defaults={"by": request.user})
        messages.success(request, _("The edition is shared with the synthesis."))
    else:
        Sharing.objects.filter(edition=edition).delete()
        messages.success(request, _("The edition is no longer shared with the synthesis."))
    return redirect("editions:detail", iso3=dossier.country.iso3, number=edition.number)
