from django.core.management.base import BaseCommand

from migguide.operations.webhooks import deliver_due


class Command(BaseCommand):
    help = "Webhooks: `migguide webhooks deliver` tries the deliveries whose time has come."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("deliver", help="Try again the deliveries due (run it every minute).")

    def handle(self, *args, action, **options):
        self.stdout.write(f"{deliver_due()} deliveries tried")
