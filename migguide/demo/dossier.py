"""The demonstration dossier: Senegal, where the activity was launched (Dakar, 2013).

Its content is a data file, `data/senegal.json`, in the dossier export format (what is
real in it and what is invented: `data/README.md`). It is loaded through the importer,
so that the demonstration exercises the same path as real data. Nothing in it depends on
the day it is loaded: the dates relative to today (the timetable, the workshop, the
endorsement) are made by `activity.py` and `editions.py`."""

from __future__ import annotations

import json
from pathlib import Path

from migguide.dossier.exchange import ImportReport, import_dossier

DATA = Path(__file__).parent / "data" / "senegal.json"


def demo_dossier() -> dict:
    """The demonstration dossier of Senegal, in the dossier export format: a new copy at
    every call, which the caller may change."""
    return json.loads(DATA.read_text(encoding="utf-8"))


def load_demo_dossier() -> ImportReport:
    """Load (or load again, replacing it) the demonstration dossier of Senegal."""
    return import_dossier(demo_dossier(), source="demonstration dossier", replace=True)
