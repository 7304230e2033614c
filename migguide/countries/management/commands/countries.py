from django.core.management.base import BaseCommand

from migguide.countries.registry import load_registry


class Command(BaseCommand):
    help = (
        "The country registry. `countries load` loads every ISO 3166 country and the Rabat Process."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("load", help="Load or update the countries and the Rabat Process.")

    def handle(self, *args, action, **options):
        report = load_registry()
        self.stdout.write(self.style.SUCCESS(str(report)))
