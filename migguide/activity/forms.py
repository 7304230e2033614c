from django import forms
from django.utils.translation import gettext_lazy as _

from migguide.access.models import Access, Permission, User
from migguide.dossier.models import Institution
from migguide.files.text import CleanTextForm

from .models import Participant, Schedule, Workshop

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ScheduleForm(CleanTextForm, forms.ModelForm):
    class Meta:
        model = Schedule
        fields = ["planned_start", "planned_end", "actual_start", "actual_end", "note"]
        widgets = dict.fromkeys(fields[:4], DATE)


class WorkshopForm(CleanTextForm, forms.ModelForm):
    class Meta:
        model = Workshop
        fields = ["kind", "title", "starts_on", "ends_on", "place", "agenda"]
        widgets = {"starts_on": DATE, "ends_on": DATE}


class ParticipantForm(CleanTextForm, forms.ModelForm):
    class Meta:
        model = Participant
        fields = ["name", "institution", "organisation", "role", "email", "user"]
        labels = {"user": _("account (for a facilitator)")}

    def __init__(self, *args, workshop: Workshop, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.workshop = workshop
        # Only the country's own institutions and people are offered; anything else
        # posted is refused by the field (and by the model).
        self.fields["institution"].queryset = Institution.objects.filter(
            dossier__country=workshop.country
        )
        editors = [
            u.pk
            for u in User.objects.filter(roles__country=workshop.country).distinct()
            if Access.of(u, workshop.country).can(Permission.EDIT)
        ]
        self.fields["user"].queryset = User.objects.filter(pk__in=editors)
        self.fields["user"].required = False
