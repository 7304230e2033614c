"""Benchmark of the public portal (issue: the public portal).

Targets: the home page under 500 KB transferred (compressed), map included; the first
render of the map under 1 s in headless Chromium on loopback; the static site for 57
countries x 2 languages built in under 60 s, and rebuilt in under 5 s after one country
changes. Baseline in the same run: shutil.copytree of the built folder (the floor for
writing it).

Every country of the dialogue gets a published edition: the demonstration dossier's,
with its statistics scaled per country so that every chart differs (as real ones do).

Run: .venv/bin/python benchmarks/portal.py
"""

from __future__ import annotations

import copy
import gzip
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TMP = Path(tempfile.mkdtemp(prefix="migguide-portal-"))
os.environ["DATABASE_URL"] = f"sqlite:///{TMP / 'bench.sqlite3'}"
os.environ["MIGGUIDE_VAR_DIR"] = str(TMP)
os.environ["DJANGO_SETTINGS_MODULE"] = "migguide.settings"
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from migguide.access.models import Role, User  # noqa: E402
from migguide.countries.models import Country  # noqa: E402
from migguide.countries.registry import load_registry  # noqa: E402
from migguide.demo.dossier import demo_dossier  # noqa: E402
from migguide.demo.editions import publish_demo_edition  # noqa: E402
from migguide.dossier.exchange import import_dossier  # noqa: E402
from migguide.editions.models import Edition, PublishedFile, snapshot_hash  # noqa: E402
from migguide.indicators.profile import load_demo_statistics  # noqa: E402
from migguide.publishing.portal import countries_of_the_dialogue  # noqa: E402
from migguide.publishing.site import build_site  # noqa: E402


def scaled(statistics: dict, factor: float) -> dict:
    data = copy.deepcopy(statistics)
    for figure in data.get("figures", []):
        figure["value"] *= factor
    for key in ("stock_by_sex", "refugees", "remittances", "net_migration"):
        for point in data.get(key, {}).get("points", []):
            point[1:] = [v * factor if isinstance(v, int | float) else v for v in point[1:]]
    for key in ("origins", "destinations"):
        for item in data.get(key, {}).get("items", []):
            item[1] *= factor
    return data


def publish_everywhere() -> int:
    """A published edition for every country of the dialogue, copied from Senegal's."""
    model = Edition.objects.get(country__iso3="SEN", state="published")
    files = list(model.files.all())
    n = 0
    for i, status in enumerate(countries_of_the_dialogue("en")):
        if status.iso3 == "SEN":
            continue
        snapshot = copy.deepcopy(model.snapshot)
        snapshot["dossier"]["country"] = status.iso3
        factor = 0.5 + i / 20
        snapshot["statistics"] = {
            lang: scaled(stats, factor) for lang, stats in snapshot["statistics"].items()
        }
        edition = Edition.objects.create(
            country=status.country,
            number=1,
            languages=model.languages,
            state="published",
            snapshot=snapshot,
            sha256=snapshot_hash(snapshot),
            published_at=timezone.now(),
        )
        for f in files:
            PublishedFile.objects.create(
                edition=edition,
                language=f.language,
                version=f.version,
                fmt=f.fmt,
                name=f.name.replace("-sen-", f"-{status.iso3.lower()}-"),
                path=f.path,  # the same bytes: enough to measure copying them
                size=f.size,
                sha256=f.sha256,
            )
        n += 1
    return n


def first_render(url: str) -> float:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url)  # warm the server
        times = []
        for _ in range(3):
            page.goto("about:blank")
            page.goto(url, wait_until="load")
            times.append(
                page.evaluate(
                    "() => { const n = performance.getEntriesByType('navigation')[0];"
                    " const p = performance.getEntriesByName('first-contentful-paint')[0];"
                    " return Math.max(n.loadEventEnd, p ? p.startTime : 0) / 1000; }"
                )
            )
        browser.close()
    return sorted(times)[1]


def prepare() -> int:
    """The throwaway database with every country of the dialogue published (Senegal's
    demonstration edition, copied); returns how many are published."""
    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    load_registry()
    import_dossier(demo_dossier(), source="demo", replace=True)
    load_demo_statistics()
    senegal = Country.objects.get(iso3="SEN")
    for username, kind in (("c", "coordinator"), ("r", "reviewer"), ("e", "endorser")):
        user = User.objects.create(username=username, first_name=username, email=f"{username}@x")
        Role.objects.create(user=user, country=senegal, kind=kind)
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        publish_demo_edition(senegal)
    return publish_everywhere() + 1


def main():
    n = prepare()
    print(f"machine: {os.cpu_count()} cores; database: SQLite file; {n} published countries")

    client = Client(HTTP_ACCEPT_ENCODING="gzip")
    home = client.get("/en/")
    html = home.content  # compressed by the view
    css = gzip.compress((ROOT / "migguide/static/migguide/style.css").read_bytes())
    js = gzip.compress((ROOT / "migguide/static/migguide/portal.js").read_bytes())
    total = len(html) + len(css) + len(js)
    print(
        f"\nhome page transferred (gzip): HTML {len(html) / 1024:.0f} KB + CSS "
        f"{len(css) / 1024:.0f} KB + script {len(js) / 1024:.0f} KB = {total / 1024:.0f} KB "
        f"(target < 500 KB) -> {'ok' if total < 500 * 1024 else 'MISSED'}"
    )

    out = TMP / "site"
    start = time.perf_counter()
    full = build_site(out)
    full_s = time.perf_counter() - start
    copy_target = TMP / "copy"
    start = time.perf_counter()
    shutil.copytree(out, copy_target)
    copy_s = time.perf_counter() - start
    print(f"\nstatic site, {n} countries x 2 languages: {full}")
    print(f"  full build: {full_s:.1f} s (target < 60 s) -> {'ok' if full_s < 60 else 'MISSED'}")
    print(f"  baseline shutil.copytree of the built folder: {copy_s:.2f} s")

    # One country changes: its edition 2 is published and supersedes edition 1.
    mali = Edition.objects.get(country__iso3="MLI")
    snapshot = copy.deepcopy(mali.snapshot)
    snapshot["dossier"]["sources"][0]["title"] += " (revised)"
    Edition.objects.create(
        country=mali.country,
        number=2,
        languages=mali.languages,
        state="published",
        snapshot=snapshot,
        sha256=snapshot_hash(snapshot),
        published_at=timezone.now(),
    )
    Edition.objects.filter(pk=mali.pk).update(state="superseded")
    start = time.perf_counter()
    again = build_site(out)
    again_s = time.perf_counter() - start
    print(f"  after one country changed: {again}")
    print(f"  incremental: {again_s:.1f} s (target < 5 s) -> {'ok' if again_s < 5 else 'MISSED'}")

    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "migguide.cli", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait(port)
        seconds = first_render(f"http://127.0.0.1:{port}/en/")
    finally:
        server.terminate()
        server.wait()
    print(
        f"\nfirst render of the map (load event and first paint, median of 3): "
        f"{seconds:.2f} s (target < 1 s) -> {'ok' if seconds < 1 else 'MISSED'}"
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(port: int) -> None:
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the server did not start")


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
