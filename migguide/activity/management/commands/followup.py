from django.core.management.base import BaseCommand

from migguide.access.tasks import run_from_command
from migguide.activity.tasks import send_followup_digests


class Command(BaseCommand):
    help = "Follow-up: e-mail each national coordinator a digest (run weekly from cron)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("digest", help="Send the digest to every coordinator concerned.")

    def handle(self, *args, action, **options):
        run_from_command(self, send_followup_digests, "Sent %s follow-up digests.")
