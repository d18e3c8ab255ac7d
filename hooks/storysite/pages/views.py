"""What the page templates show, as data (view models): story pages, story cards, theme and place
pages and the entries of the indexes hand-written pages ask for (listings.py assembles the listings). Every view carries text and relative links, never markup:
the templates under overrides/partials/ turn them into HTML, autoescaped.

Links are relative to the page they appear on, so the site works under any base URL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from ..model import Story, Theme
from ..pictures.story_photos import PhotoSet, published_files
from ..routes import CORRECTIONS_URL, relative_url, source_path
from ..stories.collection import Collection
from ..stories.reading import front_matter
from .sharecards import ListingThumb
from .filtering import Chip, StoryFilter
from .pagination import LATER_PAGE_META, Listing, page_description, page_title
from .taxonomy import Taxonomy, Term, count_text

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


def long_date(date: dt.date) -> str:
    """'5 March 2026': British style, independent of the machine's locale."""
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


@dataclass(frozen=True)
class Link:
    href: str  # relative to the page it is on
    text: str
    colour: str | None = None  # a theme's '#rrggbb' (checked by the vocabulary), for its dot


# Story pages ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Picture:
    """An image as a template prints it: src relative to the page, its size, its alt text."""

    src: str
    width: int
    height: int
    alt: str


@dataclass(frozen=True)
class StoryCard:
    """One story in a listing (partials/story-cards.html)."""

    title: str
    href: str
    place: str
    date_iso: str
    date_text: str
    summary: str
    themes: tuple[Link, ...]
    thumb: Picture | None = None  # the photo's or the map's small square (site/sharecards.py)


@dataclass(frozen=True)
class HeroPicture:
    """A story's photo as <picture>: WebP at each width, its own format as the fallback."""

    src: str  # the largest in the original format, under the contributor's file name
    width: int
    height: int
    srcset: str  # 'hall-480.jpg 480w, hall.jpg 960w'
    webp_srcset: str
    # The photo spans the content column: the whole phone screen, about 46rem beside Material's sidebars.
    sizes: str = "(min-width: 76.25em) 46rem, (min-width: 60em) 70vw, 100vw"


def hero_picture(file: str, photos: PhotoSet) -> HeroPicture:
    names = {v.path: name for name, v in published_files(file, photos)}

    def srcset(variants) -> str:
        return ", ".join(f"{names[v.path]} {v.width}w" for v in variants)

    return HeroPicture(file, photos.largest.width, photos.largest.height, srcset(photos.original),
                       srcset(photos.webp))


@dataclass(frozen=True)
class CorrectionView:
    """One correction as a reader sees it: "Corrected on 29 November 2026: …"."""

    date_iso: str
    date_text: str
    text: str


@dataclass(frozen=True)
class StoryView:
    """What the story template shows, ready to print."""

    story: Story
    themes: tuple[Theme, ...]
    date_text: str
    updated_text: str | None
    related: tuple[StoryCard, ...] = ()  # shared themes first, then nearest (related.py)
    hero: HeroPicture | None = None  # the published hero photo at every width
    corrections: tuple[CorrectionView, ...] = ()  # oldest first, as they happened
    corrections_href: str = ""  # the Corrections page, relative to the story
    report_href: str = ""  # "Report a problem with this story" (site/report.py)


def story_view(story: Story, collection: Collection, related: tuple[Story, ...] = (),
               hero: PhotoSet | None = None, thumbs: Mapping[str, ListingThumb] | None = None,
               report_href: str = "") -> StoryView:
    return StoryView(
        story=story,
        themes=collection.themes_of(story),
        date_text=long_date(story.date),
        updated_text=long_date(story.updated) if story.updated else None,
        related=story_cards(related, story.url, collection, thumbs),
        hero=hero_picture(story.image.file, hero) if hero and story.image else None,
        corrections=correction_views(story),
        corrections_href=relative_url(story.url, CORRECTIONS_URL),
        report_href=report_href,
    )


def correction_views(story: Story) -> tuple[CorrectionView, ...]:
    return tuple(CorrectionView(c.date.isoformat(), long_date(c.date), c.text) for c in story.corrections)


