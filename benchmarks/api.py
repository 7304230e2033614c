"""Benchmark of the read API (issue: open data that systems harvest as is).

Target: every list endpoint of /api/v1/ answers in <= 30 ms with a bounded number of
queries, 57 countries published. Baseline in the same run: the whole-file open data
(/data/sources.json, /data/statistics.json) that a harvester reads today.

Every country of the dialogue gets a published edition (as benchmarks/portal.py does).

Run: .venv/bin/python benchmarks/api.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import portal as setup  # noqa: E402  (sets up Django on a throwaway SQLite database)
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from migguide.access.models import Role, User  # noqa: E402
from migguide.countries.models import Country  # noqa: E402
from migguide.countries.registry import load_registry  # noqa: E402
from migguide.demo.dossier import demo_dossier  # noqa: E402
from migguide.demo.editions import publish_demo_edition  # noqa: E402
from migguide.dossier.exchange import import_dossier  # noqa: E402
from migguide.indicators.profile import load_demo_statistics  # noqa: E402

URLS = [
    "/api/v1/countries/",
    "/api/v1/editions/",
    "/api/v1/sources/",
    "/api/v1/recommendations/",
    "/api/v1/statistics/",
    "/api/v1/statistics/?country=SEN",
]
BASELINE = ["/data/sources.json", "/data/statistics.json"]


def timed(client: Client, url: str, runs: int = 15) -> tuple[float, int, int]:
    client.get(url)  # warm: an edition's rows are cached after their first reading
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(times) * 1000, len(queries), len(response.content)


def main():
    call_command("migrate", verbosity=0)
    load_registry()
    import_dossier(demo_dossier(), source="demo", replace=True)
    load_demo_statistics()
    senegal = Country.objects.get(iso3="SEN")
    for username, kind in (("c", "coordinator"), ("r", "reviewer"), ("e", "endorser")):
        user = User.objects.create(username=username, first_name=username, email=f"{username}@x")
        Role.objects.create(user=user, country=senegal, kind=kind)
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        publish_demo_edition(senegal)
    n = setup.publish_everywhere() + 1
    print(f"machine: {os.cpu_count()} cores; database: SQLite file; {n} published countries")
    client = Client()
    print("\nAPI list endpoints (median of 15, warm; first page: editions 20, others 100):")
    for url in URLS:
        ms, queries, size = timed(client, url)
        verdict = "ok" if ms <= 30 else "MISSED"
        kb = size / 1024
        print(f"  {url:38s} {ms:6.1f} ms  {queries:2d} queries  {kb:6.0f} KB  -> {verdict}")
    print("\nbaseline, the whole-file open data:")
    for url in BASELINE:
        ms, queries, size = timed(client, url, runs=3)
        print(f"  {url:38s} {ms:6.1f} ms  {queries:2d} queries  {size / 1024:6.0f} KB")


if __name__ == "__main__":
    main()
