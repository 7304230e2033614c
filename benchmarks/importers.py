"""Benchmark of the statistics importers (issue: migration statistics).

Targets: importing the UN DESA workbook takes at most 2x the time pandas.read_excel
alone needs to read the same workbook; importing the bilateral table takes at most 2x
what pandas.read_csv + DataFrame.to_sql need to write the same observations (two per
row: immigrants by origin, emigrants by destination) into the same indexed table
(issue 18; the earlier target, half the rate of an executemany into an unindexed table
of pre-parsed rows, is retired). Both baselines run in the same process, side by side.

Run: .venv/bin/python benchmarks/importers.py   (needs pandas: pip install -e '.[bench]')
"""

from __future__ import annotations

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
from django.db import connection  # noqa: E402

from migguide.countries.models import Country  # noqa: E402
from migguide.countries.registry import load_registry  # noqa: E402
from migguide.indicators.importing import import_file  # noqa: E402
from migguide.indicators.models import Indicator, Release  # noqa: E402

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

    ours = timed(lambda: import_fresh("bilateral", BILATERAL), 3)
    report = import_fresh("bilateral", BILATERAL)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = 'indicators_observation' "
            "AND sql IS NOT NULL"
        )
        ddl = [row[0] for row in cursor.fetchall()]
    ids = dict(Country.objects.values_list("iso3", "pk"))
    indicators = dict(Indicator.objects.values_list("code", "pk"))
    release = Release.objects.get(kind="bilateral").pk

    def with_pandas():
        """pandas reads the CSV and writes the same observations into a table made with
        our table's own statements (columns, unique constraint, indexes)."""
        path = TMP / "pandas.sqlite3"
        path.unlink(missing_ok=True)
        db = sqlite3.connect(path)
        for statement in ddl:
            db.execute(statement)
        frame = pandas.read_csv(BILATERAL, keep_default_na=False)
        sex = frame["sex"].map({"female": "female", "male": "male"}).fillna("")
        common = {"year": frame["t"], "sex": sex, "value": frame["n"], "release_id": release}
        common["note"] = ""
        inward = pandas.DataFrame(
            {
                **common,
                "indicator_id": indicators["MIG_STOCK_IN"],
                "country_id": frame["geo"].map(ids),
                "partner_id": frame["from"].map(ids),
            }
        )
        outward = pandas.DataFrame(
            {
                **common,
                "indicator_id": indicators["MIG_STOCK_OUT"],
                "country_id": frame["from"].map(ids),
                "partner_id": frame["geo"].map(ids),
            }
        )
        both = pandas.concat([inward, outward]).dropna(subset=["country_id", "partner_id"])
        both.to_sql("indicators_observation", db, if_exists="append", index=False)
        db.commit()
        db.close()

    theirs = timed(with_pandas, 3)
    with open(BILATERAL, encoding="utf-8") as f:
        rows = sum(1 for _ in f) - 1
    print(
        f"\nbilateral table ({rows} rows -> {report.added} observations, "
        "immigrants by origin and emigrants by destination):"
    )
    print(f"  migguide import bilateral (read, check, write): {ours:.2f} s")
    print(f"  pandas.read_csv + to_sql, same indexed table:   {theirs:.2f} s")
    ratio = ours / theirs
    print(f"  ratio {ratio:.2f} (target <= 2) -> {'ok' if ratio <= 2 else 'MISSED'}")


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
