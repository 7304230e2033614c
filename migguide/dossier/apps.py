from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossierConfig(AppConfig):
    name = "migguide.dossier"
    verbose_name = _("Country dossiers")
