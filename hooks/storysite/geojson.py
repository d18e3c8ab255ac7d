"""/stories.geojson: every published story as an RFC 7946 Feature, for the site's map and for
anyone who wants to reuse the data (uMap, QGIS, their own maps).

RFC 7946 in short: a FeatureCollection; positions are [longitude, latitude] in WGS84 (so no
`crs` member); a Feature's `id` is a string or number. Output is deterministic (sorted keys,
stories in the collection's stable order, no clock) so two builds give the same bytes."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterable

from .collection import Collection, is_published
from .model import Place, Story
from .problems import InputError, Problem
from .urls import absolute_url

GEOJSON_PATH = "stories.geojson"
# Five decimal places is about 1 m: more than any story gives, so nothing is lost.
COORDINATE_DECIMALS = 5


def published_stories(collection: Collection, today: dt.date) -> tuple[Story, ...]:
    """The stories the map and the data file show: never drafts, never ones scheduled for later
    (`mkdocs serve` loads those too, for previews)."""
    return tuple(s for s in collection.stories if is_published(s, today))


def point(place: Place) -> dict | None:
    """A GeoJSON Point for the place, or None when it has no usable coordinates."""
    lat, lon = place.latitude, place.longitude
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in (lat, lon)):
        return None
    return {"type": "Point", "coordinates": [round(lon, COORDINATE_DECIMALS), round(lat, COORDINATE_DECIMALS)]}


def story_feature(story: Story, site_url: str) -> dict | None:
    """One story as a Feature with flat properties (flat, so QGIS and uMap show each as a column).
    None for a story without coordinates: RFC 7946 allows a null geometry, but many tools
    (Leaflet among them) fail on one, so such a story is left off the map rather than put nowhere."""
    geometry = point(story.place)
    if geometry is None:
        return None
    place, organisation = story.place, story.organisation
    return {
        "type": "Feature",
        "id": story.slug,
        "geometry": geometry,
        "properties": {
            "title": story.title,
            "url": absolute_url(site_url, story.url),
            "summary": story.summary,
            "date": story.date.isoformat(),
            "themes": list(story.themes),
            "place": place.name,
            "nation": place.nation,
            "region": place.region,  # null outside England, which has no ONS regions here
            "organisation": organisation.name,
            "legal_form": organisation.legal_form,
        },
    }


def stories_geojson(stories: Iterable[Story], site_url: str | None) -> str:
    """The FeatureCollection as compact JSON text, one Feature per line (readable with `head`,
    one byte per story)."""
    if not site_url:
        raise InputError([Problem("mkdocs.yml", None, "site_url",
                                  "is missing. The map data gives each story's full web address, so set "
                                  "site_url to the address the site is published at, e.g. "
                                  "'site_url: https://stories.example.org/'.")])
    features = [f for f in (story_feature(s, site_url) for s in stories) if f is not None]
    lines = [json.dumps(f, ensure_ascii=False, sort_keys=True, separators=(",", ":")) for f in features]
    return '{"features":[\n' + ",\n".join(lines) + '\n],"type":"FeatureCollection"}\n'
