import json

from django.core.management.base import BaseCommand, CommandError

from migguide.operations.personal import erase_person, export_person


class Command(BaseCommand):
    help = "A person's data on request: export everything held about them, or erase it."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="Everything about a person, as JSON.")
        export.add_argument("--email", required=True)
        export.add_argument("--out", help="File to write (default: standard output)")
        erase = sub.add_parser(
            "erase",
            help="Erase a person: dossiers and history, consultation, account; "
            "withhold public files that name them (endorsed snapshots stay intact).",
        )
        erase.add_argument("--email", required=True)
        erase.add_argument("--yes", action="store_true", help="Do it (otherwise, say what).")

    def handle(self, *args, action, email, **options):
        if action == "export":
            text = json.dumps(export_person(email), ensure_ascii=False, indent=2)
            if options["out"]:
                with open(options["out"], "w", encoding="utf-8") as f:
                    f.write(text + "\n")
                self.stdout.write(f"Wrote what is held about {email} to {options['out']}")
            else:
                self.stdout.write(text)
            return
        if not options["yes"]:
            found = export_person(email)
            self.stdout.write(
                f"{len(found['accounts'])} accounts, {len(found['contacts'])} contacts, "
                f"{len(found['consultation']['answers_given'])} questionnaire answers; "
                f"published editions naming them: "
                f"{', '.join(found['published_editions_naming_them']) or 'none'}.\n"
                "Run again with --yes to erase."
            )
            return
        try:
            report = erase_person(email)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(str(report)))
