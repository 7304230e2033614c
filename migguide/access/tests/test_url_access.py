"""Every URL of the project against every role, for the own country and another one.

The URL patterns are read from the resolver, so a new URL is tested without anyone
adding it here; a country-scoped URL whose name is not classified below is expected to
need the strictest permission, so its test fails until somebody decides what it needs."""

from __future__ import annotations

import hashlib
import re
import uuid
from functools import partial
from itertools import product

from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django_tasks_db.models import DBTaskResult, get_date_max

from migguide.access.models import Invitation, Role, RoleEvent
from migguide.activity.models import Workshop
from migguide.consultation.models import Dispatch, Response
from migguide.consultation.questionnaires import QUESTIONNAIRES
from migguide.consultation.review import Review
from migguide.consultation.samples import kobo_xlsx
from migguide.dossier import models as m
from migguide.dossier.parts import PARTS
from migguide.dossier.tests.test_views import form_data
from migguide.editions.models import (
    Approval,
    Comment,
    Edition,
    Endorsement,
    PublishedFile,
    make_snapshot,
    snapshot_hash,
)
from migguide.indicators.catalogue import load_catalogue
from migguide.testing import CastTestCase, make_user

READ, EDIT, MANAGE, COMMENT, ENDORSE = "read", "edit", "manage", "comment", "endorse"

