import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from migguide.countries.models import Country
from migguide.dossier import translation_files
from migguide.dossier.models import Dossier
from migguide.files.problems import ImportRefused


class Command(BaseCommand):
    help = (
        "Export a dossier's texts with their translations into one language as XLIFF 2.1 "
        "or PO, for translators' tools, or import such a file back."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="Write the texts to translate into a language.")
        export.add_argument("--country", required=True, help="ISO 3166 alpha-3 code, e.g. SEN")
        export.add_argument("--lang", required=True, help="The language to translate into, e.g. en")
        export.add_argument("--format", choices=translation_files.FORMATS, default="xliff")
        export.add_argument("--out", help="File to write (default: standard output)")
        imp = sub.add_parser("import", help="Import a translated XLIFF or PO file.")
        imp.add_argument("file")
        imp.add_argument("--country", help="Refuse the file unless it is this country's")

    def handle(self, *args, action, **options):
        if action == "export":
            return self.export(options)
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        country = None
        if options["country"]:
            country = Country.objects.filter(iso3=options["country"].upper()).first()
            if country is None:
                raise CommandError(f"Unknown country {options['country']}.")
        try:
            report = translation_files.import_file(str(path), content, country=country)
        except ImportRefused as refused:
            raise CommandError(str(refused)) from None
        style = self.style.WARNING if report.refused else self.style.SUCCESS
        self.stdout.write(style(str(report)))

    def export(self, options):
        iso3 = options["country"].upper()
        dossier = Dossier.objects.filter(country__iso3=iso3).select_related("country").first()
        if dossier is None:
            raise CommandError(f"No dossier for {iso3}.")
        try:
            exported = translation_files.export_file(dossier, options["lang"], options["format"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        if options["out"]:
            Path(options["out"]).write_bytes(exported.content)
            self.stderr.write(
                f"Exported {exported.units} texts of {iso3} to translate into "
                f"{options['lang']} to {options['out']}"
            )
        else:
            sys.stdout.buffer.write(exported.content)
