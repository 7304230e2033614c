"""A form put aside while the person creates what it needs, without JavaScript.

A source needs an institution that is not in the dossier yet: the "+ New institution"
button next to the field submits the source form, which is kept here, in the person's
session, under a token; the institution form opens with that token; once the
institution is saved, the source form comes back as it was typed, the new institution
selected. Drafts nest (a contact created from a source form may itself need a new
institution) because the token a form returns to travels in the form itself."""

from __future__ import annotations

import secrets

from django import forms

SESSION_KEY = "dossier-drafts"
KEPT = 10  # drafts kept per session: the oldest goes when an eleventh is put aside
SKIPPED = {"csrfmiddlewaretoken", "_create"}


def put_aside(request, *, field: str) -> str:
    """Keep what the person typed in the form they posted (for the page they are on)
    and return the token that brings it back once `field` has its new entry."""
    drafts = dict(request.session.get(SESSION_KEY, {}))
    token = secrets.token_urlsafe(9)
    drafts[token] = {
        "path": request.path,
        "field": field,
        "data": {k: v for k, v in request.POST.lists() if k not in SKIPPED},
    }
    request.session[SESSION_KEY] = dict(list(drafts.items())[-KEPT:])
    return token


def _draft(request, token: str) -> dict | None:
    return request.session.get(SESSION_KEY, {}).get(token or "")


def back_url(request, token: str) -> str | None:
    """The page of the form put aside under `token`, which shows it as it was left."""
    draft = _draft(request, token)
    return f"{draft['path']}?draft={token}" if draft else None


def give_back(request, token: str, entry) -> str | None:
    """Select the new `entry` in the form put aside under `token` (added to a list,
    or in place of a single choice) and return the page that shows it; None when
    there is no such draft (an expired session, a token from elsewhere)."""
    draft = _draft(request, token)
    if draft is None:
        return None
    values = [v for v in draft["data"].get(draft["field"], []) if v]
    draft["data"][draft["field"]] = [*values, str(entry.pk)]
    draft["added"] = draft["field"]
    request.session.modified = True
    return back_url(request, token)


def returns_to(request, token: str) -> str:
    """The token the form put aside under `token` itself returns to ("" for none): a
    contact created for a source, put aside for a new institution, still returns to
    the source once it is saved."""
    draft = _draft(request, token)
    if draft is None or draft["path"] != request.path:
        return ""
    return (draft["data"].get("_return") or [""])[0]


def initial(request, token: str, form: forms.Form) -> dict | None:
    """The values the form put aside under `token` had, as the initial values of the
    same form on the same page; None when there is none."""
    draft = _draft(request, token)
    if draft is None or draft["path"] != request.path:
        return None
    data, values = draft["data"], {}
    added = draft.get("added")
    for name, field in form.fields.items():
        given = data.get(name, [])
        if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
            values[name] = given
        elif isinstance(field, forms.BooleanField):
            values[name] = bool(given)
        elif given:
            # A single choice: the new entry (the last value) replaces the old one.
            values[name] = given[-1] if name == added else given[0]
    return values
