"""Forms of the dossier pages: one per part, built from the parts table."""

from __future__ import annotations

import datetime

from django import forms
from django.db import models
from django.forms import modelform_factory
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from migguide.files.text import CleanTextForm

from . import models as m
from .history import ChangeFilter
from .parts import PARTS, Part

WIDGETS = {
    forms.DateField: lambda: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
}


class TickedFirstCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Checkboxes with the ticked ones first, so that a long list never hides what is
    chosen; the filter box over the list comes from checklist.js."""

    def optgroups(self, name, value, attrs=None):
        groups = super().optgroups(name, value, attrs)
        return sorted(groups, key=lambda group: not any(o["selected"] for o in group[1]))


# The entries a form may need that the person can create without leaving it: the part
# where they are made, and the button's words.
CREATABLE = {
    m.Institution: ("institutions", _("New institution")),
    m.Contact: ("contacts", _("New contact")),
}


class EntryForm(CleanTextForm, forms.ModelForm):
    """Edits one entry. It carries the version the person started from, so that a
    save over somebody else's newer save is refused instead of overwriting it."""

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, dossier: m.Dossier, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.dossier = dossier
        if self.instance.pk and not self.is_bound:
            self.initial["base_version"] = self.instance.version
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and issubclass(queryset.model, m.Entry):
                field.queryset = queryset.model.objects.filter(dossier=dossier)
            if queryset is not None and queryset.model in CREATABLE:
                field.create_part, field.create_label = CREATABLE[queryset.model]
            if isinstance(field, forms.ModelMultipleChoiceField):
                field.widget = TickedFirstCheckboxSelectMultiple(choices=field.choices)
                field.widget.attrs["class"] = "checklist"
                field.widget.attrs["data-filter"] = _("Show only the names containing")
            elif isinstance(field, forms.DateField):
                field.widget = WIDGETS[forms.DateField]()
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 4


def _formfield(model_field, **kwargs):
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return model_field.formfield(**kwargs)


def entry_form_class(part: Part) -> type[EntryForm]:
    return modelform_factory(
        part.model, form=EntryForm, fields=list(part.fields), formfield_callback=_formfield
    )


class ContextForm(CleanTextForm, forms.ModelForm):
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = m.Dossier
        fields = ["situation", "framework"]
        widgets = {
            "situation": forms.Textarea(attrs={"rows": 12}),
            "framework": forms.Textarea(attrs={"rows": 10}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["base_version"] = self.instance.version
        # One text per area the guide shows (the focus areas, then those with sources):
        # what the workgroup says about its data opens that area in Fiche 2.
        notes = self.instance.area_notes or {}
        for code in self.areas():
            name = f"area_note_{code}"
            self.fields[name] = forms.CharField(
                label=_("Notes on the area “%(area)s”") % {"area": m.Area.Code(code).label},
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=_("Opens this area in Fiche 2 of the guide, before the sources."),
            )
            if not self.is_bound:
                self.initial[name] = notes.get(code, "")

    def areas(self) -> list[str]:
        present = set()
        if self.instance.pk:
            present = set(
                m.Source.objects.filter(dossier=self.instance).values_list("areas__code", flat=True)
            )
        return [c for c in m.Area.Code.values if c in m.Area.FOCUS or c in present]

    def _post_clean(self):
        super()._post_clean()
        notes = dict(self.instance.area_notes or {})
        for code in self.areas():
            text = (self.cleaned_data.get(f"area_note_{code}") or "").strip()
            if text:
                notes[code] = text
            else:
                notes.pop(code, None)
        self.instance.area_notes = notes


class SearchForm(CleanTextForm, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)


class TranslationForm(CleanTextForm, forms.Form):
    """One text of the side-by-side translating page: the translation, with the main
    text the translator saw (by its hash) and the version of the translation they
    loaded (0 when there was none)."""

    uid = forms.CharField(widget=forms.HiddenInput, max_length=36)
    field = forms.CharField(widget=forms.HiddenInput, max_length=60)
    source_hash = forms.CharField(widget=forms.HiddenInput, max_length=64)
    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    text = forms.CharField(label=_("Translation"), required=False, widget=forms.Textarea)


class LogoForm(forms.Form):
    """A logo for the guide's cover: the image and what it is (its alternative text)."""

    image = forms.FileField(
        label=_("Image (PNG or SVG)"),
        help_text=_("At most 512 KB. An SVG may not hold scripts or refer to other files."),
        widget=forms.ClearableFileInput(attrs={"accept": ".png,.svg,image/png,image/svg+xml"}),
    )
    description = forms.CharField(
        label=_("What it is"),
        max_length=200,
        help_text=_("Read aloud to blind readers, e.g. “Emblem of the Republic of Senegal”."),
    )


class ChangesForm(forms.Form):
    """The filters of "Recent changes": who, which part, how far back."""

    PERIODS = {"1": _("today"), "7": _("the last 7 days"), "30": _("the last 30 days")}

    by = forms.TypedChoiceField(label=_("Person"), required=False, coerce=int, empty_value=None)
    part = forms.ChoiceField(label=_("Part"), required=False)
    days = forms.TypedChoiceField(label=_("Period"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, people: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        everyone = [("", _("everyone"))]
        self.fields["by"].choices = everyone + [(str(pk), name) for pk, name in people]
        self.fields["part"].choices = [("", _("all"))] + [(p.slug, p.label) for p in PARTS]
        self.fields["days"].choices = [("", _("any time"))] + list(self.PERIODS.items())

    def among(self) -> ChangeFilter:
        """The filter chosen (everything when the form is not valid)."""
        if not self.is_valid():
            return ChangeFilter()
        data = self.cleaned_data
        since = None
        if data["days"]:
            today = localtime().replace(hour=0, minute=0, second=0, microsecond=0)
            since = today - datetime.timedelta(days=data["days"] - 1)
        return ChangeFilter(by=data["by"], part=data["part"] or None, since=since)
