"""Benchmark of page weight (issue 17: phones and slow links).

Targets: every portal page, with the styles, scripts and icons it loads, at most 100 KB
transferred (gzip); every app page at most 60 KB. The chart library is fetched only
when a reader asks for interactive charts: it is reported apart, as is the time a page
takes at 256 kbit/s.

Each page is fetched through the app with "Accept-Encoding: gzip" (what the server
sends); what it loads (<link rel=stylesheet|icon>, <script src>) is fetched the same
way, from the collected static files as WhiteNoise serves them (pre-compressed).

Run: .venv/bin/python benchmarks/weight.py
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TMP = Path(tempfile.mkdtemp(prefix="migguide-weight-"))
os.environ["DATABASE_URL"] = f"sqlite:///{TMP / 'bench.sqlite3'}"
os.environ["MIGGUIDE_VAR_DIR"] = str(TMP)
os.environ["DJANGO_SETTINGS_MODULE"] = "migguide.settings"
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from migguide.access.models import Role, User  # noqa: E402
from migguide.countries.models import Country  # noqa: E402
from migguide.countries.registry import load_registry  # noqa: E402
from migguide.demo.dossier import demo_dossier  # noqa: E402
from migguide.demo.editions import publish_demo_edition  # noqa: E402
from migguide.dossier.exchange import import_dossier  # noqa: E402
from migguide.indicators.profile import load_demo_statistics  # noqa: E402
from migguide.indicators.views import bundle_url  # noqa: E402

PORTAL = [
    "/en/",
    "/fr/",
    "/ar/",
    "/en/countries/sen/",
    "/fr/countries/sen/",
    "/fr/countries/mli/",
    "/en/across/",
    "/en/data/",
    "/en/search/?q=census",
]
APP = [
    "/",
    "/countries/SEN/",
    "/countries/SEN/sources/",
    "/countries/SEN/recommendations/",
    "/countries/SEN/institutions/",
    "/countries/SEN/statistics/",
    "/countries/SEN/editions/",
    "/countries/SEN/consultation/",
    "/activity/",
    "/activity/som/",
]
LOADS = re.compile(
    r'<(?:link[^>]*rel="(?:stylesheet|icon)"[^>]*href|script[^>]*src)="([^"]+)"', re.I
)
KBIT_256 = 256_000 / 8  # bytes per second


def weight(client: Client, url: str, seen: dict[str, int]) -> tuple[int, int, int]:
    """Bytes of the page itself and of what it loads (each counted once per page)."""
    r = client.get(url, follow=True)
    if r.status_code != 200:
        raise SystemExit(f"{url}: {r.status_code}")
    page = len(r.content)
    html = r.content
    if r.get("Content-Encoding") == "gzip":
        import gzip

        html = gzip.decompress(r.content)
    assets = 0
    for ref in set(LOADS.findall(html.decode())):
        path = "/" + ref.lstrip("./") if not ref.startswith("/") else ref
        if path not in seen:
            a = client.get(path)
            body = b"".join(a.streaming_content) if a.streaming else a.content
            seen[path] = len(body)
        assets += seen[path]
    return page, assets, r.get("Content-Encoding") == "gzip"


def main():
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

    client = Client(headers={"accept-encoding": "gzip"})
    seen: dict[str, int] = {}
    failed = []

    def report(title: str, urls: list[str], limit_kb: int) -> None:
        print(f"\n{title} (target <= {limit_kb} KB with what the page loads)")
        for url in urls:
            page, assets, gzipped = weight(client, url, seen)
            total = page + assets
            ok = total <= limit_kb * 1024
            if not ok:
                failed.append(url)
            print(
                f"  {url:36} page {page / 1024:5.1f} KB{'' if gzipped else ' (not gzipped)'}"
                f" + loads {assets / 1024:5.1f} KB = {total / 1024:5.1f} KB,"
                f" {total / KBIT_256:4.1f} s at 256 kbit/s -> {'ok' if ok else 'MISSED'}"
            )

    report("Portal pages", PORTAL, 100)
    client.force_login(User.objects.get(username="c"))
    report("App pages (signed in as the coordinator)", APP, 60)
    bundle = client.get(bundle_url())
    print(
        f"\ncharts library, only when a reader asks for interactive charts: "
        f"{len(bundle.content) / 1024:.0f} KB gzipped "
        f"({bundle['Cache-Control']}; {bundle_url()})"
    )
    print("\nall within target" if not failed else f"\nMISSED: {', '.join(failed)}")


if __name__ == "__main__":
    main()
