"""Pages for wandering the collection: a page per theme (/themes/<slug>/), per nation
(/places/<nation>/) and per English region (/places/england/<region>/), and the markers that
hand-written pages use for browse entry points (`<!-- stories:themes -->` and friends, see
`browse_renderers`).

Everything here is HTML built from a precomputed Taxonomy, escaped with html.escape; links are
relative to the page they appear on, so the site works under any base URL. Listings carry
`data-search-exclude`: Material's search then finds each story on its own page and each theme
or place by its title and description, not every listing that repeats them."""

from __future__ import annotations

from collections.abc import Callable

from dataclasses import dataclass, field
from html import escape

import yaml

from .collection import Collection
from .model import Story
from .pages import Renderer, front_matter, story_cards
from .related import related_stories
from .taxonomy import PLACES_URL, THEMES_URL, Taxonomy, Term, build_taxonomy, count_text, place_phrase
from .urls import relative_url

CONTRIBUTE_URL = "contribute/"


@dataclass(frozen=True)
class GeneratedPage:
    """A theme or place page. Its content is HTML built here, so MkDocs gets only the front
    matter as Markdown and the adapter hands it `html` as the page content (on_page_content):
    Python-Markdown would otherwise re-parse every card, the build's largest cost at scale."""

    path: str  # docs-relative source path, e.g. "themes/energy/index.md"
    markdown: str  # front matter only
    html: str  # the page content


@dataclass(frozen=True)
class Browse:
    """Everything browsing needs, computed once per build."""

    taxonomy: Taxonomy
    related: dict[str, tuple[Story, ...]]  # by story slug, best first
    pages: tuple[GeneratedPage, ...]
    renderers: dict[str, Renderer]

    _html_by_path: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_html_by_path", {page.path: page.html for page in self.pages})

    def page_html(self, src_uri: str) -> str | None:
        """The content of the generated page at this source path, or None for any other page."""
        return self._html_by_path.get(src_uri)


def prepare_browse(collection: Collection, shown_dir: str = "stories",
                   subscribe_line: Callable[[str], str] = lambda page_url: "") -> Browse:
    """Group the stories, choose related stories and write the theme and place pages: one pass
    each, so the build stays linear in the number of stories. `subscribe_line(page_url)` gives a
    page's "Subscribe to this theme" feed links. Raises InputError."""
    taxonomy = build_taxonomy(collection, shown_dir)
    return Browse(
        taxonomy=taxonomy,
        related=related_stories(collection.stories),
        pages=tuple(GeneratedPage(f"{term.url}index.md", front_matter(term.name, term.description),
                                  term_page_html(term, taxonomy, collection, subscribe_line(term.url)))
                    for term in taxonomy.terms),
        renderers=browse_renderers(taxonomy),
    )


# Theme and place pages ------------------------------------------------------------------------

def term_page_html(term: Term, taxonomy: Taxonomy, collection: Collection, subscribe: str = "") -> str:
    """The page of one theme, nation or region: what it is, how many stories, their cards, and
    (`subscribe`, HTML) its own feeds."""
    url = term.url
    crumbs = [(THEMES_URL, "Themes")] if term.kind == "theme" else [(PLACES_URL, "Places")]
    if term.parent:
        crumbs.append((term.parent.url, term.parent.name))
    parts = [
        _breadcrumbs(url, crumbs, term.name),
        f"<h1>{escape(term.name)}</h1>",  # no id: search then files the page under its own URL
        f'<p class="browse-lede">{escape(term.description)}</p>',
        subscribe,
    ]
    regions = taxonomy.regions_of(term)
    if term.stories:
        parts.append(f'<p class="browse-count">{count_text(term.count)}, newest first.</p>')
    if regions:
        parts.append("<h2 data-search-exclude>Regions</h2>")
        parts.append(_chips(url, regions, label=f"Regions of {term.name}"))
        if term.stories:
            parts.append("<h2 data-search-exclude>Stories</h2>")
    if term.stories:
        parts.append(story_cards(term.stories, url, collection, heading_level=3 if regions else 2))
    else:
        where = f"about {term.name.lower()}" if term.kind == "theme" else f"from {place_phrase(term.name)}"
        parts.append(f'<p class="browse-empty">There are no stories {escape(where)} yet. Do you know one? '
                     f'<a href="{relative_url(url, CONTRIBUTE_URL)}">Contribute a story</a>.</p>')
    return "\n".join(parts) + "\n"


def _breadcrumbs(page_url: str, trail: list[tuple[str, str]], here: str) -> str:
    items = "".join(f'<li><a href="{relative_url(page_url, url)}">{escape(name)}</a></li>' for url, name in trail)
    return (f'<nav class="browse-crumbs" aria-label="Breadcrumb" data-search-exclude><ol>{items}'
            f'<li aria-current="page">{escape(here)}</li></ol></nav>')


def _chips(page_url: str, terms: tuple[Term, ...], label: str) -> str:
    """Links to terms as a row of chips, each with its count."""
    items = "".join(
        f'<li><a class="browse-chip" href="{relative_url(page_url, t.url)}">{escape(t.name)} '
        f'<span class="browse-chip__count">{t.count}<span class="browse-visually-hidden">'
        f' {"story" if t.count == 1 else "stories"}</span></span></a></li>'
        for t in terms
    )
    return f'<ul class="browse-chips" aria-label="{escape(label)}" data-search-exclude>{items}</ul>'


