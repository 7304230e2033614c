from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivityConfig(AppConfig):
    name = "migguide.activity"
    verbose_name = _("Running the activity")
