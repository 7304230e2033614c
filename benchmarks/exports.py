"""Benchmark of the large exports (issue 19: large exports built by a task): the public
open-data files for the whole dialogue — CSV/JSON (`publishing.views.data_file`), the
DCAT-AP catalogue, SDMX, the data package (`package_file`) — asked of the portal as a
person or a harvester asks (gzip accepted), with every country of the dialogue given a
published edition (the setup of benchmarks/portal.py, reused). Each file: the first
request, then the median of --repeat; its size as sent (gzip) and in full — built in
the request (SITE_AUTO_REBUILD off, or nothing stored yet), then served from the copy
the static site's rebuild stored (`publishing.exports`; the site in a local folder).

Run: .venv/bin/python benchmarks/exports.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import portal as setup  # noqa: E402  (sets up Django on a throwaway SQLite database)
from django.conf import settings  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402

from migguide.publishing import opendata, package, portal  # noqa: E402
from migguide.publishing.site import _Builder  # noqa: E402


def urls() -> list[str]:
    found = [reverse("portal:data-file", args=[name]) for name in opendata.FILES]
    return found + [reverse("portal:package-file", args=[name]) for name in package.PACKAGE_FILES]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    setup.prepare()
    n = len([s for s in portal.countries_of_the_dialogue("en") if s.edition])
    print(
        f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; "
        f"database: SQLite file; {n} published countries"
    )
    print("\nbuilt in the request:")
    with override_settings(SITE_AUTO_REBUILD=False):
        measure(args.repeat)
    folder = setup.TMP / "site"
    with override_settings(SITE_AUTO_REBUILD=True, SITE_DIR=folder):
        # Written as the static site's rebuild writes them (the whole site for 57
        # countries takes minutes to build from nothing: only these files here).
        builder = _Builder(folder, settings.SITE_URL.rstrip("/") + "/")
        start = time.perf_counter()
        for url in urls():
            builder.page(url)
        report = builder.finish()
        print(
            f"\nwritten by the site's builder in {time.perf_counter() - start:.2f} s: "
            f"{report.written} files"
        )
        print("served from the stored copy:")
        measure(args.repeat)


def measure(repeat: int) -> None:
    client = Client(HTTP_ACCEPT_ENCODING="gzip")
    total = []
    for url in urls():
        start = time.perf_counter()
        response = client.get(url)
        first = time.perf_counter() - start
        assert response.status_code == 200, (url, response.status_code)
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        body = response.content
        full = gzip.decompress(body) if response.get("Content-Encoding") == "gzip" else body
        median = statistics.median(times)
        total.append(median)
        print(
            f"  {url:42s} first {first * 1000:7.0f} ms, median {median * 1000:7.0f} ms  "
            f"{len(body) / 1024:8.0f} KB sent, {len(full) / 1024:8.0f} KB"
        )
    print(f"all {len(total)} files: {sum(total):.2f} s (medians); load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(setup.TMP, ignore_errors=True)
