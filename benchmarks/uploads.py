"""Benchmark of the upload limits (security finding 2: memory exhaustion through uploads).

The security test's two files — a 1.6 KB workbook declaring A1:XFD1048576 with one cell
in the last row, a ZIP of 195 CSV files of 1 MB each — go through the function the
upload view calls (`consultation.importing.import_bytes`), each in a fresh process, and
the wall time and the peak memory above the process's baseline (after Django is set up)
are measured: tracemalloc's peak and the growth of the resident set (maxrss).
Target: each refused in at most 1 s, at most 100 MB above the baseline.

The code before the fix (commit f541736) runs the same way, side by side, under an
address-space cap of 1 GB above its baseline and a 120 s timeout, measured by maxrss only.

Run: .venv/bin/python benchmarks/uploads.py
"""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OLD_COMMIT = "f541736"
CAP = 1024 * 1024 * 1024  # the old code's address space above its baseline
CASES = ("grid.xlsx", "odk.zip")


def setup_django(code: Path, db: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ["MIGGUIDE_VAR_DIR"] = str(db.parent)
    os.environ["DJANGO_SETTINGS_MODULE"] = "migguide.settings"
    sys.path.insert(0, str(code))
    import django

    django.setup()


def attempt(importing, case: str, data: bytes, country) -> str:
    try:
        importing.import_bytes(case, data, country=country)
        return "imported (!)"
    except importing.ImportRefused as refused:
        return "refused: " + str(refused).splitlines()[0][:110]
    except MemoryError:
        return "MemoryError at the cap"


def child(case: Path, code: Path, db: Path, old: bool) -> None:
    """One file through the import, in this fresh process; prints one JSON line: the
    time and maxrss growth of a first attempt, then tracemalloc's peak for a second
    (tracemalloc slows the reading down, so it is not timed)."""
    setup_django(code, db)
    from migguide.consultation import importing
    from migguide.countries.models import Country

    data = case.read_bytes()
    country = Country.objects.get(iso3="SEN")
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    if old:
        with open("/proc/self/statm") as f:
            size = int(f.read().split()[0]) * resource.getpagesize()
        resource.setrlimit(resource.RLIMIT_AS, (size + CAP, resource.RLIM_INFINITY))
    start = time.perf_counter()
    outcome = attempt(importing, case.name, data, country)
    seconds = time.perf_counter() - start
    result = {
        "bytes": len(data),
        "seconds": seconds,
        "maxrss_mb": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - baseline) / 1e6,
        "outcome": outcome,
    }
    if not old:
        import tracemalloc

        tracemalloc.start()
        attempt(importing, case.name, data, country)
        result["tracemalloc_mb"] = tracemalloc.get_traced_memory()[1] / 1e6
    print(json.dumps(result))


def run(case: Path, code: Path, db: Path, old: bool) -> dict:
    args = [sys.executable, __file__, "--child", case, str(code), str(db)]
    try:
        done = subprocess.run(
            args + (["old"] if old else []), capture_output=True, text=True, timeout=120
        )
    except subprocess.TimeoutExpired:
        return {"outcome": "still reading after the 120 s timeout (killed)"}
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        return {"outcome": f"died (exit {done.returncode}): {done.stderr.strip()[-120:]}"}
    return json.loads(lines[-1])


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="migguide-uploads-"))
    old_code = tmp / "old"
    old_code.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", OLD_COMMIT], capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(old_code)], input=archive.stdout, check=True)
    db = tmp / "bench.sqlite3"
    setup_django(ROOT, db)
    from django.core.management import call_command

    from migguide.countries.models import Country
    from migguide.countries.registry import load_registry
    from migguide.testing import small_dossier

    call_command("migrate", verbosity=0)
    load_registry()
    small_dossier(Country.objects.get(iso3="SEN"), "BENCH")
    from migguide.testing.hostile import many_small_bombs_zip, padded_xlsx

    (tmp / "grid.xlsx").write_bytes(padded_xlsx())
    (tmp / "odk.zip").write_bytes(many_small_bombs_zip())
    print(
        f"machine: {os.cpu_count()} cores, {platform.machine()}, Python "
        f"{platform.python_version()}, {platform.system()} {platform.release()}"
    )
    for name in CASES:
        case = tmp / name
        new = run(case, ROOT, db, old=False)
        ok = new.get("seconds", 99) <= 1 and max(new.get("maxrss_mb", 999), 0) <= 100
        print(f"\n{name} ({new.get('bytes', 0) / 1024:.1f} KB)")
        print(
            f"  new: {new['outcome']}\n"
            f"       {new.get('seconds', 0):.2f} s, peak +{new.get('tracemalloc_mb', 0):.1f} MB "
            f"(tracemalloc), +{new.get('maxrss_mb', 0):.1f} MB maxrss "
            f"(target <= 1 s, <= 100 MB) -> {'ok' if ok else 'MISSED'}"
        )
        old = run(case, old_code, db, old=True)
        print(f"  old ({OLD_COMMIT}, capped at +1 GB): {old['outcome']}")
        if "seconds" in old:
            print(f"       after {old['seconds']:.1f} s, +{old['maxrss_mb']:.0f} MB maxrss")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]), old=sys.argv[5:6] == ["old"])
    else:
        main()
