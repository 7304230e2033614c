from __future__ import annotations

from collections.abc import Callable
from functools import partial

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from migguide.access.forms import next_url
from migguide.access.models import Permission
from migguide.access.shortcuts import get_country_for_user
from migguide.files.logos import MAX_BYTES as MAX_LOGO_BYTES
from migguide.files.logos import MAX_LOGOS, LogoRefused

from . import drafts, exchange, listing, translating
from .forms import ChangesForm, ContextForm, LogoForm, SearchForm, TranslationForm, entry_form_class
from .history import changes_of, people_who_changed, recent_changes, title_of
from .models import EditConflict, Entry, EntryGone, Translation
from .parts import PARTS_BY_SLUG, Completeness
from .translation import language_name

PAGE_SIZE = 100

# What apps above `dossier` show on an entry's page, such as where the entry came from:
# each is called with the entry and gives HTML ("" for nothing). Apps add theirs in
# AppConfig.ready (consultation: "From the consultation"), so that `dossier` need not
# import the apps above it.
ENTRY_PANELS: list[Callable[[Entry], str]] = []


def get_dossier_for_user(request, iso3: str, need: Permission = Permission.READ):
    """The dossier of a country, if the person may `need` it (404 without a role in the
    country, 403 with a role that does not allow this action)."""
    country, access = get_country_for_user(request, iso3, need)
    return country.dossier, access


def guide_languages(dossier) -> list[tuple[str, str]]:
    """The languages the dossier's guide can be previewed in: its own first."""
    available = dict(settings.LANGUAGES)
    ordered = [code for code in dossier.languages if code in available]
    ordered += [code for code in available if code not in ordered]
    return [(code, get_language_info(code)["name_local"]) for code in ordered]


def _part(slug: str):
    part = PARTS_BY_SLUG.get(slug)
    if part is None:
        raise Http404(_("No such part of the dossier."))
    return part


def _entry(part, dossier, uid):
    return get_object_or_404(part.queryset(dossier), uid=uid)


def _list_url(dossier, part):
    return reverse("dossier:list", args=[dossier.country.iso3, part.slug])


@require_safe
@login_required
def overview(request, iso3):
    dossier, access = get_dossier_for_user(request, iso3)
    return render(
        request,
        "dossier/overview.html",
        {
            "dossier": dossier,
            "access": access,
            "completeness": Completeness(dossier),
            "guide_languages": guide_languages(dossier),
            "can_edit": access.can(Permission.EDIT),
            "can_manage": access.can(Permission.MANAGE),
            # Called by the template inside its cached block only: reading every
            # translation is done once per revision of the dossier, not per visit.
            "translations": partial(translating.progress_by_language, dossier),
        },
    )


@require_safe
@login_required
def entry_list(request, iso3, part):
    dossier, access = get_dossier_for_user(request, iso3)
    part = _part(part)
    entries = part.queryset(dossier)
    active = {}
    for f in part.filters:
        value = request.GET.get(f.param, "")
        if value and value in dict(f.choices()):
            entries = f.apply(entries, value)
            active[f.param] = value
    search = SearchForm(request.GET)
    if search.is_valid() and search.cleaned_data["q"]:
        q = Q()
        for name in part.search_fields:
            q |= Q(**{f"{name}__icontains": search.cleaned_data["q"]})
        entries = entries.filter(q)
    if active or request.GET.get("q"):
        entries = entries.distinct()
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    columns = [part.model._meta.get_field(c) for c in part.columns]
    return render(
        request,
        "dossier/list.html",
        {
            "dossier": dossier,
            "part": part,
            "page": page,
            "search": search,
            "filters": [(f, f.choices(), active.get(f.param, "")) for f in part.filters],
            "filtered": bool(active) or bool(request.GET.get("q")),
            "columns": columns,
            "rows": listing.rows(
                columns, page.object_list, _list_url(dossier, part), page.start_index()
            ),
            "can_edit": access.can(Permission.EDIT),
            "narrative": part.slug == "context",
        },
    )


def _save_form(request, form, dossier, part, *, base_version=None):
    """Save a valid entry form; on a conflicting save, put the other person's changes
    on the form and return None."""
    entry = form.save(commit=False)
    try:
        # One transaction: nobody sees the entry without its lists (areas, users …).
        with transaction.atomic():
            if entry.pk:
                entry.save_checked(base_version=base_version)
            else:
                entry.save()
            form.save_m2m()
    except EditConflict as conflict:
        form.conflict = conflict
        form.data = form.data.copy()
        form.data["base_version"] = conflict.entry.version
        form.add_error(
            None,
            _(
                "%(who)s saved this entry after you opened it. Their changes "
                "are listed below; your text is still in the form. Save again "
                "to keep your version."
            )
            % {"who": conflict.by},
        )
        return None
    except EntryGone:
        form.add_error(None, _("This entry was deleted after you opened it."))
        return None
    return entry


