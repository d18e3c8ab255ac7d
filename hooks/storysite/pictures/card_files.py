"""Cards and listing thumbnails cached by content: the key is a hash of every input (the card's fields, photo bytes,
font files, land outline, Pillow's version and DRAWING_VERSION), so a rebuild draws only cards
whose inputs changed, and a cached card is the same bytes a fresh drawing would give.

As Material's social plugin does (a file per hash under .cache/), with two differences: the key
covers the font and drawing code too (Material's hashes only the texts, so a new layout or font
serves stale cards until the cache is cleared), and files are written atomically, so a build
stopped half-way never leaves a truncated card to be served later.

Also writing them into the site, and saying what it cost: how many were drawn, how many came from
the cache, and any photo a card could not use (named by file and field)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import PIL

from .draw import card_format, card_problems, draw_card
from .card_text import font_digest
from .locator_map import LAND_FILE
from .card_photo import Photo
from .card_content import Card
from .thumbs import Thumb, draw_thumb, thumb_format

# Bump whenever a change to the drawing would change a card's pixels, so cached cards are redrawn.
DRAWING_VERSION = "1"


@dataclass(frozen=True)
class CachedCard:
    data: bytes
    suffix: str  # '.png' or '.jpg'
    drew: bool  # False when the card came from the cache


def card_key(card: Card | Thumb) -> str:
    """sha256 (hex) of every input that decides the card's (or thumbnail's) bytes."""
    def encode(value: object) -> object:
        if isinstance(value, Photo):  # the bytes themselves, by hash; the name only labels messages
            return {"photo": hashlib.sha256(value.data).hexdigest()}
        if dataclasses.is_dataclass(value):
            return {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        if isinstance(value, (tuple, list)):
            return [encode(v) for v in value]
        return value
    inputs = {
        "card": encode(card),
        "kind": type(card).__name__,
        "drawing": DRAWING_VERSION,
        "font": font_digest(),
        "land": _file_digest(str(LAND_FILE)),
        "pillow": PIL.__version__,
    }
    text = json.dumps(inputs, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def cached_card(card: Card, cache_dir: Path) -> CachedCard:
    """The card's bytes from `cache_dir` if drawn before, else drawn now and stored there."""
    suffix = ".jpg" if card_format(card) == "JPEG" else ".png"
    return _cached(card_key(card), suffix, lambda: draw_card(card), cache_dir)


def cached_thumb(thumb: Thumb, cache_dir: Path) -> CachedCard:
    """A listing thumbnail, through the same cache."""
    suffix = ".jpg" if thumb_format(thumb) == "JPEG" else ".png"
    return _cached(card_key(thumb), suffix, lambda: draw_thumb(thumb), cache_dir)


def _cached(key: str, suffix: str, make, cache_dir: Path) -> CachedCard:
    path = cache_dir / f"{key}{suffix}"
    if path.is_file():
        return CachedCard(path.read_bytes(), suffix, drew=False)
    data = make()
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.part")
    partial.write_bytes(data)
    os.replace(partial, path)  # atomic: a reader sees the whole card or none
    return CachedCard(data, suffix, drew=True)


@lru_cache(maxsize=4)  # read once per process, not once per card
def _file_digest(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()



@dataclass(frozen=True)
class PictureStats:
    drawn: int  # drawn in this build
    cached: int  # copied from the cache
    problems: tuple[str, ...]  # photos a card shows the map instead of, with the reason

    @property
    def total(self) -> int:
        return self.drawn + self.cached


def write_pictures(pictures: Mapping[str, Card | Thumb], site_dir: Path, cache_dir: Path) -> PictureStats:
    """Write each picture to `site_dir`/path (site-relative paths as routes.py builds them),
    drawing only those the cache does not hold, and say what it cost."""
    drawn = cached = 0
    problems: list[str] = []
    made: set[Path] = set()
    for path, spec in sorted(pictures.items()):
        result = cached_card(spec, cache_dir) if isinstance(spec, Card) else cached_thumb(spec, cache_dir)
        drawn, cached = drawn + result.drew, cached + (not result.drew)
        if isinstance(spec, Card) and spec.photo is not None:  # said on every build, not only the first
            problems += [p for p in card_problems(spec) if p not in problems]
        target = site_dir / path
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_bytes(result.data)
    return PictureStats(drawn, cached, tuple(problems))
