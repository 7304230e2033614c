from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationConfig(AppConfig):
    name = "migguide.consultation"
    verbose_name = _("Consultation")

    def ready(self):
        from django.template.loader import render_to_string

        from migguide.dossier.views import ENTRY_PANELS

        from .review import provenance_of

        def provenance(entry) -> str:
            found = provenance_of(entry)
            if not found:
                return ""
            return render_to_string(
                "consultation/_provenance.html",
                {"provenance": found, "dossier": entry.dossier},
            )

        # An entry's page says which accepted answers it came from.
        ENTRY_PANELS.append(provenance)

        from migguide.access.todo import TODO_PROVIDERS

        from .todo import answers_to_review

        # The home's to-do list: answers waiting for a decision.
        TODO_PROVIDERS.append(answers_to_review)
