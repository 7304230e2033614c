from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from migguide.files.problems import ImportRefused
from migguide.indicators.importing import READERS, import_file
from migguide.indicators.tasks import queue_import


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
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Store the file and leave its import to a task worker (TASKS_BACKEND=database).",
        )

    def handle(self, *args, kind, file, edition, queue, **options):
        if queue:
            result = queue_import(kind, file, edition=edition)
            if settings.TASKS_BACKEND == "database":
                self.stdout.write(f"{file}: import queued as task {result.id}")
                return
            outcome = result.return_value
            if not outcome["ok"]:
                raise CommandError(outcome["report"])
            self.stdout.write(self.style.SUCCESS(outcome["report"]))
            return
        self.stderr.write(f"Reading {file} …")
        try:
            report = import_file(kind, file, edition=edition)
        except ImportRefused as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write(self.style.SUCCESS(str(report)))
