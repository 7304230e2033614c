from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from migguide.countries.models import Country

from . import webhooks
from .models import Webhook


class WebhookForm(forms.ModelForm):
    url = forms.URLField(label=_("address"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        label=_("Tell it when"),
        choices=Webhook.Event.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[Webhook.Event.PUBLISHED],
    )

    class Meta:
        model = Webhook
        fields = ["country", "url", "events"]

    def __init__(self, *args, countries, every_country: bool, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["country"]
        field.queryset = Country.objects.filter(pk__in=[c.pk for c in countries])
        field.label = _("Country")
        field.required = not every_country
        field.empty_label = _("Every country of the dialogue") if every_country else None
        field.help_text = ""
        self.fields["url"].help_text = _(
            "The address that receives a signed POST (JSON) at each event, e.g. "
            "https://data.example.org/hooks/migguide"
        )

    def clean_url(self):
        url = self.cleaned_data["url"]
        webhooks.check_url(url)
        return url
