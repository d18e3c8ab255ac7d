"""The markers hand-written pages use to ask for generated listings, one system for both kinds:

  <!-- stories:latest -->        the newest stories as cards (extra.stories.latest_on_home of them)
  <!-- stories:all -->           every story as a card, PAGE_SIZE a page (the Stories page; the
                                 adapter makes its later pages, 'stories/page/2/', from the same page)
  <!-- stories:count -->         the number of stories, as text
  <!-- stories:themes -->        every theme with its description and count (the Themes page)
  <!-- stories:places -->        every nation and English region with counts (the Places page)
  <!-- stories:theme-links -->   every theme as a chip with its count (the home page)
  <!-- stories:nation-links -->  the four nations with counts (the home page)
  <!-- stories:filter -->        the theme and nation filter (nothing chosen) of the Stories page
  <!-- stories:corrections -->   every correction, newest first, with its story (the Corrections page)
  <!-- feeds:site -->, <!-- feeds:themes -->, <!-- feeds:places -->
                                 lists of feeds with copy-link buttons (the Subscribe page)
  <!-- feeds:this-page -->       "Subscribe to this theme: RSS · Atom · JSON Feed"
  <!-- stories:numbers -->       totals of the stories' figures, charts and tables (the numbers page)
  <!-- stories:embeds -->        copyable <iframe> code for the embeddable story lists (Subscribe)

Each marker names a fragment template under overrides/partials/ and the view it is given."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .feeds.channels import FeedLinks
from .problems import InputError, Problem
from .stories.collection import Collection
from .model import Render
from .routes import listing_page
from .pages.embeds import SIZES, embed_codes
from .pages.numbers import COUNTING_RULE, numbers
from .pages.filtering import story_filter
from .pages.pagination import listing, page_items
from .pages.listings import Browse
from .pages.views import chips, correction_entries, story_cards, term_entries

MARKER = re.compile(r"<!--\s*(stories|feeds):([a-z-]+)\s*-->")


def markers_in(markdown: str) -> set[str]:
    """The names of the markers a page uses ('stories:all' gives a page later pages of its own)."""
    return {f"{m.group(1)}:{m.group(2)}" for m in MARKER.finditer(markdown)}


@dataclass(frozen=True)
class Fragment:
    """A fragment template and its view; plain `text` instead for a marker that is only words."""

    template: str = ""
    context: dict[str, Any] = field(default_factory=dict)
    text: str | None = None


Marker = Callable[[str], Fragment]  # page URL -> what replaces the marker on that page


def site_markers(collection: Collection, browse: Browse, feed_links: FeedLinks, latest: int) -> dict[str, Marker]:
    """Every marker the site's pages may use, keyed 'stories:latest', 'feeds:site', …"""
    taxonomy = browse.taxonomy
    stories = collection.stories

    def cards(chosen, level: int = 3) -> Marker:
        return lambda url: Fragment("partials/story-cards.html",
                                    {"cards": story_cards(chosen, url, collection, browse.thumbs),
                                                                   "heading_level": level})

    def all_stories(url: str) -> Fragment:
        first, number = listing_page(url)  # the page's part of the listing, from its own URL
        return Fragment("partials/story-listing.html", {
            "cards": story_cards(page_items(stories, number) if stories else (), url, collection, browse.thumbs),
            "heading_level": 2, "listing": listing(first, len(stories), number)})

    return {
        "stories:latest": cards(stories[:latest]),
        "stories:all": all_stories,
        "stories:count": lambda url: Fragment(text=str(len(stories))),
        "stories:themes": lambda url: Fragment("partials/term-index.html",
                                               {"entries": term_entries(url, taxonomy.themes), "descriptions": True}),
        "stories:places": lambda url: Fragment("partials/term-index.html",
                                               {"entries": term_entries(url, taxonomy.nations, taxonomy)}),
        "stories:theme-links": lambda url: Fragment("partials/term-chips.html",
                                                    {"chips": chips(url, taxonomy.themes), "label": "Themes"}),
        "stories:nation-links": lambda url: Fragment("partials/nation-links.html",
                                                     {"entries": term_entries(url, taxonomy.nations)}),
        "stories:filter": lambda url: Fragment("partials/story-filter.html", {"filter": story_filter(taxonomy, url)}),
        "stories:corrections": lambda url: Fragment("partials/corrections-list.html",
                                                    {"entries": correction_entries(stories, url)}),
        "feeds:site": lambda url: Fragment("partials/feed-list.html", {"rows": feed_links.feed_rows(("site",), url)}),
        "feeds:themes": lambda url: Fragment("partials/feed-list.html", {"rows": feed_links.feed_rows(("theme",), url)}),
        "feeds:places": lambda url: Fragment("partials/feed-list.html",
                                             {"rows": feed_links.feed_rows(("nation", "region"), url)}),
        "feeds:this-page": lambda url: Fragment("partials/feed-subscribe.html",
                                                {"subscribe": feed_links.subscribe(url)}),
    }


