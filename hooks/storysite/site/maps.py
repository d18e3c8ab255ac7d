"""The maps: the /map/ page (every story, drawn in the browser by stories-map.js from
/stories.geojson, and below it the same stories as a text list by nation and English region),
the tile server setting, and a story page's small map.

The list is what readers without JavaScript get, and the map's text equivalent. The map first
draws the stories on a plain outline of the UK served by this site (the land outline that
validation uses), so opening the page contacts no other server. A button offers the
OpenStreetMap street map, saying that it fetches images from the tile server: a link to /map/
shared in a campaign email is not a reader asking for third-party requests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from ..model import Render, Story
from ..routes import GEOJSON_PATH, MAP_URL, OUTLINE_PATH, relative_url, slugify, source_path
from ..settings import Settings
from ..stories.reading import front_matter
from ..stories.collection import Groups, group_stories
from ..stories.vocabulary import Vocabulary
from ..geo.geojson import stories_geojson
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

    geojson_href: str
    outline_href: str
    site_url: str
    total: int
    tiles: TileServer
    themes: tuple[tuple[str, str, int], ...]  # (slug, name, count) of each theme with stories


@dataclass(frozen=True)
class MapListItem:
    href: str
    title: str
    place: str
    themes: str  # space-separated slugs, for the theme filter


def map_files(stories: tuple[Story, ...], vocabulary: Vocabulary, settings: Settings, site_url: str,
              render: Render, groups: Groups | None = None) -> list[MapFile]:
    """Everything the map adds to the site, for the published `stories` (newest first) and,
    when the build has them, their groups (the collection's `published_groups`)."""
    return [
        MapFile(GEOJSON_PATH, content=stories_geojson(stories, site_url)),
        MapFile(OUTLINE_PATH, source=LAND_FILE),
        MapFile(source_path(MAP_URL), content=map_page_markdown(stories, vocabulary, tile_server(settings),
                                                                site_url, render, groups)),
    ]


def map_page_markdown(stories: tuple[Story, ...], vocabulary: Vocabulary, tiles: TileServer, site_url: str,
                      render: Render, groups: Groups | None = None) -> str:
    count = len(stories)
    stories_word = "story" if count == 1 else "stories"
    groups = group_stories(stories, tuple(t.slug for t in vocabulary.themes)) if groups is None else groups
    per_theme = {slug: len(grouped) for slug, grouped in groups.by_theme.items()}
    block = MapBlock(geojson_href=relative_url(MAP_URL, GEOJSON_PATH), outline_href=relative_url(MAP_URL, OUTLINE_PATH),
                     site_url=site_url, total=count, tiles=tiles,
                     themes=tuple((t.slug, t.name, per_theme[t.slug]) for t in vocabulary.themes if per_theme[t.slug]))
    return "\n".join([
        front_matter("Map", "Every story on a map of the UK, and the same stories listed by nation and region.").rstrip("\n"),
        "",
        "# Map of every story",
        "",
        f"{count} {stories_word} of community power, each where it happened. Select a marker to read its "
        "story; a circle with a number holds that many stories: select it to zoom in. "
        "The same stories are [listed by nation and region](#stories-by-place) below the map, "
        "and the data behind it is [open for you to reuse](../data.md).",
        "{ .stories-map__intro }",
        "",
        render("partials/map-block.html", {"map": block}),
        "",
        "## Every story by place { #stories-by-place }",
        "",
        _place_list(groups, render) if stories else "No stories yet.",
        "",
    ])


def _place_list(groups: Groups, render: Render) -> str:
    """Stories grouped by nation, and in England by region, as Markdown headings (so the page's
    table of contents lists them) over lists; places in alphabetical order. Linear in the
    stories apart from the sort within each group."""
    parts: list[str] = []
    for nation in NATIONS:
        regions = ENGLISH_REGIONS if nation == "England" else (None,)
        present = [r for r in regions if (groups.by_region[r] if r else groups.by_nation[nation])]
        if not present:
            continue
        nation_slug = slugify(nation)
        parts += [f'### {nation} {{ #place-{nation_slug} data-map-nation="{nation_slug}" }}', ""]
        for region in present:
            if region:
                parts += [f'#### {region} {{ #place-{slugify(region)} data-map-region }}', ""]
            chosen = sorted(groups.by_region[region] if region else groups.by_nation[nation],
                            key=lambda s: (s.place.name.casefold(), s.title.casefold(), s.slug))
            items = tuple(MapListItem(relative_url(MAP_URL, s.url), s.title, s.place.name, " ".join(s.themes))
                          for s in chosen)
            parts += [render("partials/map-list.html", {"items": items, "nation_slug": nation_slug}), ""]
    return "\n".join(parts)


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
