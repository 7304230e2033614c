"""Benchmark of the consultation (issue: consultation).

Targets: importing a KoboToolbox export of 200 submissions with 10 sources each and
preparing their review (every item of every response compared with the dossier) in
under 5 s on 2 cores; exporting a pre-filled workbook in under 0.5 s. Baseline in the
same run: pyxform converting our XLSForm (the floor for producing a deployable form).

Run: .venv/bin/python benchmarks/consultation.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TMP = Path(tempfile.mkdtemp(prefix="migguide-consultation-"))
os.environ["DATABASE_URL"] = f"sqlite:///{TMP / 'bench.sqlite3'}"
os.environ["MIGGUIDE_VAR_DIR"] = str(TMP)
os.environ["DJANGO_SETTINGS_MODULE"] = "migguide.settings"
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from pyxform.xls2xform import convert  # noqa: E402

from migguide.consultation import exporting, importing  # noqa: E402
from migguide.consultation.models import Response  # noqa: E402
from migguide.consultation.questionnaires import QUESTIONNAIRES  # noqa: E402
from migguide.consultation.review import Review  # noqa: E402
from migguide.consultation.samples import kobo_xlsx  # noqa: E402
from migguide.countries.registry import load_registry  # noqa: E402
from migguide.dossier import models as m  # noqa: E402
from migguide.testing import load_demo  # noqa: E402

SUBMISSIONS, SOURCES = 200, 10


def median(f, n=5) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def submissions(dossier) -> list[tuple[str, dict]]:
    institutions = list(m.Institution.objects.filter(dossier=dossier))
    areas = ["trends", "labour", "diaspora", "border"]
    out = []
    for n in range(SUBMISSIONS):
        inst = institutions[n % len(institutions)]
        out.append(
            (
                inst.uid.hex,
                {
                    "institution": {"name": inst.name, "kind": inst.kind},
                    "respondent": {"name": f"Respondent {n}", "position": "Director"},
                    "stages": ["needs", "decision"],
                    "stage_role": f"Role described by respondent {n}",
                    "sources": [
                        {
                            "ref": "new",
                            "title": f"Register {n}.{i}",
                            "description": "Administrative records of entries and exits. " * 3,
                            "kind": "register",
                            "status": "existing",
                            "areas": areas[: 1 + i % 4],
                            "periodicity": "annual",
                            "access": "on-request",
                            "last_update": "2025-12-31",
                            "url": f"https://example.sn/data/{n}/{i}",
                        }
                        for i in range(SOURCES)
                    ],
                    "challenges": [
                        {"category": "updating", "description": f"Late publication {n}"}
                    ],
                },
            )
        )
    return out


def main():
    call_command("migrate", verbosity=0)
    load_registry()
    dossier = load_demo()
    print(f"machine: {os.cpu_count()} cores; database: SQLite file")
    data = kobo_xlsx(QUESTIONNAIRES["authority"], submissions(dossier), country="SEN")
    print(f"Kobo export: {SUBMISSIONS} submissions x {SOURCES} sources, {len(data) // 1024} KB")

    def run_import():
        Response.objects.all().delete()
        report = importing.import_bytes("kobo.xlsx", data, country=dossier.country)
        items = 0
        for response in report.added:
            items += len(Review(response).items)
        return items

    t = time.perf_counter()
    items = run_import()
    first = time.perf_counter() - t
    took = median(run_import, 3)
    print(f"\nimport + prepare review of every response ({items} items):")
    print(f"  first run {first:.2f} s; median of 3: {took:.2f} s")
    print(f"  target < 5 s -> {'ok' if took < 5 else 'MISSED'}")

    from django.contrib.auth import get_user_model
    from django.test import Client

    call_command("collectstatic", verbosity=0, interactive=False)
    staff = get_user_model().objects.create_user("staff", password="x", is_staff=True)
    client = Client()
    client.force_login(staff)
    for url in ("/countries/SEN/consultation/", "/countries/SEN/consultation/analysis/"):
        t = time.perf_counter()
        page = client.get(url)
        first = time.perf_counter() - t
        assert page.status_code == 200, (url, page.status_code)
        took_page = median(lambda url=url: client.get(url), 3)
        print(
            f"  page {url} with {SUBMISSIONS} responses: first {first:.2f} s, "
            f"then {took_page:.2f} s"
        )

    ansd = m.Institution.objects.get(dossier=dossier, acronym="ANSD")
    timings = {}
    for fmt in ("xlsx", "xlsform", "pdf"):
        timings[fmt] = median(
            lambda fmt=fmt: exporting.render(
                exporting.document(dossier=dossier, form="authority", institution=ansd), fmt
            )
        )
    form = TMP / "form.xlsx"
    form.write_bytes(
        exporting.render_xlsform(
            exporting.document(dossier=dossier, form="authority", institution=ansd)
        )
    )
    baseline = median(lambda: convert(xlsform=str(form), validate=False))
    print("\npre-filled exports for ANSD (median of 5, gathering from the dossier included):")
    print(
        f"  workbook (xlsx): {timings['xlsx'] * 1000:.0f} ms (target < 500 ms) -> "
        f"{'ok' if timings['xlsx'] < 0.5 else 'MISSED'}"
    )
    print(f"  XLSForm:         {timings['xlsform'] * 1000:.0f} ms")
    print(f"  printable PDF:   {timings['pdf'] * 1000:.0f} ms")
    print(
        f"  baseline, pyxform converting that XLSForm: {baseline * 1000:.0f} ms "
        f"(XLSForm export is {timings['xlsform'] / baseline:.2f}x of it)"
    )


if __name__ == "__main__":
    main()
