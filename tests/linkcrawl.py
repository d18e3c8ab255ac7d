"""Every internal link in a built site, read straight from the files in site/ (no server, no
browser): links and assets in HTML pages, URLs in feeds, the sitemap and GeoJSON, url() in CSS;
and which of them lead nowhere (a missing file, or an #anchor with no such id on its page)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

# Attributes that hold a URL the browser follows or fetches.
URL_ATTRIBUTES = {"href", "src", "poster", "action", "formaction", "cite", "data", "xlink:href"}
SRCSET_ATTRIBUTES = {"srcset", "imagesrcset"}
# Meta tags whose content is a URL of this site (Open Graph, Twitter cards).
URL_METAS = {"og:url", "og:image", "twitter:image", "twitter:url"}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


@dataclass(frozen=True)
class Link:
    source: str  # the site file it is in, 'stories/x/index.html'
    url: str  # as written
    target: str  # what it resolves to, site-relative: 'themes/energy/' or 'map/#list'


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.ids: set[str] = set()
        self.base: str | None = None
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        for key in ("id", "name") if tag == "a" else ("id",):
            if values.get(key):
                self.ids.add(values[key])
        if tag == "base" and "href" in values:
            self.base = values["href"]
        for key, value in values.items():
            if key in URL_ATTRIBUTES and not (tag == "meta"):
                self.urls.append(value)
            elif key in SRCSET_ATTRIBUTES:
                self.urls += [part.split()[0] for part in value.split(",") if part.strip()]
            elif key == "style":
                self.urls += CSS_URL.findall(value)
        if tag == "meta" and (values.get("property") in URL_METAS or values.get("name") in URL_METAS):
            self.urls.append(values.get("content", ""))
        self._in_style = tag == "style"

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.urls += CSS_URL.findall(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False


def _page(path: Path) -> _PageParser:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _urls_in_json(value: object) -> list[str]:
    if isinstance(value, dict):
        return [u for v in value.values() for u in _urls_in_json(v)]
    if isinstance(value, list):
        return [u for v in value for u in _urls_in_json(v)]
    return [value] if isinstance(value, str) else []


def resolve(source: str, url: str, site_url: str) -> str | None:
    """Where `url`, written in site file `source`, leads inside the site ('themes/energy/#x'), or
    None when it leaves the site (another host, mailto:, data: …) or points at the page itself."""
    url = url.strip()
    if not url or url.startswith(("mailto:", "tel:", "data:", "blob:", "javascript:void(0)")):
        return None
    page_url = urljoin(site_url, source)
    absolute = urljoin(page_url, url)
    if not absolute.startswith(site_url):
        return None if urlsplit(absolute).scheme in ("http", "https") else absolute
    return absolute[len(site_url):]


def crawl(site: Path, site_url: str) -> tuple[list[Link], dict[str, set[str]]]:
    """Every internal link in the site, and every HTML file's ids."""
    links: list[Link] = []
    ids: dict[str, set[str]] = {}

    def add(source: str, urls: list[str]) -> None:
        for url in urls:
            target = resolve(source, unescape(url), site_url)
            if target is not None:
                links.append(Link(source, url, target))

    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        source = path.relative_to(site).as_posix()
        if path.suffix == ".html":
            page = _page(path)
            ids[source] = page.ids
            add(source, page.urls)
        elif path.suffix in (".xml", ".xsl", ".rss", ".atom"):
            text = unescape(unescape(path.read_text(encoding="utf-8")))  # feed bodies are escaped HTML
            add(source, re.findall(re.escape(site_url) + r"[^\s\"'<>)]*", text))
            # Relative links in the feed stylesheet; '{…}' are XSLT templates, filled in from the feed.
            add(source, [u for u in re.findall(r"(?:href|src)=\"([^\"]+)\"", text) if "{" not in u])
        elif path.suffix in (".json", ".geojson") and "search" not in path.parts:
            add(source, [u for u in _urls_in_json(json.loads(path.read_text(encoding="utf-8")))
                         if u.startswith(site_url)])
        elif path.suffix == ".css" and "vendor" not in path.parts:
            add(source, CSS_URL.findall(path.read_text(encoding="utf-8")))
    return links, ids


def target_file(site: Path, target: str) -> Path | None:
    """The file a static server would send for site-relative `target` (query and #anchor aside)."""
    path = unquote(urlsplit(target).path)
    candidate = site / path
    if path == "" or path.endswith("/"):
        candidate = candidate / "index.html"
    elif candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def broken(site: Path, links: list[Link], ids: dict[str, set[str]]) -> list[str]:
    """Each link that leads nowhere: 'source: url -> why'."""
    found = []
    for link in links:
        if urlsplit(link.target).scheme:  # javascript:, file: … (other hosts were left out)
            found.append(f"{link.source}: {link.url} -> not a link a reader can follow")
            continue
        file = target_file(site, link.target)
        if file is None:
            found.append(f"{link.source}: {link.url} -> no such file")
            continue
        anchor = unquote(urlsplit(link.target).fragment)
        page = file.relative_to(site).as_posix()
        if anchor and page in ids and anchor not in ids[page]:
            found.append(f"{link.source}: {link.url} -> {page} has no id '{anchor}'")
    return found
