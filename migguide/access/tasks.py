"""Background tasks of access: the weekly digest, run by cron through
`migguide todo digest` (queued for a worker when tasks are queued in the database)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_todo_digests() -> int:
    """Each person who asked for it gets their to-do list by e-mail (`todo.digest`).
    Returns the number of e-mails sent."""
    from .todo import digest

    return digest()
