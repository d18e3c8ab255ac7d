#!/usr/bin/env python3
"""Remake hooks/storysite/geo/data/uk-land.geojson, the simplified land outline of each UK nation:

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/make_land_outline.py package/countries-10m.json

The coastline is Natural Earth's 1:10m "United Kingdom" (public domain, version 4.1.0 as
redistributed by the world-atlas npm package), simplified to about 1 km; Ireland and the Isle of
Man come with it, for context on the map and clearer messages. Natural Earth has no
internal borders, so Great Britain is cut into England, Scotland and Wales along the hand-drawn
border lines below (accurate to a kilometre or two: validation allows for that). The output is
committed; this script only records how it was made. It needs no third-party Python package."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUTPUT = REPO / "hooks" / "storysite" / "geo" / "data" / "uk-land.geojson"
SIMPLIFY_KM = 1.0
DECIMALS = 3  # about 100 m
NEIGHBOURS = ("Ireland", "Isle of Man")  # land within the UK's bounds that is not the UK

# Hand-drawn borders as (latitude, longitude), each starting and ending in the sea.
# England-Wales: from the Severn estuary up the Wye and along the border to the Dee estuary.
ENGLAND_WALES = [
    (51.40, -3.05), (51.555, -2.71), (51.61, -2.655), (51.64, -2.665), (51.70, -2.68),
    (51.79, -2.665), (51.81, -2.69), (51.83, -2.75), (51.88, -2.85), (51.93, -2.96),
    (51.98, -3.04), (52.03, -3.10), (52.075, -3.11), (52.10, -3.08), (52.17, -3.07),
    (52.20, -3.08), (52.23, -3.02), (52.27, -2.99), (52.31, -3.02), (52.34, -3.04),
    (52.40, -3.10), (52.45, -3.15), (52.49, -3.12), (52.53, -3.10), (52.56, -3.10),
    (52.60, -3.06), (52.64, -3.05), (52.68, -3.02), (52.72, -3.02), (52.75, -3.03),
    (52.78, -3.09), (52.82, -3.12), (52.86, -3.11), (52.93, -3.06), (52.95, -2.98),
    (52.97, -2.90), (52.96, -2.80), (52.98, -2.72), (53.02, -2.73), (53.05, -2.80),
    (53.085, -2.87), (53.12, -2.90), (53.17, -2.935), (53.20, -2.95), (53.22, -2.98),
    (53.27, -3.11), (53.35, -3.25),
]
# England-Scotland: from the Solway Firth up the Sark, over the Cheviots, down the Tweed and
# north of Berwick to the North Sea.
ENGLAND_SCOTLAND = [
    (54.80, -3.65), (54.955, -3.25), (54.975, -3.06), (55.00, -3.03), (55.04, -2.98),
    (55.07, -2.92), (55.10, -2.87), (55.15, -2.80), (55.19, -2.70), (55.27, -2.58),
    (55.35, -2.48), (55.40, -2.34), (55.45, -2.20), (55.50, -2.20), (55.55, -2.25),
    (55.63, -2.33), (55.65, -2.25), (55.72, -2.15), (55.77, -2.08), (55.81, -2.03),
    (55.815, -2.01), (55.85, -1.90),
]


def decode_topojson(path: Path, country: str) -> list[list[tuple[float, float]]]:
    """The outer rings (lon, lat) of one country in a world-atlas TopoJSON file."""
    topo = json.loads(path.read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    geometry = next(g for g in topo["objects"]["countries"]["geometries"] if g["properties"]["name"] == country)
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    rings = []
    for polygon in polygons:
        ring: list[tuple[float, float]] = []
        for index in polygon[0]:  # outer ring only: the UK's polygons have no holes
            points = arcs[index] if index >= 0 else arcs[~index][::-1]
            ring.extend(points if not ring else points[1:])
        if ring[0] == ring[-1]:
            ring.pop()
        rings.append(ring)
    return rings


def _km(point: tuple[float, float]) -> tuple[float, float]:
    lon, lat = point
    return lon * 111.32 * math.cos(math.radians(55)), lat * 110.57


def _segment_distance(p, a, b) -> float:
    (px, py), (ax, ay), (bx, by) = _km(p), _km(a), _km(b)
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def simplify(points: list[tuple[float, float]], tolerance_km: float) -> list[tuple[float, float]]:
    """Douglas-Peucker on an open line (iterative, so long coastlines do not hit the recursion limit)."""
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, worst_index = 0.0, None
        for i in range(first + 1, last):
            d = _segment_distance(points[i], points[first], points[last])
            if d > worst:
                worst, worst_index = d, i
        if worst_index is not None and worst > tolerance_km:
            keep[worst_index] = True
            stack += [(first, worst_index), (worst_index, last)]
    return [p for p, k in zip(points, keep) if k]


def simplify_ring(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    # Split the ring at its two most distant points so each half is an open line.
    far = max(range(len(ring)), key=lambda i: (ring[i][0] - ring[0][0]) ** 2 + (ring[i][1] - ring[0][1]) ** 2)
    half1 = simplify(ring[: far + 1], SIMPLIFY_KM)
    half2 = simplify(ring[far:] + [ring[0]], SIMPLIFY_KM)
    return half1[:-1] + half2[:-1]


def _intersection(p1, p2, q1, q2):
    """Where segment p1-p2 crosses q1-q2, as (s along p, t along q), or None."""
    rx, ry = p2[0] - p1[0], p2[1] - p1[1]
    sx, sy = q2[0] - q1[0], q2[1] - q1[1]
    denominator = rx * sy - ry * sx
    if denominator == 0:
        return None
    qpx, qpy = q1[0] - p1[0], q1[1] - p1[1]
    s = (qpx * sy - qpy * sx) / denominator
    t = (qpx * ry - qpy * rx) / denominator
    if 0 <= s <= 1 and 0 <= t <= 1:
        return s, t
    return None


def split(ring, border):
    """Cut a ring in two along a border line that crosses its coast exactly twice."""
    line = [(lon, lat) for lat, lon in border]
    hits = []
    for j in range(len(line) - 1):
        for i in range(len(ring)):
            a, b = ring[i], ring[(i + 1) % len(ring)]
            found = _intersection(line[j], line[j + 1], a, b)
            if found:
                s, t = found
                point = (line[j][0] + s * (line[j + 1][0] - line[j][0]), line[j][1] + s * (line[j + 1][1] - line[j][1]))
                hits.append((j + s, i, t, point))
    if len(hits) != 2:
        raise SystemExit(f"a border line must cross the coast exactly twice, not {len(hits)} times: "
                         + ", ".join(f"({p[1]:.3f}, {p[0]:.3f})" for *_, p in hits))
    (pos_a, edge_a, _, point_a), (pos_b, edge_b, _, point_b) = sorted(hits)
    inland = [point_a] + [line[k] for k in range(len(line)) if pos_a < k < pos_b] + [point_b]

    def walk(start_edge, end_edge):  # ring vertices after start_edge up to and including end_edge
        out, i = [], start_edge
        while i != end_edge:
            i = (i + 1) % len(ring)
            out.append(ring[i])
        return out

    part1 = [point_a] + walk(edge_a, edge_b) + inland[::-1][:-1]
    part2 = [point_b] + walk(edge_b, edge_a) + inland[:-1]
    return part1, part2


def contains(ring, lon, lat) -> bool:
    inside = False
    for i in range(len(ring)):
        (x1, y1), (x2, y2) = ring[i - 1], ring[i]
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _signed_area(ring) -> float:
    return sum(ring[i - 1][0] * ring[i][1] - ring[i][0] * ring[i - 1][1] for i in range(len(ring))) / 2


def island_nation(ring) -> str:
    """Which nation an offshore island belongs to, from where it lies (checked by hand)."""
    lon = sum(p[0] for p in ring) / len(ring)
    lat = sum(p[1] for p in ring) / len(ring)
    if 54.0 < lat < 55.35 and lon < -5.9:
        return "Northern Ireland"
    if lat > 56.0 or (lat > 55.0 and lon < -4.5):
        return "Scotland"
    if 51.35 <= lat <= 53.44 and lon < -3.0 and lon > -5.6:
        return "Wales"
    return "England"


def main(source: Path) -> None:
    rings = decode_topojson(source, "United Kingdom")
    rings = [r for r in rings if all(-8.7 <= lon <= 1.8 for lon, _ in r)]  # Rockall is no place for a story
    rings.sort(key=len, reverse=True)
    great_britain, ireland_part, islands = rings[0], rings[1], rings[2:]
    wales, rest = split(great_britain, ENGLAND_WALES)
    if not contains(wales, -3.18, 51.48):  # Cardiff
        wales, rest = rest, wales
    scotland, england = split(rest, ENGLAND_SCOTLAND)
    if not contains(scotland, -4.25, 55.86):  # Glasgow
        scotland, england = england, scotland
    parts: dict[str, list] = {"England": [england], "Scotland": [scotland], "Wales": [wales],
                              "Northern Ireland": [ireland_part]}
    for island in islands:
        parts[island_nation(island)].append(island)
    features = []
    for nation in ("England", "Scotland", "Wales", "Northern Ireland"):
        polygons = []
        for ring in parts[nation]:
            simple = simplify_ring(ring) if len(ring) > 8 else ring
            if len(simple) < 3:
                simple = ring
            if _signed_area(simple) < 0:  # RFC 7946: outer rings run anticlockwise
                simple = simple[::-1]
            coords = [[round(lon, DECIMALS), round(lat, DECIMALS)] for lon, lat in simple]
            polygons.append([coords + [coords[0]]])
        features.append({"type": "Feature", "properties": {"country": "United Kingdom", "nation": nation},
                         "geometry": {"type": "MultiPolygon", "coordinates": polygons}})
        print(f"{nation}: {len(polygons)} polygons, {sum(len(p[0]) for p in polygons)} points")
    # Neighbours, for context on the map and to tell a contributor their point is outside the UK.
    for country in NEIGHBOURS:
        polygons = []
        for ring in decode_topojson(source, country):
            simple = simplify_ring(ring) if len(ring) > 8 else ring
            if len(simple) < 3:
                continue
            if _signed_area(simple) < 0:
                simple = simple[::-1]
            coords = [[round(lon, DECIMALS), round(lat, DECIMALS)] for lon, lat in simple]
            polygons.append([coords + [coords[0]]])
        features.append({"type": "Feature", "properties": {"country": country, "nation": None},
                         "geometry": {"type": "MultiPolygon", "coordinates": polygons}})
        print(f"{country}: {len(polygons)} polygons, {sum(len(p[0]) for p in polygons)} points")
    collection = {
        "type": "FeatureCollection",
        "source": "Natural Earth 1:10m coastline (public domain), via world-atlas 2.0.2; borders drawn "
                  f"by hand; simplified to {SIMPLIFY_KM} km by scripts/make_land_outline.py",
        "features": features,
    }
    text = json.dumps(collection, separators=(",", ":"), sort_keys=True)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text.replace('{"geometry"', '\n{"geometry"') + "\n", encoding="utf-8")
    print(f"Wrote {OUTPUT.relative_to(REPO)} ({OUTPUT.stat().st_size} bytes)")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python scripts/make_land_outline.py path/to/world-atlas/countries-10m.json")
    main(Path(sys.argv[1]))
