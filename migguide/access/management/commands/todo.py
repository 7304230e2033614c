from django.core.management.base import BaseCommand, CommandError

from migguide.access.tasks import send_todo_digests


class Command(BaseCommand):
    help = "To-do lists: e-mail them to everyone who asked for the weekly e-mail (run weekly)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("digest", help="Send each person who asked for it their to-do list.")

    def handle(self, *args, action, **options):
        result = send_todo_digests.enqueue()
        if not result.is_finished:
            self.stdout.write(f"Queued as task {result.id}.")
            return
        if result.errors:
            raise CommandError(result.errors[-1].traceback)
        sent = result.return_value
        self.stdout.write(f"Sent {sent} to-do e-mails.")
