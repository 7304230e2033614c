from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditionsConfig(AppConfig):
    name = "migguide.editions"
    verbose_name = _("Editions")

    def ready(self):
        from migguide.access.todo import TODO_PROVIDERS

        from .todo import editions_to_act_on

        # The home's to-do list: editions to review, endorse or publish, open comments.
        TODO_PROVIDERS.append(editions_to_act_on)
