"""Embeddable story lists: for the whole site, each theme and each place, a small standalone page
made for another site's <iframe> (partials/embed-page.html), in two fixed sizes, and the
copyable embed code the Subscribe page shows.

Embed pages are static files, not MkDocs pages: no theme, no scripts, no cookies, nothing
fetched beyond the page itself (its CSS is inline), so embedding one costs a reader nothing."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Story
from ..routes import EMBED_COMPACT, EMBED_URL, absolute_url, relative_url
from .taxonomy import Taxonomy, place_phrase
from .views import long_date

FULL_STORIES = 5
COMPACT_STORIES = 3
FULL_SIZE = ("100%", 640)  # width, height (px) the embed code suggests
COMPACT_SIZE = (320, 420)


@dataclass(frozen=True)
class EmbedCard:
    title: str
    href: str  # relative to the embed page: the story on this site
    place: str
    date_iso: str
    date_text: str
    summary: str


@dataclass(frozen=True)
class EmbedPage:
    """One embed page (partials/embed-page.html)."""

    path: str  # output path, e.g. 'embed/themes/energy/index.html'
    url: str  # its directory URL
    title: str  # '<site>: Community energy stories'
    heading: str
    compact: bool
    cards: tuple[EmbedCard, ...]
    empty_text: str
    more_href: str  # the theme's or place's page on the site
    more_text: str
    site_name: str
    home_href: str


@dataclass(frozen=True)
class EmbedCode:
    """The embed code for one list, at both sizes (partials/embed-code.html)."""

    name: str
    full_src: str  # absolute URL
    compact_src: str
    full_href: str  # relative, to look at it
    compact_href: str


@dataclass(frozen=True)
class EmbedSizes:
    full_width: str
    full_height: int
    compact_width: int
    compact_height: int


SIZES = EmbedSizes(str(FULL_SIZE[0]), FULL_SIZE[1], COMPACT_SIZE[0], COMPACT_SIZE[1])


def _scopes(taxonomy: Taxonomy, site_stories: tuple[Story, ...]):
    """(site URL of the listing, name, heading, stories, phrase) for the site, every theme and place."""
    yield "", "All stories", "Latest stories", site_stories, "every story"
    for term in taxonomy.themes:
        yield term.url, term.name, f"{term.name}: latest stories", term.stories, f"stories about {term.name.lower()}"
    for term in (*taxonomy.nations, *taxonomy.regions):
        yield term.url, term.name, f"Stories from {place_phrase(term.name)}", term.stories, \
            f"stories from {place_phrase(term.name)}"


def embed_pages(taxonomy: Taxonomy, site_stories: tuple[Story, ...], site_name: str) -> tuple[EmbedPage, ...]:
    pages = []
    for target, name, heading, stories, phrase in _scopes(taxonomy, site_stories):
        for compact in (False, True):
            url = f"{EMBED_URL}{target}{EMBED_COMPACT if compact else ''}"
            chosen = stories[:COMPACT_STORIES if compact else FULL_STORIES]
            pages.append(EmbedPage(
                path=f"{url}index.html", url=url, title=f"{site_name}: {heading}", heading=heading,
                compact=compact,
                cards=tuple(EmbedCard(s.title, relative_url(url, s.url), s.place.name, s.date.isoformat(),
                                      long_date(s.date), s.summary) for s in chosen),
                empty_text=f"No {phrase} yet.",
                more_href=relative_url(url, target or "stories/"),
                more_text=f"All {phrase} on {site_name}" if target else f"Every story on {site_name}",
                site_name=site_name, home_href=relative_url(url, ""),
            ))
    return tuple(pages)


def embed_codes(taxonomy: Taxonomy, site_url: str, page_url: str) -> tuple[EmbedCode, ...]:
    """Embed addresses for the site, every theme and every place, for the Subscribe page."""
    codes = []
    for target, name, *_ in _scopes(taxonomy, ()):
        full = f"{EMBED_URL}{target}"
        compact = f"{full}{EMBED_COMPACT}"
        codes.append(EmbedCode(name=name, full_src=absolute_url(site_url, full),
                               compact_src=absolute_url(site_url, compact),
                               full_href=relative_url(page_url, full), compact_href=relative_url(page_url, compact)))
    return tuple(codes)
