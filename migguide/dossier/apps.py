from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossierConfig(AppConfig):
    name = "migguide.dossier"
    verbose_name = _("Country dossiers")

    def ready(self):
        from migguide.access.todo import TODO_PROVIDERS

        from .todo import translations_to_do

        # The home's to-do list: translations missing or outdated.
        TODO_PROVIDERS.append(translations_to_do)
