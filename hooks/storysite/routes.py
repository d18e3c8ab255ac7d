"""Every URL and output path of the site, built in one place so pages, feeds and links agree.

URLs are site-relative directory URLs ('themes/energy/'), as MkDocs gives them with
use_directory_urls; a page's source path is its URL + 'index.md'."""

from __future__ import annotations

import posixpath
from functools import lru_cache
import re
import unicodedata

STORIES_URL = "stories/"
THEMES_URL = "themes/"
PLACES_URL = "places/"
MAP_URL = "map/"
CONTRIBUTE_URL = "contribute/"
CORRECTIONS_URL = "corrections/"
SUBSCRIBE_URL = "subscribe/"
GEOJSON_PATH = "stories.geojson"
OUTLINE_PATH = "assets/uk-land.geojson"  # the land outline the map draws on once Leaflet has started
MAP_POINTS_DIR = "map/points/"  # the map's stories, clustered per zoom level (geo/clusters.py)
FEED_STYLESHEET = "assets/feeds/feed.xsl"
CARDS_DIR = "cards/"  # share cards and listing thumbnails, drawn by the build
NUMBERS_URL = "numbers/"  # the hand-written page docs/numbers.md
NUMBERS_CSV = "numbers.csv"
NUMBERS_JSON = "numbers.json"
EMBED_URL = "embed/"  # embed/ + a theme's or place's URL: its story list for an <iframe>
EMBED_COMPACT = "compact/"  # the smaller of the two fixed sizes, under each embed page
# Pagefind's search index (site/search.py); docs/assets/javascripts/search-worker.js loads
# pagefind.js from here, relative to itself ("../../pagefind/").
SEARCH_DIR = "pagefind/"
SEARCH_WORKER = "assets/javascripts/search-worker.js"  # named in overrides/main.html's __config
PAGED = "page"  # a listing's later pages: 'stories/page/2/'; so no story may be called 'page'


def slugify(text: str) -> str:
    """'Yorkshire and the Humber' -> 'yorkshire-and-the-humber'; diacritics folded ('Môn' -> 'mon')."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def story_url(slug: str) -> str:
    return f"{STORIES_URL}{slug}/"


def theme_url(slug: str) -> str:
    return f"{THEMES_URL}{slug}/"


def nation_url(nation: str) -> str:
    return f"{PLACES_URL}{slugify(nation)}/"


def region_url(nation: str, region: str) -> str:
    return f"{nation_url(nation)}{slugify(region)}/"


def combination_url(theme_slug: str, nation: str) -> str:
    """The stories of one theme from one nation (the filter's choice of both): 'themes/energy/wales/'."""
    return f"{theme_url(theme_slug)}{slugify(nation)}/"


def listing_page_url(url: str, number: int) -> str:
    """Page `number` of the listing at `url`: the first stays at `url`, later ones are 'url/page/2/'."""
    return url if number == 1 else f"{url}{PAGED}/{number}/"


_LATER_PAGE = re.compile(rf"^(.*/)?{PAGED}/([0-9]+)/$")


def listing_page(url: str) -> tuple[str, int]:
    """The first page of the listing a page belongs to, and its number:
    'themes/energy/page/3/' -> ('themes/energy/', 3); any other URL is its own first page."""
    match = _LATER_PAGE.match(url)
    return ((match.group(1) or ""), int(match.group(2))) if match else (url, 1)


def page_url(src_uri: str) -> str:
    """A hand-written page's URL from its docs-relative source: 'stories/index.md' -> 'stories/',
    'about.md' -> 'about/', 'index.md' -> '' (MkDocs' use_directory_urls)."""
    stem = src_uri.rsplit(".", 1)[0]
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
    return stem if not stem or stem.endswith("/") else stem + "/"


def nearest_section(url: str, sections: list[str]) -> str | None:
    """Which of the navigation's pages a page outside it belongs under: the one whose URL is the
    longest start of the page's ('themes/energy/page/2/' -> 'themes/'; never the home page)."""
    found = [s for s in sections if s and url.startswith(s) and s != url]
    return max(found, key=len) if found else None


def feed_sitemap_path(feed_folder: str) -> str:
    """'themes/energy/sitemap.xml': Material's script fetches a sitemap.xml beside every
    <link rel="alternate"> of a page (for its language versions), so each feed folder has a small
    empty one; without it each theme and place page fetched the 18 KiB 404 page three times."""
    return f"{feed_folder}sitemap.xml"


def card_path(kind: str, slug: str, suffix: str) -> str:
    """A page's share card: 'cards/story/tafarn-sinc.png', 'cards/place/england-north-west.png'."""
    return f"{CARDS_DIR}{kind}/{slug}{suffix}"


def thumb_path(slug: str, suffix: str) -> str:
    """A story's small picture in listings: 'cards/thumb/tafarn-sinc.png'."""
    return f"{CARDS_DIR}thumb/{slug}{suffix}"


def page_slug(url: str) -> str:
    """A name for a hand-written page's card: '' -> 'home', 'about/' -> 'about', 'a/b/' -> 'a-b'."""
    return url.strip("/").replace("/", "-") or "home"


def photo_variant(file: str, width: int, suffix: str) -> str:
    """A published size of a story's photo, beside it: ('hall.jpg', 480, '.webp') -> 'hall-480.webp'."""
    stem = file.rsplit(".", 1)[0]
    return f"{stem}-{width}{suffix}"


def map_points_path(level: int, column: int | None = None, row: int | None = None) -> str:
    """One file of the map's clustered stories: a whole level ('map/points/5.json') or one tile
    of a level ('map/points/12/4021/2590.json'). stories-map.js builds the same paths."""
    if column is None or row is None:
        return f"{MAP_POINTS_DIR}{level}.json"
    return f"{MAP_POINTS_DIR}{level}/{column}/{row}.json"


def map_points_index(level: int) -> str:
    """The list of a tiled level's tiles that exist ('map/points/12/tiles.json'): the script asks
    only for those, never for a tile that would answer 404."""
    return f"{MAP_POINTS_DIR}{level}/tiles.json"


def source_path(url: str) -> str:
    """The docs-relative source path of the generated page at `url`: 'themes/energy/index.md'."""
    return f"{url}index.md"


@lru_cache(maxsize=65536)  # pure; listings ask for the same few thousand pairs again and again
def relative_url(from_page: str, to: str) -> str:
    """Link from one site-relative directory URL ('stories/') to another ('themes/energy/').

    Plain string work on clean site-relative paths (posixpath.relpath asks the OS for the
    working directory on every call, which was a visible share of a large build)."""
    start = [part for part in from_page.split("/") if part]  # a page URL is a directory
    target_is_dir = to.endswith("/") or to == ""
    target = [part for part in to.split("/") if part]
    common = 0
    while common < min(len(start), len(target)) and start[common] == target[common]:
        common += 1
    path = "/".join([".."] * (len(start) - common) + target[common:]) or "."
    if target_is_dir:
        path = "./" if path == "." else path + "/"
    return path


def absolute_url(site_url: str, path: str) -> str:
    return site_url.rstrip("/") + "/" + path.lstrip("/")