# Markers for hand-written pages --------------------------------------------------------------

def browse_renderers(taxonomy: Taxonomy) -> dict[str, Renderer]:
    """Markers for hand-written pages, to merge into pages.RENDERERS:

    - `<!-- stories:themes -->`: every theme as a card with its description and count (Themes page)
    - `<!-- stories:places -->`: every nation and English region with counts (Places page)
    - `<!-- stories:theme-links -->`: every theme as a chip with its count (home page)
    - `<!-- stories:nation-links -->`: the four nations as cards with counts (home page)
    - `<!-- stories:filter -->`: the theme and nation filter of the Stories page"""
    return {
        "themes": lambda collection, page_url: theme_index(taxonomy, page_url),
        "places": lambda collection, page_url: place_index(taxonomy, page_url),
        "theme-links": lambda collection, page_url: _chips(page_url, taxonomy.themes, "Themes"),
        "nation-links": lambda collection, page_url: nation_cards(taxonomy, page_url),
        "filter": lambda collection, page_url: story_filter(taxonomy, page_url),
    }


def theme_index(taxonomy: Taxonomy, page_url: str) -> str:
    items = "".join(
        f'<li class="browse-term"><h2 class="browse-term__title">'
        f'<a href="{relative_url(page_url, t.url)}">{escape(t.name)}</a></h2>'
        f'<p class="browse-term__description">{escape(t.description)}</p>'
        f'<p class="browse-term__count">{_count_or_none(t.count)}</p></li>'
        for t in taxonomy.themes
    )
    return f'<div class="grid cards browse-terms" data-search-exclude><ul>{items}</ul></div>'


def place_index(taxonomy: Taxonomy, page_url: str) -> str:
    items = []
    for nation in taxonomy.nations:
        regions = taxonomy.regions_of(nation)
        region_list = ""
        if regions:
            region_list = ('<ul class="browse-term__regions">' + "".join(
                f'<li><a href="{relative_url(page_url, r.url)}">{escape(r.name)}</a> '
                f'<span class="browse-term__region-count">{_count_or_none(r.count)}</span></li>'
                for r in regions) + "</ul>")
        items.append(
            f'<li class="browse-term"><h2 class="browse-term__title">'
            f'<a href="{relative_url(page_url, nation.url)}">{escape(nation.name)}</a></h2>'
            f'<p class="browse-term__count">{_count_or_none(nation.count)}</p>{region_list}</li>'
        )
    return f'<div class="grid cards browse-terms" data-search-exclude><ul>{"".join(items)}</ul></div>'


def nation_cards(taxonomy: Taxonomy, page_url: str) -> str:
    items = "".join(
        f'<li class="browse-term"><a class="browse-term__link" href="{relative_url(page_url, n.url)}">'
        f'{escape(n.name)}</a> <span class="browse-term__count">{_count_or_none(n.count)}</span></li>'
        for n in taxonomy.nations
    )
    return f'<div class="grid cards browse-terms browse-terms--compact" data-search-exclude><ul>{items}</ul></div>'


def story_filter(taxonomy: Taxonomy, page_url: str) -> str:
    """The Stories page filter. With JavaScript (assets/javascripts/browse.js) the two lists
    filter the cards below in place and keep the choice in the URL (?theme=…&nation=…); without
    it, the same choices are plain links to the theme and place pages."""
    def options(terms: tuple[Term, ...], everything: str) -> str:
        return f'<option value="">{everything}</option>' + "".join(
            f'<option value="{escape(t.slug)}">{escape(t.name)} ({t.count})</option>' for t in terms)

    return (
        '<div class="story-filter" data-story-filter data-search-exclude>'
        '<form class="story-filter__form" aria-label="Filter stories">'
        # <p>, not <div>: Material's search parser ends an exclusion at the first nested element
        # with the same tag name as the excluded one.
        '<p class="story-filter__field"><label for="story-filter-theme">Theme</label>'
        f'<select id="story-filter-theme" name="theme">{options(taxonomy.themes, "All themes")}</select></p>'
        '<p class="story-filter__field"><label for="story-filter-nation">Nation</label>'
        f'<select id="story-filter-nation" name="nation">{options(taxonomy.nations, "All nations")}</select></p>'
        '<button type="button" class="browse-button" data-filter-reset>Show all</button>'
        '</form>'
        f'<p class="story-filter__status" role="status" data-filter-status>{count_text(taxonomy.total)}</p>'
        '<p class="story-filter__empty" data-filter-empty hidden>No stories match both choices yet. '
        'Try another theme or nation, or show all.</p>'
        '<nav class="story-filter__links" aria-label="Browse stories by theme or nation">'
        '<p>By theme:</p>' + _chips(page_url, taxonomy.themes, "Themes")
        + '<p>By nation:</p>' + _chips(page_url, taxonomy.nations, "Nations")
        + "</nav></div>"
    )


def _count_or_none(count: int) -> str:
    return count_text(count) if count else "No stories yet"
