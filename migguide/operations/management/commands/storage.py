from django.core.management.base import BaseCommand, CommandError

from migguide.operations.storage import ALIASES, CopyRefused, copy_files


class Command(BaseCommand):
    help = (
        "Move the instance's files between this machine's folders and the object store: "
        "`migguide storage copy --to s3` copies PUBLISHED_DIR, SITE_DIR and MEDIA_ROOT into "
        "the S3 storage of the settings and verifies each object's SHA-256; `--to local` "
        "is the way back."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        copy = sub.add_parser("copy", help="Copy the files, then verify every copy.")
        copy.add_argument("--to", required=True, choices=["s3", "local"])
        copy.add_argument(
            "--only",
            choices=ALIASES,
            action="append",
            help="One storage only (published, site or default); may be repeated.",
        )

    def handle(self, *args, action, to, only=None, **options):
        verbose = options["verbosity"] > 1
        try:
            report = copy_files(
                to=to,
                aliases=only or ALIASES,
                progress=(lambda name: self.stdout.write(f"  {name}")) if verbose else None,
            )
        except CopyRefused as error:
            raise CommandError(str(error)) from None
        self.stdout.write(str(report))
