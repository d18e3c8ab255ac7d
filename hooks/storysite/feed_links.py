"""How readers find the feeds: `<link rel="alternate">` tags in every page's head, a "Subscribe to
this theme" line for theme and place pages, and the list of every feed on the Subscribe page.

Hand-written pages ask for the HTML with markers (a prefix of their own, so the story markers in
pages.py are untouched):
  <!-- feeds:site -->, <!-- feeds:themes -->, <!-- feeds:places -->
                           lists of feeds with copy-link buttons (the Subscribe page)
  <!-- feeds:this-page -->  "Subscribe to this theme: RSS · Atom · JSON Feed" for the page's own feed
Templates get the same through the Jinja globals the adapter registers (see FeedLinks)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from urllib.parse import urlparse

from .feed_channels import FORMATS, Channel, FeedSite
from .problems import InputError, Problem
from .urls import relative_url

MARKER = re.compile(r"<!--\s*feeds:([a-z-]+)\s*-->")
_WHAT = {"site": "every story", "theme": "this theme", "nation": "this nation", "region": "this region"}


@dataclass(frozen=True)
class FeedLinks:
    """The site's feeds, looked up by the URL of the page they belong to."""

    site: FeedSite
    channels: tuple[Channel, ...]

    def channel_for(self, page_url: str) -> Channel | None:
        page_url = _folder(page_url)
        return next((c for c in self.channels if c.path == page_url), None)

    def head_links(self, page_url: str | None) -> str:
        """`<link rel="alternate">` tags: the site's feeds on every page, and a theme's or place's
        own feeds on its page. `page_url` is None on the 404 page, which is served at any address.

        Relative, not absolute: Material's instant navigation fetches a sitemap.xml next to every
        `link[rel=alternate]` it finds (its multi-language support), so absolute links would make
        `mkdocs serve` and test servers request the production host. Readers resolve them."""
        wanted = [self.channels[0]]
        own = self.channel_for(page_url or "")
        if own is not None and own.path:
            wanted.append(own)
        return "\n".join(
            f'<link rel="alternate" type="{fmt.media_type}" title="{escape(c.title)} ({fmt.label})" '
            f'href="{escape(self._href(page_url, c.file(fmt)))}">'
            for c in wanted for fmt in FORMATS
        )

    def _href(self, page_url: str | None, path: str) -> str:
        if page_url is None:
            return urlparse(self.site.url).path + path  # from the site's root, wherever 404.html shows
        # relative_url made cheap for a call on every page: pages are folders and feed paths start
        # at the site root, so the link goes down from the page's folder or up to the root.
        folder = _folder(page_url)
        return path[len(folder):] if path.startswith(folder) else "../" * folder.count("/") + path

    def subscribe_line(self, page_url: str) -> str:
        """'Subscribe to this theme: RSS · Atom · JSON Feed' for the page's own feed; empty on a page
        with no feed of its own. For theme and place page templates."""
        channel = self.channel_for(page_url)
        if channel is None:
            return ""
        return (f'<p class="feeds-subscribe">Subscribe to {_WHAT[channel.kind]}: '
                f"{_format_links(channel, page_url, escape(channel.name))} "
                f'<a class="feeds-subscribe__help" href="{relative_url(page_url, "subscribe/")}">What is a feed?</a></p>')

    def feed_list(self, kinds: tuple[str, ...], page_url: str) -> str:
        """A list of feeds of the given kinds, each with its three formats and a copy-link button
        (hidden until the script enables it, so that without JavaScript the plain links are what
        readers get). England's regions are listed inside England."""
        rows: list[str] = []
        for channel in self.channels:
            if channel.kind not in kinds or channel.kind == "region":
                continue
            regions = [c for c in self.channels if c.kind == "region" and "region" in kinds
                       and channel.kind == "nation" and c.path.startswith(channel.path)]
            nested = ('<ul class="feeds-list">' + "".join(_feed_row(r, page_url) for r in regions) + "</ul>"
                      if regions else "")
            rows.append(_feed_row(channel, page_url, nested))
        return '<ul class="feeds-list">' + "".join(rows) + "</ul>"


def _folder(url: str) -> str:
    url = url.split("#", 1)[0].split("?", 1)[0].lstrip("/")
    if url.endswith("index.html"):
        url = url[: -len("index.html")]
    return url if not url or url.endswith("/") else url + "/"


def _format_links(channel: Channel, page_url: str, name_html: str) -> str:
    """'RSS · Atom · JSON Feed', each link named for screen readers with what it follows."""
    return " · ".join(
        f'<a class="feeds-format" href="{escape(relative_url(page_url, channel.file(fmt)))}" '
        f'type="{fmt.media_type}" data-feed-format="{fmt.key}">{fmt.label}'
        f'<span class="feeds-visually-hidden"> feed for {name_html}</span></a>'
        for fmt in FORMATS
    )


def _feed_row(channel: Channel, page_url: str, nested: str = "") -> str:
    name = escape(channel.name)
    anchor = "feed-" + (channel.path.strip("/").replace("/", "-") or "site")
    shown = "Every story on the site" if channel.kind == "site" else name
    return (f'<li class="feeds-list__item" id="{anchor}"><span class="feeds-list__name">{shown}</span> '
            f'<span class="feeds-list__formats">{_format_links(channel, page_url, name)}</span> '
            f'<button type="button" class="md-button feeds-copy" data-feed-copy="{anchor}" hidden>'
            f'Copy link<span class="feeds-visually-hidden"> to the {name} RSS feed</span></button>{nested}</li>')


def expand_feed_markers(markdown: str, page_url: str, links: FeedLinks, shown_as: str) -> str:
    """Replace `<!-- feeds:NAME -->` markers with their HTML; an unknown marker is an error that
    names the page and line."""
    renderers = {
        "site": lambda url: links.feed_list(("site",), url),
        "themes": lambda url: links.feed_list(("theme",), url),
        "places": lambda url: links.feed_list(("nation", "region"), url),
        "this-page": links.subscribe_line,
    }
    problems = [
        Problem(shown_as, markdown[: m.start()].count("\n") + 1, None,
                f"'{m.group(0)}' is not a feeds marker. Use one of: "
                + ", ".join(f"<!-- feeds:{name} -->" for name in renderers) + ".")
        for m in MARKER.finditer(markdown) if m.group(1) not in renderers
    ]
    if problems:
        raise InputError(problems)
    return MARKER.sub(lambda m: renderers[m.group(1)](page_url), markdown)
