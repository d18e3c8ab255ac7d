"""The build's settings, checked once when the build starts: the site's own (mkdocs.yml's
`extra: stories:`), its address (`site_url`) and the build's day."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlparse

from .problems import Problem
from .problems import did_you_mean

SHOWN_AS = "mkdocs.yml"
PREFIX = "extra.stories"


@dataclass(frozen=True)
class Settings:
    folder: str = "stories"  # where the story folders are, relative to mkdocs.yml
    latest_on_home: int = 6
    feed_items: int = 50
    tile_url: str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    tile_attribution: str = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
    tile_max_zoom: int = 19
    share_cards: bool = True  # draw share cards and listing thumbnails (off: text-only link previews)


_FIELDS = {
    "folder": str,
    "latest_on_home": int,
    "feed_items": int,
    "tile_url": str,
    "tile_attribution": str,
    "tile_max_zoom": int,
    "share_cards": bool,
}


def parse_settings(extra: Any) -> tuple[Settings | None, list[Problem]]:
    """Settings from mkdocs.yml's `extra:` mapping; defaults for anything left out."""
    raw = extra.get("stories") if isinstance(extra, Mapping) else None
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        return None, [Problem(SHOWN_AS, None, PREFIX, "must be a group of settings (key: value lines).")]
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    for key, value in raw.items():
        field = f"{PREFIX}.{key}"
        if key not in _FIELDS:
            problems.append(Problem(SHOWN_AS, None, field,
                                    f"is not a setting.{did_you_mean(str(key), _FIELDS)} Settings: {', '.join(_FIELDS)}."))
            continue
        expected = _FIELDS[key]
        if expected is bool and not isinstance(value, bool):
            problems.append(Problem(SHOWN_AS, None, field, f"must be true or false, not '{value}'."))
        elif expected is int and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
            problems.append(Problem(SHOWN_AS, None, field, f"must be a whole number of 1 or more, not '{value}'."))
        elif expected is str and (not isinstance(value, str) or not value.strip()):
            problems.append(Problem(SHOWN_AS, None, field, f"must be text, not '{value}'."))
        else:
            values[key] = value
    url = values.get("tile_url", Settings.tile_url)
    if not url.startswith("https://") or not all(part in url for part in ("{z}", "{x}", "{y}")):
        problems.append(Problem(SHOWN_AS, None, f"{PREFIX}.tile_url",
                                "must be an https:// tile address containing {z}, {x} and {y}."))
    if problems:
        return None, problems
    return Settings(**values), []


def build_today(environ: dict[str, str] | None = None) -> dt.date:
    """Today, or the day of SOURCE_DATE_EPOCH when a reproducible build pins the clock. Read once
    per build (on_config) and handed to everything that needs it."""
    environ = os.environ if environ is None else environ
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    return dt.date.today()


def site_url_problems(site_url: str | None) -> list[Problem]:
    """mkdocs.yml's site_url, checked once: share links, Open Graph tags, feeds, the map data and
    the sitemap all need the site's full address; nothing downstream checks it again."""
    parsed = urlparse(site_url or "")
    if parsed.scheme in ("http", "https") and parsed.hostname:
        return []
    found = f"'{site_url}' is not the site's full address" if site_url else "is missing"
    return [Problem(SHOWN_AS, None, "site_url",
                    f"{found}. Set it to the site's address, e.g. 'site_url: https://stories.example.org/': "
                    "share links, Open Graph tags, feeds, the map data and the sitemap need absolute URLs.")]
