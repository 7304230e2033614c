from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from migguide.consultation import exporting, importing
from migguide.consultation.questionnaires import LANGUAGES
from migguide.dossier.models import Dossier, Institution


class Command(BaseCommand):
    help = "Export a pre-filled questionnaire, or import answers (they await review)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="Write a questionnaire, pre-filled.")
        export.add_argument("--country", required=True, help="ISO 3166 alpha-3 code, e.g. SEN")
        export.add_argument(
            "--institution",
            help="The institution: its number in the dossier, its id (uid), name or acronym",
        )
        export.add_argument("--form", choices=["authority", "department"], default="authority")
        export.add_argument("--format", choices=list(exporting.WRITERS), default="xlsx")
        export.add_argument("--language", choices=LANGUAGES, default="fr")
        export.add_argument("--out", required=True)
        imp = sub.add_parser("import", help="Import answers: our workbook, Kobo or ODK export.")
        imp.add_argument("file")
        imp.add_argument("--country", required=True)

    def _dossier(self, iso3: str) -> Dossier:
        dossier = (
            Dossier.objects.filter(country__iso3=iso3.upper()).select_related("country").first()
        )
        if dossier is None:
            raise CommandError(f"No dossier for {iso3.upper()}.")
        return dossier

    def handle(self, *args, action, **options):
        dossier = self._dossier(options["country"])
        if action == "import":
            try:
                report = importing.import_file(options["file"], country=dossier.country)
            except importing.ImportRefused as refused:
                raise CommandError(f"Nothing imported.\n{refused}") from None
            self.stdout.write(self.style.SUCCESS(str(report)))
            return
        institution = None
        if options["institution"]:
            institution = find_institution(dossier, options["institution"])
        doc = exporting.document(
            dossier=dossier,
            form=options["form"],
            institution=institution,
            language=options["language"],
        )
        data = exporting.render(doc, options["format"])
        Path(options["out"]).write_bytes(data)
        self.stdout.write(
            f"Wrote the {options['form']} questionnaire ({options['format']}, "
            f"version {doc.questionnaire.version}) for "
            f"{doc.institution_name or dossier.country.iso3} to {options['out']}"
        )


def find_institution(dossier: Dossier, ref: str) -> Institution:
    qs = Institution.objects.filter(dossier=dossier)
    ref = ref.strip()
    found = None
    if ref.isdigit():
        found = qs.filter(pk=int(ref)).first()
    if found is None:
        try:
            found = qs.filter(uid=ref).first()
        except Exception:  # not a UUID
            found = None
    if found is None:
        found = qs.filter(acronym__iexact=ref).first() or qs.filter(name__iexact=ref).first()
    if found is None:
        raise CommandError(f"No institution {ref!r} in the dossier of {dossier.country.iso3}.")
    return found