def story_cards(stories: tuple[Story, ...] | list[Story], page_url: str, collection: Collection,
                thumbs: Mapping[str, ListingThumb] | None = None) -> tuple[StoryCard, ...]:
    thumbs = thumbs or {}
    return tuple(
        StoryCard(title=story.title, href=relative_url(page_url, story.url), place=story.place.name,
                  date_iso=story.date.isoformat(), date_text=long_date(story.date), summary=story.summary,
                  themes=tuple(Link(relative_url(page_url, t.url), t.name, t.colour) for t in collection.themes_of(story)),
                  thumb=_picture(page_url, thumbs.get(story.slug)))
        for story in stories
    )


def _picture(page_url: str, thumb: ListingThumb | None) -> Picture | None:
    if thumb is None:
        return None
    return Picture(relative_url(page_url, thumb.path), thumb.width, thumb.height, thumb.alt)


def story_page_markdown(story: Story) -> str:
    """The Markdown MkDocs renders for a story: minimal front matter for the template, then the body."""
    return front_matter(story.title, story.summary, template="story.html") + "\n" + story.body


@dataclass(frozen=True)
class CorrectionEntry:
    """A correction on the Corrections page (partials/corrections-list.html), with its story."""

    correction: CorrectionView
    story: Link


def correction_entries(stories: tuple[Story, ...], page_url: str) -> tuple[CorrectionEntry, ...]:
    """Every correction of these stories, newest first; corrections made on the same day in the
    order of their stories (newest story first), so the list is stable."""
    found = [(c, index, story) for index, story in enumerate(stories) for c in story.corrections]
    found.sort(key=lambda entry: (-entry[0].date.toordinal(), entry[1]))
    return tuple(
        CorrectionEntry(CorrectionView(c.date.isoformat(), long_date(c.date), c.text),
                        Link(relative_url(page_url, story.url), story.title))
        for c, _, story in found
    )


# Theme and place pages -----------------------------------------------------------------------

@dataclass(frozen=True)
class TermPage:
    """One page of a theme, nation, region or theme-in-a-nation listing (partials/term-page.html).
    Built as HTML, not Markdown: Python-Markdown would otherwise re-parse every card."""

    url: str
    first_url: str  # page 1 of the listing: its feeds and share card serve every page
    name: str  # its heading
    description: str
    crumbs: tuple[Link, ...]
    regions: tuple[Chip, ...]
    cards: tuple[StoryCard, ...]
    listing: Listing  # 'Showing 25–48 of 60 stories' and the pagination bar
    empty_text: str  # said when there are no stories
    contribute_href: str
    story_filter: StoryFilter | None = None  # on theme, nation and theme-in-a-nation pages
    share_url: str = ""  # the page whose share card this one shows (a combination: its theme's)
    number: int = 1
    pages: int = 1

    @property
    def source_path(self) -> str:
        return source_path(self.url)

    @property
    def markdown(self) -> str:
        """What MkDocs gets as the page's source: front matter only, with a title and description
        of its own on every page ('Community energy, page 2 of 3')."""
        return front_matter(page_title(self.name, self.number, self.pages),
                            page_description(self.description, self.number, self.pages),
                            **(LATER_PAGE_META if self.number > 1 else {}))


@dataclass(frozen=True)
class TermEntry:
    """A theme, nation or region in an index (the Themes, Places and home pages)."""

    href: str
    name: str
    description: str
    count: int
    count_text: str  # "3 stories", or "No stories yet"
    regions: tuple[TermEntry, ...] = ()


def chips(page_url: str, terms: tuple[Term, ...]) -> tuple[Chip, ...]:
    return tuple(Chip(relative_url(page_url, t.url), t.name, t.count, t.slug) for t in terms)


def term_entries(page_url: str, terms: tuple[Term, ...], taxonomy: Taxonomy | None = None) -> tuple[TermEntry, ...]:
    """Index entries; with `taxonomy`, a nation's entry lists its regions."""
    return tuple(
        TermEntry(relative_url(page_url, t.url), t.name, t.description, t.count, count_or_none(t.count),
                  term_entries(page_url, taxonomy.regions_of(t)) if taxonomy else ())
        for t in terms
    )


def count_or_none(count: int) -> str:
    return count_text(count) if count else "No stories yet"
