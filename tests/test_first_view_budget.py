"""What a phone downloads to show each kind of page, in bytes, without a browser: the page's HTML
and every stylesheet, script, font, icon and picture it makes the browser fetch as it arrives,
gzip-compressed where GitHub Pages compresses (HTML, CSS, JavaScript, SVG, JSON), as files are
otherwise. Each page type stays within a budget (today's figure and some headroom), so a change
that makes every reader download more fails here with the page and its bytes, instead of showing
up weeks later in bench/first_visit.py's figures.

Not counted, because the browser fetches them only later: pictures with loading="lazy", fetched
as they come near the screen (each of those has a budget of its own), and what scripts fetch
once they run (the map's code and Leaflet, search)."""

from __future__ import annotations

import gzip
import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from sitebuild import BuildResult
from sitepages import PAGE_TYPES, page_file
from storydata import SITE_URL

SITE_PATH = urlsplit(SITE_URL).path  # 404.html links from the site's root: it is served at any depth

# Bytes per page type: measured on 8 December 2026 at 73.3 to 80.7 kB once Material loaded its own
# scripts again (its bundle and our three scripts, 37.4 kB gzip, now fetched as the page arrives,
# as on any Material site; the first-use loader had held them back) and linked its own
# stylesheets (main and palette, 24.8 kB gzip; ours 4.3 kB; the HTML 7 to 15 kB), plus 15%
# headroom, rounded up to the next kB.
BUDGET = {
    "home": 88_000,
    "stories": 92_000,
    "stories page 2": 92_000,
    "story": 93_000,
    "themes": 86_000,
    "theme": 89_000,
    "theme in a nation": 88_000,
    "places": 86_000,
    "nation": 92_000,
    "region": 86_000,
    "map": 91_000,
    "subscribe": 90_000,
    "data": 88_000,
    "contribute": 92_000,
    "about": 89_000,
    "404": 85_000,
}
# A listing's map square was at most 4.1 kB on 8 December 2026; a photo square is 8 to 12 kB.
LAZY_PICTURE_BUDGET = 16_000
COMPRESSED = (".html", ".css", ".js", ".mjs", ".svg", ".json", ".xml", ".txt")
FETCHING_RELS = {"stylesheet", "icon", "preload", "modulepreload", "apple-touch-icon", "manifest"}


class _FirstView(HTMLParser):
    """The URLs a page makes the browser fetch as it arrives, and the pictures it fetches lazily."""

    def __init__(self) -> None:
        super().__init__()
        self.now: list[str] = []
        self.lazy: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("img", "script", "iframe", "source", "video", "audio", "embed") and a.get("src"):
            (self.lazy if a.get("loading") == "lazy" else self.now).append(a["src"])
        if tag == "link" and set((a.get("rel") or "").split()) & FETCHING_RELS and a.get("href"):
            self.now.append(a["href"])


def first_view(html: str) -> _FirstView:
    parser = _FirstView()
    parser.feed(html)
    return parser


def sent_bytes(path: Path) -> int:
    data = path.read_bytes()
    return len(gzip.compress(data, 6, mtime=0)) if path.suffix in COMPRESSED else len(data)


def site_file(site: Path, page: str, url: str) -> Path:
    """The built file a page's `url` points at ('../assets/x.css' from 'stories/index.html')."""
    url = url.split("#")[0].split("?")[0]
    if url.startswith(SITE_PATH):
        url, page = url.removeprefix(SITE_PATH), "index.html"
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), url))
    assert not target.startswith(".."), f"{page} links {url}, outside the site"
    return site / target


def first_view_bytes(site: Path, page: str) -> dict[str, int]:
    """Bytes sent for each file of the page's first view, the page itself first."""
    found = first_view((site / page).read_text(encoding="utf-8"))
    sizes = {page: sent_bytes(site / page)}
    for url in found.now:
        if url.startswith(("data:", "#")):
            continue
        assert "//" not in url, f"{page} fetches {url} from another site"
        file = site_file(site, page, url)
        assert file.is_file(), f"{page} links {url}, which the build did not write"
        sizes[str(file.relative_to(site))] = sent_bytes(file)
    return sizes


def test_every_page_type_has_a_budget():
    assert set(BUDGET) == set(PAGE_TYPES), "give the new page type a budget in BUDGET (its figure + 15%)"


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_the_first_view_of_each_page_type_stays_within_its_budget(built_site: BuildResult, name: str):
    page = page_file(PAGE_TYPES[name])
    sizes = first_view_bytes(built_site.site, page)
    total = sum(sizes.values())
    assert total <= BUDGET[name], (
        f"the {name} page ({page}) now sends {total:,} bytes for its first view, over its budget of "
        f"{BUDGET[name]:,}: " + ", ".join(f"{file} {size:,}" for file, size in sizes.items())
        + ". Make it lighter, or raise BUDGET in tests/test_first_view_budget.py and say why in the commit.")


def test_each_lazily_loaded_picture_stays_within_its_budget(built_site: BuildResult):
    site = built_site.site
    seen = 0
    for name, url in PAGE_TYPES.items():
        page = page_file(url)
        for picture in first_view((site / page).read_text(encoding="utf-8")).lazy:
            size = sent_bytes(site_file(site, page, picture))
            seen += 1
            assert size <= LAZY_PICTURE_BUDGET, f"{picture} on the {name} page is {size:,} bytes, over {LAZY_PICTURE_BUDGET:,}"
    assert seen, "no page has a lazily loaded picture: the listings' pictures are no longer found"


def test_the_budget_counts_what_a_page_links(tmp_path: Path):
    # A page linking a heavy stylesheet, a script and an eager picture is over a small budget;
    # a lazy picture and a first-use script are not counted.
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<link rel="stylesheet" href="../s.css"><script src="../j.js"></script><img src="../p.png">'
        '<img src="../lazy.png" loading="lazy"><script data-src="../later.js"></script>', encoding="utf-8")
    (tmp_path / "s.css").write_text("a{}" * 10)
    (tmp_path / "j.js").write_text("x=1")
    (tmp_path / "p.png").write_bytes(bytes(range(256)) * 4)
    sizes = first_view_bytes(tmp_path, "a/index.html")
    assert list(sizes) == ["a/index.html", "s.css", "j.js", "p.png"]
    assert sizes["p.png"] == 1024  # a picture is sent as it is
    assert sizes["s.css"] < 30  # text is sent gzip-compressed
