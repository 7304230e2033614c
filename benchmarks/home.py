"""Benchmark of the to-do home (issue 17, item 2).

Target: the signed-in home page — the person's to-do list across their countries plus
the list of countries — answers in ≤ 50 ms, with a number of SQL queries that does not
grow with the number of countries.

Setup: the 57 countries of the dialogue, each with the demonstration dossier (22
institutions, 32 sources …) translated into English and then changed (so that every
country has translations to bring up to date), a planned timetable with a late phase,
a questionnaire response waiting for review, and an edition in review with an open
comment. Measured for:
- a person holding every role (coordinator, reviewer, endorser) in 5 countries, then
  in all 57 — the worst case of each provider, so that the query count of both
  can be compared;
- consortium staff, who see the 57 countries without a role.
Times are the median of 20 whole requests (Django test client, middleware included)
once the counts that are kept per dossier revision are computed (the first request
after a change computes them: reported apart).

Run: .venv/bin/python benchmarks/home.py
"""

from __future__ import annotations

import copy
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TMP = Path(tempfile.mkdtemp(prefix="migguide-home-"))
os.environ["DATABASE_URL"] = f"sqlite:///{TMP / 'bench.sqlite3'}"
os.environ["MIGGUIDE_VAR_DIR"] = str(TMP)
os.environ["DJANGO_SETTINGS_MODULE"] = "migguide.settings"
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from migguide.access.models import Role, User  # noqa: E402
from migguide.consultation import importing  # noqa: E402
from migguide.consultation.questionnaires import QUESTIONNAIRES  # noqa: E402
from migguide.consultation.samples import kobo_xlsx  # noqa: E402
from migguide.countries.models import Country, Dialogue  # noqa: E402
from migguide.countries.registry import load_registry  # noqa: E402
from migguide.demo.activity import activity_demo  # noqa: E402
from migguide.demo.dossier import demo_dossier  # noqa: E402
from migguide.dossier import models as m  # noqa: E402
from migguide.dossier.exchange import export_dossier, import_dossier  # noqa: E402
from migguide.editions.models import Comment, Edition, make_snapshot, snapshot_hash  # noqa: E402
from migguide.testing import translate_all  # noqa: E402

TARGET = 0.050
KINDS = (Role.Kind.COORDINATOR, Role.Kind.REVIEWER, Role.Kind.ENDORSER)


def median(f, n=20) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def setup(countries: list[Country]) -> None:
    # The first country's dossier is translated, then changed; the others import its
    # export, translations included.
    first = copy.deepcopy(demo_dossier())
    first["country"] = countries[0].iso3
    import_dossier(first, source="benchmark", replace=True)
    dossier = m.Dossier.objects.get(country=countries[0])
    translate_all(dossier, "en")
    source = m.Source.objects.filter(dossier=dossier).first()
    source.description += " (updated)"
    source.save()
    base = export_dossier(dossier)
    for country in countries:
        data = copy.deepcopy(base)
        data["country"] = country.iso3
        if country != countries[0]:
            import_dossier(data, source="benchmark", replace=True)
        dossier = m.Dossier.objects.get(country=country)
        activity_demo(country)
        inst = m.Institution.objects.filter(dossier=dossier).first()
        answers = {
            "institution": {"name": inst.name, "kind": inst.kind},
            "respondent": {"name": "Respondent", "email": "r@example.org"},
            "sources": [{"ref": "new", "title": "Labour force survey", "kind": "survey"}],
        }
        workbook = kobo_xlsx(
            QUESTIONNAIRES["authority"], [(inst.uid.hex, answers)], country=country.iso3
        )
        importing.import_bytes("kobo.xlsx", workbook, country=country)
        snapshot = make_snapshot(dossier, ["fr"])
        edition = Edition.objects.create(
            country=country,
            number=1,
            languages=["fr"],
            state="review",
            snapshot=snapshot,
            sha256=snapshot_hash(snapshot),
        )
        Comment.objects.create(edition=edition, text="Add the 2023 labour force survey.")


def main():
    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)  # as in production
    load_registry()
    dialogue = Dialogue.objects.get(is_default=True)
    countries = list(Country.objects.in_dialogue(dialogue))
    t = time.perf_counter()
    setup(countries)
    print(
        f"machine: {os.cpu_count()} cores; database: SQLite file; cache: {cache.__class__.__name__}"
    )
    print(f"setup: {len(countries)} countries ({time.perf_counter() - t:.0f} s)")

    few = User.objects.create_user("few", email="few@example.org", password="x")
    every = User.objects.create_user("every", email="every@example.org", password="x")
    staff = User.objects.create_user(
        "staff", email="staff@example.org", password="x", is_staff=True
    )
    for user, among in ((few, countries[:5]), (every, countries)):
        Role.objects.bulk_create(
            [Role(user=user, country=c, kind=kind) for c in among for kind in KINDS]
        )

    def client_of(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    def queries(client) -> int:
        with CaptureQueriesContext(connection) as ctx:
            client.get("/")
        return len(ctx)

    results = {}
    for label, user in (
        ("every role in 5 countries", few),
        ("every role in 57 countries", every),
        ("consortium staff, 57 countries", staff),
    ):
        client = client_of(user)
        t = time.perf_counter()
        page = client.get("/")
        first = time.perf_counter() - t
        assert page.status_code == 200
        html = page.content.decode()
        todo = html[html.index('id="todo-title"') : html.index('id="countries-title"')]
        tasks = int(re.search(r"\((\d+) tasks?\)", todo).group(1))
        shown = todo.count("<li><a href=")
        warm = median(lambda client=client: client.get("/"))
        results[label] = (first, warm, queries(client), tasks, shown, len(page.content))
    print(f"\nthe to-do home, median of 20 whole requests (target ≤ {TARGET * 1000:.0f} ms):")
    for label, (first, warm, n, tasks, shown, size) in results.items():
        verdict = "ok" if warm <= TARGET else "MISSED"
        print(
            f"  {label:32} {warm * 1000:6.1f} ms, {n:3d} queries, {tasks:3d} tasks "
            f"({shown} shown), {size // 1024} KB -> {verdict} "
            f"(first request after the changes: {first:.2f} s)"
        )
    q5 = results["every role in 5 countries"][2]
    q57 = results["every role in 57 countries"][2]
    print(
        f"\nqueries: {q5} for 5 countries, {q57} for 57 -> {'constant' if q5 == q57 else 'GROWS'}"
    )


if __name__ == "__main__":
    main()