def _create_needed(request, form, dossier):
    """When the person pressed "+ New institution" (or contact) next to a field: put
    the form aside and send them to the form of the new entry (drafts.py)."""
    if request.method != "POST":
        return None
    name = request.POST.get("_create", "")
    field = form.fields.get(name)
    target = getattr(field, "create_part", None)
    if target is None:
        return None
    token = drafts.put_aside(request, field=name)
    return redirect(
        reverse("dossier:add", args=[dossier.country.iso3, target]) + f"?return={token}"
    )


def _form_page(request, dossier, part, form, **context):
    draft = request.GET.get("draft", "")
    token = (
        request.POST.get("_return")
        or request.GET.get("return")
        or (drafts.returns_to(request, draft) if request.method == "GET" else "")
    )
    back = drafts.back_url(request, token)
    if request.method == "GET" and draft:
        values = drafts.initial(request, draft, form)
        if values is not None:
            form.initial.update(values)
    return render(
        request,
        "dossier/form.html",
        {
            "dossier": dossier,
            "part": part,
            "form": form,
            "return_token": token if back else "",
            "cancel_url": back or _list_url(dossier, part),
            **context,
        },
    )


@login_required
def entry_add(request, iso3, part):
    dossier, access = get_dossier_for_user(request, iso3, Permission.EDIT)
    part = _part(part)
    form_class = entry_form_class(part)
    form = form_class(request.POST or None, dossier=dossier)
    if aside := _create_needed(request, form, dossier):
        return aside
    if request.method == "POST" and form.is_valid() and _save_form(request, form, dossier, part):
        messages.success(request, _("Added: %(entry)s") % {"entry": form.instance})
        if back := drafts.give_back(request, request.POST.get("_return", ""), form.instance):
            return redirect(back)
        if "another" in request.POST:
            return redirect("dossier:add", dossier.country.iso3, part.slug)
        return redirect(_list_url(dossier, part))
    return _form_page(request, dossier, part, form, adding=True)


@login_required
def entry_edit(request, iso3, part, uid):
    dossier, access = get_dossier_for_user(request, iso3, Permission.EDIT)
    part = _part(part)
    entry = _entry(part, dossier, uid)
    form = entry_form_class(part)(request.POST or None, instance=entry, dossier=dossier)
    if aside := _create_needed(request, form, dossier):
        return aside
    if request.method == "POST" and form.is_valid():
        base = form.cleaned_data.get("base_version") or entry.version
        if _save_form(request, form, dossier, part, base_version=base):
            messages.success(request, _("Saved: %(entry)s") % {"entry": entry})
            return redirect(_list_url(dossier, part))
    return _form_page(
        request,
        dossier,
        part,
        form,
        entry=entry,
        conflict=getattr(form, "conflict", None),
        panels=[panel(entry) for panel in ENTRY_PANELS] if entry.pk else [],
    )


@login_required
def entry_delete(request, iso3, part, uid):
    dossier, access = get_dossier_for_user(request, iso3, Permission.EDIT)
    part = _part(part)
    entry = _entry(part, dossier, uid)
    blockers = []
    if request.method == "POST":
        try:
            entry.delete()
        except ProtectedError as error:
            blockers = sorted({str(obj) for obj in error.protected_objects})
        else:
            messages.success(request, _("Deleted: %(entry)s") % {"entry": entry})
            return redirect(_list_url(dossier, part))
    return render(
        request,
        "dossier/delete.html",
        {
            "dossier": dossier,
            "part": part,
            "entry": entry,
            "blockers": blockers,
        },
        status=409 if blockers else 200,
    )


@require_POST
@login_required
def entry_move(request, iso3, part, uid):
    dossier, access = get_dossier_for_user(request, iso3, Permission.EDIT)
    part = _part(part)
    entry = _entry(part, dossier, uid)
    place = request.POST.get("place", "")
    if place.strip().isdigit():
        entry.move_to(int(place))
    elif request.POST.get("direction") in ("up", "down"):
        entry.move(-1 if request.POST["direction"] == "up" else 1)
    else:
        messages.error(request, _("Give the place to move the entry to, as a number."))
    return redirect(next_url(request, _list_url(dossier, part)))


@require_safe
@login_required
def entry_history(request, iso3, part, uid):
    dossier, access = get_dossier_for_user(request, iso3)
    part = _part(part)
    records = (
        part.model.history.filter(dossier_id=dossier.pk, uid=uid)
        .select_related("history_user")
        .order_by("-history_id")
    )
    if not records:
        raise Http404(_("No such entry."))
    return render(
        request,
        "dossier/history.html",
        {
            "dossier": dossier,
            "part": part,
            "changes": changes_of(records, part.model),
            "title": title_of(records[0]),
            "live": part.model.objects.filter(dossier=dossier, uid=uid).first(),
        },
    )


@require_safe
@login_required
def dossier_history(request, iso3):
    dossier, access = get_dossier_for_user(request, iso3)
    form = ChangesForm(request.GET or None, people=people_who_changed(dossier))
    return render(
        request,
        "dossier/changes.html",
        {
            "dossier": dossier,
            "form": form,
            "filtered": bool(request.GET),
            "changes": recent_changes(dossier, among=form.among()),
        },
    )


