"""Load test (issue: trustworthy in production): 50 people at once, reading and editing
two countries' dossiers for 60 seconds, against gunicorn on loopback.

Each person signs in, then loops: mostly reads (dossier overview, source list, an entry,
the public portal), sometimes an edit of the country's context — all 25 people of a
country edit the same text, so edits collide on purpose. An edit carries the version
the person read; a collision must be refused and shown, never silently overwrite.
Counted after the run: every save the server acknowledged is in the recorded history,
exactly once, and the final version equals the starting one plus the acknowledged
saves. Reported: requests, server errors (target 0), lost or overwritten edits
(target 0), p50/p95 latency.

Run: .venv/bin/python benchmarks/load.py [--seconds 60] [--users 50]

`tools/cluster_check.py` imports this module and runs the same people against two
application servers on PostgreSQL: importing it sets nothing up.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "load-test-password-1"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
BASE = re.compile(r'name="base_version" value="(\d+)"')
COUNTRIES = ("SEN", "MLI")
# How every server of a load test runs (here and in the cluster check).
GUNICORN_OPTIONS = ["-w", "2", "--threads", "8", "-k", "gthread", "--log-level", "warning"]
GUNICORN_SHAPE = "gunicorn 2 workers x 8 threads"


def prepare(users: int, countries: Sequence[str] = COUNTRIES) -> list[tuple[str, str]]:
    """The people of the test (`users`, split between `countries`), each a member of
    their country, whose dossier is (re)loaded from the demonstration's. Needs Django
    set up and the database migrated."""
    from migguide.access.models import Role, User
    from migguide.countries.models import Country
    from migguide.countries.registry import load_registry
    from migguide.demo.dossier import demo_dossier
    from migguide.dossier.exchange import import_dossier

    load_registry()
    people = []
    for iso3 in countries:
        data = demo_dossier()
        data["country"] = iso3
        data["dossier"]["is_demo"] = True
        import_dossier(data, source="load", replace=True)
        country = Country.objects.get(iso3=iso3)
        for i in range(users // len(countries)):
            user = User.objects.create_user(f"{iso3.lower()}{i}", password=PASSWORD)
            Role.objects.create(user=user, country=country, kind=Role.Kind.MEMBER)
            people.append((user.username, iso3))
    return people


class Person(threading.Thread):
    """One person: signs in, then reads and edits until `until`. Each request goes to
    one of `bases` (the application servers), picked at random: with several servers,
    a person's session and form tokens must hold on all of them."""

    def __init__(
        self,
        bases: Sequence[str],
        username: str,
        iso3: str,
        until: float,
        results: dict,
        delay: float = 0.0,
    ):
        super().__init__(daemon=True)
        self.bases, self.username, self.iso3, self.until = list(bases), username, iso3, until
        self.results, self.delay = results, delay
        self.signed_in = False
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        self.random = random.Random(username)

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        base = self.random.choice(self.bases)
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(base + path, data=body)
        if data is not None:
            request.add_header("Referer", base + path)
        start = time.perf_counter()
        try:
            with self.opener.open(request, timeout=30) as response:
                status, text = response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode("utf-8", "replace")
        except OSError as error:
            status, text = 599, str(error)
        with self.results["lock"]:
            took = time.perf_counter() - start
            self.results["latency"].append(took)
            self.results["after_sign_in" if self.signed_in else "signing_in"].append(took)
            if status >= 500:
                self.results["errors"].append((base + path, status, text[:200]))
        return status, text

    def run(self):
        time.sleep(self.delay)  # people arriving one after another (--ramp)
        _, page = self.request("/login/")
        token = TOKEN.search(page)
        if token is None:  # the server did not answer (counted as an error): gives up
            return
        self.request(
            "/login/",
            {
                "csrfmiddlewaretoken": token.group(1),
                "username": self.username,
                "password": PASSWORD,
            },
        )
        self.signed_in = True
        reads = [
            f"/countries/{self.iso3}/",
            f"/countries/{self.iso3}/sources/",
            f"/countries/{self.iso3}/sources/?area=border",
            f"/countries/{self.iso3}/recommendations/",
            f"/en/countries/{self.iso3.lower()}/",
            "/fr/",
        ]
        n = 0
        while time.time() < self.until:
            n += 1
            if self.random.random() < 0.2:
                self.edit(n)
            else:
                self.request(self.random.choice(reads))

    def edit(self, n: int) -> None:
        path = f"/countries/{self.iso3}/context/edit/"
        status, page = self.request(path)
        token, base = TOKEN.search(page), BASE.search(page)
        if status != 200 or token is None or base is None:
            # No form (a sign-in that timed out leads to the sign-in page): not an edit.
            with self.results["lock"]:
                self.results["other"] += 1
            return
        token, base = token.group(1), base.group(1)
        mark = f"[{self.username}-{n}]"
        status, page = self.request(
            path,
            {
                "csrfmiddlewaretoken": token,
                "base_version": base,
                "situation": f"Situation edited by load test {mark}",
                "framework": "",
            },
        )
        with self.results["lock"]:
            if "saved the context after you opened it" in page:
                self.results["conflicts"] += 1
            elif "The context is saved." in page:  # the redirect after a save, followed
                self.results["saved"].append((self.iso3, mark))
            else:
                self.results["other"] += 1


