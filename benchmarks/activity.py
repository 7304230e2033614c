"""Benchmark of running the activity (issue: timetable, workshops, SOM synthesis).

Target: the cross-country board and the Senior Officials' Meeting synthesis for the 57
countries of the dialogue, each with a realistic dossier (the demonstration dossier's
22 institutions, 32 sources, challenges and recommendations), an endorsed edition and a
planned timetable, render as HTML in under 2 s on 2 cores — with a number of SQL
queries that does not grow with the number of countries (counted for 5 and for 57).

Run: .venv/bin/python benchmarks/activity.py
"""

from __future__ import annotations

import copy
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TMP = Path(tempfile.mkdtemp(prefix="migguide-activity-"))
os.environ["DATABASE_URL"] = f"sqlite:///{TMP / 'bench.sqlite3'}"
os.environ["MIGGUIDE_VAR_DIR"] = str(TMP)
os.environ["DJANGO_SETTINGS_MODULE"] = "migguide.settings"
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from migguide.access.models import User  # noqa: E402
from migguide.activity import som, timeline  # noqa: E402
from migguide.countries.models import Country, Dialogue  # noqa: E402
from migguide.countries.registry import load_registry  # noqa: E402
from migguide.demo.activity import activity_demo  # noqa: E402
from migguide.demo.dossier import demo_dossier  # noqa: E402
from migguide.dossier.exchange import import_dossier  # noqa: E402
from migguide.dossier.models import Dossier  # noqa: E402
from migguide.editions.models import Edition, make_snapshot, snapshot_hash  # noqa: E402


def median(f, n=5) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main():
    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)  # as in production
    load_registry()
    dialogue = Dialogue.objects.get(is_default=True)
    countries = list(Country.objects.in_dialogue(dialogue))
    base = demo_dossier()
    t = time.perf_counter()
    for country in countries:
        data = copy.deepcopy(base)
        data["country"] = country.iso3
        import_dossier(data, source="benchmark", replace=True)
        dossier = Dossier.objects.get(country=country)
        snapshot = make_snapshot(dossier, ["fr"])
        Edition.objects.create(
            country=country,
            number=1,
            languages=["fr"],
            state="endorsed",
            snapshot=snapshot,
            sha256=snapshot_hash(snapshot),
        )
        activity_demo(country)
    print(f"machine: {os.cpu_count()} cores; database: SQLite file")
    print(
        f"setup: {len(countries)} countries with the demonstration dossier, an endorsed "
        f"edition, a timetable and a workshop each ({time.perf_counter() - t:.0f} s)"
    )

    def queries(fn) -> int:
        with CaptureQueriesContext(connection) as ctx:
            fn()
        return len(ctx)

    board5 = queries(lambda: timeline.board(countries[:5], dialogue))
    board57 = queries(lambda: timeline.board(countries, dialogue))
    staff = User.objects.create_user("staff", password="x", is_staff=True)
    client = Client()
    client.force_login(staff)
    for url, expected in (("/activity/", "Senegal"), ("/activity/som/", "Mali")):
        t = time.perf_counter()
        page = client.get(url)  # the first request: charts not drawn yet
        first = time.perf_counter() - t
        ok = page.status_code == 200 and expected in page.content.decode()
        assert ok, (url, page.status_code)
        print(f"{url}: {len(page.content) // 1024} KB; first request {first:.2f} s")
    board_page = median(lambda: client.get("/activity/"))
    som_page = median(lambda: client.get("/activity/som/"))
    board_q = queries(lambda: client.get("/activity/"))
    som_q = queries(lambda: client.get("/activity/som/"))
    synthesis = som.build(dialogue, "fr")
    # Typst keeps what it laid out: each run gets a different title, as a new request would.
    runs = iter(range(100))

    def fresh_pdf():
        synthesis.title = f"Synthesis {next(runs)}"
        som.render_pdf(synthesis)

    pdf = median(fresh_pdf, 3)
    print(
        f"\nboard queries: {board5} for 5 countries, {board57} for {len(countries)}"
        f" -> {'constant' if board5 == board57 else 'GROWS'}"
    )
    print(f"\nHTML pages, {len(countries)} countries (median of 5, whole request):")
    print(
        f"  cross-country board: {board_page:.2f} s, {board_q} queries "
        f"(target < 2 s) -> {'ok' if board_page < 2 else 'MISSED'}"
    )
    print(
        f"  SOM synthesis:       {som_page:.2f} s, {som_q} queries "
        f"(target < 2 s) -> {'ok' if som_page < 2 else 'MISSED'}"
    )
    print(f"  SOM synthesis as PDF (layout only, median of 3): {pdf:.2f} s")


if __name__ == "__main__":
    main()
