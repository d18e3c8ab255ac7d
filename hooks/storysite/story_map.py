"""What a story page's small location map needs: the place, a plain OpenStreetMap link, and the
tile server. The map itself stays a button until the reader asks for it (see the partial
overrides/partials/story-map.html and docs/assets/javascripts/stories-map.js)."""

from __future__ import annotations

from dataclasses import dataclass

from .map_tiles import TileServer, tile_server
from .model import Story
from .settings import Settings

# Town-level: the streets around the place, with enough context to recognise it.
STORY_MAP_ZOOM = 13


@dataclass(frozen=True)
class StoryMap:
    place_name: str
    latitude: float
    longitude: float
    zoom: int
    tiles: TileServer

    @property
    def osm_url(self) -> str:
        """The place on openstreetmap.org, with a marker: a plain link, fetched only if followed."""
        lat, lon = f"{self.latitude:.5f}", f"{self.longitude:.5f}"
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map={self.zoom + 2}/{lat}/{lon}"


def story_map(story: Story, settings: Settings) -> StoryMap:
    place = story.place
    return StoryMap(place_name=place.name, latitude=place.latitude, longitude=place.longitude,
                    zoom=STORY_MAP_ZOOM, tiles=tile_server(settings))
