"""Benchmark of the statistics importers (issue: migration statistics).

Targets: importing the UN DESA workbook takes at most 2x the time pandas.read_excel
alone needs to read the same workbook; the bilateral table ingests at no less than
half the rate of a bare sqlite3 executemany of the same rows into an empty table.
Both baselines run in the same process, side by side.

Run: .venv/bin/python benchmarks/importers.py   (needs pandas: pip install -e '.[bench]')
"""

from __future__ import annotations

import csv
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
TMP = Path(tempfile.mkdtemp(prefix="migguide-import-"))
os.environ["DATABASE_URL"] = f"sqlite:///{TMP / 'bench.sqlite3'}"
os.environ["MIGGUIDE_VAR_DIR"] = str(TMP)
os.environ["DJANGO_SETTINGS_MODULE"] = "migguide.settings"
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from migguide.countries.registry import load_registry  # noqa: E402
from migguide.indicators.importing import import_file  # noqa: E402
from migguide.indicators.models import Release  # noqa: E402

UNDESA = DATA / "undesa" / "undesa_pd_2024_ims_stock_by_sex_and_destination.xlsx"
BILATERAL = DATA / "undesa" / "ims2024_bilateral_rabat18.csv"


def timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def import_fresh(kind, path):
    Release.objects.all().delete()  # the same file again would be a no-op
    return import_file(kind, path)


def main():
    if not DATA.is_dir():
        sys.exit(f"{DATA} is absent: nothing to measure")
    import pandas

    call_command("migrate", verbosity=0)
    load_registry()
    print(f"machine: {os.cpu_count()} cores; database: SQLite file; pandas {pandas.__version__}")

    ours = timed(lambda: import_fresh("undesa", UNDESA), 5)
    report = import_fresh("undesa", UNDESA)
    theirs = timed(lambda: pandas.read_excel(UNDESA, sheet_name=None, header=None), 5)
    ratio = ours / theirs
    print(f"\nUN DESA 2024 workbook ({report.added} observations from {report.rows_read} rows):")
    print(f"  migguide import undesa (read, check, write): {ours:.2f} s")
    print(f"  pandas.read_excel, all sheets, read only:     {theirs:.2f} s")
    print(f"  ratio {ratio:.2f} (target <= 2) -> {'ok' if ratio <= 2 else 'MISSED'}")

    with open(BILATERAL, newline="", encoding="utf-8") as f:
        rows = [
            (r["geo"], int(r["t"]), r["from"], r["sex"], float(r["n"])) for r in csv.DictReader(f)
        ]
    ours = timed(lambda: import_fresh("bilateral", BILATERAL), 3)
    report = import_fresh("bilateral", BILATERAL)

    def bare():
        path = TMP / "bare.sqlite3"
        path.unlink(missing_ok=True)
        db = sqlite3.connect(path)
        db.execute("CREATE TABLE stock (geo TEXT, t INTEGER, origin TEXT, sex TEXT, n REAL)")
        db.executemany("INSERT INTO stock VALUES (?, ?, ?, ?, ?)", rows)
        db.commit()
        db.close()

    theirs = timed(bare, 3)
    our_rate, bare_rate = len(rows) / ours, len(rows) / theirs
    print(
        f"\nbilateral table ({len(rows)} rows -> {report.added} observations, "
        "immigrants by origin and emigrants by destination):"
    )
    print(f"  migguide import bilateral: {ours:.2f} s = {our_rate:,.0f} rows/s")
    print(f"  bare sqlite3 executemany:  {theirs:.2f} s = {bare_rate:,.0f} rows/s")
    print(
        f"  rate ratio {our_rate / bare_rate:.2f} (target >= 0.5) -> "
        f"{'ok' if our_rate / bare_rate >= 0.5 else 'MISSED'}"
    )


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
