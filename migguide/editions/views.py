"""The edition pages: list, one edition with its review, the moves, the endorsement,
what changed, and the files. Each view fetches through the access check, then form →
model method → redirect; the rules are on the models."""

from __future__ import annotations

import json

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import storages
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotModified
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from migguide.access.models import Permission
from migguide.access.work import progress_of
from migguide.dossier.exchange import export_dossier
from migguide.dossier.snapshot import Snapshot
from migguide.dossier.views import get_dossier_for_user
from migguide.guide.views import CONTENT_TYPES, disposition
from migguide.guide.writers import WRITERS, render_html

from . import publishing, tasks
from .diff import compare, part_of_guide_section, section_choices, since_frozen
from .forms import AnswerForm, CommentForm, EndorseForm, MoveForm, StartForm
from .models import MOVES, Comment, Edition, EditionError, PublishedFile
from .publishing import PUBLISHED_FORMATS, edition_file_name, edition_guide, grouped_files
from .rules import language_name, untranslated

# What each move of the edition's page calls: a move of the model, or a function that
# makes the guide's files first, then moves the model (`publishing`). Publishing is a
# background task (`tasks.queue_publication`, from `edition_publish`).
MAKE_MOVE = {
    "submit": Edition.submit,
    "request-changes": Edition.request_changes,
    "ready": publishing.mark_ready,
    "approve": Edition.approve,
    "refreeze": Edition.refreeze,
}


def get_edition_for_user(request, iso3: str, number: int, need=Permission.READ):
    dossier, access = get_dossier_for_user(request, iso3, need)
    edition = get_object_or_404(
        Edition.objects.select_related("country"), country=dossier.country, number=number
    )
    return dossier, access, edition


@require_safe
@login_required
def edition_list(request, iso3):
    dossier, access = get_dossier_for_user(request, iso3)
    editions = (
        Edition.objects.filter(country=dossier.country)
        .select_related("endorsement")
        .defer("snapshot")
    )
    can_start = access.can(Permission.MANAGE) and not editions.in_progress().exists()
    form = StartForm(initial={"languages": dossier.languages or [settings.LANGUAGE_CODE]})
    return render(
        request,
        "editions/list.html",
        {"dossier": dossier, "editions": editions, "can_start": can_start, "form": form},
    )


@require_POST
@login_required
def edition_start(request, iso3):
    dossier, access = get_dossier_for_user(request, iso3, Permission.MANAGE)
    form = StartForm(request.POST)
    if form.is_valid():
        try:
            edition = Edition.start(access=access, **form.cleaned_data)
        except EditionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Edition %(n)s is started.") % {"n": edition.number})
            return redirect("editions:detail", dossier.country.iso3, edition.number)
    else:
        messages.error(request, _("Choose at least one language for the edition."))
    return redirect("editions:list", dossier.country.iso3)


@require_safe
@login_required
def edition_detail(request, iso3, number):
    dossier, access, edition = get_edition_for_user(request, iso3, number)
    comments = list(
        edition.comments.filter(parent=None)
        .select_related("author", "resolved_by")
        .prefetch_related("answers__author")
    )
    sections = section_choices(edition.snapshot) if edition.snapshot else []
    titles = {uid: title for s in sections for uid, title in s.entries}
    labels = {s.slug: s.label for s in sections}
    for comment in comments:
        comment.section_label = labels.get(comment.section, comment.section)
        comment.entry_title = titles.get(comment.entry, "")
    moves = edition.moves_for(access)
    return render(
        request,
        "editions/detail.html",
        {
            "dossier": dossier,
            "edition": edition,
            "moves": moves,
            "move_form": MoveForm(initial={"seen_state": edition.state}),
            "comments": comments,
            "open_comments": sum(1 for c in comments if not c.resolved_at),
            "can_comment": access.can(Permission.COMMENT)
            and edition.state in (Edition.State.REVIEW, Edition.State.READY),
            "can_answer": access.can(Permission.COMMENT),
            "can_resolve": access.can(Permission.MANAGE),
            "sections": sections,
            "events": edition.events.select_related("by"),
            "since_frozen": since_frozen(edition, dossier),
            "can_refreeze": access.can(Permission.MANAGE),
            "approved_by": list(edition.approved_by()) if edition.snapshot else [],
            "approvals_missing": edition.approvals_missing(),
            "endorsement": getattr(edition, "endorsement", None),
            "files": grouped_files(edition.files.all()),
            "languages": edition.languages,
            "formats": PUBLISHED_FORMATS,
            "to_translate": _to_translate(dossier, edition),
            "language_names": {code: language_name(code) for code in edition.languages},
            "can_remove_language": access.can(Permission.MANAGE)
            and edition.state == Edition.State.DRAFT
            and len(edition.languages) > 1,
        },
    )


