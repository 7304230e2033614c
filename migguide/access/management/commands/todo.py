from django.core.management.base import BaseCommand

from migguide.access.tasks import run_from_command, send_todo_digests


class Command(BaseCommand):
    help = "To-do lists: e-mail them to everyone who asked for the weekly e-mail (run weekly)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("digest", help="Send each person who asked for it their to-do list.")

    def handle(self, *args, action, **options):
        run_from_command(self, send_todo_digests, "Sent %s to-do e-mails.")
