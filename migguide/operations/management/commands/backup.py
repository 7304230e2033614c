from django.core.management.base import BaseCommand

from migguide.operations.backups import backup


class Command(BaseCommand):
    help = (
        "Write the whole instance — countries, people, dossiers and their history, "
        "statistics, editions, endorsements, published files — into one archive."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="The archive to write (.zip)")

    def handle(self, *args, out, **options):
        self.stdout.write(str(backup(out)))
