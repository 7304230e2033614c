"""Benchmark of background tasks (issue 19, TASKS).

Targets: with the database backend the publication request returns in <= 200 ms (it only
queues the task; measured against today's publication inside the request); the
demonstration's publication task (Senegal, French and English: 12 files) <= 3 s; the
static site brought up to date after one country's publication <= 5 s; a worker's memory
(RSS) under 500 MB over 100 publications, workers recycled after --max-tasks tasks.

The worker runs as `migguide worker` in its own process, as in production; its RSS is
read from /proc every 0.2 s. SQLite file database (the task queue is a table like any
other; PostgreSQL is measured by the cluster check).

With --s3 every storage (published files, the static site, uploads) is an object store,
`rclone serve s3` on a local port as in the tests (migguide/testing/s3.py), and the site
is also rebuilt as a worker on another machine would (a VAR_DIR that never built it).

Run: .venv/bin/python benchmarks/tasks.py [--publications 100] [--max-tasks 25] [--s3]
(--publications 0: no memory run)
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The chart engine's process imports this module again: it takes the same folder.
TMP = Path(os.environ.get("MIGGUIDE_TASKS_BENCH") or tempfile.mkdtemp(prefix="migguide-tasks-"))
ENV = {
    **os.environ,
    "DATABASE_URL": f"sqlite:///{TMP / 'bench.sqlite3'}",
    "MIGGUIDE_VAR_DIR": str(TMP),
    "DJANGO_SETTINGS_MODULE": "migguide.settings",
    "TASKS_BACKEND": "database",
    "PYTHONPATH": str(ROOT),
    "MIGGUIDE_TASKS_BENCH": str(TMP),
    # The notifications of each publication are kept in memory, not printed.
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
}
sys.path.insert(0, str(ROOT))
S3 = None
S3_PORT = 0
if "--s3" in sys.argv:
    import socket

    with socket.socket() as free:  # the object store's port, known before the settings load
        free.bind(("127.0.0.1", 0))
        S3_PORT = free.getsockname()[1]
    ENV.update(
        S3_BUCKET="migguide",
        S3_ENDPOINT_URL=f"http://127.0.0.1:{S3_PORT}",
        S3_ACCESS_KEY_ID="migguide-test-access-key",
        S3_SECRET_ACCESS_KEY="migguide-test-secret-key-0123456789",
        S3_PREFIX="bench",
    )
os.environ.update(ENV)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from migguide.access.models import Access, Role, User  # noqa: E402
from migguide.countries.models import Country  # noqa: E402
from migguide.countries.registry import load_registry  # noqa: E402
from migguide.demo.dossier import demo_dossier  # noqa: E402
from migguide.demo.editions import as_published  # noqa: E402
from migguide.dossier.exchange import import_dossier  # noqa: E402
from migguide.editions.models import Edition  # noqa: E402
from migguide.editions.publishing import mark_ready  # noqa: E402
from migguide.indicators.profile import load_demo_statistics  # noqa: E402
from migguide.publishing.site import build_site_storage  # noqa: E402
from migguide.publishing.tasks import rebuild_site  # noqa: E402

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
PASSWORD = "bench-password-1234"


def setup() -> tuple[Country, dict[str, Access]]:
    call_command("migrate", verbosity=0)
    load_registry()
    import_dossier(demo_dossier(), source="demo", replace=True)
    load_demo_statistics()
    country = Country.objects.get(iso3="SEN")
    people = {}
    for kind in (Role.Kind.COORDINATOR, Role.Kind.REVIEWER, Role.Kind.ENDORSER):
        user = User.objects.create_user(
            kind, email=f"{kind}@example.org", password=PASSWORD, first_name="Awa", last_name=kind
        )
        Role.objects.create(user=user, country=country, kind=kind)
        people[kind] = Access.of(user, country)
    return country, people


def endorsed_edition(country: Country, people: dict[str, Access]) -> Edition:
    """The demonstration dossier taken to endorsement, in its languages (as the
    demonstration publishes it: a text revised since is put back as translated)."""
    languages = list(country.dossier.languages)
    with (
        as_published(country.dossier),
        override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
    ):
        edition = Edition.start(access=people["coordinator"], languages=languages)
        edition.submit(access=people["coordinator"])
        edition.approve(access=people["reviewer"], sha256=edition.sha256)
        mark_ready(edition, access=people["coordinator"])
        edition.endorse(
            access=people["endorser"],
            sha256=edition.sha256,
            name="Awa Diop",
            position="Directrice générale",
            date=datetime.date.today(),
            statement="Approuvé.",
        )
    return edition


def copies(template: Edition, n: int) -> list[Edition]:
    """`n` more endorsed editions with the template's frozen content (for the memory
    run: each publication renders the twelve files again)."""
    last = Edition.objects.filter(country=template.country).order_by("-number").first().number
    return [
        Edition.objects.create(
            country=template.country,
            number=last + i + 1,
            languages=template.languages,
            state=Edition.State.ENDORSED,
            snapshot=template.snapshot,
            sha256=template.sha256,
            frozen_at=template.frozen_at,
            changes_annex=False,
        )
        for i in range(n)
    ]


def post_publish(client: Client, edition: Edition):
    start = time.perf_counter()
    r = client.post(
        f"/countries/SEN/editions/{edition.number}/publish/", {"seen_state": "endorsed"}
    )
    elapsed = time.perf_counter() - start
    assert r.status_code == 302, r.status_code
    return elapsed, r["Location"]


def run_worker(max_tasks: int, rss: list[int]) -> subprocess.CompletedProcess | None:
    """One `migguide worker --batch` process; its peak RSS (kB, sampled) appended."""
    process = subprocess.Popen(
        [sys.executable, "-m", "migguide.cli", "worker", "--batch", "--max-tasks", str(max_tasks)],
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    peak = 0
    while process.poll() is None:
        try:
            for line in Path(f"/proc/{process.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    peak = max(peak, int(line.split()[1]))
        except (FileNotFoundError, ProcessLookupError):
            break
        time.sleep(0.2)
    output = process.communicate()[0]
    rss.append(peak)
    if process.returncode != 0:
        print(output)
        raise SystemExit(f"worker exited with {process.returncode}")
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--publications", type=int, default=100)
    parser.add_argument("--max-tasks", type=int, default=25)
    parser.add_argument("--s3", action="store_true", help="storages in an object store")
    args = parser.parse_args()
    country, people = setup()
    client = Client()
    client.login(username="coordinator", password=PASSWORD)
    print(
        f"machine: {os.cpu_count()} cores; database: SQLite file; worker: separate process; "
        f"storages: {'rclone serve s3' if S3 else 'folders'}; load: {os.getloadavg()[0]:.1f}"
    )

    # Today: the publication inside the request (the immediate backend).
    inline = []
    with override_settings(TASKS=IMMEDIATE, TASKS_BACKEND="immediate"):
        for _ in range(3):
            edition = endorsed_edition(country, people)
            inline.append(post_publish(client, edition)[0])
            edition.refresh_from_db()
            assert edition.state == "published", edition.state
    # Queued: the request only records the task.
    edition = endorsed_edition(country, people)
    queued = []
    for _ in range(7):
        elapsed, location = post_publish(client, edition)
        queued.append(elapsed)
    DBTaskResult.objects.exclude(id=location.rstrip("/").rsplit("/", 1)[1]).delete()
    print("\npublication request (median):")
    print(f"  in the request (today):          {statistics.median(inline) * 1000:.0f} ms")
    request_ms = statistics.median(queued) * 1000
    print(
        f"  queued (database backend):       {request_ms:.0f} ms "
        f"(target <= 200 ms) -> {'ok' if request_ms <= 200 else 'MISSED'}"
    )

    # The site as it stands, then one country's publication and the rebuild after it.
    site = TMP / "site"
    with override_settings(SITE_DIR=site, VAR_DIR=TMP / "machine-a"):
        build_site_storage()
    rss: list[int] = []
    run_worker(1, rss)
    result = DBTaskResult.objects.get(task_path__endswith="publish_edition", status="SUCCESSFUL")
    edition.refresh_from_db()
    assert edition.state == "published" and edition.files.count() == 12, edition.state
    task_s = (result.finished_at - result.started_at).total_seconds()
    print(
        f"\ndemonstration's publication task ({edition.files.count()} files, "
        f"{'+'.join(edition.languages)}), first task of a fresh worker: {task_s:.2f} s "
        f"(target <= 3 s) -> {'ok' if task_s <= 3 else 'MISSED'} (load {os.getloadavg()[0]:.1f})"
    )
    # The rebuild on the machine that built the site before, then (another
    # publication later) on a machine that never built it, as a worker elsewhere.
    for machine in ("machine-a", "machine-b"):
        if machine == "machine-b":
            extra = copies(edition, 1)[0]
            post_publish(client, extra)
            run_worker(100, rss)  # what is queued: the publication (and earlier e-mails)
            extra.refresh_from_db()
            assert extra.state == "published", extra.state
        with override_settings(SITE_DIR=site, VAR_DIR=TMP / machine, SITE_AUTO_REBUILD=True):
            start = time.perf_counter()
            summary = rebuild_site.call()
            site_s = time.perf_counter() - start
        print(
            f"static site after one country's publication, rebuilt on {machine}: {site_s:.2f} s "
            f"(target <= 5 s) -> {'ok' if site_s <= 5 else 'MISSED'} "
            f"(load {os.getloadavg()[0]:.1f})\n  {summary}"
        )
    if not args.publications:
        return

    # Memory: N publications by workers recycled after --max-tasks tasks.
    DBTaskResult.objects.all().delete()
    rss.clear()
    for extra in copies(edition, args.publications):
        post_publish(client, extra)
    start = time.perf_counter()
    while DBTaskResult.objects.filter(status="READY").exists():
        run_worker(args.max_tasks, rss)
    seconds = time.perf_counter() - start
    # The publications (each also queues its e-mails and webhook deliveries).
    publications = DBTaskResult.objects.filter(task_path__endswith=".publish_edition")
    done = publications.filter(status="SUCCESSFUL").count()
    failed = DBTaskResult.objects.filter(status="FAILED").count()
    times = [
        (r.finished_at - r.started_at).total_seconds()
        for r in publications.filter(status="SUCCESSFUL")
    ]
    peak_mb = max(rss) / 1024
    print(
        f"\n{args.publications} publications, workers recycled every {args.max_tasks} tasks: "
        f"{done} published, {failed} tasks failed, all tasks in {seconds:.0f} s "
        f"(task median {statistics.median(times):.2f} s, max {max(times):.2f} s)"
    )
    print(
        f"  peak RSS per worker process: {', '.join(f'{kb / 1024:.0f}' for kb in rss)} MB"
        f" -> max {peak_mb:.0f} MB (target < 500 MB) -> {'ok' if peak_mb < 500 else 'MISSED'}"
    )
    assert settings.TASKS_BACKEND == "database"


if __name__ == "__main__":
    if S3_PORT:
        # Here, not at import: the chart engine's process imports this module again.
        from migguide.testing.s3 import ACCESS_KEY, BUCKET, SECRET_KEY, S3Server

        assert (
            ENV["S3_BUCKET"],
            ENV["S3_ACCESS_KEY_ID"],
            ENV["S3_SECRET_ACCESS_KEY"],
        ) == (BUCKET, ACCESS_KEY, SECRET_KEY)
        S3 = S3Server()
        S3.port = S3_PORT
        S3.start()
    try:
        main()
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
        if S3 is not None:
            S3.cleanup()
