"""What an edition freezes when it is submitted — the dossier export and the statistics
its guide shows — and the hash of it that an endorsement binds."""

from __future__ import annotations

import hashlib
import json

from migguide.guide.building import guide_data
from migguide.indicators.profile import statistics_for


def snapshot_hash(snapshot: dict) -> str:
    """The SHA-256 of a snapshot written canonically (sorted keys, no spaces), so that
    the same content always gives the same hash, whatever database stored it."""
    text = json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def make_snapshot(dossier, languages: list[str]) -> dict:
    """What an edition freezes: the dossier export and, for each of its languages, the
    statistics the guide shows (so that a later import does not change an endorsed
    guide's key figures)."""
    # The workshops held travel with the dossier: the guide's method annex lists them.
    data = guide_data(dossier)
    statistics = {language: statistics_for(dossier.country, language) for language in languages}
    # Through JSON and back, so that what is hashed is exactly what the database keeps.
    return json.loads(
        json.dumps({"dossier": data, "statistics": statistics}, ensure_ascii=False, default=str)
    )
