import sys

from django.core.management.base import BaseCommand, CommandError

from migguide.dossier import exchange
from migguide.dossier.models import Dossier


class Command(BaseCommand):
    help = "Export a country's dossier as JSON, or import one (all or nothing)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="Write a country's whole dossier as JSON.")
        export.add_argument("--country", required=True, help="ISO 3166 alpha-3 code, e.g. SEN")
        export.add_argument("--format", choices=["json"], default="json")
        export.add_argument("--out", help="File to write (default: standard output)")
        imp = sub.add_parser("import", help="Import a dossier export.")
        imp.add_argument("file")
        imp.add_argument(
            "--replace", action="store_true", help="Replace the country's existing dossier entries."
        )

    def handle(self, *args, action, **options):
        if action == "export":
            return self.export(options)
        try:
            report = exchange.import_file(options["file"], replace=options["replace"])
        except exchange.ImportRefused as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write(self.style.SUCCESS(str(report)))

    def export(self, options):
        iso3 = options["country"].upper()
        dossier = Dossier.objects.filter(country__iso3=iso3).select_related("country").first()
        if dossier is None:
            raise CommandError(f"No dossier for {iso3}.")
        data = exchange.export_dossier(dossier)
        text = exchange.dumps(data)
        if options["out"]:
            with open(options["out"], "w", encoding="utf-8") as f:
                f.write(text)
            entries = sum(len(v) for v in data.values() if isinstance(v, list))
            self.stderr.write(
                f"Exported the dossier of {iso3} ({entries} entries) to {options['out']}"
            )
        else:
            sys.stdout.write(text)
