from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from migguide.dossier.models import Institution
from migguide.files.text import CleanTextForm

from .models import Dispatch
from .questionnaires import FORM_CHOICES


class SendForm(CleanTextForm, forms.Form):
    """Send a questionnaire to an institution of the dossier, or to one not yet in it."""

    institution = forms.ModelChoiceField(
        Institution.objects.none(),
        label=_("institution"),
        required=False,
        empty_label=_("— an institution not yet in the dossier —"),
    )
    new_institution = forms.CharField(
        label=_("name of the institution not yet in the dossier"), max_length=300, required=False
    )
    form = forms.ChoiceField(label=_("questionnaire"), choices=FORM_CHOICES)
    channel = forms.ChoiceField(label=_("sent as"), choices=Dispatch.Channel.choices)
    language = forms.ChoiceField(label=_("language"), choices=settings.LANGUAGES)
    sent_to = forms.EmailField(
        label=_("e-mail of the respondent"),
        required=False,
        help_text=_("For a web form the secret link is e-mailed there."),
    )

    def __init__(self, *args, dossier, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = Institution.objects.filter(dossier=dossier)

    def clean(self):
        data = super().clean()
        if not data.get("institution") and not (data.get("new_institution") or "").strip():
            raise forms.ValidationError(
                _("Choose an institution of the dossier or name a new one.")
            )
        return data


class UploadForm(CleanTextForm, forms.Form):
    file = forms.FileField(
        label=_("answers file"),
        help_text=_(
            "The filled workbook, a KoboToolbox export (XLS or XLSX) or an ODK Central "
            "export (ZIP of CSV files)."
        ),
    )
