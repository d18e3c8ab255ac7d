"""The UK's nations and English regions, and whether a story's point is on land in the nation it names.

The nation boxes below catch swapped signs and gross typos; this catches the rest: a
point in the sea, or in England for a story the contributor says is in Wales. It uses a
simplified coastline of each nation, and of Ireland and the Isle of Man to say when a point is
outside the UK (data/uk-land.geojson, made by scripts/make_land_outline.py from Natural Earth;
the Map page draws it too). It allows for what that outline leaves out:

- COAST_TOLERANCE_KM: small islands the outline does not have (Eigg is 9 km from Rùm, the
  nearest island it does have; Gigha is 5 km from Kintyre) and coastal places the simplified
  coast cuts off.
- BORDER_TOLERANCE_KM: the borders between nations are drawn by hand, good to a km or two (and
  the Irish border is simplified), so a border town may fall just on the wrong side of the line.

Pure Python on purpose: point-in-polygon and point-to-segment distance are a few lines each,
and a geometry library (shapely) would be a compiled dependency for two functions."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

LAND_FILE = Path(__file__).parent / "data" / "uk-land.geojson"
COAST_TOLERANCE_KM = 12.0
BORDER_TOLERANCE_KM = 3.0
_KM_PER_DEGREE_LAT = 110.57
_KM_PER_DEGREE_LON_AT_EQUATOR = 111.32

Point = tuple[float, float]  # (longitude, latitude), as GeoJSON has them


@dataclass(frozen=True)
class Ring:
    """One island's (or one nation's mainland's) coast, with its bounding box for quick rejects."""

    points: tuple[Point, ...]
    west: float
    south: float
    east: float
    north: float

    @classmethod
    def of(cls, points: list[list[float]]) -> Ring:
        pts = tuple((float(lon), float(lat)) for lon, lat in points)
        lons, lats = [p[0] for p in pts], [p[1] for p in pts]
        return cls(pts, min(lons), min(lats), max(lons), max(lats))

    def contains(self, lon: float, lat: float) -> bool:
        """Ray casting: an odd number of coast crossings to the west means inside."""
        if not (self.west <= lon <= self.east and self.south <= lat <= self.north):
            return False
        inside = False
        pts = self.points
        x1, y1 = pts[-1]
        for x2, y2 in pts:
            if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
            x1, y1 = x2, y2
        return inside

    def distance_km(self, lon: float, lat: float, within: float = math.inf) -> float:
        """Shortest distance from the point to this coast, on a local flat projection (good to
        well under 1% over the tens of km that matter here). Returns inf early when the bounding
        box alone is farther than `within`."""
        kx = _KM_PER_DEGREE_LON_AT_EQUATOR * math.cos(math.radians(lat))
        ky = _KM_PER_DEGREE_LAT
        dx_box = max(self.west - lon, 0.0, lon - self.east) * kx
        dy_box = max(self.south - lat, 0.0, lat - self.north) * ky
        if math.hypot(dx_box, dy_box) > within:
            return math.inf
        best = math.inf
        pts = self.points
        ax, ay = (pts[-1][0] - lon) * kx, (pts[-1][1] - lat) * ky
        for x, y in pts:
            bx, by = (x - lon) * kx, (y - lat) * ky
            ex, ey = bx - ax, by - ay
            length = ex * ex + ey * ey
            t = 0.0 if length == 0 else max(0.0, min(1.0, -(ax * ex + ay * ey) / length))
            best = min(best, math.hypot(ax + t * ex, ay + t * ey))
            ax, ay = bx, by
        return best


@lru_cache(maxsize=1)
def _land() -> dict[tuple[str, str | None], tuple[Ring, ...]]:
    """Every outline in the file by (country, nation), read once per process."""
    data = json.loads(LAND_FILE.read_text(encoding="utf-8"))
    return {
        (feature["properties"]["country"], feature["properties"]["nation"]):
            tuple(Ring.of(polygon[0]) for polygon in feature["geometry"]["coordinates"])
        for feature in data["features"]
    }


@lru_cache(maxsize=1)
def outlines() -> dict[str, tuple[Ring, ...]]:
    """Each UK nation's coastline rings."""
    return {nation: rings for (_, nation), rings in _land().items() if nation}


