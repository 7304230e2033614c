"""Forms of the dossier pages: one per part, built from the parts table."""

from __future__ import annotations

from django import forms
from django.db import models
from django.forms import modelform_factory
from django.utils.translation import gettext_lazy as _

from migguide.files.text import CleanTextForm

from . import models as m
from .parts import Part

WIDGETS = {
    forms.DateField: lambda: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
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
            if isinstance(field, forms.ModelMultipleChoiceField):
                field.widget = forms.CheckboxSelectMultiple(choices=field.choices)
                field.widget.attrs["class"] = "checklist"
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


class SearchForm(CleanTextForm, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)


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
