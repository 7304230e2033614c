from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from migguide.activity import som
from migguide.countries import languages
from migguide.countries.models import Dialogue


class Command(BaseCommand):
    help = "The Senior Officials' Meeting synthesis, from what each country agreed to share."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        report = sub.add_parser(
            "report",
            help="Write the synthesis: the activity's progress, or with --round a SOM "
            "round's synthesis against the dialogue's commitments.",
        )
        report.add_argument("--format", choices=list(som.WRITERS), default="pdf")
        report.add_argument(
            "--language", "--lang", dest="lang", choices=languages.codes(), default="en"
        )
        report.add_argument("--round", type=int, help="A frozen SOM round (its number).")
        report.add_argument(
            "--since", type=int, help="With --round: an earlier frozen round to compare with."
        )
        report.add_argument("--out", required=True)

    def handle(self, *args, action, **options):
        if options["round"] is not None:
            self._round(**options)
            return
        if options["since"] is not None:
            raise CommandError("--since compares two rounds: give --round too.")
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

    def _round(self, *, round, since, lang, out, **options):  # noqa: A002 -- the option's name
        writer = som.ROUND_REPORT.get("commitments")
        if writer is None:
            raise CommandError("The commitments app is not installed: no round to report.")
        try:
            data = writer(round, language=lang, fmt=options["format"], since=since)
        except ValueError as error:
            raise CommandError(str(error)) from error
        Path(out).write_bytes(data)
        self.stdout.write(
            f"Wrote the synthesis of round {round} ({options['format']}, {lang}) to {out}"
        )
