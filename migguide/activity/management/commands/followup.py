from django.core.management.base import BaseCommand, CommandError

from migguide.activity.tasks import send_followup_digests


class Command(BaseCommand):
    help = "Follow-up: e-mail each national coordinator a digest (run weekly from cron)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("digest", help="Send the digest to every coordinator concerned.")

    def handle(self, *args, action, **options):
        result = send_followup_digests.enqueue()
        if not result.is_finished:
            self.stdout.write(f"Queued as task {result.id}.")
            return
        if result.errors:
            raise CommandError(result.errors[-1].traceback)
        sent = result.return_value
        self.stdout.write(f"Sent {sent} follow-up digests.")