# What each country-scoped URL needs. Anything not listed needs MANAGE.
REQUIRED = {
    "commitments:tagging": READ,
    "commitments:tag-save": EDIT,
    "dossier:overview": READ,
    "dossier:list": READ,
    "dossier:history": READ,
    "dossier:changes": READ,
    "dossier:export": READ,
    "dossier:add": EDIT,
    "dossier:edit": EDIT,
    "dossier:delete": EDIT,
    "dossier:move": EDIT,
    "dossier:context-edit": EDIT,
    "dossier:translate": EDIT,
    "dossier:translation-files": EDIT,
    "dossier:translation-file": EDIT,
    "dossier:translation-upload": EDIT,
    "guide:file": READ,
    "statistics": READ,
    "national-figure-add": EDIT,
    "statistics-csv": READ,
    "people": MANAGE,
    "revoke-role": MANAGE,
    "confirm-role": MANAGE,
    "withdraw-invitation": MANAGE,
    "editions:list": READ,
    "editions:detail": READ,
    "editions:changes": READ,
    "editions:snapshot": READ,
    "editions:file": READ,
    "editions:start": MANAGE,
    "editions:submit": MANAGE,
    "editions:ready": MANAGE,
    "editions:publish": MANAGE,
    "editions:publishing": MANAGE,
    "editions:resolve": MANAGE,
    "editions:request-changes": COMMENT,
    "editions:approve": COMMENT,
    "editions:refreeze": MANAGE,
    "editions:comment": COMMENT,
    "editions:comment-new": COMMENT,
    "editions:answer": COMMENT,
    "editions:endorse": ENDORSE,
    "editions:remove-language": MANAGE,
    "consultation:tracker": READ,
    "consultation:file": READ,
    "consultation:response": READ,
    "consultation:analysis": READ,
    "consultation:analysis-xlsx": READ,
    "consultation:send": EDIT,
    "consultation:remind": EDIT,
    "consultation:upload": EDIT,
    "consultation:decide": EDIT,
    "activity:timetable": READ,
    "activity:schedule": EDIT,
    "activity:follow-up": READ,
    "activity:workshops": READ,
    "activity:workshop": READ,
    "activity:workshop-file": READ,
    "activity:workshop-add": EDIT,
    "activity:participant-add": EDIT,
    "activity:output-add": EDIT,
    "activity:share": MANAGE,
    "activity:workshop-edit": EDIT,
    "activity:participant-remove": EDIT,
}
# Country-scoped URLs that anyone may read: files of published editions (tested below).
PUBLIC_COUNTRY = {"editions:public-file", "api:country"}
POST_ONLY_ENDINGS = (
    "/move/",
    "/revoke/",
    "/confirm/",
    "/withdraw/",
    "/start/",
    "/submit/",
    "/request-changes/",
    "/ready/",
    "/approve/",
    "/refreeze/",
    "/comments/",
    "/answer/",
    "/resolve/",
    "/send/",
    "/remind/",
    "/upload/",
    "/decide/",
    "/timetable/workshops/",
    "/workshops/add/",
    "/participants/",
    "/outputs/challenges/",
    "/share/",
    "/remove/",
    "/save/",
)
# URLs that show no country's unpublished data and need no role.
PUBLIC = {
    "home",
    "health",
    "operations:ready",
    "charts-bundle",
    "login",
    "login-code",
    "second-factor",
    "admin-login",
    "logout",
    "set-language",
    "accept-invitation",
    # One's own password (access/tests/test_passwords.py).
    "password-change",
    "password-reset",
    "password-reset-sent",
    "password-reset-confirm",
    # One's own settings and one's own tasks (access/tests/test_home.py).
    "account",
    "todo",
    # The page of one's own queued work (an import): its owner's only (tested below).
    "work",
    # A questionnaire's web form: its secret link is the key (consultation/tests).
    "consultation:answer",
    # Each person's own countries only, and the SOM synthesis of shared editions only
    # (activity/tests).
    "activity:board",
    "activity:board-file",
    "activity:som",
    "activity:som-file",
    # The SOM rounds and their synthesis, of shared editions only, for staff and people
    # with a role (commitments/tests).
    "commitments:rounds",
    "commitments:synthesis",
    "commitments:synthesis-file",
    # The frameworks, edited by consortium staff only
    # (commitments/tests/test_framework_pages.py).
    "commitments:frameworks",
    "commitments:framework",
    "commitments:item-add",
    "commitments:item-edit",
    "commitments:retire",
    "commitments:correspondence",
    # The public portal: published editions only (migguide/publishing/tests).
    "portal:home",
    "portal:country",
    "portal:across",
    "portal:data",
    "portal:search",
    "portal:search-index",
    "portal:data-file",
    "portal:country-data-file",
    "portal:package-file",
    # The read API: the portal's published data only (publishing/tests/test_api.py).
    "api:index",
    "api:openapi",
    "api:countries",
    "api:country",
    "api:editions",
    "api:sources",
    "api:recommendations",
    "api:statistics",
    # Webhooks: a coordinator's own countries, staff's all (operations/tests).
    "operations:webhooks",
    "operations:webhook-delete",
    "operations:webhook-resume",
}
# Write URLs where no POST of this test changes anything even when allowed
# (e.g. deleting an institution that other entries still use is refused).
# Routes for editors that a POST does not change: the page of translation files and
# its downloads only read (the upload beside them writes).
WRITES_THAT_MAY_NOT_CHANGE = {
    # Its writes need the part or entry chosen on the page; they are exercised by
    # editions/tests/test_commenting.py. Here only who may reach it is checked.
    "editions:comment-new",
    # Writes that need what this test's generic data does not hold — a questionnaire
    # link still open, a logo to remove or upload, items chosen for an entry; their
    # writes are exercised by consultation/tests/test_chasing.py,
    # dossier/tests/test_logos.py and commitments/tests/. Here: who may reach them.
    "consultation:remind",
    "dossier:logo-remove",
    "dossier:logos",
    "commitments:tag-save",
    "dossier:delete",
    "dossier:translation-files",
    "dossier:translation-file",
    # The page followed while a queued publication runs only reads (the publish page
    # queues it; editions are published by operations/tests/test_workers.py).
    "editions:publishing",
}

PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def url_patterns(patterns=None, prefix="", namespace=""):
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}:{p.namespace}".strip(":") if p.namespace else namespace
            yield from url_patterns(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}".strip(":") if p.name else ""
            yield prefix + str(p.pattern), name


def digest() -> str:
    """A fingerprint of every row the people and dossier apps hold, history included
    (users aside: signing in records the time of the last login)."""
    h = hashlib.sha256()
    for model in [
        *apps.get_app_config("dossier").get_models(),
        *apps.get_app_config("indicators").get_models(),
        *apps.get_app_config("editions").get_models(),
        *apps.get_app_config("consultation").get_models(),
        *apps.get_app_config("activity").get_models(),
        Role,
        RoleEvent,
        Invitation,
    ]:
        rows = model.objects.order_by("pk").values_list()
        h.update(repr((model.__name__, list(rows))).encode())
    return h.hexdigest()


