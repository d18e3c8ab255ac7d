"""Writing the build's share cards and listing thumbnails into the site through the cache, and
saying what it cost: how many were drawn, how many came from the cache, and any photo a card
could not use (named by file and field)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .cache import cached_card, cached_thumb
from .draw import card_problems
from .spec import Card
from .thumbs import Thumb


@dataclass(frozen=True)
class PictureStats:
    drawn: int  # drawn in this build
    cached: int  # copied from the cache
    problems: tuple[str, ...]  # photos a card shows the map instead of, with the reason

    @property
    def total(self) -> int:
        return self.drawn + self.cached


def write_pictures(pictures: Mapping[str, Card | Thumb], site_dir: Path, cache_dir: Path,
                   already_written: Mapping[str, Card | Thumb] | None = None) -> PictureStats:
    """Write each picture to `site_dir`/path (site-relative paths as routes.py builds them).
    `already_written`: what a previous build wrote into this same `site_dir` (the preview keeps
    its folder between rebuilds); a picture drawn from the same spec that is still there is left."""
    drawn = cached = 0
    problems: list[str] = []
    made: set[Path] = set()
    already_written = already_written or {}
    for path, spec in sorted(pictures.items()):
        if already_written.get(path) == spec and (site_dir / path).is_file():
            cached += 1
            continue
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
