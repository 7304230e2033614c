"""The shared test cast: two countries with dossiers, and one person per role."""

from __future__ import annotations

from django.test import TestCase

from migguide.access.models import Role, User
from migguide.countries.models import Country
from migguide.countries.registry import load_registry
from migguide.demo.dossier import demo_dossier
from migguide.dossier import models as m
from migguide.dossier.exchange import import_dossier

PASSWORD = "correct horse battery staple"


def make_user(username: str, **extra) -> User:
    return User.objects.create_user(
        username=username, email=f"{username}@example.org", password=PASSWORD, **extra
    )


def small_dossier(country: Country, marker: str) -> m.Dossier:
    """A dossier with one entry in every part; each text carries `marker`, so a test can
    tell whether anything of this country reached a page."""
    dossier = m.Dossier.objects.create(
        country=country, languages=["fr"], situation=f"Situation {marker}"
    )
    inst = m.Institution.objects.create(
        dossier=dossier, name=f"Office {marker}", acronym="OFF", kind="statistics"
    )
    contact = m.Contact.objects.create(
        dossier=dossier, institution=inst, name=f"Person {marker}", email=f"{marker}@example.org"
    )
    m.LegalInstrument.objects.create(
        dossier=dossier, title=f"Law {marker}", kind="law", year=2005, status="in-force"
    )
    source = m.Source.objects.create(
        dossier=dossier,
        title=f"Census {marker}",
        collector=inst,
        kind="census",
        periodicity="decennial",
    )
    source.areas.set(m.Area.objects.filter(code="trends"))
    source.users.set([inst])
    m.StageActor.objects.create(
        dossier=dossier,
        stage=m.PolicyStage.objects.get(code="needs"),
        institution=inst,
        role=f"Role {marker}",
    )
    m.ProfileContent.objects.create(
        dossier=dossier, theme=f"Theme {marker}", status="covered", source=source
    )
    m.WorkgroupMember.objects.create(
        dossier=dossier, contact=contact, role=f"Lead {marker}", is_coordinator=True
    )
    m.UseExample.objects.create(
        dossier=dossier,
        title=f"Example {marker}",
        description="d",
        function="dialogue",
        institution=inst,
    )
    m.Challenge.objects.create(
        dossier=dossier, category="use", description=f"Challenge {marker}", responsible=inst
    )
    rec = m.Recommendation.objects.create(
        dossier=dossier, theme="border", text=f"Recommendation {marker}"
    )
    rec.responsible.set([inst])
    m.Need.objects.create(
        dossier=dossier, description=f"Need {marker}", kind="training", institution=inst
    )
    m.GlossaryTerm.objects.create(
        dossier=dossier, term_fr=f"Terme {marker}", term_en=f"Term {marker}"
    )
    m.Foreword.objects.create(
        dossier=dossier,
        signatory=f"Minister {marker}",
        signatory_title="Minister",
        text=f"Foreword {marker}",
    )
    return dossier


class CastTestCase(TestCase):
    """Two countries, Senegal and Mali, each with a small dossier, and the cast:
    a coordinator, member, reviewer and endorser of Senegal, a member of Mali,
    an outsider without roles, and a consortium staff member."""

    @classmethod
    def setUpTestData(cls):
        load_registry()
        cls.senegal = Country.objects.get(iso3="SEN")
        cls.mali = Country.objects.get(iso3="MLI")
        cls.dossier = small_dossier(cls.senegal, "SECRET-SEN")
        cls.other_dossier = small_dossier(cls.mali, "SECRET-MLI")
        cls.coordinator = make_user("coordinator", first_name="Fatou", last_name="Sow")
        cls.member = make_user("member")
        cls.reviewer = make_user("reviewer")
        cls.endorser = make_user("endorser")
        cls.outsider = make_user("outsider")
        cls.staff = make_user("staff", is_staff=True)
        cls.mali_member = make_user("mali")
        for user, kind in [
            (cls.coordinator, Role.Kind.COORDINATOR),
            (cls.member, Role.Kind.MEMBER),
            (cls.reviewer, Role.Kind.REVIEWER),
            (cls.endorser, Role.Kind.ENDORSER),
        ]:
            Role.objects.create(user=user, country=cls.senegal, kind=kind)
        Role.objects.create(user=cls.mali_member, country=cls.mali, kind=Role.Kind.MEMBER)


def load_demo() -> m.Dossier:
    import_dossier(demo_dossier(), source="demo", replace=True)
    return m.Dossier.objects.get(country__iso3="SEN")


def erase_editions() -> None:
    """Delete every edition, endorsement and published file — which the database
    triggers forbid — by lifting the triggers for the moment it takes. For the teardown
    of transactional tests only: their flush deletes rows one table at a time on SQLite."""
    import importlib

    from django.db import connection

    triggers = importlib.import_module("migguide.editions.migrations.0002_frozen_triggers")
    vendor = connection.vendor
    drop = {"sqlite": triggers.SQLITE_DROP, "postgresql": triggers.POSTGRESQL_DROP}[vendor]
    create = {"sqlite": triggers.SQLITE, "postgresql": triggers.POSTGRESQL}[vendor]
    with connection.cursor() as cursor:
        for sql in drop:
            cursor.execute(sql)
        for table in (
            "editions_publishedfile",
            "editions_endorsement",
            "editions_comment",
            "editions_approval",
            "editions_event",
            "editions_edition",
        ):
            cursor.execute(f"DELETE FROM {table}")
        for sql in create:
            cursor.execute(sql)


def frozen_edition(dossier: m.Dossier, *, number: int = 1, state: str = "published"):
    """An edition of the dossier as it is now, in `state`, without going through the
    moves (for tests of what reads editions: the portal, the synthesis, erasure …)."""
    from migguide.editions.models import Edition, make_snapshot, snapshot_hash

    snapshot = make_snapshot(dossier, ["fr"])
    return Edition.objects.create(
        country=dossier.country,
        number=number,
        languages=["fr"],
        state=state,
        snapshot=snapshot,
        sha256=snapshot_hash(snapshot),
    )


def translate_all(dossier: m.Dossier, language: str) -> None:
    """Every required text of the dossier translated into `language` (the translation
    reading as the main text, so tests keep finding it), the language added to the
    dossier's: an edition in that language may then be submitted."""
    from migguide.dossier.exchange import export_dossier
    from migguide.dossier.translation import CURRENT, units

    dossier.refresh_from_db()
    if language not in dossier.languages:
        dossier.languages = [*dossier.languages, language]
        dossier.save()
    for unit in units(export_dossier(dossier), language):
        if unit.state != CURRENT and not unit.optional:
            m.Translation.objects.update_or_create(
                dossier=dossier,
                entry_uid=unit.uid,
                field=unit.field,
                language=language,
                defaults={"text": unit.source, "source_text": unit.source},
            )
