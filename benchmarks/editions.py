"""Benchmark of editions (issue: editions).

Targets: freezing a snapshot of the demonstration dossier and rendering the edition's
three formats (HTML, PDF, DOCX, one language) in under 1.5 s, and no slower than 1.2x
rendering the live dossier's guide in the same run (the baseline, measured side by side,
alternating); a diff of two editions of a 300-source dossier in under 200 ms.

Run: .venv/bin/python benchmarks/editions.py
"""

from __future__ import annotations

import copy
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TMP = Path(tempfile.mkdtemp(prefix="migguide-editions-"))
os.environ["DATABASE_URL"] = f"sqlite:///{TMP / 'bench.sqlite3'}"
os.environ["MIGGUIDE_VAR_DIR"] = str(TMP)
os.environ["DJANGO_SETTINGS_MODULE"] = "migguide.settings"
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from migguide.access.models import Access, Role, User  # noqa: E402
from migguide.countries.registry import load_registry  # noqa: E402
from migguide.demo.dossier import demo_dossier  # noqa: E402
from migguide.dossier.exchange import import_dossier  # noqa: E402
from migguide.dossier.models import Dossier  # noqa: E402
from migguide.dossier.snapshot import Snapshot  # noqa: E402
from migguide.editions.diff import compare  # noqa: E402
from migguide.editions.models import Edition  # noqa: E402
from migguide.editions.publishing import edition_guide  # noqa: E402
from migguide.guide.building import dossier_guide  # noqa: E402
from migguide.guide.writers import WRITERS  # noqa: E402
from migguide.indicators.profile import load_demo_statistics  # noqa: E402

LANGUAGE = "fr"


def render_all(doc) -> int:
    return sum(len(WRITERS[fmt](doc)) for fmt in ("html", "pdf", "docx"))


def live(dossier) -> None:
    render_all(dossier_guide(dossier, language=LANGUAGE))


def frozen(edition: Edition, coordinator: Access) -> None:
    """Freeze (submit: export, statistics, hash, write) and render from the snapshot;
    sent back to draft afterwards, outside the timing, for the next round."""
    edition.submit(access=coordinator)
    render_all(edition_guide(edition, language=LANGUAGE))


def big_dossier(data: dict, sources: int) -> dict:
    """The demonstration export grown to `sources` sources (copies with new ids)."""
    data = copy.deepcopy(data)
    originals = data["sources"]
    while len(data["sources"]) < sources:
        entry = copy.deepcopy(originals[len(data["sources"]) % len(originals)])
        entry["id"] = str(uuid.uuid4())
        entry["title"] = f"{entry['title']} ({len(data['sources'])})"
        data["sources"].append(entry)
    return data


def main():
    call_command("migrate", verbosity=0)
    load_registry()
    import_dossier(demo_dossier(), source="demo", replace=True)
    load_demo_statistics()
    dossier = Dossier.objects.select_related("country").get(country__iso3="SEN")
    user = User.objects.create(username="coordinator", email="c@example.org")
    Role.objects.create(user=user, country=dossier.country, kind=Role.Kind.COORDINATOR)
    coordinator = Access.of(user, dossier.country)
    print(f"machine: {os.cpu_count()} cores; database: SQLite file")

    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        edition = Edition.start(access=coordinator, languages=[LANGUAGE])
        live(dossier)  # warm: fonts, chart engine, templates
        frozen(edition, coordinator)
        edition.request_changes(access=coordinator, comment="again")
        live_times, frozen_times = [], []
        for _ in range(5):  # alternate, so that both see the same machine state
            start = time.perf_counter()
            live(dossier)
            live_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            frozen(edition, coordinator)
            frozen_times.append(time.perf_counter() - start)
            edition.request_changes(access=coordinator, comment="again")
    ours, base = statistics.median(frozen_times), statistics.median(live_times)
    print(f"\ndemonstration dossier, HTML + PDF + DOCX in '{LANGUAGE}' (median of 5):")
    print(f"  live dossier guide (baseline):         {base:.2f} s")
    print(f"  freeze snapshot + render the edition:  {ours:.2f} s")
    print(f"  target < 1.5 s -> {'ok' if ours < 1.5 else 'MISSED'}")
    ratio = ours / base
    print(f"  ratio {ratio:.2f} (target <= 1.2) -> {'ok' if ratio <= 1.2 else 'MISSED'}")

    edition.submit(access=coordinator)
    data = edition.snapshot["dossier"]
    old = big_dossier(data, 300)
    new = copy.deepcopy(old)
    for entry in new["sources"][::10]:  # 30 changed
        entry["title"] += " (revised)"
        entry["periodicity"] = "annual"
        entry["areas"] = entry["areas"][:1]
    del new["sources"][5:15]  # 10 removed
    new = big_dossier(new, 310)  # 20 added
    times, reading = [], []
    for _ in range(7):
        start = time.perf_counter()
        # Read as every reader reads a frozen dossier (the typed snapshot; an edition
        # reads its own once, Edition.frozen), then compared.
        typed = Snapshot.from_json(old), Snapshot.from_json(new)
        read = time.perf_counter()
        changes = compare(*typed)
        times.append(time.perf_counter() - start)
        reading.append(read - start)
    entries = sum(len(p.entries) for p in changes)
    diff = statistics.median(times) * 1000
    print(f"\ndiff of two editions of a {len(old['sources'])}-source dossier ({entries} changes):")
    print(f"  {diff:.0f} ms (median of 7; target < 200 ms) -> {'ok' if diff < 200 else 'MISSED'}")
    print(f"  of which reading both snapshots: {statistics.median(reading) * 1000:.0f} ms")


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
