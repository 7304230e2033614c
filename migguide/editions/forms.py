"""Forms of the edition pages. Every form that moves an edition carries the state the
person saw, so that a move made on a stale page is refused."""

from __future__ import annotations

import datetime

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from migguide.files.text import CleanTextForm

from .diff import section_choices
from .models import Edition


class StartForm(CleanTextForm, forms.Form):
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The guide is published in each of these languages."),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Optional, e.g. “Second edition”; otherwise “Edition 2”."),
    )
    changes_annex = forms.BooleanField(
        label=_("Add an annex “What changed” since the previous edition"),
        required=False,
        initial=True,
    )


class MoveForm(CleanTextForm, forms.Form):
    seen_state = forms.CharField(widget=forms.HiddenInput)
    # The content the person read (an approval names it).
    sha256 = forms.CharField(widget=forms.HiddenInput, required=False)
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class EndorseForm(CleanTextForm, forms.Form):
    seen_state = forms.CharField(widget=forms.HiddenInput)
    sha256 = forms.CharField(widget=forms.HiddenInput)
    name = forms.CharField(label=_("Name"), max_length=200)
    position = forms.CharField(
        label=_("Title or function"),
        max_length=300,
        help_text=_("As it should appear in the guide, e.g. “Director General, ANSD”."),
    )
    date = forms.DateField(
        label=_("Date"),
        initial=datetime.date.today,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    statement = forms.CharField(
        label=_("Statement"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: a sentence recorded with the endorsement."),
    )
    confirm = forms.BooleanField(
        label=_(
            "I have read this edition and endorse it on behalf of the national "
            "coordinating authority."
        )
    )


class CommentForm(CleanTextForm, forms.Form):
    """A comment on the whole edition, a part, or one entry of that part: the entry
    picker lists the entries of the chosen part only, never the whole dossier."""

    section = forms.ChoiceField(label=_("Section"))
    entry = forms.ChoiceField(label=_("Entry (optional)"), required=False)
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, edition: Edition, section: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        sections = section_choices(edition.snapshot)
        self.fields["section"].choices = [(s.slug, s.label) for s in sections]
        chosen = (self.data.get("section") if self.is_bound else section) or ""
        entries = next((s.entries for s in sections if s.slug == chosen), [])
        if entries:
            self.fields["entry"].choices = [("", _("— the whole part —")), *entries]
        else:
            del self.fields["entry"]


class AnswerForm(CleanTextForm, forms.Form):
    text = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 2}))
