from django.core.management.base import BaseCommand

from migguide.commitments import frameworks


class Command(BaseCommand):
    help = "The policy frameworks commitments are tracked against."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("load", help="Load or update the frameworks from the app's CSV files.")

    def handle(self, *args, action, **options):
        loaded = frameworks.load()
        self.stdout.write(
            f"Loaded {loaded.frameworks} frameworks, {loaded.items} items ({loaded.created} new)."
        )
