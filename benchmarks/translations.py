"""Benchmark of translation files (issue 15).

Target: the XLIFF export, and the import, of the translations of a 300-source dossier
each in under 1 s. The dossier is the demonstration's grown to 300 sources, written in
French with English as second language, half its texts translated. Measured: the
export (XLIFF and PO); the import of the file as exported (nothing to write); the import
of a file in which every text is translated anew (every unit written, with its history).

Run: .venv/bin/python benchmarks/translations.py
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
TMP = Path(tempfile.mkdtemp(prefix="migguide-translations-"))
os.environ["DATABASE_URL"] = f"sqlite:///{TMP / 'bench.sqlite3'}"
os.environ["MIGGUIDE_VAR_DIR"] = str(TMP)
os.environ["DJANGO_SETTINGS_MODULE"] = "migguide.settings"
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from lxml import etree  # noqa: E402

from migguide.countries.registry import load_registry  # noqa: E402
from migguide.demo.dossier import demo_dossier  # noqa: E402
from migguide.dossier.exchange import import_dossier  # noqa: E402
from migguide.dossier.models import Dossier, Translation  # noqa: E402
from migguide.dossier.translation import source_texts  # noqa: E402
from migguide.dossier.translation_files import XLIFF_NS, export_file, import_file  # noqa: E402

SOURCES = 300
ROUNDS = 5


def big_dossier(data: dict, sources: int) -> dict:
    """The demonstration export grown to `sources` sources (copies with new ids), in
    French and English, with every other text translated."""
    data = copy.deepcopy(data)
    data["dossier"]["languages"] = ["fr", "en"]
    originals = data["sources"]
    while len(data["sources"]) < sources:
        entry = copy.deepcopy(originals[len(data["sources"]) % len(originals)])
        entry["id"] = str(uuid.uuid4())
        entry["title"] = f"{entry['title']} ({len(data['sources'])})"
        data["sources"].append(entry)
    english: dict = {}
    for index, (_part, uid, name, text, _optional) in enumerate(source_texts(data)):
        if index % 2 == 0:
            english.setdefault(uid, {})[name] = {"text": f"{text} [en]", "source": text}
    data["translations"] = {"en": english}
    return data


def all_translated(content: bytes, mark: str) -> bytes:
    """The XLIFF file with every unit translated (target = source + mark), as a
    translator's tool would give it back."""
    root = etree.fromstring(content)
    for segment in root.iter(f"{{{XLIFF_NS}}}segment"):
        target = segment.find(f"{{{XLIFF_NS}}}target")
        if target is None:
            target = etree.SubElement(segment, f"{{{XLIFF_NS}}}target")
        target.text = segment.findtext(f"{{{XLIFF_NS}}}source") + mark
        segment.set("state", "translated")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def timed(function, rounds=ROUNDS) -> tuple[float, object]:
    times, result = [], None
    for _ in range(rounds):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main():
    call_command("migrate", verbosity=0)
    load_registry()
    import_dossier(big_dossier(demo_dossier(), SOURCES), source="bench", replace=True)
    dossier = Dossier.objects.select_related("country").get(country__iso3="SEN")
    print(f"machine: {os.cpu_count()} cores; database: SQLite file")
    export_file(dossier, "en", "xliff")  # warm
    xliff_time, exported = timed(lambda: export_file(dossier, "en", "xliff"))
    po_time, po = timed(lambda: export_file(dossier, "en", "po"))
    translated = Translation.objects.filter(dossier=dossier, language="en").count()
    print(
        f"\n{SOURCES}-source dossier, {exported.units} texts to translate into English "
        f"({translated} translated); median of {ROUNDS}:"
    )
    print(f"  export XLIFF 2.1 ({len(exported.content) // 1024} KB): {xliff_time:.2f} s")
    print(f"  export PO ({len(po.content) // 1024} KB):       {po_time:.2f} s")
    same_time, report = timed(lambda: import_file("same.xlf", exported.content))
    print(f"  import the file as exported ({report.written} written):   {same_time:.2f} s")
    files = [all_translated(exported.content, mark) for mark in (" [A]", " [B]")]
    times = []
    for index in range(ROUNDS):  # A, B, A …: every round writes every unit
        start = time.perf_counter()
        report = import_file("all.xlf", files[index % 2])
        times.append(time.perf_counter() - start)
    full_time = statistics.median(times)
    print(f"  import every text translated ({report.written} written): {full_time:.2f} s")
    worst = max(xliff_time, same_time, full_time)
    print(f"  target: export and import each < 1 s -> {'ok' if worst < 1 else 'MISSED'}")


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
