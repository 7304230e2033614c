from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivityConfig(AppConfig):
    name = "migguide.activity"
    verbose_name = _("Running the activity")

    def ready(self):
        from migguide.guide.building import GUIDE_DATA

        from .workshops import method_data

        # The guide's method annex: the workshops held, frozen with every edition.
        GUIDE_DATA["workshops"] = lambda dossier: method_data(dossier.country)

        from migguide.access.todo import TODO_PROVIDERS

        from .todo import overdue_phases

        # The home's to-do list: late phases of the timetable.
        TODO_PROVIDERS.append(overdue_phases)
