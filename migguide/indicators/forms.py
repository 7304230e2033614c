from django import forms
from django.utils.translation import gettext_lazy as _

from migguide.files.text import CleanTextForm

from .models import Indicator, Observation


class NationalFigureForm(CleanTextForm, forms.Form):
    """A national figure entered by hand, shown beside the international ones."""

    indicator = forms.ModelChoiceField(Indicator.objects.all(), label=_("Indicator"))
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100)
    sex = forms.ChoiceField(label=_("Sex"), choices=Observation.Sex.choices, required=False)
    value = forms.FloatField(label=_("Value"))
    publisher = forms.CharField(
        label=_("Source"), max_length=200, help_text=_("Who published the figure, e.g. ANSD.")
    )
    edition = forms.CharField(
        label=_("Publication"),
        max_length=200,
        help_text=_("For example: Situation économique et sociale 2022."),
    )
