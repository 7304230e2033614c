"""Tagging a dossier's entries with the commitments they serve, and the rounds'
synthesis. Each view fetches through the access check, then form → model → redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from migguide.access.models import Permission
from migguide.dossier.snapshot import Snapshot
from migguide.dossier.views import get_dossier_for_user

from . import documents
from . import rounds as rounds_
from .forms import CorrespondenceForm, FrameworkForm, ItemForm, RetireForm, TitlesForm
from .models import TAGGED_PARTS, CommitmentError, Framework, Item, Round, Tag
from .suggesting import suggest


def _language() -> str:
    return (get_language() or "en").split("-")[0]


@require_safe
@login_required
def tagging(request, iso3):
    """Every recommendation, challenge, need and use example of the dossier, with the
    items it serves and the suggestions a person may confirm."""
    dossier, access = get_dossier_for_user(request, iso3)
    language = _language()
    snap = Snapshot.of(dossier)
    items = list(
        Item.objects.filter(framework__retired_on__isnull=True).select_related("framework")
    )
    tagged: dict[str, set[int]] = {}
    for uid, item_id in Tag.objects.filter(dossier=dossier).values_list("entry_uid", "item_id"):
        tagged.setdefault(uid, set()).add(item_id)
    parts = []
    for key in TAGGED_PARTS:
        entries = []
        for entry in getattr(snap, key):
            entries.append(
                {
                    "entry": entry,
                    "title": entry.own_title,
                    "tags": tagged.get(entry.id, set()),
                    "suggestions": [
                        s
                        for s in suggest(entry, items, language=language)
                        if s.item.pk not in tagged.get(entry.id, set())
                    ],
                }
            )
        parts.append((key, entries))
    return render(
        request,
        "commitments/tagging.html",
        {
            "dossier": dossier,
            "country": dossier.country,
            "parts": parts,
            "items": [(i, i.title(language)) for i in items],
            "can_edit": access.can(Permission.EDIT),
        },
    )


@require_POST
@login_required
def tag_save(request, iso3, uid):
    dossier, _access = get_dossier_for_user(request, iso3, Permission.EDIT)
    snap = Snapshot.of(dossier)
    if uid not in {e.id for key in TAGGED_PARTS for e in getattr(snap, key)}:
        raise PermissionDenied(_("No such entry in this dossier."))
    ids = [int(i) for i in request.POST.getlist("items") if i.isdigit()]
    try:
        Tag.set_for_entry(
            dossier=dossier, uid=uid, items=Item.objects.filter(pk__in=ids), by=request.user
        )
        messages.success(request, _("The commitments of this entry are saved."))
    except CommitmentError as error:
        messages.error(request, str(error))
    return redirect(f"/countries/{dossier.country.iso3}/commitments/#e-{uid}")


def _staff_or_participant(request):
    if not (request.user.is_consortium_staff or request.user.roles.exists()):
        raise PermissionDenied(_("The synthesis is for the people taking part in the activity."))


@require_safe
@login_required
def rounds(request):
    _staff_or_participant(request)
    return render(request, "commitments/rounds.html", {"rounds": Round.objects.all()})


@require_safe
@login_required
def synthesis(request, pk, fmt: str = "page"):
    _staff_or_participant(request)
    round_ = get_object_or_404(Round, pk=pk, frozen_at__isnull=False)
    since = None
    if request.GET.get("since", "").isdigit():
        since = Round.objects.filter(
            pk=int(request.GET["since"]),
            frozen_at__isnull=False,
            meeting_date__lt=round_.meeting_date,
        ).first()
    s = rounds_.build(round_, language=_language(), since=since)
    if fmt in documents.WRITERS:
        response = HttpResponse(
            documents.WRITERS[fmt](s), content_type=documents.CONTENT_TYPES[fmt]
        )
        name = f"som-round-{round_.pk}-{s.language}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    earlier = Round.objects.filter(
        frozen_at__isnull=False, meeting_date__lt=round_.meeting_date
    ).only("pk", "name", "meeting_date")
    return render(
        request,
        "commitments/synthesis.html",
        {"s": s, "title": rounds_.title(s), "earlier": earlier},
    )


# Frameworks, edited by consortium staff: each view checks staff first, then
# form → model method → redirect; a refused move comes back as a message.


def _staff(request) -> None:
    if not request.user.is_consortium_staff:
        raise PermissionDenied(_("The frameworks are edited by the consortium’s staff."))


def _framework_page(fw: Framework) -> str:
    return f"/activity/frameworks/{fw.code}/"


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def frameworks(request):
    """The frameworks, current and retired; a POST adds one (the next plan, once
    adopted)."""
    _staff(request)
    form = FrameworkForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                fw = Framework.adopt(
                    code=form.cleaned_data["code"],
                    names=form.names(),
                    source=form.cleaned_data["source"],
                )
            except CommitmentError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("The framework is added."))
                return redirect(_framework_page(fw))
        else:
            messages.error(request, _("The framework was not added: check the form."))
    language = _language()
    rows = [(fw, fw.name(language)) for fw in Framework.objects.select_related("replaced_by")]
    return render(request, "commitments/frameworks.html", {"rows": rows, "form": form})


@require_safe
@login_required
def framework(request, code):
    _staff(request)
    fw = get_object_or_404(Framework.objects.select_related("replaced_by"), code=code)
    language = _language()
    items = list(fw.items.select_related("parent"))
    correspondence = fw.correspondence()
    return render(
        request,
        "commitments/framework.html",
        {
            "fw": fw,
            "name": fw.name(language),
            "successor": fw.replaced_by.name(language) if fw.replaced_by else "",
            "rows": [(i, i.title(language), correspondence.get(i.pk)) for i in items],
            "item_form": ItemForm(framework=fw) if fw.retired_on is None else None,
            "retire_form": RetireForm(framework=fw) if fw.retired_on is None else None,
            "correspondence_form": (
                CorrespondenceForm(framework=fw, language=language) if fw.replaced_by else None
            ),
        },
    )


@require_POST
@login_required
def item_add(request, code):
    _staff(request)
    fw = get_object_or_404(Framework, code=code)
    form = ItemForm(request.POST, framework=fw)
    if form.is_valid():
        try:
            fw.add_item(
                code=form.cleaned_data["code"],
                level=form.cleaned_data["level"],
                parent=form.cleaned_data["parent"],
                titles=form.titles(),
                keywords=form.cleaned_data["keywords"],
            )
            messages.success(request, _("The item is added."))
        except CommitmentError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, _("The item was not added: check the form."))
    return redirect(_framework_page(fw))


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def item_edit(request, code, pk):
    """An item's title in each language and the words that suggest it."""
    _staff(request)
    item = get_object_or_404(Item.objects.select_related("framework"), framework__code=code, pk=pk)
    form = TitlesForm(request.POST or None, item=item)
    if request.method == "POST" and form.is_valid():
        try:
            item.retitle(form.titles(), keywords=form.cleaned_data["keywords"])
        except CommitmentError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The item is saved."))
            return redirect(_framework_page(item.framework))
    return render(
        request,
        "commitments/item.html",
        {
            "item": item,
            "fw": item.framework,
            "name": item.framework.name(_language()),
            "form": form,
        },
    )


@require_POST
@login_required
def framework_retire(request, code):
    _staff(request)
    fw = get_object_or_404(Framework, code=code)
    form = RetireForm(request.POST, framework=fw)
    if form.is_valid():
        try:
            fw.retire(replaced_by=form.cleaned_data["replaced_by"])
            messages.success(request, _("The framework is retired."))
        except CommitmentError as error:
            messages.error(request, str(error))
    return redirect(_framework_page(fw))


@require_POST
@login_required
def framework_correspondence(request, code):
    _staff(request)
    fw = get_object_or_404(Framework.objects.select_related("replaced_by"), code=code)
    if fw.replaced_by is None:
        messages.error(
            request, _("Only a retired framework with a successor has a correspondence.")
        )
        return redirect(_framework_page(fw))
    form = CorrespondenceForm(request.POST, framework=fw, language=_language())
    if form.is_valid():
        try:
            fw.set_correspondence(form.pairs())
            messages.success(request, _("The correspondence is saved."))
        except CommitmentError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, _("The correspondence was not saved: check the form."))
    return redirect(_framework_page(fw))
