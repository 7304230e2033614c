"""The rules an edition's moves check that are more than a state and a role: whether
its languages are translated before it freezes, and who may endorse it. The moves
themselves are `Edition` methods (editions.models)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils.translation import gettext, ngettext

from migguide.dossier.snapshot import Snapshot
from migguide.dossier.translation import Unit, describe, language_name, main_language, units

if TYPE_CHECKING:
    from migguide.access.models import Access

    from .models import Edition

# How many untranslated texts a refusal names before "and N more".
LISTED = 10


class EditionError(Exception):
    """A move the rules refuse, with a sentence a person can read."""


def untranslated(data: dict[str, Any], languages: list[str]) -> list[tuple[str, Unit]]:
    """(language, unit) of every required text of a dossier export that is missing or
    outdated in one of `languages` other than the main one."""
    main = main_language(data)
    return [
        (language, unit)
        for language in languages
        if language != main
        for unit in units(data, language)
        if not unit.optional and unit.state != "current"
    ]


def check_translations(data: dict[str, Any], languages: list[str]) -> None:
    """Refuse to freeze a dossier whose texts are not all translated, and up to date,
    in every language of the edition: an endorsed guide must read entirely in its
    language, and the endorsement binds every language at once. The refusal names the
    texts (part, entry, field, state) so that the team knows what to translate — or
    that the coordinator may remove the language from the edition instead."""
    left = untranslated(data, languages)
    if not left:
        return
    snapshot = Snapshot.from_json(data)
    names = []
    for language, unit in left[:LISTED]:
        part, entry, field = describe(unit, snapshot)
        state = gettext("missing") if unit.state == "missing" else gettext("outdated")
        where = f"{part}, “{entry}”, {field}" if entry else f"{part}, {field}"
        names.append(f"{language_name(language)}: {where} ({state})")
    more = len(left) - LISTED
    if more > 0:
        names.append(ngettext("and %(n)s more", "and %(n)s more", more) % {"n": more})
    raise EditionError(
        ngettext(
            "%(n)s text is not translated, or its translation is outdated: %(list)s. "
            "Translate it, or remove its language from the edition.",
            "%(n)s texts are not translated, or their translation is outdated: %(list)s. "
            "Translate them, or remove their language from the edition.",
            len(left),
        )
        % {"n": len(left), "list": "; ".join(names)}
    )


def endorsement_conflict(edition: Edition, access: Access) -> str:
    """Why this person may not endorse this edition, or "" if nothing stands in the
    way. The endorsement is the national authority's own act, apart from the
    preparation and the review: consortium staff never endorse, nor anyone who
    edits or reviews the country's dossier, nor anyone who started, submitted, sent
    for endorsement or reviewed this edition (comments and change requests made as
    its endorsing authority are part of endorsing, and do not count)."""
    from migguide.access.models import Role

    from .models import Event

    user = access.user
    if getattr(user, "is_consortium_staff", False):
        return gettext(
            "Consortium staff do not endorse: the endorsement is the national authority's own act."
        )
    roles = Role.objects.effective().filter(user=user, country_id=edition.country_id)
    for role in roles.exclude(kind=Role.Kind.ENDORSER):
        return gettext(
            "You are also %(role)s in %(country)s: the people who prepare or review "
            "the guide do not endorse it."
        ) % {"role": role.get_kind_display(), "country": edition.country.name()}
    moves = set(edition.events.filter(by=user).values_list("action", flat=True))
    if edition.created_by_id == user.pk or Event.Action.START in moves:
        return gettext(
            "You started this edition: the people who prepare or review the guide do "
            "not endorse it."
        )
    if Event.Action.SUBMIT in moves:
        return gettext(
            "You submitted this edition for review: the people who prepare or review "
            "the guide do not endorse it."
        )
    if Event.Action.READY in moves or edition.comments.filter(resolved_by=user).exists():
        return gettext(
            "You sent this edition for endorsement or resolved its comments: the people "
            "who prepare or review the guide do not endorse it."
        )
    endorser_since = (
        roles.filter(kind=Role.Kind.ENDORSER).values_list("confirmed_at", flat=True).first()
    )
    before = Q() if endorser_since is None else Q(at__lt=endorser_since)
    reviewed = (
        edition.events.filter(
            before, by=user, action__in=[Event.Action.REQUEST_CHANGES, Event.Action.APPROVE]
        ).exists()
        or edition.comments.filter(
            Q() if endorser_since is None else Q(created_at__lt=endorser_since), author=user
        ).exists()
    )
    if reviewed:
        return gettext(
            "You reviewed this edition before you were its endorsing authority: the "
            "people who prepare or review the guide do not endorse it."
        )
    return ""


def approver_conflict(access: Access) -> str:
    """Why this person may not approve an edition, or "": approvals are the reviewers'."""
    from migguide.access.models import Permission

    if access.can(Permission.EDIT) or access.can(Permission.ENDORSE):
        return gettext(
            "Only reviewers approve an edition: not the people who prepare the guide, "
            "nor its endorsing authority."
        )
    return ""
