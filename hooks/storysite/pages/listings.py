"""Listing assembly: the stories grouped into themes, nations, regions and themes-in-a-nation, every
page of each of their listings made (as views.py's TermPage), and each story's related stories:
computed once per build, linear in the number of stories."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..model import Story
from ..routes import CONTRIBUTE_URL, PLACES_URL, THEMES_URL, listing_page_url, relative_url
from ..stories.collection import Collection
from .filtering import story_filter
from .pagination import PAGE_SIZE, Listing, listing, page_count, page_items
from .related import related_stories
from .sharecards import ListingThumb
from .taxonomy import Taxonomy, Term, build_taxonomy, place_phrase
from .views import Link, TermPage, chips, story_cards


@dataclass(frozen=True)
class Browse:
    """Everything browsing needs, computed once per build."""

    taxonomy: Taxonomy
    related: dict[str, tuple[Story, ...]]  # by story slug, best first
    pages: dict[str, TermPage]  # by source path
    thumbs: Mapping[str, ListingThumb] = field(default_factory=dict)  # by story slug, for every listing


def prepare_browse(collection: Collection, thumbs: Mapping[str, ListingThumb] | None = None,
                   size: int = PAGE_SIZE) -> Browse:
    """Group the stories, choose related stories and make every page of every theme, place and
    theme-in-a-nation listing: each story is carded once per listing it is in, so the build stays
    linear in the number of stories."""
    taxonomy = build_taxonomy(collection)
    thumbs = thumbs or {}
    terms = (*taxonomy.terms, *taxonomy.combinations.values())
    pages = {page.source_path: page
             for term in terms for page in term_pages(term, taxonomy, collection, thumbs, size)}
    return Browse(taxonomy=taxonomy, related=related_stories(collection.stories), pages=pages, thumbs=thumbs)


def term_pages(term: Term, taxonomy: Taxonomy, collection: Collection,
               thumbs: Mapping[str, ListingThumb] | None = None, size: int = PAGE_SIZE) -> tuple[TermPage, ...]:
    """Every page of one term's listing, page 1 first."""
    count = page_count(term.count, size)
    return tuple(term_page(term, taxonomy, collection, thumbs, n, size) for n in range(1, count + 1))


def term_page(term: Term, taxonomy: Taxonomy, collection: Collection,
              thumbs: Mapping[str, ListingThumb] | None = None, number: int = 1, size: int = PAGE_SIZE) -> TermPage:
    first = term.url
    url = listing_page_url(first, number)
    trail = [Link(THEMES_URL, "Themes")] if term.kind in ("theme", "combination") else [Link(PLACES_URL, "Places")]
    if term.parent:
        trail.append(Link(term.parent.url, term.parent.name))
    if number > 1:  # a later page: its listing's first page is a step on the way
        trail.append(Link(first, term.name))
    where = f"about {term.name.lower()}" if term.kind == "theme" else f"from {place_phrase(term.name)}"
    shown = page_items(term.stories, number, size) if term.stories else ()
    # The filter, with this page's own choice shown chosen (regions are not among its choices).
    theme = {"theme": term, "combination": term.parent}.get(term.kind)
    nation = {"nation": term, "combination": term.nation}.get(term.kind)
    chooser = (story_filter(taxonomy, url, theme.slug if theme else "", nation.slug if nation else "")
               if term.kind != "region" else None)
    part = listing(first, term.count, number, size)
    if chooser and not part.pager:  # the filter's status already says how many, and they all fit
        part = Listing(None, None)
    return TermPage(
        url=url, first_url=first, name=term.name, description=term.description,
        number=number, pages=page_count(term.count, size),
        crumbs=tuple(Link(relative_url(url, link.href), link.text) for link in trail),
        regions=chips(url, taxonomy.regions_of(term)) if term.kind == "nation" else (),
        cards=story_cards(shown, url, collection, thumbs),
        listing=part,
        empty_text=f"There are no stories {where} yet.",
        contribute_href=relative_url(url, CONTRIBUTE_URL),
        story_filter=chooser,
        share_url=term.parent.url if term.kind == "combination" and term.parent else first,
    )
