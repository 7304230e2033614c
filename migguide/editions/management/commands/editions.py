from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from migguide.access.work import progress_of
from migguide.editions.models import Edition
from migguide.editions.tasks import queue_publication


class Command(BaseCommand):
    help = "Editions of the guides: list them, or apply the dialogue's publication rule."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="Every edition with its state.")
        listing.add_argument("--country", help="ISO 3166 alpha-3 code, e.g. SEN")
        sub.add_parser(
            "apply-rules",
            help=(
                "Publish, marked as not endorsed, the editions left waiting for "
                "endorsement longer than the dialogue's rule allows (run it daily; "
                "does nothing when the rule is off)."
            ),
        )

    def handle(self, *args, action, **options):
        if action == "list":
            editions = Edition.objects.select_related("country").order_by("country__iso3", "number")
            if options.get("country"):
                editions = editions.filter(country__iso3=options["country"].upper())
            for e in editions:
                flag = " (not endorsed)" if e.unendorsed else ""
                self.stdout.write(
                    f"{e.country.iso3} {e.number:>3}  {e.state:<10}{flag}  "
                    f"{','.join(e.languages)}  {e.sha256[:12] or '-'}"
                )
            return
        # Each publication is a background task (rendered by a worker when tasks are
        # queued in the database, here and now otherwise).
        published = queued = 0
        for edition in Edition.objects.overdue_for_endorsement().select_related("country"):
            result = queue_publication(edition, access=None, language=settings.LANGUAGE_CODE)
            label = f"{edition.country.iso3} edition {edition.number}"
            if not result.is_finished:
                queued += 1
                self.stdout.write(f"{label}: publication queued as task {result.id}")
                continue
            progress = progress_of(result)
            if not progress.ok:
                raise CommandError(f"{edition}: {progress.message}")
            published += 1
            self.stdout.write(f"{label}: published, not endorsed")
        if queued:
            self.stdout.write(
                f"{queued} edition(s) queued for publication under the dialogue's rule"
            )
        else:
            self.stdout.write(f"{published} edition(s) published under the dialogue's rule")
