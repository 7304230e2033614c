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
from django.views.decorators.http import require_POST, require_safe

from migguide.access.models import Permission
from migguide.dossier.snapshot import Snapshot
from migguide.dossier.views import get_dossier_for_user

from . import documents
from . import rounds as rounds_
from .models import TAGGED_PARTS, CommitmentError, Item, Round, Tag
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
