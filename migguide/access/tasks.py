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


def run_from_command(command, task, done: str) -> None:
    """A task started by a management command (cron): says "Queued as task …" when a
    worker will run it, else `done` with the task's return value (`%s`); a task that
    failed here and now fails the command with its traceback."""
    from django.core.management.base import CommandError

    result = task.enqueue()
    if not result.is_finished:
        command.stdout.write(f"Queued as task {result.id}.")
        return
    if result.errors:
        raise CommandError(result.errors[-1].traceback)
    command.stdout.write(done % result.return_value)
