"""Benchmark of the dossier pages (issue: the platform's foundation).

Targets: with a dossier of 300 sources, 60 institutions and 100 recommendations, the
overview and each list page answer in under 50 ms at the median, with a number of SQL
queries that does not grow with the entries; under load (gunicorn, 2 workers, 20
concurrent clients on loopback for 20 s) the overview reaches at least 40% of the
requests per second of a trivial Django view on the same server, with zero errors.

Run: .venv/bin/python benchmarks/dossier_pages.py [--duration 20] [--skip-load]
Uses a throwaway SQLite database (or DATABASE_URL if set) in a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TMP = Path(tempfile.mkdtemp(prefix="migguide-bench-"))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{TMP / 'bench.sqlite3'}")
os.environ["MIGGUIDE_VAR_DIR"] = str(TMP)
os.environ["DJANGO_SETTINGS_MODULE"] = "migguide.settings"
os.environ.setdefault("SECRET_KEY", "benchmark-" + "x" * 50)
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from migguide.access.models import Role, User  # noqa: E402
from migguide.countries.models import Country  # noqa: E402
from migguide.countries.registry import load_registry  # noqa: E402
from migguide.dossier import models as m  # noqa: E402
from migguide.dossier.parts import PARTS  # noqa: E402


def build_dossier(iso3="MLI", sources=300, institutions=60, recommendations=100):
    country = Country.objects.get(iso3=iso3)
    dossier = m.Dossier.objects.create(
        country=country, languages=["fr"], situation="S" * 400, framework="F" * 300
    )
    kinds = [k for k, _ in m.Institution.Kind.choices]
    insts = [
        m.Institution.objects.create(
            dossier=dossier, name=f"Institution {i}", acronym=f"I{i}", kind=kinds[i % len(kinds)]
        )
        for i in range(institutions)
    ]
    contacts = [
        m.Contact.objects.create(
            dossier=dossier,
            institution=insts[i % institutions],
            name=f"Person {i}",
            email=f"p{i}@example.org",
        )
        for i in range(institutions)
    ]
    areas = list(m.Area.objects.all())
    stages = list(m.PolicyStage.objects.all())
    for i in range(sources):
        s = m.Source.objects.create(
            dossier=dossier,
            title=f"Source {i}",
            description="A source " * 10,
            collector=insts[i % institutions],
            kind="survey",
            periodicity="annual",
            status="existing" if i % 5 else "potential",
        )
        s.areas.set(areas[i % 8 : i % 8 + 3])
        s.users.set([insts[(i + k) % institutions] for k in range(1, 4)])
        s.stages.set(stages[i % 4 : i % 4 + 2])
        s.contacts.set([contacts[i % institutions]])
    for i in range(recommendations):
        r = m.Recommendation.objects.create(
            dossier=dossier,
            text=f"Recommendation {i} " * 5,
            theme=m.Recommendation.Theme.choices[i % 6][0],
        )
        r.responsible.set([insts[i % institutions], insts[(i + 7) % institutions]])
    for i in range(30):
        m.StageActor.objects.create(
            dossier=dossier, stage=stages[i % 6], institution=insts[i], role="Role " * 8
        )
        m.Challenge.objects.create(
            dossier=dossier,
            category=m.Challenge.Category.choices[i % 6][0],
            description="Challenge " * 10,
            responsible=insts[i],
        )
        m.Need.objects.create(
            dossier=dossier, description="Need " * 6, kind="training", institution=insts[i]
        )
        m.GlossaryTerm.objects.create(dossier=dossier, term_fr=f"terme {i}", term_en=f"term {i}")
        m.LegalInstrument.objects.create(
            dossier=dossier, title=f"Law {i}", kind="law", status="in-force", year=2000 + i % 20
        )
        m.ProfileContent.objects.create(dossier=dossier, theme=f"Theme {i}", status="covered")
        m.UseExample.objects.create(
            dossier=dossier,
            title=f"Example {i}",
            description="d",
            function=m.UseExample.Function.choices[i % 4][0],
        )
        m.WorkgroupMember.objects.create(
            dossier=dossier, contact=contacts[i], is_coordinator=i == 0
        )
    m.Foreword.objects.create(
        dossier=dossier, signatory="Minister", signatory_title="Minister", text="Foreword " * 50
    )
    return dossier


def time_pages(user, urls, repeat):
    client = Client()
    client.force_login(user)
    rows = []
    for url in urls:
        for _ in range(3):
            assert client.get(url).status_code == 200, url
        queries = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            client.get(url)
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        rows.append(
            (
                url,
                statistics.median(times),
                times[int(len(times) * 0.95) - 1],
                len(queries),
            )
        )
    return rows


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wrk(url, cookie, duration, connections=20):
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{duration}s",
            "--latency",
            "-H",
            f"Cookie: {settings.SESSION_COOKIE_NAME}={cookie}",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    errors = 0
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        errors += int(match.group(1))
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    ):
        errors += sum(int(g) for g in match.groups())
    p50 = re.search(r"50%\s+([\d.]+\w+)", out).group(1)
    p99 = re.search(r"99%\s+([\d.]+\w+)", out).group(1)
    return rps, total, errors, p50, p99


def load_test(session_key, iso3, duration):
    if not shutil.which("wrk"):
        print("wrk is not installed (apt-get install wrk): load test skipped")
        return None
    port = free_port()
    env = dict(os.environ, DEBUG="false", ALLOWED_HOSTS="127.0.0.1")
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "migguide.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--access-logfile",
            "/dev/null",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        trivial = wrk(f"{base}/health/", session_key, duration)
        overview = wrk(f"{base}/countries/{iso3}/", session_key, duration)
        return trivial, overview
    finally:
        server.terminate()
        server.wait(10)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--skip-load", action="store_true")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)  # as in production
    load_registry()
    start = time.perf_counter()
    dossier = build_dossier()
    print(
        f"machine: {os.cpu_count()} cores; database: {connection.vendor}; dossier built in "
        f"{time.perf_counter() - start:.1f} s: {m.Source.objects.count()} sources, "
        f"{m.Institution.objects.count()} institutions, "
        f"{m.Recommendation.objects.count()} recommendations"
    )
    user = User.objects.create_user("bench", password="bench-password-1")
    Role.objects.create(user=user, country=dossier.country, kind="coordinator")
    iso3 = dossier.country.iso3
    urls = [f"/countries/{iso3}/"] + [f"/countries/{iso3}/{p.slug}/" for p in PARTS]
    print(f"\n{'page':<42}{'median ms':>10}{'p95 ms':>9}{'queries':>9}  target < 50 ms")
    worst = 0.0
    for url, median, p95, queries in time_pages(user, urls, args.repeat):
        worst = max(worst, median)
        print(
            f"{url:<42}{median:>10.1f}{p95:>9.1f}{queries:>9}  {'ok' if median < 50 else 'MISSED'}"
        )
    print(f"slowest median: {worst:.1f} ms")
    if args.skip_load:
        return
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    result = load_test(session.session_key, iso3, args.duration)
    if result:
        (t_rps, t_n, t_err, t_p50, t_p99), (o_rps, o_n, o_err, o_p50, o_p99) = result
        print(f"\nload: gunicorn 2 sync workers, wrk 20 connections, {args.duration} s each")
        print(f"{'view':<24}{'req/s':>9}{'requests':>10}{'errors':>8}{'p50':>10}{'p99':>10}")
        print(f"{'trivial (/health/)':<24}{t_rps:>9.0f}{t_n:>10}{t_err:>8}{t_p50:>10}{t_p99:>10}")
        print(f"{'dossier overview':<24}{o_rps:>9.0f}{o_n:>10}{o_err:>8}{o_p50:>10}{o_p99:>10}")
        ratio = o_rps / t_rps
        print(
            f"overview / trivial: {ratio:.0%} (target >= 40%), errors: {t_err + o_err} "
            f"(target 0) -> {'ok' if ratio >= 0.4 and not (t_err + o_err) else 'MISSED'}"
        )


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
