"""The locator map on a card: the UK outline the package ships (geo/data/uk-land.geojson, the same
land the map page draws and coordinates are checked against), a nation highlighted, stories marked.

Drawn at SUPERSAMPLE times the size and scaled down, because Pillow draws polygons and ellipses
without anti-aliasing."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from PIL import Image, ImageDraw

from ..geo.places import LAND_FILE
from . import colours

SUPERSAMPLE = 3
# What the map shows: the UK from Scilly to Shetland, with Ireland's east coast for context.
WEST, EAST, SOUTH, NORTH = -10.6, 1.9, 49.8, 60.95
_MID_LATITUDE = (SOUTH + NORTH) / 2

Point = tuple[float, float]  # (latitude, longitude), as stories give them
Rings = tuple[tuple[tuple[float, float], ...], ...]


@dataclass(frozen=True)
class Land:
    """Each area's rings of (longitude, latitude): (nation, rings) and (neighbouring country,
    rings) pairs, in file order. Tuples, so that a Land can key the cache of drawn land."""

    nations: tuple[tuple[str, Rings], ...]
    neighbours: tuple[tuple[str, Rings], ...]


@lru_cache(maxsize=4)
def load_land(path: Path = LAND_FILE) -> Land:
    """The outline file as the land check reads it: one feature per nation (properties.nation)
    and per neighbour (properties.country, nation null), MultiPolygons of outer rings."""
    data = json.loads(path.read_text(encoding="utf-8"))
    nations, neighbours = [], []
    for feature in data["features"]:
        props = feature["properties"]
        rings = tuple(tuple((float(lon), float(lat)) for lon, lat in polygon[0])
                      for polygon in feature["geometry"]["coordinates"])
        if props.get("nation"):
            nations.append((props["nation"], rings))
        else:
            neighbours.append((props["country"], rings))
    return Land(tuple(nations), tuple(neighbours))


@dataclass(frozen=True)
class Projection:
    """Longitude/latitude to pixels: equirectangular, squeezed by cos(mid-latitude) so Britain
    has its familiar shape, fitted into the box and centred."""

    scale: float
    x0: float
    y0: float

    @classmethod
    def fit(cls, width: float, height: float, margin: float) -> Projection:
        kx = math.cos(math.radians(_MID_LATITUDE))
        span_x, span_y = (EAST - WEST) * kx, NORTH - SOUTH
        scale = min((width - 2 * margin) / span_x, (height - 2 * margin) / span_y)
        x0 = (width - span_x * scale) / 2
        y0 = (height - span_y * scale) / 2
        return cls(scale, x0, y0)

    def xy(self, longitude: float, latitude: float) -> tuple[float, float]:
        kx = math.cos(math.radians(_MID_LATITUDE))
        return (self.x0 + (longitude - WEST) * kx * self.scale,
                self.y0 + (NORTH - latitude) * self.scale)


def dot_radius(count: int) -> float:
    """Fewer stories, bigger dots: one story's pin is large, a thousand are specks."""
    if count <= 1:
        return 11.0
    if count <= 40:
        return 7.0
    if count <= 300:
        return 5.0
    return 3.5


def draw_locator(width: int, height: int, land: Land, points: tuple[Point, ...] = (),
                 highlight: str | None = None, marker: Literal["pin", "dots"] = "dots",
                 background: str = colours.PURPLE_DARK) -> Image.Image:
    """An RGB image of the map, `width` x `height` px, with `points` marked."""
    image = _land_image(width, height, land, highlight, background).copy()
    projection = Projection.fit(width, height, margin=24)
    sprite = _sprite("pin") if marker == "pin" else _sprite("dot", dot_radius(len(points)))
    half = sprite.width // 2
    for latitude, longitude in sorted(points):  # sorted: overlapping dots stack the same way
        x, y = projection.xy(longitude, latitude)
        image.paste(sprite, (round(x) - half, round(y) - half), sprite)
    return image


@lru_cache(maxsize=16)
def _land_image(width: int, height: int, land: Land, highlight: str | None, background: str) -> Image.Image:
    """The land alone: the same for every story card, so drawn once per process."""
    s = SUPERSAMPLE
    image = Image.new("RGB", (width * s, height * s), colours.rgb(background))
    draw = ImageDraw.Draw(image)
    projection = Projection.fit(width * s, height * s, margin=24 * s)
    for _, rings in land.neighbours:
        for ring in rings:
            draw.polygon([projection.xy(lon, lat) for lon, lat in ring], fill=colours.rgb(colours.NEIGHBOUR))
    for nation, rings in land.nations:
        fill = colours.HIGHLIGHT if nation == highlight else colours.PURPLE_LIGHT
        for ring in rings:
            draw.polygon([projection.xy(lon, lat) for lon, lat in ring], fill=colours.rgb(fill))
    return image.reduce(s)  # a box average of each s x s block: anti-aliased edges, and fast


@lru_cache(maxsize=8)
def _sprite(kind: Literal["pin", "dot"], radius: float = 0.0) -> Image.Image:
    """One marker, anti-aliased, on a transparent square: pasted at each point."""
    s = SUPERSAMPLE
    if kind == "pin":  # the story's own place: a warm dot in a ring, easy to find on a phone
        rings = ((21, colours.MARKER), (18, None), (10, colours.PURPLE_DARK), (8, colours.MARKER))
    else:  # one of many stories: a mint dot with a dark edge, so dots that touch stay apart
        edge = max(1.0, radius / 4)
        rings = ((radius + edge, colours.PURPLE_DARK), (radius, colours.MINT))
    size = math.ceil(rings[0][0] + 1) * 2 + 1
    image = Image.new("RGBA", (size * s, size * s), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    c = size * s / 2
    for r, colour in rings:
        fill = (0, 0, 0, 0) if colour is None else (*colours.rgb(colour), 255)
        draw.ellipse((c - r * s, c - r * s, c + r * s, c + r * s), fill=fill)
    return image.reduce(s)
