"""Benchmark of the open data in the static site (issue 18: open data that systems
harvest as is).

Target: the full open-data build for 57 countries — DCAT, data package, SDMX — within
20% of the static site's build time. The static site always writes the open data
(`publishing/site.py`), so the site is built twice from scratch into empty folders:
once as it is, once with the open-data files left out (`opendata.FILES`,
`package.PACKAGE_FILES` emptied for that build); the difference is what the open data
costs. Each part is then rendered on its own, as the build renders it, to say where
that time goes.

Every country of the dialogue gets a published edition, as benchmarks/portal.py and
benchmarks/api.py set it up (their setup is reused, not copied).

Run: .venv/bin/python benchmarks/opendata.py [--pairs N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent))

import portal as setup  # noqa: E402  (sets up Django on a throwaway SQLite database)
from django.conf import settings  # noqa: E402
from django.urls import reverse  # noqa: E402

from migguide.publishing import opendata, package, portal  # noqa: E402
from migguide.publishing.site import _Builder, build_site  # noqa: E402

PARTS = {
    "DCAT-AP catalogue and kinds of source": lambda name: name.endswith(".jsonld"),
    "SDMX (CSV, ML data, structure)": lambda name: name.startswith("statistics-"),
    "CSV and JSON (sources, recommendations, statistics)": lambda name: (
        name.endswith((".csv", ".json")) and not name.startswith("statistics-")
    ),
}


def build(out: Path, *, with_open_data: bool) -> float:
    shutil.rmtree(out, ignore_errors=True)
    if with_open_data:
        return build_site(out).seconds
    with (
        mock.patch.object(opendata, "FILES", ()),
        mock.patch.object(opendata, "COUNTRY_FILES", ()),
        mock.patch.object(package, "PACKAGE_FILES", ()),
    ):
        return build_site(out).seconds


def part_times(out: Path) -> dict[str, tuple[float, int]]:
    """Each part of the open data rendered as the build renders it: (seconds, files)."""
    builder = _Builder(out, settings.SITE_URL.rstrip("/") + "/")
    statuses = [s for s in portal.countries_of_the_dialogue("en") if s.edition]
    urls: dict[str, list[str]] = {part: [] for part in PARTS}
    for name in opendata.FILES:
        part = next(p for p, belongs in PARTS.items() if belongs(name))
        urls[part].append(reverse("portal:data-file", args=[name]))
        if name in opendata.COUNTRY_FILES:
            urls[part] += [
                reverse("portal:country-data-file", args=[s.iso3, name]) for s in statuses
            ]
    urls["Frictionless data package and CSVW"] = [
        reverse("portal:package-file", args=[name]) for name in package.PACKAGE_FILES
    ]
    out_times = {}
    portal._memo = {}
    try:
        for part, part_urls in urls.items():
            start = time.perf_counter()
            for url in part_urls:
                builder.get(url)
            out_times[part] = (time.perf_counter() - start, len(part_urls))
    finally:
        portal._memo = None
    return out_times


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=1, help="builds with and without")
    args = parser.parse_args()
    setup.prepare()
    n = len([s for s in portal.countries_of_the_dialogue("en") if s.edition])
    print(
        f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; "
        f"database: SQLite file; {n} published countries; "
        f"{len(portal.languages())} languages"
    )
    out = setup.TMP / "site"
    without, full = [], []
    for _ in range(args.pairs):
        without.append(build(out, with_open_data=False))
        full.append(build(out, with_open_data=True))
    site, whole = min(without), min(full)
    files = len(list(out.rglob("*")))
    ratio = whole / site
    verdict = "ok" if ratio <= 1.2 else "MISSED"
    print(f"\nstatic site, cold, best of {args.pairs} (load {os.getloadavg()[0]:.1f}):")
    print(f"  without the open data   {site:7.1f} s")
    print(f"  with the open data      {whole:7.1f} s  ({files} files)")
    share = f"{100 * (ratio - 1):.0f}%"
    print(f"  open data adds          {whole - site:7.1f} s  = {share}  -> {verdict}")
    print("\neach part, rendered as the build renders it:")
    for part, (seconds, count) in part_times(out).items():
        print(f"  {part:52s} {seconds:6.2f} s  ({count} files)")


if __name__ == "__main__":
    main()