@login_required
def context_edit(request, iso3):
    dossier, access = get_dossier_for_user(request, iso3, Permission.EDIT)
    form = ContextForm(request.POST or None, instance=dossier)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            form.instance.save_checked(
                base_version=form.cleaned_data.get("base_version") or dossier.version
            )
        except EditConflict as error:
            conflict = error
            form.data = form.data.copy()
            form.data["base_version"] = error.entry.version
            form.add_error(
                None,
                _(
                    "%(who)s saved the context after you opened it. Their "
                    "changes are listed below; save again to keep your "
                    "version."
                )
                % {"who": error.by},
            )
        else:
            messages.success(request, _("The context is saved."))
            return redirect("dossier:list", dossier.country.iso3, "context")
    return render(
        request,
        "dossier/context_form.html",
        {
            "dossier": dossier,
            "form": form,
            "conflict": conflict,
        },
    )


@login_required
def logos(request, iso3):
    """The national emblem and other logos of the guide's cover (the coordinator's)."""
    dossier, access = get_dossier_for_user(request, iso3, Permission.MANAGE)
    form = LogoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["image"]
        try:
            dossier.add_logo(upload.read(MAX_LOGO_BYTES + 1), form.cleaned_data["description"])
        except LogoRefused as error:
            form.add_error("image", f"{upload.name}: {error}")
        else:
            messages.success(request, _("The logo is added: it is on the guide’s cover."))
            return redirect("dossier:logos", dossier.country.iso3)
    return render(
        request,
        "dossier/logos.html",
        {"dossier": dossier, "form": form, "max_logos": MAX_LOGOS},
    )


@require_POST
@login_required
def logo_remove(request, iso3, index):
    dossier, access = get_dossier_for_user(request, iso3, Permission.MANAGE)
    try:
        dossier.remove_logo(index)
    except LogoRefused as error:
        raise Http404(str(error)) from None
    messages.success(request, _("The logo is removed."))
    return redirect("dossier:logos", dossier.country.iso3)


@require_safe
@login_required
def dossier_export(request, iso3):
    dossier, access = get_dossier_for_user(request, iso3)
    response = HttpResponse(
        exchange.dumps(exchange.export_dossier(dossier)),
        content_type="application/json; charset=utf-8",
    )
    filename = f"dossier-{dossier.country.iso3.lower()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def translate(request, iso3, part, language):
    """The side-by-side translating page of a part in one language: the main text
    left, its translation right, outdated ones first. Each text is saved on its own,
    conflict-safe; "Confirm" marks an outdated translation as still right."""
    dossier, access = get_dossier_for_user(request, iso3, Permission.EDIT)
    part = _part(part)
    if language not in translating.other_languages(dossier):
        raise Http404(_("The dossier is not translated into this language."))
    page = reverse("dossier:translate", args=[dossier.country.iso3, part.slug, language])
    kept = {}  # what the translator typed, kept on the page when their save is refused
    if request.method == "POST":
        form = TranslationForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("The form was incomplete; nothing was saved."))
            return redirect(page)
        data = form.cleaned_data
        unit = translating.find(dossier, part, language, data["uid"], data["field"])
        if unit is None:
            raise Http404(_("No such text in this part of the dossier."))
        anchor = "u-" + unit.key.replace(".", "-")
        if data["source_hash"] != translating.source_hash(unit.source):
            kept[unit.key] = (data["text"], None)
            messages.error(
                request,
                _(
                    "The main text changed after you opened the page: read it again "
                    "below; your translation is still in the form."
                ),
            )
        else:
            try:
                Translation.save_unit(
                    dossier=dossier,
                    uid=unit.uid,
                    field=unit.field,
                    language=language,
                    text=data["text"],
                    made_from=unit.source,
                    base_version=data["base_version"],
                    by=request.user,
                )
            except EditConflict as conflict:
                kept[unit.key] = (data["text"], conflict)
                messages.error(
                    request,
                    _(
                        "%(who)s saved this translation after you opened the page. Their "
                        "text is shown below; yours is still in the form. Save again to "
                        "keep yours."
                    )
                    % {"who": conflict.by},
                )
            else:
                confirmed = "confirm" in request.POST
                messages.success(
                    request, _("Confirmed as still right.") if confirmed else _("Saved.")
                )
                return redirect(f"{page}#{anchor}")
    required, optional = translating.rows(dossier, part, language)
    for row in required + optional:
        if row.key in kept:
            row.typed, row.conflict = kept[row.key]
    return render(
        request,
        "dossier/translate.html",
        {
            "dossier": dossier,
            "part": part,
            "language": language,
            "language_name": language_name(language),
            "main": dossier.languages[0],
            "main_name": language_name(dossier.languages[0]),
            "required": required,
            "optional": optional,
            "languages": translating.other_languages(dossier),
        },
    )
