"""The maps: the /map/ page, the tile server setting, and a story page's small map.

The Map page shows every story without sending every story: the build clusters them for each
zoom level (geo/clusters.py) and writes the clusters as small JSON files under map/points/; the
browser (stories-map.js) fetches the overview for the first view and the tiles in view as the
reader zooms. The first view is drawn on an outline of the UK carried in the page
(geo/outline.py), without Leaflet, which loads only when the reader starts to use the map. So a
first visit costs the same at 30 stories or 3,000, and opening the page contacts no other server.
A button offers the OpenStreetMap street map, saying that it fetches images from the tile server:
a link to /map/ shared in a campaign email is not a reader asking for third-party requests.

Below the map, the nations and English regions with their counts link to the place pages, which
list every story: the route to each story for readers without JavaScript or a screen, and a list
whose size does not grow with the stories. /stories.geojson (every story) stays the open data
download; the map no longer reads it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from ..model import Render, Story
from ..routes import (GEOJSON_PATH, MAP_POINTS_DIR, MAP_URL, OUTLINE_PATH, map_points_index, map_points_path,
                      nation_url, region_url, relative_url, source_path)
from ..settings import Settings
from ..stories.reading import front_matter
from ..stories.collection import Groups, group_stories
from ..stories.vocabulary import Vocabulary
from ..geo.geojson import stories_geojson
from ..geo import clusters
from ..geo.clusters import MapPoint, cluster_levels, item_json
from ..geo.outline import Outline, uk_outline
from ..geo.places import ENGLISH_REGIONS, LAND_FILE, NATIONS


@dataclass(frozen=True)
class TileServer:
    url: str  # e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png
    attribution: str  # HTML, from mkdocs.yml (maintainers' text, not a contributor's)
    max_zoom: int

    @property
    def host(self) -> str:
        """The server readers' browsers contact, named in the notice beside each map.
        '{s}.tile.example.org' becomes 'tile.example.org'."""
        host = urlparse(self.url).hostname or self.url
        return host.removeprefix("{s}.")


def tile_server(settings: Settings) -> TileServer:
    return TileServer(url=settings.tile_url, attribution=settings.tile_attribution, max_zoom=settings.tile_max_zoom)


@dataclass(frozen=True)
class MapFile:
    """A file the build adds to the site: generated text, or a copy of a source file."""

    path: str
    content: str | None = None
    source: Path | None = None


@dataclass(frozen=True)
class MapBlock:
    """The map, its theme filter and the tiles offer (partials/map-block.html)."""

    points_href: str  # the folder of the clustered stories (map/points/), from the page
    site_href: str  # the site's root, from the page: the points' story URLs are relative to it
    outline_href: str
    total: int
    tiles: TileServer
    themes: tuple[tuple[str, str, int], ...]  # (slug, name, count) of each theme with stories
    outline: Outline
    levels: str  # 'min overview points whole-up-to tile-px', for the script (geo/clusters.py)


@dataclass(frozen=True)
class PlaceCount:
    """A nation or English region under the map, with its stories' count and place page."""

    name: str
    href: str
    count: int
    regions: tuple[PlaceCount, ...] = ()


def map_files(stories: tuple[Story, ...], vocabulary: Vocabulary, settings: Settings, site_url: str,
              render: Render, groups: Groups | None = None) -> list[MapFile]:
    """Everything the map adds to the site, for the published `stories` (newest first) and,
    when the build has them, their groups (the collection's `published_groups`)."""
    return [
        MapFile(GEOJSON_PATH, content=stories_geojson(stories, site_url)),
        MapFile(OUTLINE_PATH, source=LAND_FILE),
        MapFile(source_path(MAP_URL), content=map_page_markdown(stories, vocabulary, tile_server(settings),
                                                                site_url, render, groups)),
        *point_files(stories),
    ]