def _to_translate(dossier, edition) -> list[tuple[str, int]]:
    """(language, texts left to translate or confirm) of a draft edition's languages, as
    the dossier is now: what would stop its submission."""
    if edition.state != Edition.State.DRAFT:
        return []
    left = untranslated(export_dossier(dossier), edition.languages)
    return [
        (code, n)
        for code in edition.languages
        if (n := sum(1 for language, _unit in left if language == code))
    ]


@require_POST
@login_required
def edition_move(request, iso3, number, move):
    """Submit, request changes, send for endorsement, approve, update."""
    need = Permission.MANAGE if move == "refreeze" else MOVES[move][0]
    dossier, access, edition = get_edition_for_user(request, iso3, number, need)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form was incomplete; nothing was done."))
    else:
        # An approval names the content the reviewer read.
        read = {"sha256": form.cleaned_data["sha256"]} if move == "approve" else {}
        try:
            MAKE_MOVE[move](
                edition,
                access=access,
                seen_state=form.cleaned_data["seen_state"],
                comment=form.cleaned_data["comment"],
                **read,
            )
        except EditionError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Edition %(n)s is now %(state)s.")
                % {"n": edition.number, "state": edition.get_state_display()},
            )
    return redirect("editions:detail", dossier.country.iso3, number)


@login_required
def edition_publish(request, iso3, number):
    """Publishing cannot be undone: the page asks first, the form queues the
    publication (a background task) and leads to the page that follows it — or, when
    tasks run at once, back to the edition, published."""
    dossier, access, edition = get_edition_for_user(request, iso3, number, Permission.MANAGE)
    if request.method == "POST":
        form = MoveForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("The form was incomplete; nothing was done."))
            return redirect("editions:detail", dossier.country.iso3, number)
        result = tasks.queue_publication(
            edition,
            access=access,
            seen_state=form.cleaned_data["seen_state"],
            comment=form.cleaned_data["comment"],
            language=request.LANGUAGE_CODE,
        )
        if not result.is_finished:
            return redirect(tasks.progress_url(edition, result.id))
        progress = progress_of(result)
        (messages.success if progress.ok else messages.error)(request, progress.message)
        return redirect("editions:detail", dossier.country.iso3, number)
    return render(
        request,
        "editions/publish.html",
        {
            "dossier": dossier,
            "edition": edition,
            "can_publish": "publish" in edition.moves_for(access),
            "move_form": MoveForm(initial={"seen_state": edition.state}),
        },
    )


@require_safe
@login_required
def edition_publishing(request, iso3, number, task_id):
    """The page followed while an edition is being published: it reloads itself every
    few seconds (no script) until the publication is done or has failed."""
    dossier, access, edition = get_edition_for_user(request, iso3, number, Permission.MANAGE)
    result = tasks.publication_result(str(task_id), edition)
    if result is None:
        raise Http404(_("No such publication."))
    progress = progress_of(result)
    if progress.finished:
        edition.refresh_from_db()
    return render(
        request,
        "editions/publishing.html",
        {
            "dossier": dossier,
            "edition": edition,
            "progress": progress,
            # Reloading by itself until done, unless the person stops it (WCAG 2.2.1).
            "refresh": not progress.finished and request.GET.get("still") != "1",
            "files": grouped_files(edition.files.all()) if progress.ok else [],
        },
    )


@require_POST
@login_required
def edition_remove_language(request, iso3, number):
    """Take one language out of a draft edition (its guide is not published in it)."""
    dossier, access, edition = get_edition_for_user(request, iso3, number, Permission.MANAGE)
    language = request.POST.get("language", "")
    try:
        edition.remove_language(access=access, language=language)
    except EditionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(language)s is no longer a language of this edition.")
            % {"language": language_name(language)},
        )
    return redirect("editions:detail", dossier.country.iso3, number)


