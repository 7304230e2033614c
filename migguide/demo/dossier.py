"""The demonstration dossiers: Senegal, where the activity was launched (Dakar, 2013),
written in French and translated into English; and Cabo Verde, smaller, written in
Portuguese and translated into English and French.

Their content is data files, `data/senegal.json` and `data/cabo-verde.json`, in the
dossier export format (what is real in them and what is invented: `data/README.md`).
They are loaded through the importer, so that the demonstration exercises the same path
as real data. Nothing in them depends on the day they are loaded: the dates relative to
today (the timetable, the workshop, the endorsement) are made by `activity.py` and
`editions.py`."""

from __future__ import annotations

import json
from pathlib import Path

from migguide.dossier.exchange import ImportReport, import_dossier

DATA = Path(__file__).parent / "data" / "senegal.json"
# ISO3 → data file of every demonstration dossier, Senegal first.
DOSSIERS = {"SEN": DATA, "CPV": DATA.with_name("cabo-verde.json")}


def demo_dossier(iso3: str = "SEN") -> dict:
    """A demonstration dossier (Senegal's unless told), in the dossier export format: a
    new copy at every call, which the caller may change."""
    return json.loads(DOSSIERS[iso3].read_text(encoding="utf-8"))


def load_demo_dossier(iso3: str = "SEN") -> ImportReport:
    """Load (or load again, replacing it) a demonstration dossier (Senegal's unless
    told)."""
    return import_dossier(demo_dossier(iso3), source="demonstration dossier", replace=True)
