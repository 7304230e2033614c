from django.core.management.base import BaseCommand, CommandError

from migguide.files.problems import ImportRefused
from migguide.indicators.importing import READERS, import_file


class Command(BaseCommand):
    help = (
        "Import a publisher's statistics file: undesa (International Migrant Stock "
        "workbook), worldbank (indicator download: .xls, .xlsx, .csv or data package), "
        "unhcr (population statistics CSV), bilateral (origin × destination stock CSV)."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(READERS))
        parser.add_argument("file")
        parser.add_argument("--edition", help="Name the edition when the file does not.")

    def handle(self, *args, kind, file, edition, **options):
        self.stderr.write(f"Reading {file} …")
        try:
            report = import_file(kind, file, edition=edition)
        except ImportRefused as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write(self.style.SUCCESS(str(report)))
