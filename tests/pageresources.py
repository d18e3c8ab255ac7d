"""What a built page makes the browser fetch as it loads: scripts, styles, images, frames (not
the links it only points at, such as rel=canonical or <a href>)."""

from __future__ import annotations

from html.parser import HTMLParser


class _Resources(HTMLParser):
    """The URLs a browser fetches while loading a page (not links it only points at)."""

    FETCHING_RELS = {"stylesheet", "icon", "preload", "prefetch", "modulepreload", "manifest", "apple-touch-icon"}

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("img", "script", "iframe", "source", "audio", "video", "embed") and a.get("src"):
            self.urls.append(a["src"])
        if tag == "link" and set((a.get("rel") or "").split()) & self.FETCHING_RELS and a.get("href"):
            self.urls.append(a["href"])


def fetched_urls(html: str) -> list[str]:
    parser = _Resources()
    parser.feed(html)
    return parser.urls
