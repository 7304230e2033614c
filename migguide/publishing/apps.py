from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "migguide.publishing"
    verbose_name = _("Public portal")

    def ready(self):
        # What is public changed: the static site is rebuilt (publishing.tasks).
        from django.db.models.signals import post_save

        from migguide.editions.models import Event
        from migguide.indicators.models import Release
        from migguide.operations.models import Erasure

        post_save.connect(_edition_moved, sender=Event, dispatch_uid="publishing.site.event")
        for model in (Release, Erasure):
            post_save.connect(
                _public_data_saved, sender=model, dispatch_uid=f"publishing.site.{model.__name__}"
            )


PUBLIC_MOVES = ("publish", "publish-unendorsed", "supersede")


def _edition_moved(sender, instance, created, **kwargs):
    if created and instance.action in PUBLIC_MOVES:
        from .tasks import public_data_changed

        public_data_changed()


def _public_data_saved(sender, instance, created, **kwargs):
    if created:
        from .tasks import public_data_changed

        public_data_changed()
