from django.core.management.base import BaseCommand, CommandError

from migguide.editions.publishing import verify_file


class Command(BaseCommand):
    help = (
        "Tell whether a PDF, DOCX or HTML file is an unaltered published edition of a "
        "guide, and which. Exit status 0 if it is, 1 if not."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")

    def handle(self, *args, files, **options):
        failed = 0
        for path in files:
            verdict = verify_file(path)
            (self.stdout if verdict.ok else self.stderr).write(verdict.message)
            failed += not verdict.ok
        if failed:
            raise CommandError(f"{failed} of {len(files)} file(s) are not published editions")