@login_required
def edition_endorse(request, iso3, number):
    dossier, access, edition = get_edition_for_user(request, iso3, number, Permission.ENDORSE)
    initial = {
        "seen_state": edition.state,
        "sha256": edition.sha256,
        "name": request.user.get_full_name(),
    }
    form = EndorseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            edition.endorse(
                access=access,
                seen_state=data["seen_state"],
                sha256=data["sha256"],
                name=data["name"],
                position=data["position"],
                date=data["date"],
                statement=data["statement"],
            )
        except EditionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Edition %(n)s is endorsed.") % {"n": edition.number})
            return redirect("editions:detail", dossier.country.iso3, number)
    return render(
        request,
        "editions/endorse.html",
        {
            "dossier": dossier,
            "edition": edition,
            "form": form,
            "languages": edition.languages,
            "conflict": edition.endorsement_conflict(access),
            "since_frozen": since_frozen(edition, dossier),
        },
    )


@require_safe
@login_required
def comment_new(request, iso3, number):
    """The comment form for one part: reached from a section of the guide's preview
    (`?guide=<section id>`) or by choosing the part first (`?section=<part>`); the
    entry picker then lists that part's entries only."""
    dossier, access, edition = get_edition_for_user(request, iso3, number, Permission.COMMENT)
    if not edition.snapshot:
        raise Http404(_("This edition has nothing frozen to comment on yet."))
    sections = section_choices(edition.snapshot)
    known = {s.slug: s for s in sections}
    section = request.GET.get("section") or part_of_guide_section(request.GET.get("guide", ""))
    if section not in known:
        section = Comment.GENERAL
    entry = request.GET.get("entry", "")
    form = CommentForm(
        edition=edition, section=section, initial={"section": section, "entry": entry}
    )
    form.fields["section"].widget = forms.HiddenInput()
    return render(
        request,
        "editions/comment.html",
        {
            "dossier": dossier,
            "edition": edition,
            "form": form,
            "section": known[section],
            "sections": sections,
            "guide_section": request.GET.get("guide", ""),
            "can_comment": edition.state in (Edition.State.REVIEW, Edition.State.READY),
            "closed": _("Comments are taken while an edition is in review, not when it is %s.")
            % edition.get_state_display(),
        },
    )


@require_POST
@login_required
def comment_add(request, iso3, number):
    dossier, access, edition = get_edition_for_user(request, iso3, number, Permission.COMMENT)
    form = CommentForm(request.POST, edition=edition) if edition.snapshot else None
    if form is None or not form.is_valid():
        messages.error(request, _("The comment could not be taken: choose a section and write it."))
    else:
        try:
            comment = Comment.add(access=access, edition=edition, **form.cleaned_data)
        except EditionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your comment is recorded."))
            url = reverse("editions:detail", args=[dossier.country.iso3, number])
            return redirect(f"{url}#comment-{comment.pk}")
    return redirect("editions:detail", dossier.country.iso3, number)


@require_POST
@login_required
def comment_answer(request, iso3, number, comment_id):
    dossier, access, edition = get_edition_for_user(request, iso3, number, Permission.COMMENT)
    parent = get_object_or_404(Comment, pk=comment_id, edition=edition)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the answer first."))
    else:
        try:
            Comment.add(
                access=access, edition=edition, text=form.cleaned_data["text"], parent=parent
            )
        except EditionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your answer is recorded."))
    return redirect("editions:detail", dossier.country.iso3, number)


@require_POST
@login_required
def comment_resolve(request, iso3, number, comment_id):
    dossier, access, edition = get_edition_for_user(request, iso3, number, Permission.MANAGE)
    comment = get_object_or_404(Comment, pk=comment_id, edition=edition, parent=None)
    try:
        comment.resolve(access=access)
    except EditionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The comment is resolved."))
    return redirect("editions:detail", dossier.country.iso3, number)


