"""The Map page's stories clustered once, at build time, for every zoom level the map shows.

Why at build time: the browser used to fetch every story (/stories.geojson) and cluster them
itself (Leaflet.markercluster), so a first visit grew with the number of stories. Here each zoom
level's clusters are computed once, in Python, and cut into small square tiles (paths from
routes.py); the browser fetches only the tiles in view. The first view loads one file (the whole
UK at OVERVIEW_LEVEL), whose size depends on the UK's area, not on how many stories there are.

The method is supercluster's (Mapbox's, for Web Mercator maps), written out in a few lines rather
than depended on: the Python ports on PyPI are compiled extensions (pysupercluster: C++ and numpy,
last released in 2022) or new and small, the tiling and the per-theme counts would still be ours,
and the greedy grid pass below is all of the method we need.

- Level POINTS_LEVEL holds the stories themselves. Each level above it is made from the one
  below: items are taken largest first (then west to east, then by id, so the output never
  depends on the input's order), and each one not yet taken gathers every untaken item within
  RADIUS_PX screen pixels at that zoom into a cluster at their weighted centre. A grid of
  RADIUS_PX cells finds the neighbours, so a level costs time linear in its items.
- Every story is in exactly one item at every level; a cluster's count and per-theme counts
  are the sums of its members'. A cluster's `zoom` is the level at which it first falls apart
  (its "expansion zoom"): clicking it zooms there.
- Levels deeper than POINTS_LEVEL reuse its tiles; levels above MIN_LEVEL are never shown (the
  map's minZoom)."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

MIN_LEVEL = 4  # the map's minZoom: the whole UK on the smallest screen
OVERVIEW_LEVEL = 5  # the first view (the UK fitted to the map: zoom 5 to 6 on phones and desktops)
POINTS_LEVEL = 14  # single stories from here on (at zoom 14, 56 px is about 330 m in the UK)
RADIUS_PX = 56  # a little more than the largest bubble (48 px), so bubbles seldom overlap
# A data tile spans four map tiles each way: a view needs one to four, and deep levels, where
# most tiles hold a story or two, need a third of the files that 512-px tiles would.
TILE_PX = 1024
WHOLE_LEVELS = range(MIN_LEVEL, OVERVIEW_LEVEL + 1)  # small enough to be one file a level
WORLD_PX = 256  # Web Mercator's world at zoom 0, as Leaflet and every tile server draw it
COORDINATE_DECIMALS = 5  # about 1 m, as /stories.geojson has them


@dataclass(frozen=True)
class MapPoint:
    """One story as the map draws it."""

    id: str  # the story's slug: unique, and the last key of the sort order
    longitude: float
    latitude: float
    title: str
    url: str  # site-relative ('stories/<slug>/')
    place: str  # 'Barry, Wales'
    themes: tuple[str, ...]


@dataclass(frozen=True)
class Item:
    """A point or a cluster at one level, with its position in zoom-0 world pixels."""

    x: float
    y: float
    count: int
    themes: tuple[tuple[str, int], ...]  # (slug, stories), sorted by slug
    zoom: int  # a cluster's expansion zoom; a point's is POINTS_LEVEL
    key: str  # a point's id; a cluster's smallest member id (a stable tie-break)
    point: MapPoint | None = None


def project(longitude: float, latitude: float) -> tuple[float, float]:
    """Web Mercator (EPSG:3857, as Leaflet's L.CRS.EPSG3857) in zoom-0 pixels: x east, y south."""
    x = (longitude + 180.0) / 360.0 * WORLD_PX
    sin = math.sin(math.radians(latitude))
    y = (0.5 - math.log((1 + sin) / (1 - sin)) / (4 * math.pi)) * WORLD_PX
    return x, y


def unproject(x: float, y: float) -> tuple[float, float]:
    """(longitude, latitude) of a zoom-0 pixel position."""
    longitude = x / WORLD_PX * 360.0 - 180.0
    latitude = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / WORLD_PX))))
    return longitude, latitude


