from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    name = "migguide.commitments"
    verbose_name = _("Commitments of the dialogue")

    def ready(self):
        from migguide.guide.building import GUIDE_DATA

        from .models import Tag

        # The framework items each entry serves, frozen with every edition: what the
        # rounds' synthesis reads, never the live dossier.
        GUIDE_DATA["commitments"] = Tag.frozen_data

        from migguide.activity.som import ROUND_REPORT

        # `migguide som report --round`: the activity's command writes a round's
        # synthesis without importing this app.
        ROUND_REPORT["commitments"] = _round_report

        from migguide.activity.workshops import CAPTURE_FIELDS, CaptureField

        from .forms import capture_field, save_captured

        # A workshop's capture forms: the facilitator tags an entry as it is captured.
        CAPTURE_FIELDS["commitments"] = CaptureField(field=capture_field, save=save_captured)

        from migguide.consultation.prefill import CHOICE_HINTS
        from migguide.consultation.questionnaires import RECOMMENDATION_REF

        # The follow-up questionnaire: each recommendation offered carries the codes of
        # the framework items it serves.
        CHOICE_HINTS.setdefault(RECOMMENDATION_REF, []).append(Tag.codes_by_choice)


def _round_report(round_id: int, **options) -> bytes:
    from .models import CommitmentError
    from .rounds import report

    try:
        return report(round_id, **options)
    except CommitmentError as error:
        raise ValueError(str(error)) from error
