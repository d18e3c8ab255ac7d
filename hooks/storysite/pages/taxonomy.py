"""Stories grouped by theme, by nation and by English region, and by theme within each nation.

Made once per build from the collection's one grouping of the stories, so that theme pages, place pages,
counts and filters never loop over every story again (the build stays linear in the number of
stories). Every theme in the vocabulary and every nation and English region gets a term, with or
without stories, so that every link a story page makes has a page behind it."""

from __future__ import annotations

from dataclasses import dataclass

from ..stories.collection import Collection
from ..geo.places import ENGLISH_REGIONS, NATIONS
from ..routes import combination_url, nation_url, region_url, slugify, theme_url
from ..model import Story


@dataclass(frozen=True)
class Term:
    """One theme, nation or English region: the page it has and its stories, newest first."""

    kind: str  # "theme", "nation", "region" or "combination" (a theme's stories from one nation)
    slug: str
    name: str
    description: str
    url: str  # site-relative directory URL, e.g. "themes/energy/", "places/england/south-west/"
    stories: tuple[Story, ...]
    parent: Term | None = None  # a region's nation; a combination's theme
    nation: Term | None = None  # a combination's nation

    @property
    def count(self) -> int:
        return len(self.stories)


@dataclass(frozen=True)
class Taxonomy:
    total: int  # stories in the build
    themes: tuple[Term, ...]  # in the vocabulary's order
    nations: tuple[Term, ...]  # in geography.NATIONS order
    regions: tuple[Term, ...]  # England's nine regions, in geography.ENGLISH_REGIONS order
    # Every theme in every nation that has stories (what the Stories page filter leads to when
    # both are chosen), by (theme slug, nation slug). Not in `terms`: no feed, card or embed of its own.
    combinations: dict[tuple[str, str], Term]

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
    return Taxonomy(total=len(collection.stories), themes=themes, nations=nations, regions=regions,
                    combinations=_combinations(themes, nations))


def _combinations(themes: tuple[Term, ...], nations: tuple[Term, ...]) -> dict[tuple[str, str], Term]:
    """One pass over each theme's stories (newest first, so each combination is too)."""
    found: dict[tuple[str, str], Term] = {}
    for theme in themes:
        split: dict[str, list[Story]] = {}
        for story in theme.stories:
            split.setdefault(story.place.nation, []).append(story)
        for nation in nations:  # in the nations' order, whatever order the stories came in
            if nation.name in split:
                stories = tuple(split[nation.name])
                found[theme.slug, nation.slug] = Term(
                    "combination", f"{theme.slug}-{nation.slug}", f"{theme.name} in {nation.name}",
                    f"Stories of {theme.name.lower()} from {nation.name}.",
                    combination_url(theme.slug, nation.name), stories, parent=theme, nation=nation)
    return found


def place_phrase(place: str) -> str:
    """'the North East', 'the East of England', but 'London', 'Wales', 'Yorkshire and the Humber'."""
    return f"the {place}" if place.split()[0] in ("North", "South", "East", "West") else place


def count_text(count: int, noun: str = "story", plural: str = "stories") -> str:
    """'1 story', '1,000 stories'."""
    return f"{count:,} {noun if count == 1 else plural}"
