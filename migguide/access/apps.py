from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "migguide.access"
    verbose_name = _("People and roles")

    def ready(self):
        from . import checks  # noqa: F401  (registers the deployment checks)
