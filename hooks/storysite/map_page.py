"""The /map/ page: the map of every story (drawn in the browser by stories-map.js from
/stories.geojson) and, below it, the same stories as a text list grouped by nation and English
region. The list is what readers without JavaScript get, and the map's text equivalent.

Tiles: the map first draws the stories on a plain outline of the UK served by this site (the
land outline that validation uses), so opening the page contacts no other server. A button
offers the OpenStreetMap street map, saying that it fetches images from the tile server. The
site promises no third-party requests unless the reader asks, and a link to /map/ shared in a
campaign email is not a reader asking."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from html import escape
from pathlib import Path

from .geography import ENGLISH_REGIONS, NATIONS, slugify
from .geojson import GEOJSON_PATH, stories_geojson
from .land import LAND_FILE
from .map_tiles import TileServer, tile_server
from .model import Story
from .pages import front_matter
from .settings import Settings
from .urls import relative_url
from .vocabulary import Vocabulary

MAP_PAGE_PATH = "map/index.md"
MAP_PAGE_URL = "map/"
OUTLINE_PATH = "assets/uk-land.geojson"


@dataclass(frozen=True)
class MapFile:
    """A file the build adds to the site: generated text, or a copy of a source file."""

    path: str
    content: str | None = None
    source: Path | None = None


def map_files(stories: tuple[Story, ...], vocabulary: Vocabulary, settings: Settings,
              site_url: str | None) -> list[MapFile]:
    """Everything the map adds to the site, for the published `stories` (newest first)."""
    return [
        MapFile(GEOJSON_PATH, content=stories_geojson(stories, site_url)),
        MapFile(OUTLINE_PATH, source=LAND_FILE),
        MapFile(MAP_PAGE_PATH, content=map_page_markdown(stories, vocabulary, tile_server(settings), site_url or "")),
    ]


def map_page_markdown(stories: tuple[Story, ...], vocabulary: Vocabulary, tiles: TileServer, site_url: str) -> str:
    count = len(stories)
    stories_word = "story" if count == 1 else "stories"
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
        _map_block(stories, vocabulary, tiles, site_url),
        "",
        "## Every story by place { #stories-by-place }",
        "",
        _place_list(stories) if stories else "No stories yet.",
        "",
    ])


def _map_block(stories: tuple[Story, ...], vocabulary: Vocabulary, tiles: TileServer, site_url: str) -> str:
    """The map, its theme filter and the tiles offer; hidden until stories-map.js starts it."""
    per_theme = Counter(theme for story in stories for theme in story.themes)
    options = [f'<option value="">All themes ({len(stories)})</option>'] + [
        f'<option value="{escape(t.slug)}">{escape(t.name)} ({per_theme[t.slug]})</option>'
        for t in vocabulary.themes if per_theme[t.slug]
    ]
    all_text = "Showing the one story." if len(stories) == 1 else f"Showing all {len(stories)} stories."
    return "".join([
        f'<div class="stories-map" data-stories-map data-geojson="{relative_url(MAP_PAGE_URL, GEOJSON_PATH)}" '
        f'data-outline="{relative_url(MAP_PAGE_URL, OUTLINE_PATH)}" data-site-url="{escape(site_url)}" '
        f'data-total="{len(stories)}" {tiles.data_attributes()} hidden>',
        '<div class="stories-map__toolbar">',
        '<label for="stories-map-theme">Show stories about</label> ',
        '<select id="stories-map-theme" data-map-theme>', "".join(options), "</select> ",
        f'<p class="stories-map__count" role="status" data-map-count>{all_text}</p>',
        "</div>",
        '<div class="stories-map__tiles" data-map-tiles-offer>',
        '<p>The map is drawn on a plain outline of the UK from this site. For streets and place names, '
        f'show the OpenStreetMap street map: your browser will then fetch map images from '
        f'<strong>{escape(tiles.host)}</strong>, which sees your IP address.</p>',
        '<button type="button" class="md-button" data-map-tiles-button>Show the street map</button>',
        "</div>",
        '<a class="stories-map__skip" href="#stories-by-place">Skip the map: go to the list of stories</a>',
        '<div class="stories-map__canvas" role="region" aria-label="Map of the stories" data-map-canvas></div>',
        "</div>",
    ])


def _place_list(stories: tuple[Story, ...]) -> str:
    """Stories grouped by nation, and in England by region; places in alphabetical order.
    Linear in the stories apart from the sort within each group."""
    groups: dict[tuple[str, str | None], list[Story]] = {}
    for story in stories:
        groups.setdefault((story.place.nation, story.place.region), []).append(story)
    parts: list[str] = []
    for nation in NATIONS:
        regions = ENGLISH_REGIONS if nation == "England" else (None,)
        present = [r for r in regions if (nation, r) in groups]
        if not present:
            continue
        nation_slug = slugify(nation)
        parts += [f'### {nation} {{ #place-{nation_slug} data-map-nation="{nation_slug}" }}', ""]
        for region in present:
            if region:
                parts += [f'#### {region} {{ #place-{slugify(region)} data-map-region }}', ""]
            chosen = sorted(groups[(nation, region)],
                            key=lambda s: (s.place.name.casefold(), s.title.casefold(), s.slug))
            parts += [_story_list(chosen, nation_slug), ""]
    return "\n".join(parts)


def _story_list(stories: list[Story], nation_slug: str) -> str:
    items = "".join(
        f'<li data-themes="{escape(" ".join(s.themes))}">'
        f'<a href="{relative_url(MAP_PAGE_URL, s.url)}">{escape(s.title)}</a>'
        f'<span class="stories-map-list__place">, {escape(s.place.name)}</span></li>'
        for s in stories
    )
    return f'<ul class="stories-map-list" data-map-list data-nation="{nation_slug}">{items}</ul>'
