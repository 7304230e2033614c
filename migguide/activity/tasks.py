"""Background tasks of activity: the weekly digest, run by cron through
`migguide followup digest` (queued for a worker when tasks are queued in the database)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_followup_digests() -> int:
    """Each national coordinator concerned gets the follow-up digest (`followup.digest`).
    Returns the number of e-mails sent."""
    from .followup import digest

    return digest()
