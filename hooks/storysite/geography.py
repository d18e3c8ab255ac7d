"""The UK's nations and English regions, the bounds a story's coordinates must fall in, and
distances between places."""

from __future__ import annotations

import math
import re
import unicodedata

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


def slugify(text: str) -> str:
    """'Yorkshire and the Humber' -> 'yorkshire-and-the-humber'; diacritics folded ('Môn' -> 'mon')."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def nation_url(nation: str) -> str:
    """The site-relative URL of a nation's page: every place URL is built here, so pages, feeds
    and links always agree."""
    return f"places/{slugify(nation)}/"


def region_url(nation: str, region: str) -> str:
    return f"{nation_url(nation)}{slugify(region)}/"


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
