import secrets
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from migguide.access.models import Access, Role, User, grant_role
from migguide.countries.models import Country, Dialogue
from migguide.countries.registry import load_registry
from migguide.demo.activity import activity_demo, plan_timetable
from migguide.demo.commitments import rounds_demo, tag_demo
from migguide.demo.consultation import consultation_demo
from migguide.demo.dossier import DOSSIERS, load_demo_dossier
from migguide.demo.editions import publish_demo_edition
from migguide.dossier.models import Dossier
from migguide.guide.building import FORMATS, VERSIONS, write_guides
from migguide.indicators.profile import DEMO_COUNTRIES, load_demo_statistics
from migguide.publishing.site import build_site

# username, first name, last name, role (None: consortium staff), country of the role
DEMO_USERS = [
    ("staff", "Claire", "Martin", None, ""),
    ("coordinator", "Fatou", "Sow", Role.Kind.COORDINATOR, "SEN"),
    ("member", "Aminata", "Ndiaye", Role.Kind.MEMBER, "SEN"),
    ("reviewer", "Jean", "Dupont", Role.Kind.REVIEWER, "SEN"),
    ("endorser", "Mamadou", "Diagne", Role.Kind.ENDORSER, "SEN"),
    ("coordenadora", "Ana", "Lopes Tavares", Role.Kind.COORDINATOR, "CPV"),
    ("revisor", "Rui", "Fonseca", Role.Kind.REVIEWER, "CPV"),
    ("autoridade", "Helena", "Monteiro", Role.Kind.ENDORSER, "CPV"),
]


class Command(BaseCommand):
    help = (
        "Set up the demonstration: database, country registry, the demonstration "
        "dossiers of Senegal and Cabo Verde and one user per role; then serve the app."
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
        self.step("Loading the demonstration dossiers of Senegal and Cabo Verde")
        for iso3 in DOSSIERS:
            self.stdout.write(f"  {load_demo_dossier(iso3)}")
        dossier = Dossier.objects.get(country__iso3="SEN")
        self.step("Loading published figures (UN DESA, World Bank, UNHCR)")
        for iso3 in DEMO_COUNTRIES:
            self.stdout.write(f"  {iso3}: {load_demo_statistics(iso3)} observations")
        self.step("Creating the demonstration users")
        passwords = self.users()
        self.step("Sending questionnaires and receiving answers to review")
        self.stdout.write(f"  {consultation_demo(dossier.country)}")
        self.step("Planning the timetables and holding a national workshop")
        self.stdout.write(f"  {activity_demo(dossier.country)}")
        # Cabo Verde started earlier, its consultation and workshop held before its
        # dossier was kept here: its guide is published, the SOM comes next.
        before = "Realizado antes de o dossiê ser mantido na plataforma (demonstração)."
        plan_timetable(
            Country.objects.get(iso3="CPV"),
            weeks_ago=33,
            held_outside={"consultation": before, "workshops": before},
        )
        self.stdout.write("  Cabo Verde's timetable planned")
        self.step(f"Building the demonstration guides into {out}/")
        # Senegal's draft in the languages of its guide; Cabo Verde's published guide
        # (Portuguese, English, French) is written by its publication below.
        built = write_guides(
            dossier, languages=dossier.languages, formats=FORMATS, versions=VERSIONS, out=Path(out)
        )
        self.stdout.write(
            f"  {len(built)} files: full guide, 'at a glance' and statistical profile, "
            f"{', '.join(code.upper() for code in dossier.languages)}, "
            f"{', '.join(f.upper() for f in FORMATS)}"
        )
        self.step("Tagging Senegal's recommendations with the commitments they serve")
        self.stdout.write(f"  {tag_demo(dossier.country)}")
        self.step("Taking the demonstration guides through review, endorsement and publication")
        for iso3 in DOSSIERS:
            self.stdout.write(f"  {iso3}: {publish_demo_edition(Country.objects.get(iso3=iso3))}")
        self.step("Opening two SOM rounds and freezing the shared editions")
        self.stdout.write(f"  {rounds_demo(Dialogue.objects.get(is_default=True))}")
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
        countries = Country.objects.in_bulk(list(DOSSIERS), field_name="iso3")
        coordinators = {}
        rows = []
        made = {}
        for username, first, last, kind, iso3 in DEMO_USERS:
            user, _ = User.objects.get_or_create(username=username)
            password = secrets.token_urlsafe(9)
            user.set_password(password)
            user.first_name, user.last_name = first, last
            user.email = f"{username}@example.org"
            user.is_staff = kind is None
            # Each reads the app in the language of their dossier (e-mails too).
            user.language = {"SEN": "fr", "CPV": "pt"}.get(iso3, "en")
            user.save()
            Role.objects.filter(user=user).delete()
            made[username] = user
            country = countries.get(iso3)
            if kind == Role.Kind.ENDORSER:
                # As the rule wants it: given by the coordinator, confirmed by staff.
                role = grant_role(
                    access=Access.of(coordinators[iso3], country), user=user, kind=kind
                )
                role.confirm(access=Access.of(made["staff"], country))
            elif kind:
                Role.objects.create(user=user, country=country, kind=kind)
                if kind == Role.Kind.COORDINATOR:
                    coordinators[iso3] = user
            role_name = f"{Role.Kind(kind).label}, {iso3}" if kind else "consortium staff"
            rows.append((username, password, role_name))
        return rows
