"""The consultation pages: the tracker (what was sent to whom, what came back), the
review of one response, the compiled analysis, and the web form reached by a secret
link. Each view fetches through the access check, then form → domain function →
redirect."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from migguide.access.models import Permission
from migguide.access.work import tell
from migguide.dossier.views import get_dossier_for_user

from . import analysis, exporting, importing, notifications, tasks, webform
from .forms import SendForm, UploadForm
from .models import ConsultationError, Dispatch, Response
from .questionnaires import FORM_CHOICES
from .review import Review, decide


def _document(dossier, dispatch: Dispatch, language: str | None = None):
    return exporting.document(
        dossier=dossier,
        form=dispatch.form,
        institution=dispatch.institution,
        institution_name=dispatch.institution_name,
        language=language or dispatch.language,
    )


@require_safe
@login_required
def tracker(request, iso3):
    dossier, access = get_dossier_for_user(request, iso3)
    # Those who may send questionnaires see the secret links; a link lets anyone answer
    # in the institution's name, so reviewers and endorsers see only that it is open.
    can_edit = access.can(Permission.EDIT)
    default_language = (dossier.languages[:1] or ["fr"])[0]
    return render(
        request,
        "consultation/tracker.html",
        {
            "dossier": dossier,
            "rows": analysis.tracker_rows(dossier),
            "can_edit": can_edit,
            "send_form": SendForm(dossier=dossier, initial={"language": default_language}),
            "form_choices": FORM_CHOICES,
            "language_choices": settings.LANGUAGES,
            "default_language": default_language,
            "upload_form": UploadForm(),
        },
    )


@require_POST
@login_required
def send(request, iso3):
    dossier, access = get_dossier_for_user(request, iso3, Permission.EDIT)
    form = SendForm(request.POST, dossier=dossier)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("consultation:tracker", iso3=dossier.country.iso3)
    data = form.cleaned_data
    institution = data["institution"]
    dispatch = Dispatch.objects.create(
        country=dossier.country,
        institution=institution,
        institution_name=institution.name if institution else data["new_institution"].strip(),
        form=data["form"],
        version=exporting.questionnaire(data["form"]).version,
        channel=data["channel"],
        language=data["language"],
        sent_to=data["sent_to"],
        created_by=request.user,
    )
    if dispatch.channel == Dispatch.Channel.WEB and dispatch.sent_to:
        by = request.user
        transaction.on_commit(lambda: notifications.send_link(dispatch, by=by))
        messages.success(
            request, _("The secret link was e-mailed to %(to)s.") % {"to": dispatch.sent_to}
        )
    else:
        messages.success(request, _("Recorded. The questionnaire is ready in the list below."))
    return redirect("consultation:tracker", iso3=dossier.country.iso3)


@require_POST
@login_required
def remind(request, iso3, pk):
    dossier, access = get_dossier_for_user(request, iso3, Permission.EDIT)
    dispatch = get_object_or_404(Dispatch, pk=pk, country=dossier.country)
    try:
        reminder = dispatch.remind(by=request.user)
    except ConsultationError as exc:
        messages.error(request, str(exc))
    else:
        by = request.user
        transaction.on_commit(lambda: notifications.send_link(dispatch, by=by, reminder=True))
        messages.success(
            request, _("A reminder was e-mailed to %(to)s.") % {"to": reminder.sent_to}
        )
    return redirect("consultation:tracker", iso3=dossier.country.iso3)


@require_safe
@login_required
def dispatch_file(request, iso3, pk, fmt):
    dossier, access = get_dossier_for_user(request, iso3)
    dispatch = get_object_or_404(Dispatch, pk=pk, country=dossier.country)
    if fmt not in exporting.WRITERS:
        fmt = "xlsx"
    doc = _document(dossier, dispatch)
    data = exporting.render(doc, fmt)
    response = HttpResponse(data, content_type=exporting.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{exporting.file_name(doc, fmt)}"'
    return response


@require_POST
@login_required
def upload(request, iso3):
    dossier, access = get_dossier_for_user(request, iso3, Permission.EDIT)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("consultation:tracker", iso3=dossier.country.iso3)
    upload = form.cleaned_data["file"]
    name = upload.name.rsplit("/", 1)[-1][:200]
    if upload.size > settings.UPLOAD_MAX_BYTES:
        messages.error(
            request,
            _("%(name)s is larger than the limit of %(mb)d MB; nothing was imported.")
            % {"name": name, "mb": settings.UPLOAD_MAX_BYTES // 1024 // 1024},
        )
        return redirect("consultation:tracker", iso3=dossier.country.iso3)
    # Kept in the uploads' storage and imported by a task: here and now, or by a worker
    # while the person follows it on the page of their work (`access.work`).
    result = tasks.queue_import(
        name,
        upload.read(),
        country=dossier.country,
        user=request.user,
        language=request.LANGUAGE_CODE,
    )
    return tell(
        request, result, otherwise=reverse("consultation:tracker", args=[dossier.country.iso3])
    )


@require_safe
@login_required
def response_review(request, iso3, pk):
    dossier, access = get_dossier_for_user(request, iso3)
    response = get_object_or_404(Response, pk=pk, country=dossier.country)
    return render(
        request,
        "consultation/review.html",
        {
            "dossier": dossier,
            "response": response,
            "review": Review(response),
            "decisions": response.decisions.select_related("by"),
            "can_edit": access.can(Permission.EDIT),
        },
    )


@require_POST
@login_required
def response_decide(request, iso3, pk):
    dossier, access = get_dossier_for_user(request, iso3, Permission.EDIT)
    response = get_object_or_404(Response, pk=pk, country=dossier.country)
    decisions = {
        key.removeprefix("item:"): value == "accept"
        for key, value in request.POST.items()
        if key.startswith("item:") and value in ("accept", "reject")
    }
    edits: dict[str, dict[str, str]] = {}
    for key, value in request.POST.items():
        if key.startswith("edit:") and key.count(":") >= 2:
            _prefix, name, item_key = key.split(":", 2)
            edits.setdefault(item_key, {})[name] = value
    accept_rest = request.POST.get("accept_rest") == "1"
    if not decisions and not accept_rest:
        messages.error(request, _("Choose accept or reject for at least one item."))
    else:
        try:
            made = decide(
                response, decisions, by=request.user, edits=edits, accept_rest=accept_rest
            )
        except ConsultationError as exc:
            messages.error(request, str(exc))
        else:
            accepted = sum(d.accepted for d in made)
            messages.success(
                request,
                _("%(accepted)d accepted into the dossier, %(rejected)d rejected.")
                % {"accepted": accepted, "rejected": len(made) - accepted},
            )
    return redirect("consultation:response", iso3=dossier.country.iso3, pk=response.pk)


@require_safe
@login_required
def compiled(request, iso3, fmt="html"):
    dossier, access = get_dossier_for_user(request, iso3)
    report = analysis.compile_answers(dossier)
    if fmt == "xlsx":
        response = HttpResponse(
            analysis.render_xlsx(report), content_type=exporting.CONTENT_TYPES["xlsx"]
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{dossier.country.iso3}-consultation-analysis.xlsx"'
        )
        return response
    return render(request, "consultation/analysis.html", {"dossier": dossier, "report": report})


# The web form, without an account -----------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def answer(request, token):
    dispatch = Dispatch.objects.select_related("country", "institution").filter(token=token).first()
    if dispatch is None or dispatch.channel != Dispatch.Channel.WEB:
        return render(
            request,
            "consultation/link_gone.html",
            {"message": _("This link does not exist.")},
            status=404,
        )
    # The questionnaire's language, unless the respondent chose another on the page.
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    language = chosen if chosen in dict(settings.LANGUAGES) else dispatch.language
    translation.activate(language)
    request.LANGUAGE_CODE = language
    try:
        dispatch.check_open()
    except ConsultationError as exc:
        return render(request, "consultation/link_gone.html", {"message": str(exc)}, status=410)
    dossier = dispatch.country.dossier
    doc = _document(dossier, dispatch, language)
    errors: dict[str, str] = {}
    extra = webform.EXTRA_ROWS
    if request.method == "POST":
        try:
            raw, errors = webform.from_post(doc, request.POST)
        except webform.AlteredForm as exc:
            return render(request, "consultation/link_gone.html", {"message": str(exc)}, status=400)
        action = request.POST.get("action", "draft")
        if errors:
            messages.error(
                request,
                _(
                    "Some answers hold invisible characters that cannot be kept; they are "
                    "marked below. Nothing was saved."
                ),
            )
        elif action == "submit":
            answers, errors = webform.answers(doc, raw)
            if not errors:
                try:
                    importing.store_web(dispatch, answers)
                except ConsultationError as exc:
                    return render(
                        request, "consultation/link_gone.html", {"message": str(exc)}, status=410
                    )
                return render(request, "consultation/thanks.html", {"dispatch": dispatch})
            dispatch.save_draft(raw)
            messages.error(
                request,
                _("Some answers need your attention; they are marked below. Your draft is saved."),
            )
        else:
            dispatch.save_draft(raw)
            if action.startswith("more:"):
                extra += 1
            messages.success(
                request,
                _("Draft saved. You can come back with the same link until %(date)s.")
                % {"date": dispatch.expires_at.date().isoformat()},
            )
            if not action.startswith("more:"):
                return redirect(reverse("consultation:answer", args=[token]) + "#top")
    else:
        raw = dispatch.draft or webform.initial(doc)
    return render(
        request,
        "consultation/answer.html",
        {
            "dispatch": dispatch,
            "doc": doc,
            "sections": webform.sections(doc, raw, errors, extra=extra),
            "title": doc.questionnaire.title_in(language),
        },
    )
