"""Benchmark of the guide writers (issue: the guide).

Targets: on the demonstration dossier, all three formats of one guide in one language in
under 1 s on 2 cores (warm process); the full set for 57 countries × 2 languages (dossiers
of realistic size) in under 60 s using both cores, with peak memory under 500 MB.
Baseline in the same run: WeasyPrint (optional extra `weasyprint`) rendering the same
HTML to PDF; the ratio is reported.

Run: .venv/bin/python benchmarks/guides.py [--countries 57] [--workers 2]
"""

from __future__ import annotations

import argparse
import dataclasses
import multiprocessing
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Spawned workers import this module again: they find the folder in the environment.
TMP = Path(os.environ.setdefault("MIGGUIDE_BENCH_DIR", tempfile.mkdtemp(prefix="migguide-guides-")))
os.environ["DATABASE_URL"] = f"sqlite:///{TMP / 'bench.sqlite3'}"
os.environ["MIGGUIDE_VAR_DIR"] = str(TMP)
os.environ["DJANGO_SETTINGS_MODULE"] = "migguide.settings"
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from migguide.countries.models import Country, Dialogue  # noqa: E402
from migguide.countries.registry import load_registry  # noqa: E402
from migguide.demo.dossier import demo_dossier  # noqa: E402
from migguide.dossier.exchange import export_dossier, import_dossier  # noqa: E402
from migguide.dossier.models import Dossier  # noqa: E402
from migguide.guide.building import dossier_guide, write_guides  # noqa: E402
from migguide.guide.writers import WRITERS  # noqa: E402


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _worker_init():
    django.setup()


LANGUAGES = os.environ.get("MIGGUIDE_BENCH_LANGUAGES", "fr,en").split(",")


def _build_country(iso3: str) -> tuple[str, float, float]:
    start = time.perf_counter()
    dossier = Dossier.objects.select_related("country").get(country__iso3=iso3)
    write_guides(
        dossier,
        languages=LANGUAGES,
        formats=list(WRITERS),
        versions=("full",),
        out=TMP / "out" / iso3.lower(),
    )
    return iso3, time.perf_counter() - start, rss_mb()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--countries", type=int, default=57)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--tasks-per-worker", type=int, default=4)
    parser.add_argument(
        "--languages",
        default="fr,en",
        help="languages of the full set, e.g. fr,en,pt,es,ar (issue 15's 57 × 5 figure)",
    )
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    load_registry()
    import_dossier(demo_dossier())
    demo = Dossier.objects.select_related("country").get()
    print(
        f"machine: {os.cpu_count()} cores; demonstration dossier: "
        f"{len(export_dossier(demo)['sources'])} sources"
    )

    # One guide, one language, three formats, warm process.
    dossier_guide(demo, language="fr")
    for write in WRITERS.values():
        write(dossier_guide(demo, language="fr"))
    rows = {"build": [], **{fmt: [] for fmt in WRITERS}, "total": []}
    for run in range(args.repeat):
        t0 = time.perf_counter()
        doc = dossier_guide(demo, language="fr")
        # A document Typst has not seen yet (its cache would otherwise serve the layout).
        doc = dataclasses.replace(doc, meta=dataclasses.replace(doc.meta, edition=f"Run {run}"))
        rows["build"].append(time.perf_counter() - t0)
        for fmt, write in WRITERS.items():
            t = time.perf_counter()
            write(doc)
            rows[fmt].append(time.perf_counter() - t)
        rows["total"].append(time.perf_counter() - t0)
    print(
        "\none guide (FR, demonstration dossier), median of",
        args.repeat,
        "warm runs, each a document not rendered before:",
    )
    for key, times in rows.items():
        print(f"  {key:<6} {statistics.median(times) * 1000:7.0f} ms")
    total = statistics.median(rows["total"])
    print(f"  three formats: {total:.2f} s (target < 1 s) -> {'ok' if total < 1 else 'MISSED'}")

    html = WRITERS["html"](doc)
    try:
        import weasyprint
    except ImportError:
        print("WeasyPrint is not installed (pip install -e '.[weasyprint]'): baseline skipped")
    else:
        weasyprint.HTML(string=html.decode()).write_pdf()
        t = time.perf_counter()
        for _ in range(3):
            weasyprint.HTML(string=html.decode()).write_pdf()
        weasy = (time.perf_counter() - t) / 3
        typst_pdf = statistics.median(rows["pdf"])
        print(
            f"  baseline: WeasyPrint, same HTML to PDF: {weasy * 1000:.0f} ms; "
            f"Typst PDF {typst_pdf * 1000:.0f} ms = {weasy / typst_pdf:.1f}x faster"
        )

    # The whole set: N countries × the languages × 3 formats (workers read the languages
    # from the environment: they are spawned, not forked).
    os.environ["MIGGUIDE_BENCH_LANGUAGES"] = args.languages
    global LANGUAGES
    LANGUAGES = args.languages.split(",")
    data = demo_dossier()
    rabat = Dialogue.objects.get(slug="rabat-process")
    countries = [c.iso3 for c in Country.objects.in_dialogue(rabat) if c.iso3 != "SEN"]
    countries = ["SEN", *countries][: args.countries]
    for iso3 in countries[1:]:
        import_dossier(data | {"country": iso3})
    django.db.connections.close_all()
    start = time.perf_counter()
    # Spawned, not forked: the chart engine runs threads, and a fork copies their locks.
    context = multiprocessing.get_context("spawn")
    # Typst keeps what it memoised for every document it compiled (typst-py never
    # evicts its cache), about 25 MB a guide: a worker is replaced after a few countries.
    # (multiprocessing.Pool: ProcessPoolExecutor's max_tasks_per_child can hang on 3.11.)
    with context.Pool(
        args.workers, initializer=_worker_init, maxtasksperchild=args.tasks_per_worker
    ) as pool:
        results = list(pool.imap_unordered(_build_country, countries))
    elapsed = time.perf_counter() - start
    files = sum(1 for _ in (TMP / "out").rglob("guide-*"))
    peak = max(r[2] for r in results)
    print(
        f"\nfull set: {len(countries)} countries × {len(LANGUAGES)} languages × 3 formats = "
        f"{files} files "
        f"in {elapsed:.1f} s with {args.workers} worker processes "
        f"(target < 60 s) -> {'ok' if elapsed < 60 else 'MISSED'}"
    )
    print(
        f"  peak memory of a worker: {peak:.0f} MB; of the parent: {rss_mb():.0f} MB "
        f"(target < 500 MB) -> {'ok' if max(peak, rss_mb()) < 500 else 'MISSED'}"
    )


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
