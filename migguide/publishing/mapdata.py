"""The map of the dialogue's countries, drawn from Natural Earth boundaries projected
once by tools/build_map.py (see data/LICENSE-map.txt): plain SVG paths, no map service."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "map-africa-europe.json"
# The map is 1000 units wide and shown at most about 700 pixels wide: a point within
# 1.2 units of the line through its neighbours changes nothing a reader can see.
TOLERANCE = 1.2
_RING = re.compile(r"M([^MZ]+)Z?")


@lru_cache(maxsize=1)
def load_map() -> dict:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    data["shapes"] = {code: simplified(path) for code, path in data["shapes"].items()}
    return data


def simplified(path: str, tolerance: float = TOLERANCE) -> str:
    """An SVG path of closed rings (M x,y L x,y … Z) redrawn with what the drawing needs:
    points thinned (Douglas–Peucker), whole units, relative moves — a fifth of the bytes
    of the stored path for the same picture."""
    out = []
    for body in _RING.findall(path):
        points = [tuple(map(float, pair.split(","))) for pair in body.split("L")]
        kept = _thin(points, tolerance)
        ring = [(round(x), round(y)) for x, y in kept]
        ring = [p for i, p in enumerate(ring) if i == 0 or p != ring[i - 1]]
        if len(ring) < 3:
            if ring:  # an islet: a dot of one unit, still visible and still the country's
                x, y = ring[0]
                out.append(f"M{x} {y}h1v1h-1z")
            continue
        steps = " ".join(
            f"{b[0] - a[0]} {b[1] - a[1]}" for a, b in zip(ring, ring[1:], strict=False)
        )
        out.append(f"M{ring[0][0]} {ring[0][1]}l{steps}z")
    return "".join(out).replace(" -", "-")


def _thin(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas–Peucker, iteratively: keep the ends, then any point farther than
    `tolerance` from the chord of the stretch it lies in."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        far, at = 0.0, None
        for i in range(first + 1, last):
            x, y = points[i]
            if norm:
                d = abs(dy * (x - x1) - dx * (y - y1)) / norm
            else:
                d = ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
            if d > far:
                far, at = d, i
        if at is not None and far > tolerance:
            keep[at] = True
            stack += [(first, at), (at, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


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
