from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from migguide.operations.backups import RestoreRefused, restore


class Command(BaseCommand):
    help = (
        "Restore an archive written by `migguide backup` into an empty database (it is "
        "migrated first) and the published storage (the folder, or the object store when "
        "S3_BUCKET is set). Refused over existing data."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")

    def handle(self, *args, archive, **options):
        call_command("migrate", verbosity=0, interactive=False)
        try:
            self.stdout.write(restore(archive))
        except RestoreRefused as error:
            raise CommandError(str(error)) from None
