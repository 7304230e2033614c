"""The page of translation files: a dossier's texts to download per language as XLIFF
or PO for a translator's tool, and the translated file to upload back."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from migguide.access.models import Permission
from migguide.access.work import tell
from migguide.files.problems import ImportRefused

from . import tasks, translation_files
from .views import get_dossier_for_user


class TranslationFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("translated file"),
        help_text=gettext_lazy("An XLIFF or PO file downloaded from this page, translated."),
    )


def _languages(dossier) -> list[tuple[str, str]]:
    names = []
    for code in (dossier.languages or [])[1:]:
        try:
            names.append((code, get_language_info(code)["name_local"]))
        except KeyError:
            names.append((code, code))
    return names


@require_safe
@login_required
def files_page(request, iso3):
    dossier, access = get_dossier_for_user(request, iso3, Permission.EDIT)
    main = (dossier.languages or ["fr"])[0]
    return render(
        request,
        "dossier/translation_files.html",
        {
            "dossier": dossier,
            "languages": _languages(dossier),
            "main_language": get_language_info(main)["name_local"] if main else "",
            "form": TranslationFileForm(),
        },
    )


@require_safe
@login_required
def file_download(request, iso3, language, fmt):
    dossier, access = get_dossier_for_user(request, iso3, Permission.EDIT)
    if fmt not in translation_files.FORMATS or language not in (dossier.languages or [])[1:]:
        raise Http404(_("No such translation file."))
    exported = translation_files.export_file(dossier, language, fmt)
    response = HttpResponse(exported.content, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
    return response


@require_POST
@login_required
def file_upload(request, iso3):
    dossier, access = get_dossier_for_user(request, iso3, Permission.EDIT)
    form = TranslationFileForm(request.POST, request.FILES)
    back = redirect("dossier:translation-files", dossier.country.iso3)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return back
    upload = form.cleaned_data["file"]
    name = upload.name.rsplit("/", 1)[-1][:200]
    try:
        translation_files.check_size(name, upload.size)  # before reading it
    except ImportRefused as refused:
        messages.error(request, str(refused))
        return back
    # Kept in the uploads' storage and imported by a task: here and now, or by a worker
    # while the person follows it on the page of their work (`access.work`).
    result = tasks.queue_import(
        name,
        upload.read(),
        country=dossier.country,
        user=request.user,
        language=request.LANGUAGE_CODE,
    )
    return tell(request, result, otherwise=back.url)