def tile_of(item: Item, level: int) -> tuple[int, int]:
    """The data tile (column, row) holding the item at `level`: TILE_PX squares of that zoom."""
    scale = 2 ** level / TILE_PX
    return math.floor(item.x * scale), math.floor(item.y * scale)


def _point_item(point: MapPoint) -> Item:
    x, y = project(point.longitude, point.latitude)
    return Item(x, y, 1, tuple((slug, 1) for slug in sorted(set(point.themes))), POINTS_LEVEL, point.id, point)


def _merge(members: list[Item], level: int) -> Item:
    count = sum(m.count for m in members)
    themes: dict[str, int] = defaultdict(int)
    for member in members:
        for slug, n in member.themes:
            themes[slug] += n
    return Item(x=sum(m.x * m.count for m in members) / count, y=sum(m.y * m.count for m in members) / count,
                count=count, themes=tuple(sorted(themes.items())), zoom=level + 1, key=min(m.key for m in members))


def cluster_level(items: Iterable[Item], level: int, radius_px: float = RADIUS_PX) -> list[Item]:
    """The items of the level below gathered into the clusters of `level` (one greedy pass)."""
    radius = radius_px / 2 ** level  # in zoom-0 pixels
    ordered = sorted(items, key=lambda i: (-i.count, i.x, i.y, i.key))
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    for index, item in enumerate(ordered):
        grid[math.floor(item.x / radius), math.floor(item.y / radius)].append(index)
    taken = [False] * len(ordered)
    out: list[Item] = []
    for index, item in enumerate(ordered):
        if taken[index]:
            continue
        taken[index] = True
        members = [item]
        cx, cy = math.floor(item.x / radius), math.floor(item.y / radius)
        for gx in (cx - 1, cx, cx + 1):
            for gy in (cy - 1, cy, cy + 1):
                for other in grid.get((gx, gy), ()):
                    near = ordered[other]
                    if not taken[other] and (near.x - item.x) ** 2 + (near.y - item.y) ** 2 <= radius * radius:
                        taken[other] = True
                        members.append(near)
        out.append(item if len(members) == 1 else _merge(members, level))
    return out


def cluster_levels(points: Iterable[MapPoint]) -> dict[int, list[Item]]:
    """Every level from POINTS_LEVEL (the stories) up to MIN_LEVEL, each sorted west to east."""
    levels = {POINTS_LEVEL: [_point_item(p) for p in points]}
    for level in range(POINTS_LEVEL - 1, MIN_LEVEL - 1, -1):
        levels[level] = cluster_level(levels[level + 1], level)
    return {level: sorted(items, key=lambda i: (i.x, i.y, i.key)) for level, items in sorted(levels.items())}


def item_json(item: Item) -> dict:
    """An item as the map script reads it: `at` is [longitude, latitude] (as GeoJSON), `n` the
    stories it holds, `themes` a point's theme slugs or a cluster's stories per theme."""
    longitude, latitude = unproject(item.x, item.y)
    at = [round(longitude, COORDINATE_DECIMALS), round(latitude, COORDINATE_DECIMALS)]
    point = item.point
    if point is not None:
        return {"at": at, "n": 1, "place": point.place, "themes": list(point.themes), "title": point.title,
                "url": point.url}
    return {"at": at, "n": item.count, "themes": dict(item.themes), "zoom": item.zoom}


def tiles(levels: dict[int, list[Item]]) -> dict[tuple[int, int | None, int | None], list[Item]]:
    """The files: (level, None, None) for a level served whole, (level, column, row) for a tile."""
    out: dict[tuple[int, int | None, int | None], list[Item]] = defaultdict(list)
    for level, items in levels.items():
        for item in items:
            key = (level, None, None) if level in WHOLE_LEVELS else (level, *tile_of(item, level))
            out[key].append(item)
    return dict(out)