@dataclass
class Outcome:
    users: int
    seconds: int
    requests: int = 0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    # The same, apart: the sign-in (two requests a person, a password hash each) and
    # everything after it — with everyone signing in in the same second, the first
    # seconds are a queue of password hashes.
    sign_in_p95_ms: float = 0.0
    after_sign_in_p95_ms: float = 0.0
    ramp: float = 0.0
    saved: int = 0
    conflicts: int = 0
    other: int = 0  # edits neither saved nor refused as a collision
    errors: list = field(default_factory=list)  # (url, status, start of the answer)
    lost: int = 0  # acknowledged edits missing or doubled in the history

    @property
    def ok(self) -> bool:
        return self.requests > 0 and not self.errors and self.lost == 0

    def lines(self) -> list[str]:
        return [
            f"{self.users} people for {self.seconds} s: {self.requests} requests "
            f"({self.requests / self.seconds:.0f}/s), p50 {self.p50_ms:.0f} ms, "
            f"p95 {self.p95_ms:.0f} ms",
            f"   people arriving over {self.ramp:.0f} s; p95 of signing in "
            f"{self.sign_in_p95_ms:.0f} ms, of the requests after it "
            f"{self.after_sign_in_p95_ms:.0f} ms",
            f"edits acknowledged: {self.saved}, refused as collisions and shown: {self.conflicts}",
            f"edits neither saved nor refused as a collision: {self.other}",
            f"server errors: {len(self.errors)} (target 0)",
            *(f"   {error}" for error in self.errors[:5]),
            f"lost or silently overwritten edits: {self.lost} (target 0)",
        ]


def measure(
    bases: Sequence[str],
    people: list[tuple[str, str]],
    seconds: int,
    countries: Sequence[str] = COUNTRIES,
    ramp: float = 0.0,
) -> Outcome:
    """Run `people` against the servers at `bases` for `seconds`, then count from the
    database (Django set up on the servers' database) what was saved."""
    from migguide.dossier import models as m

    start_versions = {
        d.country.iso3: d.version
        for d in m.Dossier.objects.filter(country__iso3__in=countries).select_related("country")
    }
    results = {
        "lock": threading.Lock(),
        "latency": [],
        "signing_in": [],
        "after_sign_in": [],
        "errors": [],
        "saved": [],
        "conflicts": 0,
        "other": 0,
    }
    until = time.time() + seconds
    threads = [
        Person(bases, name, iso3, until, results, delay=ramp * i / max(len(people), 1))
        for i, (name, iso3) in enumerate(people)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    latency = sorted(results["latency"])
    outcome = Outcome(
        users=len(people),
        seconds=seconds,
        requests=len(latency),
        saved=len(results["saved"]),
        conflicts=results["conflicts"],
        other=results["other"],
        errors=results["errors"],
    )
    if latency:
        outcome.p50_ms = statistics.median(latency) * 1000
        outcome.p95_ms = p95(latency)
        outcome.sign_in_p95_ms = p95(results["signing_in"])
        outcome.after_sign_in_p95_ms = p95(results["after_sign_in"])
    outcome.ramp = ramp
    for iso3 in countries:
        dossier = m.Dossier.objects.get(country__iso3=iso3)
        marks = [mark for c, mark in results["saved"] if c == iso3]
        history = list(
            dossier.history.filter(
                situation__startswith="Situation edited by load test"
            ).values_list("situation", flat=True)
        )
        recorded = [re.search(r"\[[^\]]+\]", h).group(0) for h in history]
        outcome.lost += sum(1 for mark in marks if recorded.count(mark) != 1)
        expected = start_versions[iso3] + len(marks)
        if dossier.version != expected:
            outcome.lost += abs(dossier.version - expected)
    return outcome


def p95(seconds: list[float]) -> float:
    """The 95th percentile of `seconds`, in milliseconds (0 for none)."""
    ordered = sorted(seconds)
    return ordered[int(len(ordered) * 0.95)] * 1000 if ordered else 0.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument(
        "--ramp",
        type=float,
        default=0.0,
        help="seconds over which the people arrive (default 0: all sign in at once)",
    )
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="migguide-load-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp / 'load.sqlite3'}",
        "MIGGUIDE_VAR_DIR": str(tmp),
        "DJANGO_SETTINGS_MODULE": "migguide.settings",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SIGN_IN_FAILURES_PER_ADDRESS": "1000",
    }
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    try:
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        call_command("collectstatic", verbosity=0, interactive=False)
        people = prepare(args.users)
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "migguide.wsgi", *GUNICORN_OPTIONS]
            + ["-b", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
        )
        try:
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.1)
            outcome = measure([f"http://127.0.0.1:{port}"], people, args.seconds, ramp=args.ramp)
        finally:
            server.terminate()
            server.wait()
        print(f"machine: {os.cpu_count()} cores; {GUNICORN_SHAPE}; SQLite (WAL)")
        print("\n".join(outcome.lines()))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
