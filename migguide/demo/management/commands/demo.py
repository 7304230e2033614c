import secrets
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from migguide.access.models import Access, Role, User, grant_role
from migguide.countries import languages
from migguide.countries.models import Country
from migguide.countries.registry import load_registry
from migguide.demo.activity import activity_demo
from migguide.demo.consultation import consultation_demo
from migguide.demo.dossier import load_demo_dossier
from migguide.demo.editions import publish_demo_edition
from migguide.dossier.models import Dossier
from migguide.guide.building import FORMATS, VERSIONS, write_guides
from migguide.indicators.profile import load_demo_statistics
from migguide.publishing.site import build_site

# username, first name, last name, role in Senegal (None: consortium staff)
DEMO_USERS = [
    ("staff", "Claire", "Martin", None),
    ("coordinator", "Fatou", "Sow", Role.Kind.COORDINATOR),
    ("member", "Aminata", "Ndiaye", Role.Kind.MEMBER),
    ("reviewer", "Jean", "Dupont", Role.Kind.REVIEWER),
    ("endorser", "Mamadou", "Diagne", Role.Kind.ENDORSER),
]


class Command(BaseCommand):
    help = (
        "Set up the demonstration: database, country registry, the demonstration "
        "dossier of Senegal and one user per role; then serve the app."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="Stop after building.")
        parser.add_argument(
            "--addrport", default="127.0.0.1:8000", help="Where to serve (default 127.0.0.1:8000)."
        )
        parser.add_argument(
            "--out", default="out", help="Where to write the demonstration guides (default out/)."
        )

    def handle(self, *args, no_serve, addrport, out, **options):
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        self.step("Preparing the database")
        call_command("migrate", verbosity=0, interactive=False)
        self.step("Loading the country registry")
        self.stdout.write(f"  {load_registry()}")
        self.step("Loading the demonstration dossier of Senegal")
        self.stdout.write(f"  {load_demo_dossier()}")
        dossier = Dossier.objects.get(country__iso3="SEN")
        self.step("Loading published figures for Senegal (UN DESA, World Bank, UNHCR)")
        self.stdout.write(f"  {load_demo_statistics()} observations")
        self.step("Creating the demonstration users")
        passwords = self.users()
        self.step("Sending questionnaires and receiving answers to review")
        self.stdout.write(f"  {consultation_demo(dossier.country)}")
        self.step("Planning the timetable and holding a national workshop")
        self.stdout.write(f"  {activity_demo(dossier.country)}")
        self.step(f"Building the demonstration guides into {out}/")
        built = write_guides(
            dossier, languages=languages.codes(), formats=FORMATS, versions=VERSIONS, out=Path(out)
        )
        self.stdout.write(
            f"  {len(built)} files: full guide, 'at a glance' and statistical profile, "
            f"{', '.join(code.upper() for code in languages.codes())}, "
            f"{', '.join(f.upper() for f in FORMATS)}"
        )
        self.step("Taking the demonstration guide through review, endorsement and publication")
        self.stdout.write(f"  {publish_demo_edition(dossier.country)}")
        self.step(f"Building the public portal as static files into {out}/site/")
        self.stdout.write(f"  {build_site(Path(out) / 'site')}")
        if not settings.DEBUG:
            call_command("collectstatic", verbosity=0, interactive=False)
        self.stdout.write("\nDemonstration users (passwords are new at every run):")
        for username, password, role in passwords:
            self.stdout.write(f"  {username:<12} {password:<16} {role}")
        if no_serve:
            self.stdout.write(self.style.SUCCESS("Demonstration ready."))
            return
        self.stdout.write(
            self.style.SUCCESS(f"Demonstration ready: open http://{addrport}/ (Ctrl-C stops).")
        )
        # WhiteNoise serves the collected (hashed) static files; runserver's own static
        # handler would look them up unhashed and answer 404.
        call_command("runserver", addrport, use_reloader=False, use_static_handler=False)

    def step(self, text):
        self.stdout.write(self.style.MIGRATE_HEADING(f"• {text}"))

    @transaction.atomic
    def users(self):
        senegal = Country.objects.get(iso3="SEN")
        rows = []
        made = {}
        for username, first, last, kind in DEMO_USERS:
            user, _ = User.objects.get_or_create(username=username)
            password = secrets.token_urlsafe(9)
            user.set_password(password)
            user.first_name, user.last_name = first, last
            user.email = f"{username}@example.org"
            user.is_staff = kind is None
            user.save()
            Role.objects.filter(user=user).delete()
            made[username] = user
            if kind == Role.Kind.ENDORSER:
                # As the rule wants it: given by the coordinator, confirmed by staff.
                role = grant_role(
                    access=Access.of(made["coordinator"], senegal), user=user, kind=kind
                )
                role.confirm(access=Access.of(made["staff"], senegal))
            elif kind:
                Role.objects.create(user=user, country=senegal, kind=kind)
            rows.append((username, password, Role.Kind(kind).label if kind else "consortium staff"))
        return rows
