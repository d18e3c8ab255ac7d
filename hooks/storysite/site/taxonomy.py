"""Stories grouped by theme, by nation and by English region.

Made once per build from the collection's one grouping of the stories, so that theme pages, place pages,
counts and filters never loop over every story again (the build stays linear in the number of
stories). Every theme in the vocabulary and every nation and English region gets a term, with or
without stories, so that every link a story page makes has a page behind it."""

from __future__ import annotations

from dataclasses import dataclass

from ..stories.collection import Collection
from ..geo.places import ENGLISH_REGIONS, NATIONS
from ..routes import nation_url, region_url, slugify, theme_url
from ..model import Story


@dataclass(frozen=True)
class Term:
    """One theme, nation or English region: the page it has and its stories, newest first."""

    kind: str  # "theme", "nation" or "region"
    slug: str
    name: str
    description: str
    url: str  # site-relative directory URL, e.g. "themes/energy/", "places/england/south-west/"
    stories: tuple[Story, ...]
    parent: Term | None = None  # a region's nation

    @property
    def count(self) -> int:
        return len(self.stories)


@dataclass(frozen=True)
class Taxonomy:
    total: int  # stories in the build
    themes: tuple[Term, ...]  # in the vocabulary's order
    nations: tuple[Term, ...]  # in geography.NATIONS order
    regions: tuple[Term, ...]  # England's nine regions, in geography.ENGLISH_REGIONS order

    @property
    def terms(self) -> tuple[Term, ...]:
        """Every term that has a page of its own."""
        return self.themes + self.nations + self.regions

    def regions_of(self, nation: Term) -> tuple[Term, ...]:
        return tuple(r for r in self.regions if r.parent is nation)


def build_taxonomy(collection: Collection) -> Taxonomy:
    """The collection's groups of stories (newest first) as terms with names, URLs and pages."""
    groups = collection.groups
    themes = tuple(Term("theme", t.slug, t.name, t.description, theme_url(t.slug), groups.by_theme[t.slug])
                   for t in collection.vocabulary.themes)
    nations = tuple(Term("nation", slugify(n), n, f"Stories of community-led change from {n}.", nation_url(n),
                         groups.by_nation[n])
                    for n in NATIONS)
    england = nations[NATIONS.index("England")]
    regions = tuple(Term("region", slugify(r), r, f"Stories of community-led change from {place_phrase(r)}, England.",
                         region_url("England", r), groups.by_region[r], parent=england)
                    for r in ENGLISH_REGIONS)
    return Taxonomy(total=len(collection.stories), themes=themes, nations=nations, regions=regions)


def place_phrase(place: str) -> str:
    """'the North East', 'the East of England', but 'London', 'Wales', 'Yorkshire and the Humber'."""
    return f"the {place}" if place.split()[0] in ("North", "South", "East", "West") else place


def count_text(count: int, noun: str = "story", plural: str = "stories") -> str:
    return f"{count} {noun if count == 1 else plural}"
