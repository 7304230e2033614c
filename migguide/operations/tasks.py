"""Background tasks of running an instance: webhook deliveries."""

from __future__ import annotations

from django_tasks import task


@task()
def deliver_webhooks(event_pk: int, event: str) -> int:
    """Make and try the deliveries of one edition move (`webhooks.deliver_new`), once
    the move is committed; safe to run again. Returns the number of deliveries made."""
    from .webhooks import deliver_new

    return len(deliver_new(event_pk, event))
