"""Cards and listing thumbnails cached by content: the key is a hash of every input (the card's fields, photo bytes,
font files, land outline, Pillow's version and DRAWING_VERSION), so a rebuild draws only cards
whose inputs changed, and a cached card is the same bytes a fresh drawing would give.

As Material's social plugin does (a file per hash under .cache/), with two differences: the key
covers the font and drawing code too (Material's hashes only the texts, so a new layout or font
serves stale cards until the cache is cleared), and files are written atomically, so a build
stopped half-way never leaves a truncated card to be served later."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import PIL

from .draw import card_format, draw_card
from .fonts import font_digest
from .locator import LAND_FILE
from .photo import Photo
from .spec import Card
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
