from django.core.management.base import BaseCommand

from migguide.activity.followup import digest


class Command(BaseCommand):
    help = "Follow-up: e-mail each national coordinator a digest (run weekly from cron)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("digest", help="Send the digest to every coordinator concerned.")

    def handle(self, *args, action, **options):
        sent = digest()
        self.stdout.write(f"Sent {sent} follow-up digests.")
