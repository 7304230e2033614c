from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from migguide.activity import som
from migguide.countries.models import Dialogue


class Command(BaseCommand):
    help = "The Senior Officials' Meeting synthesis, from what each country agreed to share."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        report = sub.add_parser("report", help="Write the synthesis.")
        report.add_argument("--format", choices=list(som.WRITERS), default="pdf")
        report.add_argument(
            "--lang", choices=[code for code, _name in settings.LANGUAGES], default="en"
        )
        report.add_argument("--out", required=True)

    def handle(self, *args, action, **options):
        dialogue = Dialogue.objects.filter(is_default=True).first()
        if dialogue is None:
            raise CommandError("No dialogue: run `migguide countries load` first.")
        synthesis = som.build(dialogue, options["lang"])
        data = som.WRITERS[options["format"]](synthesis)
        Path(options["out"]).write_bytes(data)
        self.stdout.write(
            f"Wrote the synthesis ({options['format']}, {options['lang']}): "
            f"{len(synthesis.countries)} countries, {synthesis.included} sharing an edition, "
            f"to {options['out']}"
        )
