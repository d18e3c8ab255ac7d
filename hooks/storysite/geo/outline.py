"""The UK's outline as a small SVG drawing for the Map page's first view.

The first view is drawn without Leaflet (150 kB that a reader who only looks never needs): the
page carries this drawing inline, and stories-map.js puts the overview's clusters on it. Its
viewBox is the UK's bounds in Web Mercator, and the SVG fits it to the map's box as Leaflet's
fitBounds does, so when the reader starts to pan or zoom and Leaflet takes over, the land does not
move. The land outline (data/uk-land.geojson) is simplified for this size (Douglas-Peucker, to
under a pixel at the zoom of the first view) and written in whole pixels of OUTLINE_ZOOM with
relative moves, which keeps the drawing a few kilobytes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from .clusters import project
from .places import LAND_FILE, UK_LATITUDE, UK_LONGITUDE

OUTLINE_ZOOM = 6  # the drawing's unit: a pixel at zoom 6 (the first view is zoom 5 to 6)
TOLERANCE_PX = 1.5  # at OUTLINE_ZOOM: about a pixel at the first view's zoom
SCALE = 2 ** OUTLINE_ZOOM


@dataclass(frozen=True)
class Outline:
    view_box: str  # the UK's bounds, 'x y width height' in pixels of OUTLINE_ZOOM
    land: str  # SVG path data: the UK's nations
    abroad: str  # Ireland and the Isle of Man, drawn fainter for context
    bounds: str  # 'south,west,north,east' in degrees, for the script's fitBounds


def _simplify(points: list[tuple[int, int]], tolerance: float) -> list[tuple[int, int]]:
    """Douglas-Peucker, iterative (a coast has thousands of points)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length = (dx * dx + dy * dy) ** 0.5
        best, where = 0.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            distance = (abs(dy * (px - ax) - dx * (py - ay)) / length if length
                        else ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5)
            if distance > best:
                best, where = distance, i
        if best > tolerance:
            keep[where] = True
            stack += [(first, where), (where, last)]
    return [p for p, kept in zip(points, keep) if kept]


def _ring_path(ring: list[list[float]]) -> str:
    pixels: list[tuple[int, int]] = []
    for lon, lat in ring:
        x, y = project(lon, lat)
        pixel = (round(x * SCALE), round(y * SCALE))
        if not pixels or pixel != pixels[-1]:
            pixels.append(pixel)
    simple = _simplify(pixels, TOLERANCE_PX)
    if len(simple) < 4:  # an islet smaller than a pixel or two: not worth drawing
        return ""
    (x0, y0), moves = simple[0], []
    px, py = x0, y0
    for x, y in simple[1:]:
        moves.append(f"{x - px} {y - py}")
        px, py = x, y
    return f"M{x0} {y0}l" + " ".join(moves).replace(" -", "-") + "z"


@lru_cache(maxsize=1)
def uk_outline() -> Outline:
    data = json.loads(LAND_FILE.read_text(encoding="utf-8"))
    land: list[str] = []
    abroad: list[str] = []
    for feature in data["features"]:
        paths = [_ring_path(polygon[0]) for polygon in feature["geometry"]["coordinates"]]
        (land if feature["properties"]["nation"] else abroad).extend(p for p in paths if p)
    (south, north), (west, east) = UK_LATITUDE, UK_LONGITUDE
    x0, y0 = project(west, north)
    x1, y1 = project(east, south)
    box = f"{x0 * SCALE:.1f} {y0 * SCALE:.1f} {(x1 - x0) * SCALE:.1f} {(y1 - y0) * SCALE:.1f}"
    return Outline(view_box=box, land="".join(land), abroad="".join(abroad), bounds=f"{south},{west},{north},{east}")