def toolkit_markers(collection: Collection, browse: Browse, site_url: str) -> dict[str, Marker]:
    """The campaigners' toolkit markers: the numbers page and the embed code."""
    return {
        "stories:numbers": lambda url: Fragment("partials/numbers.html",
                                                {"numbers": numbers(collection, url), "rule": COUNTING_RULE}),
        "stories:embeds": lambda url: Fragment("partials/embed-code.html", {
            "codes": embed_codes(browse.taxonomy, site_url, url), "sizes": SIZES}),
    }


def marker_problems(markdown: str, markers: dict[str, Marker], shown_as: str) -> list[Problem]:
    """An unknown marker in a hand-written page, naming page and line (checked in on_config, so a
    typo stops the build before site/ is emptied)."""
    return [
        Problem(shown_as, markdown[: m.start()].count("\n") + 1, None,
                f"'{m.group(0)}' is not a marker this site knows. Use one of: "
                + ", ".join(f"<!-- {name} -->" for name in sorted(markers) if name.startswith(m.group(1) + ":"))
                + ".")
        for m in MARKER.finditer(markdown) if f"{m.group(1)}:{m.group(2)}" not in markers
    ]


def expand_markers(markdown: str, page_url: str, markers: dict[str, Marker], render: Render, shown_as: str) -> str:
    """Replace every marker with its fragment; an unknown marker is an error naming page and line."""
    before = fill_text_markers(markdown, page_url, markers, shown_as)
    return insert_fragments(before.markdown, before.fragments, render)


@dataclass(frozen=True)
class BeforeMarkdown:
    """A page's Markdown with its text markers filled in, and the fragments its other markers
    stand for, by marker name. Those markers stay in the Markdown as they are: an HTML comment
    passes through Markdown untouched, and the fragment takes its place in the HTML made
    (`insert_fragments`). A fragment is HTML already; given to Markdown, it would be parsed
    again (most of a page's build time, for a listing of 24 cards)."""

    markdown: str
    fragments: dict[str, Fragment]


def fill_text_markers(markdown: str, page_url: str, markers: dict[str, Marker], shown_as: str) -> BeforeMarkdown:
    """See `BeforeMarkdown`; an unknown marker is an error naming page and line."""
    problems = marker_problems(markdown, markers, shown_as)
    if problems:
        raise InputError(problems)
    fragments: dict[str, Fragment] = {}

    def replace(match: re.Match) -> str:
        name = f"{match.group(1)}:{match.group(2)}"
        fragment = fragments.get(name) or markers[name](page_url)
        if fragment.text is not None:
            return fragment.text
        fragments[name] = fragment
        return match.group(0)

    return BeforeMarkdown(MARKER.sub(replace, markdown), fragments)


def insert_fragments(html: str, fragments: dict[str, Fragment], render: Render) -> str:
    """Each marker left by `fill_text_markers` replaced by its fragment's HTML. A marker Markdown
    escaped (one shown in a code block) no longer matches, and is shown as written."""
    if not fragments:
        return html
    rendered: dict[str, str] = {}

    def replace(match: re.Match) -> str:
        name = f"{match.group(1)}:{match.group(2)}"
        if name not in fragments:
            return match.group(0)
        if name not in rendered:
            rendered[name] = render(fragments[name].template, fragments[name].context)
        return rendered[name]

    return MARKER.sub(replace, html)
