from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def create_cache_table(sender, using="default", verbosity=1, **kwargs):
    """CACHE_URL=db://TABLE: `migguide migrate` creates the table (if missing), so
    that every way an instance is set up — `make demo`, a deployment, the cluster
    check — has it; nothing happens for the other caches."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class OperationsConfig(AppConfig):
    """Running an instance: backups and restores, storage, readiness, webhooks, the task
    workers."""

    name = "migguide.operations"
    verbose_name = _("Operations")

    def ready(self):
        from . import webhooks  # noqa: F401  (connects the edition moves to the hooks)

        post_migrate.connect(create_cache_table, sender=self)