class UrlAccessTests(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_catalogue()
        for dossier in (cls.dossier, cls.other_dossier):
            # A second entry, so that moving the first one down changes something.
            m.LegalInstrument.objects.create(
                dossier=dossier, title="Decree", kind="law", status="in-force"
            )
        for country, user in [(cls.senegal, cls.coordinator), (cls.mali, cls.staff)]:
            Invitation.objects.create(
                country=country,
                email=f"new-{country.iso3}@example.org",
                kind=Role.Kind.MEMBER,
                invited_by=user,
            )
            # An endorsing authority given by a coordinator, waiting for staff to confirm it.
            Role.objects.create(
                user=make_user(f"pending-{country.iso3}"),
                country=country,
                kind=Role.Kind.ENDORSER,
                granted_by=cls.coordinator,
                confirmed_at=None,
            )
        for dossier in (cls.dossier, cls.other_dossier):
            cls.make_editions(dossier)
            cls.make_consultation(dossier)
            workshop = Workshop.objects.create(
                country=dossier.country,
                kind="discussion",
                title="Atelier",
                place="Dakar",
                starts_on="2026-03-10",
                ends_on="2026-03-11",
            )
            workshop.participants.create(name="Moussa")
        cls.users = {
            "anonymous": None,
            "outsider": cls.outsider,
            "other-country member": cls.mali_member,
            "member": cls.member,
            "coordinator": cls.coordinator,
            "reviewer": cls.reviewer,
            "endorser": cls.endorser,
            "staff": cls.staff,
        }

    @classmethod
    def make_editions(cls, dossier):
        """Edition 1 published, edition 2 endorsed with an open comment; edition 3 is
        made in the state each move needs, inside the rolled-back POST."""
        snapshot = make_snapshot(dossier, ["fr"])
        from migguide.editions.models import snapshot_hash

        for number, state in ((1, "published"), (2, "endorsed")):
            edition = Edition.objects.create(
                country=dossier.country,
                number=number,
                languages=["fr"],
                state=state,
                snapshot=snapshot,
                sha256=snapshot_hash(snapshot),
            )
            Endorsement.objects.create(
                edition=edition,
                user=cls.staff,
                name="Endorser",
                position="DG",
                date="2026-11-20",
                sha256=edition.sha256,
            )
        for number in (1, 2):  # a file recorded for the endorsed edition must stay hidden
            PublishedFile.objects.create(
                edition=Edition.objects.get(country=dossier.country, number=number),
                language="fr" if number == 1 else "en",
                version="full",
                fmt="pdf",
                name="guide.pdf",
                path=f"{dossier.country.iso3}/{number}/guide.pdf",
                size=1,
                sha256=str(number) * 64,
            )
        Comment.objects.create(
            edition=Edition.objects.get(country=dossier.country, number=2), text="Open remark"
        )

    @classmethod
    def make_consultation(cls, dossier):
        """A questionnaire sent and a response with one item to decide."""
        inst = m.Institution.objects.filter(dossier=dossier).first()
        Dispatch.objects.create(
            country=dossier.country,
            institution=inst,
            institution_name=inst.name,
            form="authority",
            version="2026.2",
            channel="xlsx",
        )
        Response.objects.create(
            country=dossier.country,
            institution=inst,
            institution_name=inst.name,
            form="authority",
            version="2026.2",
            answered_version="2026.2",
            origin="web",
            external_id=f"test-{dossier.country.iso3}",
            answers={"challenges": [{"category": "use", "description": "From a response"}]},
        )

    def third_edition(self, iso3: str, state: str, languages=("fr",), approved=False, stale=False):
        def prepare():
            second = Edition.objects.get(country__iso3=iso3, number=2)
            snapshot = None if state == "draft" else dict(second.snapshot)
            if stale:
                snapshot["dossier"] = {**snapshot["dossier"], "situation": "Before"}
            third = Edition.objects.create(
                country=second.country,
                number=3,
                languages=list(languages),
                state=state,
                snapshot=snapshot,
                sha256="" if state == "draft" else snapshot_hash(snapshot),
            )
            if approved:
                reviewer = self.reviewer  # an approval counts whoever gave it
                Approval.objects.create(edition=third, user=reviewer, sha256=third.sha256)

        return prepare

    def permissions(self, user, iso3) -> set[str]:
        """What the rules of DESIGN.md give each person (written out, not computed
        by the code under test)."""
        if user is None:
            return set()
        if user.is_staff:  # consortium staff: everything but endorsing
            return {READ, EDIT, MANAGE, COMMENT}
        kinds = set(
            Role.objects.filter(user=user, country__iso3=iso3).values_list("kind", flat=True)
        )
        granted = set()
        if kinds:
            granted.add(READ)
        if kinds & {"member", "coordinator"}:
            granted.add(EDIT)
        if "coordinator" in kinds:
            granted.add(MANAGE)
        if kinds & {"member", "coordinator", "reviewer", "endorser"}:
            granted.add(COMMENT)
        if "endorser" in kinds:
            granted.add(ENDORSE)
        return granted

    def concrete(self, route: str, iso3: str):
        """Every URL a route gives for one country, with the POST data that would make
        an allowed write really write."""
        dossier = m.Dossier.objects.get(country__iso3=iso3)
        params = set(PARAM.findall(route))
        names = {name for _conv, name in params}
        parts = PARTS if "part" in names else [None]
        for part in parts:
            values = {"iso3": iso3}
            payload = {}
            entry = None
            if part:
                values["part"] = part.slug
                entry = part.model.objects.filter(dossier=dossier).first()
            if "uid" in names:
                # A route about one entry without a part in its path (the commitments an
                # entry serves): a recommendation of the dossier.
                entry = entry or m.Recommendation.objects.filter(dossier=dossier).first()
                values["uid"] = str(entry.uid)
            if "role_id" in names:
                roles = Role.objects.filter(country__iso3=iso3).exclude(kind="coordinator")
                if route.endswith("confirm/"):
                    roles = roles.filter(confirmed_at__isnull=True)
                values["role_id"] = str(roles.first().pk)
            if "language" in names:
                values.update(language="fr", version="full", fmt="html")
            prepare = None
            if "number" in names:
                values["number"] = "2"
                edition = Edition.objects.get(country__iso3=iso3, number=2)
                move_state = {
                    "submit": "draft",
                    "request-changes": "review",
                    "ready": "review",
                    "approve": "review",
                    "refreeze": "review",
                    "comments": "review",
                    "new": "review",  # a comment from the guide's preview
                    "endorse": "ready",
                }.get(route.rstrip("/").rsplit("/", 1)[-1])
                if move_state:
                    values["number"] = "3"
                    move = route.rstrip("/").rsplit("/", 1)[-1]
                    prepare = self.third_edition(
                        iso3,
                        move_state,
                        # Sent for endorsement once approved; updated once the dossier
                        # no longer gives the content frozen.
                        approved=move == "ready",
                        stale=move == "refreeze",
                    )
                if route.endswith("languages/remove/"):
                    values["number"] = "3"
                    prepare = self.third_edition(iso3, "draft", languages=("fr", "en"))
                payload = {
                    "seen_state": move_state or edition.state,
                    "comment": "Please check",
                    "section": "general",
                    "text": "A remark",
                    "sha256": edition.sha256,
                    "name": "Someone",
                    "position": "Director",
                    "date": "2026-11-20",
                    "confirm": "on",
                }
            if "task_id" in names:
                task_id = uuid.uuid4()
                values["task_id"] = str(task_id)
                prepare = partial(self.publication_task, task_id, edition)
            if "comment_id" in names:
                values["comment_id"] = str(
                    Comment.objects.get(edition__country__iso3=iso3, edition__number=2).pk
                )
            if "/translate/" in route:
                values["language"] = "en"
                prepare, payload = self.translation_payload(dossier, part)
            if route.endswith("languages/remove/"):
                payload = {"language": "en"}
            if route.endswith("editions/start/"):
                payload = {"languages": ["fr"]}
            if route.endswith("/share/"):
                payload = {"share": "1"}
            if "/timetable/" in route or "/workshops/" in route:
                payload = self.activity_payload(route, iso3, values, dossier)
            if "/consultation/" in route:
                payload = self.consultation_payload(route, iso3, values, dossier)
            if "invitation_id" in names:
                values["invitation_id"] = str(Invitation.objects.get(country__iso3=iso3).pk)
            if "index" in names:
                values["index"] = "0"  # the first logo of the guide's cover
            url = "/" + PARAM.sub(lambda mt, v=values: v[mt.group(2)], route)
            if part and route.endswith(("<uuid:uid>/", "add/")):
                payload = form_data(part, entry)
                if "base_version" not in payload:
                    payload["base_version"] = entry.version
            if route.endswith("context/edit/"):
                payload = {"situation": "changed", "framework": "", "base_version": dossier.version}
            if route.endswith("statistics/national/add/"):
                from migguide.indicators.catalogue import load_catalogue

                payload = {
                    "indicator": load_catalogue()["POP_TOTAL"].pk,
                    "year": 2020,
                    "value": 1000,
                    "publisher": "ANSD",
                    "edition": "RGPH",
                }
            if "translation-files/" in route:
                values.update(language="en", fmt="po")
                url = "/" + PARAM.sub(lambda mt, v=values: v[mt.group(2)], route)
                payload, prepare = self.translation_file_payload(dossier, iso3)
            if route.endswith("people/"):
                payload = {"email": "someone@example.org", "kind": "member"}
            if route.endswith("/move/"):  # an entry's (not "languages/remove/")
                payload = {"direction": "down"}
            yield url, payload, prepare

    def translation_payload(self, dossier, part):
        """The dossier translated into English too (for the moment of the request), and
        a translation of the part's first text."""
        from migguide.dossier.exchange import export_dossier
        from migguide.dossier.translating import source_hash
        from migguide.dossier.translation import part_of, units

        def prepare():
            m.Dossier.objects.filter(pk=dossier.pk).update(languages=["fr", "en"])

        data = export_dossier(dossier)
        data["dossier"]["languages"] = ["fr", "en"]
        found = [u for u in units(data, "en") if part_of(u) is part]
        if not found:
            return prepare, {}
        unit = found[0]
        return prepare, {
            "uid": unit.uid,
            "field": unit.field,
            "source_hash": source_hash(unit.source),
            "base_version": 0,
            "text": "In English",
        }

    def translation_file_payload(self, dossier, iso3):
        """A PO file translating the dossier's situation into English, and the move
        that makes English one of the dossier's languages for the request."""
        po = (
            'msgid ""\nmsgstr ""\n"Language: en\\n"\n'
            f'"X-Migguide-Country: {iso3}\\n"\n"X-Migguide-Source-Language: fr\\n"\n\n'
            f'msgctxt "dossier.situation"\nmsgid "{dossier.situation}"\nmsgstr "In English"\n'
        )

        def prepare(pk=dossier.pk):
            m.Dossier.objects.filter(pk=pk).update(languages=["fr", "en"])

        return {"file": SimpleUploadedFile("en.po", po.encode())}, prepare

    def activity_payload(self, route, iso3, values, dossier) -> dict:
        values.update(phase="workshops", kind="challenges", name="report.pdf")
        if "<int:pk>" in route:
            workshop = Workshop.objects.get(country=dossier.country)
            values["pk"] = str(workshop.pk)
            values["participant"] = str(workshop.participants.get().pk)
        if route.endswith("<int:pk>/edit/"):
            return {
                "kind": "training",
                "title": "Renamed",
                "place": "Thiès",
                "starts_on": "2026-04-01",
                "ends_on": "2026-04-02",
            }
        if route.endswith("timetable/<slug:phase>/"):
            return {"workshops-planned_start": "2026-01-05", "workshops-planned_end": "2026-02-05"}
        if route.endswith("workshops/add/"):
            return {
                "kind": "training",
                "title": "Formation",
                "place": "Thiès",
                "starts_on": "2026-04-01",
                "ends_on": "2026-04-02",
            }
        if route.endswith("participants/"):
            return {"name": "Awa", "role": "participant"}
        if route.endswith("outputs/<slug:kind>/"):
            return {
                "challenges-category": "use",
                "challenges-description": "Peu utilisé",
                "challenges-status": "open",
            }
        return {}

    def consultation_payload(self, route, iso3, values, dossier) -> dict:
        country = dossier.country
        if "sent/" in route:
            values.update(pk=str(Dispatch.objects.get(country=country).pk), fmt="xlsx")
        if "responses/" in route:
            response = Response.objects.get(country=country)
            values["pk"] = str(response.pk)
            return {f"item:{Review(response).items[0].key}": "accept"}
        if route.endswith("send/"):
            inst = m.Institution.objects.filter(dossier=dossier).first()
            return {
                "institution": inst.pk,
                "form": "authority",
                "channel": "xlsx",
                "language": "fr",
            }
        if route.endswith("upload/"):
            data = kobo_xlsx(
                QUESTIONNAIRES["authority"],
                [("", {"institution": {"name": "New office"}})],
                country=iso3,
            )
            return {"file": SimpleUploadedFile("answers.xlsx", data)}
        return {}

    def publication_task(self, task_id, edition) -> None:
        """A publication of the edition queued for a worker, and done."""
        DBTaskResult.objects.create(
            id=task_id,
            task_path="migguide.editions.tasks.publish_edition",
            args_kwargs={"args": [edition.pk], "kwargs": {}},
            backend_name="default",
            run_after=get_date_max(),  # as queued: to run as soon as a worker can
            status="SUCCESSFUL",
            return_value={"ok": True, "message": "Published."},
        )

    def client_for(self, user) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    def markers_hidden_from(self, user) -> list[str]:
        return [
            f"SECRET-{iso3}" for iso3 in ("SEN", "MLI") if READ not in self.permissions(user, iso3)
        ]

    def check_get(self, client, user, url, required, iso3, prepare):
        with transaction.atomic():
            if prepare:
                prepare()
            r = client.get(url)
            body = r.content.decode(errors="replace") if not r.streaming else ""
            transaction.set_rollback(True)
        where = f"GET {url} as {self.who(user)}"
        self.assertLess(r.status_code, 500, where)
        for marker in self.markers_hidden_from(user):
            self.assertNotIn(marker, body, f"{where} leaked {marker}")
        granted = self.permissions(user, iso3)
        if r.status_code == 405:
            self.assertTrue(url.endswith(POST_ONLY_ENDINGS), where)
        elif user is None:
            self.assertEqual(r.status_code, 302, where)
            self.assertIn("/login/", r["Location"], where)
        elif READ not in granted:
            self.assertEqual(r.status_code, 404, where)
        elif required not in granted:
            self.assertEqual(r.status_code, 403, where)
        else:
            self.assertEqual(r.status_code, 200, where)

    def check_post(self, client, user, url, payload, required, iso3, prepare) -> bool:
        where = f"POST {url} as {self.who(user)}"
        with transaction.atomic():
            if prepare:
                prepare()
            before = digest()
            r = client.post(url, payload)
            changed = digest() != before
            transaction.set_rollback(True)
        self.assertLess(r.status_code, 500, where)
        body = r.content.decode()
        for marker in self.markers_hidden_from(user):
            self.assertNotIn(marker, body, f"{where} leaked {marker}")
        allowed = required in self.permissions(user, iso3) and required != READ
        if not allowed:
            self.assertFalse(changed, f"{where} changed the database")
            self.assertIn(r.status_code, (302, 403, 404, 405), where)
            if r.status_code == 302:
                self.assertIn("/login/", r["Location"], where)
        return changed

    def who(self, user) -> str:
        return "anonymous" if user is None else user.username

    def test_every_url_against_every_role(self):
        before = digest()
        routes = list(url_patterns())
        seen_country_routes = 0
        effective: dict[str, bool] = {}
        for route, name in routes:
            if route.startswith("admin/") or "<" not in route and name in PUBLIC:
                continue
            if name in PUBLIC_COUNTRY:
                continue
            if "<str:iso3>" not in route:
                self.assertIn(
                    name,
                    PUBLIC,
                    f"{route} ({name}) is neither public nor country-scoped: decide what it needs",
                )
                continue
            seen_country_routes += 1
            required = REQUIRED.get(name, MANAGE)
            for user, iso3 in product(self.users.values(), ("SEN", "MLI")):
                client = self.client_for(user)
                for url, payload, prepare in self.concrete(route, iso3):
                    self.check_get(client, user, url, required, iso3, prepare)
                    changed = self.check_post(client, user, url, payload, required, iso3, prepare)
                    if required != READ and required in self.permissions(user, iso3):
                        effective[name] = effective.get(name, False) or changed
        self.assertGreaterEqual(seen_country_routes, 30)
        for name, changed in effective.items():
            if name not in WRITES_THAT_MAY_NOT_CHANGE:
                self.assertTrue(
                    changed,
                    f"no allowed POST to {name} changed anything: "
                    "the test's payload does not exercise it",
                )
        self.assertEqual(digest(), before)

    def test_public_urls_leak_nothing(self):
        invitation = Invitation.objects.get(country__iso3="MLI")
        for user in self.users.values():
            client = self.client_for(user)
            for url in ["/", "/to-do/answers/", "/login/", f"/invitations/{invitation.token}/"]:
                r = client.get(url)
                self.assertLess(r.status_code, 500)
                for marker in self.markers_hidden_from(user):
                    self.assertNotContains(r, marker, status_code=r.status_code)

    def test_the_page_of_queued_work_is_its_owners_only(self):
        task_id = uuid.uuid4()
        DBTaskResult.objects.create(
            id=task_id,
            task_path="migguide.consultation.tasks.import_answers",
            args_kwargs={
                "args": ["SEN", "uploads/x/answers.xlsx"],
                "kwargs": {"name": "answers.xlsx", "user_pk": self.member.pk, "language": "fr"},
            },
            backend_name="default",
            run_after=get_date_max(),
            status="SUCCESSFUL",
            return_value={"ok": False, "message": "SECRET-SEN refused"},
        )
        for label, user in self.users.items():
            r = self.client_for(user).get(f"/work/{task_id}/")
            if user is None:
                self.assertEqual(r.status_code, 302, label)
                self.assertIn("/login/", r["Location"])
            elif user == self.member:
                self.assertContains(r, "SECRET-SEN refused")
            else:
                self.assertEqual(r.status_code, 404, label)
                self.assertNotContains(r, "SECRET", status_code=404)

    def test_only_published_editions_files_are_public(self):
        from django.conf import settings

        for number in (1, 2):
            path = settings.PUBLISHED_DIR / "SEN" / str(number) / "guide.pdf"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"%PDF-1.7 SECRET-SEN" if number == 2 else b"%PDF-1.7 public")
        for user in self.users.values():
            client = self.client_for(user)
            r = client.get("/published/SEN/1/guide.pdf")
            self.assertEqual(b"".join(r.streaming_content), b"%PDF-1.7 public")
            for url in ("/published/SEN/2/guide.pdf", "/published/MLI/2/guide.pdf"):
                r = client.get(url)
                self.assertEqual(r.status_code, 404, url)
                self.assertNotContains(r, "SECRET", status_code=404)

    def test_the_admin_is_for_consortium_staff_only(self):
        source = m.Source.objects.get(dossier=self.other_dossier)
        urls = [
            "/admin/",
            "/admin/dossier/source/",
            f"/admin/dossier/source/{source.pk}/change/",
            "/admin/access/user/",
            f"/admin/dossier/source/{source.pk}/history/",
        ]
        for label, user in self.users.items():
            client = self.client_for(user)
            for url in urls:
                r = client.get(url)
                if user is not None and user.is_staff:
                    self.assertEqual(r.status_code, 200, url)
                else:
                    self.assertEqual(r.status_code, 302, f"{url} as {label}")
                    self.assertIn("/admin/login/", r["Location"])
                    self.assertNotContains(r, "SECRET", status_code=302)

    def test_anonymous_user_has_no_access_object_leak(self):
        from migguide.access.models import Access, Permission

        access = Access.of(AnonymousUser(), self.senegal)
        self.assertFalse(any(access.can(p) for p in Permission))
