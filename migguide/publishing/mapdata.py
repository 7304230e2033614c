"""The map of the dialogue's countries, drawn from Natural Earth boundaries projected
once by tools/build_map.py (see data/LICENSE-map.txt): plain SVG paths, no map service."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "map-africa-europe.json"
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


@lru_cache(maxsize=1)
def load_map() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def _box_centre(path: str) -> tuple[float, float]:
    values = [float(v) for v in NUMBER.findall(path)]
    xs, ys = values[0::2], values[1::2]
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2


def map_context(statuses) -> dict:
    """The shapes of the dialogue's countries (with their status), the other countries
    as background, and a marker for each small state that would be hard to click."""
    data = load_map()
    members = {s.iso3 for s in statuses}
    countries = []
    for status in statuses:
        path = data["shapes"].get(status.iso3, "")
        centre = data["centres"].get(status.iso3)
        countries.append(
            {
                "status": status,
                "path": path,
                "marker": centre if centre or not path else None,
            }
        )
        if not path and centre is None:
            countries[-1]["marker"] = None
    background = [p for code, p in data["shapes"].items() if code not in members]
    return {
        "width": data["width"],
        "height": data["height"],
        "countries": countries,
        "background": "".join(background),
    }
