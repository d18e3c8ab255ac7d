"""The typed, immutable story model that every page, feed and map is built from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .routes import nation_url, region_url, slugify, story_url, theme_url


@dataclass(frozen=True)
class Theme:
    slug: str
    name: str
    description: str
    colour: str = "#6ee0bf"  # '#rrggbb', checked for contrast by the vocabulary

    @property
    def url(self) -> str:
        return theme_url(self.slug)


@dataclass(frozen=True)
class Place:
    name: str
    latitude: float
    longitude: float
    nation: str
    region: str | None  # one of the nine ONS regions, England only

    @property
    def nation_slug(self) -> str:
        return slugify(self.nation)

    @property
    def region_slug(self) -> str | None:
        return slugify(self.region) if self.region else None

    @property
    def url(self) -> str:
        """The most specific place page: the English region, or the nation."""
        return region_url(self.nation, self.region) if self.region else nation_url(self.nation)


@dataclass(frozen=True)
class Organisation:
    name: str
    legal_form: str
    website: str | None


@dataclass(frozen=True)
class Photo:
    file: str  # file name relative to the story's folder, e.g. "turbine.jpg"
    path: Path  # absolute path of that file
    alt: str
    credit: str


@dataclass(frozen=True)
class Source:
    title: str
    url: str


@dataclass(frozen=True)
class Correction:
    """A published correction: the day it was made and what changed, in the reader's words."""

    date: dt.date
    text: str


@dataclass(frozen=True)
class Unit:
    """A unit from stories/units.yml: one canonical unit per quantity, so totals never mix units."""

    slug: str  # 'kw'
    name: str  # what it measures: 'Generating capacity'
    symbol: str | None  # 'kW', '£'; None when the number is written with the name ('12 homes')
    description: str
    total: bool  # added up on the numbers page (years are not)
    whole: bool  # whole numbers only
    aliases: tuple[str, ...] = ()  # what contributors may write instead ('MW'), for the hint


@dataclass(frozen=True)
class Figure:
    """One structured figure a story states: a number in a unit, what it counts, and its source."""

    value: int | float
    unit: Unit
    label: str | None  # what it counts, e.g. 'raised in community shares'
    source: int  # 1-based position in the story's sources


@dataclass(frozen=True)
class BodyLink:
    """A relative link or image in a story's body, as the rendered HTML has it."""

    line: int
    url: str
    is_image: bool


@dataclass(frozen=True)
class Heading:
    """A heading of a story's body as the `toc` extension found it, for the page's contents list."""

    level: int
    id: str
    name: str  # plain text
    children: tuple["Heading", ...] = ()


@dataclass(frozen=True)
class Story:
    slug: str
    source_path: Path  # stories/<slug>/index.md
    title: str
    summary: str
    date: dt.date
    updated: dt.date | None
    place: Place
    themes: tuple[str, ...]
    organisation: Organisation
    image: Photo | None
    authors: tuple[str, ...]
    sources: tuple[Source, ...]
    draft: bool
    body: str  # Markdown
    corrections: tuple[Correction, ...] = ()  # oldest first
    figures: tuple[Figure, ...] = ()  # stories/figures.py
    # Links and images in the body to this site's own pages and files, checked once every story is known.
    body_links: tuple[BodyLink, ...] = ()
    # The body as the site's Markdown rendered it while checking it, and its headings: the build
    # publishes this HTML rather than rendering the same text a second time.
    body_html: str = ""
    body_headings: tuple[Heading, ...] = ()

    @property
    def url(self) -> str:
        """Site-relative URL of the story page."""
        return story_url(self.slug)

    @property
    def last_modified(self) -> dt.date:
        """The day the story last changed: its date, `updated` or its latest correction, whichever
        is latest (JSON-LD dateModified, feed entries' updated date, the sitemap)."""
        return max((self.date, self.updated or self.date, *(c.date for c in self.corrections)))


# Renders a fragment template under overrides/ with a view: (template name, context) -> HTML.
# The adapter passes the theme's Jinja environment, autoescaped; tests pass their own. The domain
# hands templates data and never writes markup itself.
Render = Callable[[str, Mapping[str, Any]], str]
