"""Benchmark of the commitments synthesis (issue 20: frameworks, tagging, SOM rounds).

Target: the synthesis of a round for the 57 countries of the dialogue, each with the
demonstration dossier (16 recommendations, all tagged) and an endorsed edition, and two
frozen rounds: the page in ≤ 0.2 s warm, with a number of SQL queries that does not grow
with the number of countries (counted for a round of 5 countries and one of 57); the PDF
(Typst, with the chart of each framework's movement) in ≤ 2 s.

Run: .venv/bin/python benchmarks/commitments.py
"""

from __future__ import annotations

import copy
import datetime
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TMP = Path(tempfile.mkdtemp(prefix="migguide-commitments-"))
os.environ["DATABASE_URL"] = f"sqlite:///{TMP / 'bench.sqlite3'}"
os.environ["MIGGUIDE_VAR_DIR"] = str(TMP)
os.environ["DJANGO_SETTINGS_MODULE"] = "migguide.settings"
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from migguide.access.models import User  # noqa: E402
from migguide.commitments import documents, frameworks, rounds  # noqa: E402
from migguide.commitments.models import Item, Round, Tag  # noqa: E402
from migguide.commitments.suggesting import suggest  # noqa: E402
from migguide.countries.models import Country, Dialogue  # noqa: E402
from migguide.countries.registry import load_registry  # noqa: E402
from migguide.demo.commitments import _earlier  # noqa: E402
from migguide.demo.dossier import demo_dossier  # noqa: E402
from migguide.dossier.exchange import import_dossier  # noqa: E402
from migguide.dossier.models import Dossier  # noqa: E402
from migguide.dossier.snapshot import Snapshot  # noqa: E402
from migguide.editions.models import Edition, make_snapshot, snapshot_hash  # noqa: E402


def median(f, n=5) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx)


def main():
    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)  # as in production
    load_registry()
    frameworks.load()
    items = list(Item.objects.all())
    dialogue = Dialogue.objects.get(is_default=True)
    countries = list(Country.objects.in_dialogue(dialogue))
    base = demo_dossier()
    t = time.perf_counter()
    for country in countries:
        data = copy.deepcopy(base)
        data["country"] = country.iso3
        import_dossier(data, source="benchmark", replace=True)
        dossier = Dossier.objects.get(country=country)
        for rec in Snapshot.of(dossier).recommendations:
            chosen = [s.item for s in suggest(rec, items, limit=2)] or items[:1]
            Tag.set_for_entry(dossier=dossier, uid=rec.id, items=chosen)
        snapshot = make_snapshot(dossier, ["fr"])
        Edition.objects.create(
            country=country,
            number=1,
            languages=["fr"],
            state="endorsed",
            snapshot=snapshot,
            sha256=snapshot_hash(snapshot),
        )
    print(f"machine: {os.cpu_count()} cores; database: SQLite file")
    print(
        f"setup: {len(countries)} countries with the demonstration dossier, all its "
        f"recommendations tagged, an endorsed edition each ({time.perf_counter() - t:.0f} s)"
    )
    today = datetime.date.today()
    editions = {e.country.iso3: e for e in Edition.objects.select_related("country")}

    def past_round(name, iso3s, days):
        r = Round.objects.create(
            name=name,
            meeting_date=today - datetime.timedelta(days=days),
            freeze_date=today - datetime.timedelta(days=days + 30),
        )
        digests = {
            i: rounds.digest(_earlier(editions[i]), languages=dialogue.languages, on=r.freeze_date)
            for i in iso3s
        }
        r.freeze(digests=digests, editions={k: v["edition"] for k, v in digests.items()})
        return r

    small = past_round("Five countries", sorted(editions)[:5], 800)
    past = past_round("SOM 2025", sorted(editions), 365)
    current = Round.objects.create(
        name="SOM 2026", meeting_date=today, freeze_date=today - datetime.timedelta(days=1)
    )
    t = time.perf_counter()
    n = rounds.freeze(current, dialogue)
    freeze = time.perf_counter() - t
    print(f"freeze of the current round: {n} countries in {freeze:.2f} s (done once per round)")
    q5 = queries(lambda: rounds.build(past, language="fr", since=small))
    q57 = queries(lambda: rounds.build(current, language="fr", since=past))
    staff = User.objects.create_user("staff", password="x", is_staff=True)
    client = Client()
    client.force_login(staff)
    url = f"/activity/rounds/{current.pk}/"
    t = time.perf_counter()
    page = client.get(url)
    first = time.perf_counter() - t
    assert page.status_code == 200 and "GCM-1" in page.content.decode(), page.status_code
    warm = median(lambda: client.get(url))
    page_q = queries(lambda: client.get(url))
    print(
        f"synthesis queries: {q5} for 5 countries, {q57} for {n}"
        f" -> {'constant' if q5 == q57 else 'GROWS'}"
    )
    print(
        f"synthesis page, {n} countries, two rounds: {len(page.content) // 1024} KB; "
        f"first {first:.3f} s; warm median of 5 {warm:.3f} s, {page_q} queries "
        f"(target ≤ 0.2 s) -> {'ok' if warm <= 0.2 else 'MISSED'}"
    )
    from pypdf import PdfReader

    pdf_url = f"/activity/rounds/{current.pk}.pdf?since={past.pk}"
    t = time.perf_counter()
    pdf = client.get(pdf_url)
    pdf_first = time.perf_counter() - t
    assert pdf["Content-Type"] == "application/pdf", pdf.status_code
    pages = len(PdfReader(io.BytesIO(pdf.content)).pages)
    pdf_warm = median(lambda: client.get(pdf_url), n=3)
    s = rounds.build(current, language="fr", since=past)
    typst_only = median(lambda: documents.render_pdf(s), n=3)
    print(
        f"synthesis PDF, {n} countries, two rounds, French: {pages} pages, "
        f"{len(pdf.content) // 1024} KB; first {pdf_first:.2f} s (charts drawn); "
        f"median of 3 {pdf_warm:.2f} s through the view, {typst_only:.2f} s of it Typst "
        f"(target ≤ 2 s) -> {'ok' if pdf_warm <= 2 else 'MISSED'}"
    )
    t = time.perf_counter()
    documents.render_pdf(rounds.build(current, language="ar", since=past))
    print(f"synthesis PDF in Arabic (charts drawn anew): {time.perf_counter() - t:.2f} s")


if __name__ == "__main__":
    main()