def country_outside_uk(latitude: float, longitude: float) -> str | None:
    """The neighbour (Ireland, the Isle of Man) whose land contains the point, if any."""
    for (country, nation), rings in _land().items():
        if not nation and any(ring.contains(longitude, latitude) for ring in rings):
            return country
    return None


def nation_at(latitude: float, longitude: float) -> str | None:
    """The nation whose land (as the outline draws it) contains the point, or None for the sea."""
    for nation, rings in outlines().items():
        if any(ring.contains(longitude, latitude) for ring in rings):
            return nation
    return None


def distance_to_land_km(nation: str, latitude: float, longitude: float, within: float = math.inf) -> float:
    """How far the point is from the nearest land of `nation` (0 when it is on that land).
    Land farther than `within` is not measured: the answer is then inf."""
    rings = outlines()[nation]
    if any(ring.contains(longitude, latitude) for ring in rings):
        return 0.0
    best = math.inf
    for ring in rings:
        best = min(best, ring.distance_km(longitude, latitude, within=min(best, within)))
    return best if best <= within else math.inf


def land_problem(nation: str, latitude: float, longitude: float) -> str | None:
    """A message for the contributor when the point is in the sea or in another nation, else None."""
    where = f"{latitude}, {longitude}"
    check = ("Check the coordinates (latitude first, then longitude; west of Greenwich is negative): "
             "on openstreetmap.org, right-click the place and choose 'Show address' to copy them.")
    found = nation_at(latitude, longitude)
    if found == nation:
        return None
    if found is not None:
        if distance_to_land_km(nation, latitude, longitude, within=BORDER_TOLERANCE_KM) <= BORDER_TOLERANCE_KM:
            return None  # a border town on the wrong side of the hand-drawn line
        return f"{where} is in {found}, not {nation}. {check} If the place really is in {found}, change the nation."
    abroad = country_outside_uk(latitude, longitude)
    if abroad:
        if distance_to_land_km(nation, latitude, longitude, within=BORDER_TOLERANCE_KM) <= BORDER_TOLERANCE_KM:
            return None  # a border town (Northern Ireland's border is simplified too)
        return f"{where} is in {_the(abroad)}, outside the UK, not in {nation}. {check}"
    distance = distance_to_land_km(nation, latitude, longitude)
    if distance <= COAST_TOLERANCE_KM:
        return None  # on a small island or a stretch of coast the outline simplifies away
    nearby = [other for other in outlines() if other != nation
              and distance_to_land_km(other, latitude, longitude, within=COAST_TOLERANCE_KM) <= COAST_TOLERANCE_KM]
    if nearby:
        return f"{where} is off the coast of {nearby[0]}, not {nation}. {check}"
    return (f"{where} is not on land in {nation}: it is in the sea or outside the UK, about {distance:.0f} km "
            f"from the coast of {nation}. {check}")


def _the(country: str) -> str:
    return f"the {country}" if country.startswith("Isle of") else country


# Nations, regions and distances -----------------------------------------------------------------

NATIONS: tuple[str, ...] = ("England", "Scotland", "Wales", "Northern Ireland")

# The nine ONS regions of England (ITL1), as the ONS names them.
ENGLISH_REGIONS: tuple[str, ...] = (
    "North East",
    "North West",
    "Yorkshire and the Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
)

# The UK, Channel Islands excluded, with a little sea around it (WGS84 decimal degrees).
UK_LATITUDE = (49.8, 60.9)
UK_LONGITUDE = (-8.7, 1.8)

# Coarse boxes per nation: enough to catch a point typed into the wrong nation or with a
# swapped sign, not a border survey. (south, north, west, east) land.py then checks a point
# that passes against each nation's coastline: the sea, or the wrong side of a border.
NATION_BOXES: dict[str, tuple[float, float, float, float]] = {
    "England": (49.85, 55.82, -6.45, 1.77),
    "Scotland": (54.62, 60.87, -8.65, -0.72),
    "Wales": (51.35, 53.44, -5.35, -2.64),
    "Northern Ireland": (54.01, 55.32, -8.19, -5.42),
}


def in_nation_box(nation: str, latitude: float, longitude: float) -> bool:
    south, north, west, east = NATION_BOXES[nation]
    return south <= latitude <= north and west <= longitude <= east


EARTH_RADIUS_KM = 6371.0088  # the mean radius


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine) on a sphere of the Earth's mean radius."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))
