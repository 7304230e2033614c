from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from migguide.dossier.models import Dossier
from migguide.guide.building import FORMATS, write_guides


class Command(BaseCommand):
    help = "Build a country's guide on the use of migration data as HTML, PDF and DOCX."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        build = sub.add_parser("build", help="Write the guide's files.")
        build.add_argument("--country", required=True, help="ISO 3166 alpha-3 code, e.g. SEN")
        build.add_argument(
            "--lang", default=None, help="Languages, comma-separated (default: the dossier's)"
        )
        build.add_argument(
            "--format",
            default=",".join(FORMATS),
            help=f"Formats, comma-separated, among {', '.join(FORMATS)}",
        )
        build.add_argument("--light", action="store_true", help="The 'at a glance' version only")
        build.add_argument(
            "--profile",
            action="store_true",
            help="The statistical profile (2–4 pages of figures) only",
        )
        build.add_argument(
            "--both",
            action="store_true",
            help="The full guide, 'at a glance' and the statistical profile",
        )
        build.add_argument("--out", default="out", help="Folder to write into (default out/)")

    def handle(self, *args, country, lang, format, light, profile, both, out, **options):
        dossier = (
            Dossier.objects.filter(country__iso3=country.upper()).select_related("country").first()
        )
        if dossier is None:
            raise CommandError(f"No dossier for {country.upper()}.")
        formats = [f.strip() for f in format.split(",") if f.strip()]
        unknown = [f for f in formats if f not in FORMATS]
        if unknown:
            raise CommandError(f"Unknown format {', '.join(unknown)}; use {', '.join(FORMATS)}.")
        languages = [x.strip() for x in lang.split(",")] if lang else (dossier.languages or ["en"])
        if both:
            versions = ("full", "glance", "profile")
        else:
            versions = ("glance",) if light else ("profile",) if profile else ("full",)
        built = write_guides(
            dossier, languages=languages, formats=formats, versions=versions, out=Path(out)
        )
        for b in built:
            self.stderr.write(f"  {b.path} ({b.size / 1024:.0f} KB)")
        self.stdout.write(self.style.SUCCESS(f"{len(built)} guide files written to {out}"))
