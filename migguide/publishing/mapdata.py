"""The map of the dialogue's countries, drawn from Natural Earth boundaries projected
once by tools/build_map.py (see data/LICENSE-map.txt): plain SVG paths, no map service."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "map-africa-europe.json"


@lru_cache(maxsize=1)
def load_map() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def map_context(statuses) -> dict:
    """The shapes of the dialogue's countries (with their status), the other countries
    as background, and a marker for each small state that would be hard to click."""
    data = load_map()
    members = {s.iso3 for s in statuses}
    countries = [
        {
            "status": status,
            "path": data["shapes"].get(status.iso3, ""),
            "marker": data["centres"].get(status.iso3),
        }
        for status in statuses
    ]
    background = [p for code, p in data["shapes"].items() if code not in members]
    return {
        "width": data["width"],
        "height": data["height"],
        "countries": countries,
        "background": "".join(background),
    }
