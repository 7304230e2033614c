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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TMP = Path(tempfile.mkdtemp(prefix="migguide-load-"))
ENV = {
    **os.environ,
    "DATABASE_URL": f"sqlite:///{TMP / 'load.sqlite3'}",
    "MIGGUIDE_VAR_DIR": str(TMP),
    "DJANGO_SETTINGS_MODULE": "migguide.settings",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SIGN_IN_FAILURES_PER_ADDRESS": "1000",
}
os.environ.update(ENV)
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from migguide.access.models import Role, User  # noqa: E402
from migguide.countries.models import Country  # noqa: E402
from migguide.countries.registry import load_registry  # noqa: E402
from migguide.demo.dossier import demo_dossier  # noqa: E402
from migguide.dossier import models as m  # noqa: E402
from migguide.dossier.exchange import import_dossier  # noqa: E402

PASSWORD = "load-test-password-1"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
BASE = re.compile(r'name="base_version" value="(\d+)"')


def setup(users: int) -> list[tuple[str, str]]:
    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    load_registry()
    people = []
    for iso3 in ("SEN", "MLI"):
        data = demo_dossier()
        data["country"] = iso3
        data["dossier"]["is_demo"] = True
        import_dossier(data, source="load", replace=True)
        country = Country.objects.get(iso3=iso3)
        for i in range(users // 2):
            user = User.objects.create_user(f"{iso3.lower()}{i}", password=PASSWORD)
            Role.objects.create(user=user, country=country, kind=Role.Kind.MEMBER)
            people.append((user.username, iso3))
    return people


class Person(threading.Thread):
    def __init__(self, base: str, username: str, iso3: str, until: float, results: dict):
        super().__init__(daemon=True)
        self.base, self.username, self.iso3, self.until = base, username, iso3, until
        self.results = results
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        self.random = random.Random(username)

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)
        if data is not None:
            request.add_header("Referer", self.base + path)
        start = time.perf_counter()
        try:
            with self.opener.open(request, timeout=30) as response:
                status, text = response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode("utf-8", "replace")
        except OSError as error:
            status, text = 599, str(error)
        with self.results["lock"]:
            self.results["latency"].append(time.perf_counter() - start)
            if status >= 500:
                self.results["errors"].append((path, status, text[:200]))
        return status, text

    def run(self):
        _, page = self.request("/login/")
        self.request(
            "/login/",
            {
                "csrfmiddlewaretoken": TOKEN.search(page).group(1),
                "username": self.username,
                "password": PASSWORD,
            },
        )
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
        if status != 200:
            return
        token, base = TOKEN.search(page).group(1), BASE.search(page).group(1)
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--users", type=int, default=50)
    args = parser.parse_args()
    people = setup(args.users)
    start_versions = {d.country.iso3: d.version for d in m.Dossier.objects.all()}
    port = free_port()
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "migguide.wsgi",
            "-w",
            "2",
            "--threads",
            "8",
            "-k",
            "gthread",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=ENV,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        results = {
            "lock": threading.Lock(),
            "latency": [],
            "errors": [],
            "saved": [],
            "conflicts": 0,
            "other": 0,
        }
        until = time.time() + args.seconds
        threads = [
            Person(f"http://127.0.0.1:{port}", name, iso3, until, results) for name, iso3 in people
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        server.terminate()
        server.wait()

    latency = sorted(results["latency"])
    p50 = statistics.median(latency) * 1000
    p95 = latency[int(len(latency) * 0.95)] * 1000
    lost = 0
    for iso3 in ("SEN", "MLI"):
        dossier = m.Dossier.objects.get(country__iso3=iso3)
        marks = [mark for c, mark in results["saved"] if c == iso3]
        history = list(
            dossier.history.filter(
                situation__startswith="Situation edited by load test"
            ).values_list("situation", flat=True)
        )
        recorded = [re.search(r"\[[^\]]+\]", h).group(0) for h in history]
        lost += sum(1 for mark in marks if recorded.count(mark) != 1)
        expected = start_versions[iso3] + len(marks)
        if dossier.version != expected:
            lost += abs(dossier.version - expected)
    print(f"machine: {os.cpu_count()} cores; gunicorn 2 workers x 8 threads; SQLite (WAL)")
    print(
        f"{args.users} people for {args.seconds} s: {len(latency)} requests "
        f"({len(latency) / args.seconds:.0f}/s), p50 {p50:.0f} ms, p95 {p95:.0f} ms"
    )
    print(
        f"edits acknowledged: {len(results['saved'])}, refused as collisions and shown: "
        f"{results['conflicts']}"
    )
    print(f"edits neither saved nor refused as a collision: {results['other']}")
    print(f"server errors: {len(results['errors'])} (target 0)")
    for error in results["errors"][:5]:
        print("  ", error)
    print(f"lost or silently overwritten edits: {lost} (target 0)")


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