@require_safe
@login_required
def edition_changes(request, iso3, number):
    """What changed: from the previous edition to this one, or (?against=live) from
    this edition to the dossier as it is now."""
    dossier, access, edition = get_edition_for_user(request, iso3, number)
    if not edition.snapshot:
        raise Http404(_("This edition has no frozen content yet."))
    # Whole sentences, so that each language can make its words agree ("De l’édition 1
    # au dossier actuel"), never "From" + a label.
    if request.GET.get("against") == "live":
        before, after = edition.frozen, Snapshot.of(dossier)
        summary = _("From edition %(number)s to the dossier as it is now.") % {
            "number": edition.number
        }
    else:
        previous = edition.previous()
        before = previous.frozen if previous else None
        after = edition.frozen
        if previous:
            summary = _("From edition %(before)s to edition %(after)s.") % {
                "before": previous.number,
                "after": edition.number,
            }
        else:
            summary = _("Edition %(number)s is the first: everything in it is new.") % {
                "number": edition.number
            }
    return render(
        request,
        "editions/changes.html",
        {
            "dossier": dossier,
            "edition": edition,
            "changes": compare(before, after),
            "summary": summary,
        },
    )


@require_safe
@login_required
def edition_snapshot(request, iso3, number):
    dossier, access, edition = get_edition_for_user(request, iso3, number)
    if not edition.snapshot:
        raise Http404(_("This edition has no frozen content yet."))
    response = HttpResponse(
        json.dumps(edition.snapshot, ensure_ascii=False, indent=2, sort_keys=True),
        content_type="application/json; charset=utf-8",
    )
    name = f"snapshot-{dossier.country.iso3.lower()}-edition-{edition.number}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
@login_required
def edition_file(request, iso3, number, language, version, fmt):
    """An edition's guide, rendered from its snapshot — the stored file once published."""
    dossier, access, edition = get_edition_for_user(request, iso3, number)
    if (
        not edition.snapshot
        or language not in edition.languages
        or version not in ("full", "glance")
        or fmt not in WRITERS
    ):
        raise Http404(_("No such file of this edition."))
    published = edition.files.filter(language=language, version=version, fmt=fmt).first()
    if published is not None:
        return _stored(request, published)
    doc = edition_guide(edition, language=language, version=version)
    if (
        fmt == "html"
        and access.can(Permission.COMMENT)
        and edition.state
        in (
            Edition.State.REVIEW,
            Edition.State.READY,
        )
    ):
        # The reviewer's preview: a comment link beside each section's heading and each
        # entry of its tables, in the language of the page it sits in.
        with translation.override(language):
            label = _("Comment on this section")
            entry_label = _("Comment on this entry")
        form = reverse("editions:comment-new", args=[iso3, number])
        content = render_html(
            doc,
            comment_link=form + "?guide=",
            comment_label=label,
            entry_link=form + "?",
            entry_label=entry_label,
        )
    else:
        content = WRITERS[fmt](doc)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = disposition(
        request, fmt, edition_file_name(edition, language, version, fmt)
    )
    return response


@require_safe
def published_file(request, iso3, number, name):
    """A file of a published (or superseded) edition, for anyone."""
    published = get_object_or_404(
        PublishedFile.objects.select_related("edition"),
        edition__country__iso3=iso3.upper(),
        edition__number=number,
        edition__state__in=[Edition.State.PUBLISHED, Edition.State.SUPERSEDED],
        name=name,
    )
    if published.erasures.exists():
        return render(
            request,
            "gone.html",
            {
                "message": _(
                    "This file is withheld: it named a person whose personal data were "
                    "erased on request."
                )
            },
            status=410,
        )
    return _stored(request, published)


def _stored(request, published: PublishedFile) -> HttpResponseBase:
    """Streamed from the published storage (a folder or an object store); its hash is
    its ETag, as a published file never changes."""
    etag = f'"{published.sha256}"'
    if request.headers.get("If-None-Match") in (etag, f"W/{etag}"):
        response = HttpResponseNotModified()
    else:
        store = storages["published"]
        # Asked first: an object store's file is opened lazily, so a missing one
        # would only fail once the response is being sent.
        if not store.exists(published.path):
            raise Http404(_("The published file is missing from the server's storage."))
        response = FileResponse(
            store.open(published.path, "rb"), content_type=CONTENT_TYPES[published.fmt]
        )
        response["Content-Disposition"] = disposition(request, published.fmt, published.name)
        response["X-Content-SHA256"] = published.sha256
    response["ETag"] = etag
    return response
