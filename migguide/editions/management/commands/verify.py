from django.core.management.base import BaseCommand, CommandError

from migguide.editions.publishing import verify_file, verify_stored


class Command(BaseCommand):
    help = (
        "Tell whether a PDF, DOCX or HTML file is an unaltered published edition of a "
        "guide, and which. Exit status 0 if it is, 1 if not. With --stored: check every "
        "published file in the storage (folder or object store) against its hash."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", metavar="FILE")
        parser.add_argument(
            "--stored",
            action="store_true",
            help="Check every published file as the configured storage holds it.",
        )

    def handle(self, *args, files, stored=False, **options):
        if not files and not stored:
            raise CommandError("Name a file to verify, or use --stored.")
        verdicts = [verify_file(path) for path in files]
        if stored:
            verdicts += verify_stored()
        failed = 0
        for verdict in verdicts:
            (self.stdout if verdict.ok else self.stderr).write(verdict.message)
            failed += not verdict.ok
        if failed:
            raise CommandError(f"{failed} of {len(verdicts)} file(s) are not published editions")
        if stored:
            self.stdout.write(f"{len(verdicts)} file(s) verified")