def map_point(story: Story) -> MapPoint:
    place = story.place
    return MapPoint(id=story.slug, longitude=place.longitude, latitude=place.latitude, title=story.title,
                    url=story.url, place=", ".join(p for p in (place.name, place.region, place.nation) if p),
                    themes=tuple(story.themes))


def point_files(stories: tuple[Story, ...]) -> list[MapFile]:
    """The clustered stories: one file for each whole level, one for each tile of the deeper
    ones, compact JSON with sorted keys (the same stories give the same bytes)."""
    files = clusters.tiles(cluster_levels(map_point(s) for s in stories))
    out = [MapFile(map_points_path(*key), content=_json([item_json(i) for i in items]))
           for key, items in sorted(files.items(), key=lambda kv: tuple(-1 if k is None else k for k in kv[0]))]
    present: dict[int, list[list[int]]] = {}
    for level, column, row in sorted(k for k in files if k[1] is not None):
        present.setdefault(level, []).append([column, row])
    out += [MapFile(map_points_index(level), content=_json(tiles)) for level, tiles in present.items()]
    return out


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def map_page_markdown(stories: tuple[Story, ...], vocabulary: Vocabulary, tiles: TileServer, site_url: str,
                      render: Render, groups: Groups | None = None) -> str:
    count = len(stories)
    stories_word = "story" if count == 1 else "stories"
    groups = group_stories(stories, tuple(t.slug for t in vocabulary.themes)) if groups is None else groups
    per_theme = {slug: len(grouped) for slug, grouped in groups.by_theme.items()}
    levels = " ".join(str(n) for n in (clusters.MIN_LEVEL, clusters.OVERVIEW_LEVEL, clusters.POINTS_LEVEL,
                                       clusters.WHOLE_LEVELS[-1], clusters.TILE_PX))
    block = MapBlock(points_href=relative_url(MAP_URL, MAP_POINTS_DIR), site_href=relative_url(MAP_URL, ""),
                     outline_href=relative_url(MAP_URL, OUTLINE_PATH), total=count, tiles=tiles,
                     themes=tuple((t.slug, t.name, per_theme[t.slug]) for t in vocabulary.themes if per_theme[t.slug]),
                     outline=uk_outline(), levels=levels)
    places = place_counts(groups)
    return "\n".join([
        front_matter("Map", "Every story on a map of the UK, with the nations and regions to browse them by.").rstrip("\n"),
        "",
        "# Map of every story",
        "",
        f"{count} {stories_word} of community power, each where it happened. A circle with a number holds "
        "that many stories: select it to zoom in, then select a marker to read its story. "
        "Below the map, [the nations and regions](#stories-by-place) lead to every story without it, "
        "and the data behind it is [open for you to reuse](../data.md).",
        "{ .stories-map__intro }",
        "",
        render("partials/map-block.html", {"map": block}),
        "",
        "## Stories by place { #stories-by-place }",
        "",
        render("partials/map-list.html", {"places": places, "stories_href": relative_url(MAP_URL, "stories/")})
        if stories else "No stories yet.",
        "",
    ])


def place_counts(groups: Groups) -> tuple[PlaceCount, ...]:
    """The nations with stories, in NATIONS order, and England's regions with stories: a list
    of at most 13 places whatever the number of stories."""
    out = []
    for nation in NATIONS:
        if not groups.by_nation[nation]:
            continue
        regions = tuple(PlaceCount(r, relative_url(MAP_URL, region_url(nation, r)), len(groups.by_region[r]))
                        for r in (ENGLISH_REGIONS if nation == "England" else ()) if groups.by_region[r])
        out.append(PlaceCount(nation, relative_url(MAP_URL, nation_url(nation)), len(groups.by_nation[nation]), regions))
    return tuple(out)


# A story page's map -----------------------------------------------------------------------------

# Town-level: the streets around the place, with enough context to recognise it.
STORY_MAP_ZOOM = 13


@dataclass(frozen=True)
class StoryMap:
    """What a story page's small map needs (partials/story-map.html). The map stays a button
    until the reader asks for it (docs/assets/javascripts/stories-map.js)."""

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
