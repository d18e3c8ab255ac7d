"""/stories.geojson: every published story as an RFC 7946 Feature, for the site's map and for
anyone who wants to reuse the data (uMap, QGIS, their own maps).

RFC 7946 in short: a FeatureCollection; positions are [longitude, latitude] in WGS84 (so no
`crs` member); a Feature's `id` is a string or number. Output is deterministic (sorted keys,
stories in the collection's stable order, no clock) so two builds give the same bytes."""

from __future__ import annotations

import json
from collections.abc import Iterable

from ..model import Place, Story
from ..routes import absolute_url

# Five decimal places is about 1 m: more than any story gives, so nothing is lost.
COORDINATE_DECIMALS = 5


def point(place: Place) -> dict:
    """A GeoJSON Point for the place (the schema has checked its coordinates)."""
    lat, lon = place.latitude, place.longitude
    return {"type": "Point", "coordinates": [round(lon, COORDINATE_DECIMALS), round(lat, COORDINATE_DECIMALS)]}


def story_feature(story: Story, site_url: str) -> dict:
    """One story as a Feature with flat properties (flat, so QGIS and uMap show each as a column)."""
    geometry = point(story.place)
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


def stories_geojson(stories: Iterable[Story], site_url: str) -> str:
    """The FeatureCollection as compact JSON text, one Feature per line (readable with `head`,
    one byte per story). `site_url` was checked once, with the settings."""
    features = [story_feature(s, site_url) for s in stories]
    lines = [json.dumps(f, ensure_ascii=False, sort_keys=True, separators=(",", ":")) for f in features]
    return '{"features":[\n' + ",\n".join(lines) + '\n],"type":"FeatureCollection"}\n'
