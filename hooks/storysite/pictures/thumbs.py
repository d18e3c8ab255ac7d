"""Small square pictures for story listings: the story's photo, cropped, or else a square cut
from its share card's locator map around the story's point, so listings look like a publication
without costing a first visit much (a map square is a few kB of flat-colour PNG)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from PIL import Image

from .draw import HEIGHT, PANEL_WIDTH
from .locator_map import Projection, draw_locator, load_land
from .card_photo import Photo, cover, decode

SIZE = 176  # px square; shown at 88 CSS px, so sharp on a 2x phone screen
JPEG_OPTIONS = {"quality": 80, "optimize": True, "progressive": False}
Point = tuple[float, float]  # (latitude, longitude)


@dataclass(frozen=True)
class Thumb:
    """Everything that decides a listing thumbnail's pixels (and so its cache key)."""

    point: Point
    nation: str
    photo: Photo | None = None


def thumb_format(thumb: Thumb) -> Literal["PNG", "JPEG"]:
    return "JPEG" if thumb.photo is not None and _decoded(thumb.photo).image is not None else "PNG"


def draw_thumb(thumb: Thumb) -> bytes:
    """The thumbnail's file, with no metadata: the same bytes on every machine and every run."""
    out = io.BytesIO()
    if thumb_format(thumb) == "JPEG":
        image = _decoded(thumb.photo).image
        cover(image, (SIZE, SIZE)).save(out, "JPEG", **JPEG_OPTIONS)
        return out.getvalue()
    image = _map_square(thumb.point, thumb.nation).resize((SIZE, SIZE), Image.Resampling.LANCZOS)
    # 64 colours hold the flat map and its anti-aliased edges: about 3 kB a thumbnail.
    image.quantize(64, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(out, "PNG", optimize=True)
    return out.getvalue()


def _map_square(point: Point, nation: str) -> Image.Image:
    """The card's own map panel (same projection, same pin), cut to a square around the point."""
    latitude, longitude = point
    panel = draw_locator(PANEL_WIDTH, HEIGHT, load_land(), (point,), nation, "pin")
    _, y = Projection.fit(PANEL_WIDTH, HEIGHT, margin=24).xy(longitude, latitude)
    top = max(0, min(HEIGHT - PANEL_WIDTH, round(y - PANEL_WIDTH / 2)))
    return panel.crop((0, top, PANEL_WIDTH, top + PANEL_WIDTH))


@lru_cache(maxsize=8)
def _decoded(photo: Photo):
    return decode(photo, (SIZE, SIZE))
