from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running an instance: backups and restores, webhooks, the task workers."""

    name = "migguide.operations"
    verbose_name = _("Operations")

    def ready(self):
        from . import webhooks  # noqa: F401  (connects the edition moves to the hooks)
