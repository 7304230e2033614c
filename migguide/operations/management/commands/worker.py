from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.crypto import get_random_string

from migguide.operations.workers import Worker


class Command(BaseCommand):
    help = (
        "Run queued background tasks (publications, the static site, imports, e-mails, "
        "webhooks) when TASKS_BACKEND=database; leave after --max-tasks tasks so that the "
        "supervisor (systemd) starts a fresh process."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--max-tasks",
            type=int,
            default=settings.WORKER_MAX_TASKS,
            help="Tasks to run before leaving (default WORKER_MAX_TASKS, %(default)s).",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds between two looks at an empty queue (default %(default)s).",
        )
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then leave.")
        parser.add_argument("--queue", default="default", help="Queue(s), comma-separated.")
        parser.add_argument("--worker-id", default="", help="A name unique among workers.")
        parser.add_argument(
            "--no-warm-up",
            action="store_true",
            help="Take tasks at once, without first rendering a guide to load the writers.",
        )

    def handle(self, *args, max_tasks, interval, batch, queue, worker_id, no_warm_up, **options):
        if settings.TASKS_BACKEND != "database":
            raise CommandError(
                "TASKS_BACKEND is not 'database': tasks run at once in the process that "
                "asks for them, there is nothing for a worker to do."
            )
        if max_tasks < 1:
            raise CommandError("--max-tasks must be at least 1.")
        worker = Worker(
            queue_names=queue.split(","),
            interval=interval,
            batch=batch,
            backend_name="default",
            startup_delay=not batch,
            max_tasks=max_tasks,
            worker_id=worker_id or get_random_string(32),
            excluded_queue_names=[],
            warm_up=not no_warm_up,
        )
        worker.configure_signals()
        self.stdout.write(f"worker {worker.worker_id}: up to {max_tasks} tasks")
        worker.run()
        self.stdout.write(f"worker {worker.worker_id}: {worker._run_tasks} tasks run, leaving")
