import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from migguide.commitments import documents, rounds
from migguide.commitments.models import CommitmentError, Round
from migguide.countries import languages
from migguide.countries.models import Dialogue


class Command(BaseCommand):
    help = "Senior Officials' Meeting rounds: open, freeze, report."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        opened = sub.add_parser("open", help="Open a round.")
        opened.add_argument("--name", required=True)
        opened.add_argument("--meeting", type=datetime.date.fromisoformat, required=True)
        opened.add_argument("--freeze", type=datetime.date.fromisoformat, required=True)
        frozen = sub.add_parser("freeze", help="Fix each country's shared edition for a round.")
        frozen.add_argument("--round", type=int, required=True)
        report = sub.add_parser("report", help="Write a round's synthesis (HTML, PDF or DOCX).")
        report.add_argument("--round", type=int, required=True)
        report.add_argument(
            "--language", "--lang", dest="lang", choices=languages.codes(), default="en"
        )
        report.add_argument("--format", choices=list(documents.WRITERS), default="html")
        report.add_argument("--since", type=int, help="An earlier round to compare with.")
        report.add_argument("--out", required=True)

    def handle(self, *args, action, **options):
        if action == "open":
            r = Round.objects.create(
                name=options["name"],
                meeting_date=options["meeting"],
                freeze_date=options["freeze"],
            )
            self.stdout.write(f"Opened round {r.pk}: {r.name}.")
            return
        if action == "report":
            try:
                data = rounds.report(
                    options["round"],
                    language=options["lang"],
                    fmt=options["format"],
                    since=options["since"],
                )
            except CommitmentError as error:
                raise CommandError(str(error)) from error
            Path(options["out"]).write_bytes(data)
            self.stdout.write(
                f"Wrote the synthesis of round {options['round']} "
                f"({options['format']}, {options['lang']}) to {options['out']}"
            )
            return
        r = Round.objects.filter(pk=options["round"]).first()
        if r is None:
            raise CommandError(f"No round {options['round']}.")
        dialogue = Dialogue.objects.filter(is_default=True).first()
        if dialogue is None:
            raise CommandError("No dialogue: run `migguide countries load` first.")
        try:
            n = rounds.freeze(r, dialogue)
        except CommitmentError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Froze {r.name}: {n} countries' shared editions.")
