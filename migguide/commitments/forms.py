"""Staff's forms for the frameworks: a title (or name) in each language of the dialogue,
an item, retirement, the correspondence from a retired framework to its successor."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from migguide.countries import languages
from migguide.files.text import CleanTextForm

from .models import TAGGED_PARTS, Framework, Item, Tag


class ItemsField(forms.ModelMultipleChoiceField):
    """The items of the current frameworks, each as its code and its title in the
    language of the page being rendered."""

    def label_from_instance(self, obj: Item) -> str:
        title = obj.title((get_language() or "en").split("-")[0])
        return f"{obj.code} {title[:70]}"


def capture_field(part_slug: str) -> ItemsField | None:
    """The framework items an entry captured at a workshop serves (optional)."""
    if part_slug not in TAGGED_PARTS:
        return None
    return ItemsField(
        queryset=Item.objects.filter(framework__retired_on__isnull=True).select_related(
            "framework"
        ),
        required=False,
        label=_("Commitments served"),
        help_text=_("Optional: items of the Cadiz Action Plan, the Global Compact or the SDGs."),
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )


def save_captured(*, dossier, uid: str, value, by) -> None:
    if value:
        Tag.set_for_entry(dossier=dossier, uid=uid, items=value, by=by)


def _text_fields(form: forms.Form, prefix: str, initial: dict) -> None:
    """One field per language of the dialogue, labelled with the language's name in the
    reader's; English required (every other language falls back to it)."""
    names = dict(settings.LANGUAGES)
    for code in languages.codes():
        form.fields[f"{prefix}_{code}"] = forms.CharField(
            label=names[code],
            required=code == "en",
            max_length=500,
            initial=initial.get(code, ""),
            widget=forms.TextInput(attrs={"lang": code, "dir": "auto"}),
        )


def _texts(form: forms.Form, prefix: str) -> dict[str, str]:
    return {code: form.cleaned_data.get(f"{prefix}_{code}", "") for code in languages.codes()}


class FrameworkForm(CleanTextForm, forms.Form):
    code = forms.SlugField(label=_("code"), max_length=40)
    source = forms.CharField(label=_("source"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _text_fields(self, "name", {})

    def names(self) -> dict[str, str]:
        return {k: v for k, v in _texts(self, "name").items() if v}


class TitlesForm(CleanTextForm, forms.Form):
    keywords = forms.CharField(
        label=_("keywords"),
        required=False,
        max_length=1000,
        help_text=_("Words that suggest this item for an entry, separated by commas."),
    )

    def __init__(self, *args, item: Item | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if item is not None:
            self.fields["keywords"].initial = item.keywords
        _text_fields(self, "title", item.titles if item is not None else {})

    def titles(self) -> dict[str, str]:
        return _texts(self, "title")


class ItemForm(TitlesForm):
    code = forms.CharField(label=_("code"), max_length=40)
    level = forms.ChoiceField(label=_("level"), choices=Item.Level.choices)
    parent = forms.ModelChoiceField(
        label=_("under"), queryset=Item.objects.none(), required=False, empty_label="—"
    )
    field_order = ["code", "level", "parent"]

    def __init__(self, *args, framework: Framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = framework.items.exclude(level=Item.Level.ACTION)
        self.order_fields(self.field_order)


class RetireForm(forms.Form):
    replaced_by = forms.ModelChoiceField(
        label=_("replaced by"),
        queryset=Framework.objects.none(),
        required=False,
        empty_label=_("no successor yet"),
    )

    def __init__(self, *args, framework: Framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["replaced_by"].queryset = Framework.objects.current().exclude(pk=framework.pk)


class CorrespondenceForm(forms.Form):
    """For each item of the retired framework, the successor's item that continues it."""

    def __init__(self, *args, framework: Framework, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.old_items = list(framework.items.all())
        current = framework.correspondence()
        successor = list(framework.replaced_by.items.all()) if framework.replaced_by else []
        choices = [("", "—")] + [(i.pk, f"{i.code} {i.title(language)[:70]}") for i in successor]
        self.by_pk = {i.pk: i for i in successor}
        for old in self.old_items:
            self.fields[f"item_{old.pk}"] = forms.TypedChoiceField(
                label=f"{old.code} {old.title(language)}",
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                initial=current[old.pk].pk if old.pk in current else "",
            )

    def pairs(self) -> dict[Item, Item | None]:
        return {
            old: self.by_pk.get(self.cleaned_data.get(f"item_{old.pk}")) for old in self.old_items
        }
