"""Stories grouped by theme, by nation and by English region.

Computed once per build in a single pass over the stories, so that theme pages, place pages,
counts and filters never loop over every story again (the build stays linear in the number of
stories). Every theme in the vocabulary and every nation and English region gets a term, with or
without stories, so that every link a story page makes has a page behind it."""

from __future__ import annotations

from dataclasses import dataclass

from .collection import Collection
from .geography import ENGLISH_REGIONS, NATIONS, nation_url, region_url, slugify
from .model import Story
from .problems import InputError, Problem

THEMES_URL = "themes/"
PLACES_URL = "places/"


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


def build_taxonomy(collection: Collection, shown_dir: str = "stories") -> Taxonomy:
    """Group the collection's stories (already newest first, so every group is too).

    Raises InputError, naming the story file and field, for a story whose theme or place would
    have no page. The story schema already refuses such stories; this keeps the pages honest
    if a story object is made some other way."""
    by_theme: dict[str, list[Story]] = {t.slug: [] for t in collection.vocabulary.themes}
    by_nation: dict[str, list[Story]] = {n: [] for n in NATIONS}
    by_region: dict[str, list[Story]] = {r: [] for r in ENGLISH_REGIONS}
    problems: list[Problem] = []
    for story in collection.stories:
        shown = f"{shown_dir}/{story.slug}/index.md"
        for slug in story.themes:
            if slug in by_theme:
                by_theme[slug].append(story)
            else:
                problems.append(Problem(shown, None, "themes",
                                        f"'{slug}' has no theme page: it is not in {shown_dir}/themes.yml. "
                                        "Use a slug from that file, or add the theme there."))
        place = story.place
        if place.nation in by_nation:
            by_nation[place.nation].append(story)
        else:
            problems.append(Problem(shown, None, "place.nation",
                                    f"'{place.nation}' has no place page. Use one of: {', '.join(NATIONS)}."))
        if place.region is not None:
            if place.nation == "England" and place.region in by_region:
                by_region[place.region].append(story)
            else:
                problems.append(Problem(shown, None, "place.region",
                                        f"'{place.region}' has no place page. Regions are for places in "
                                        f"England: one of {', '.join(ENGLISH_REGIONS)}."))
    if problems:
        raise InputError(problems)

    themes = tuple(Term("theme", t.slug, t.name, t.description, f"{THEMES_URL}{t.slug}/", tuple(by_theme[t.slug]))
                   for t in collection.vocabulary.themes)
    nations = tuple(Term("nation", slugify(n), n, f"Stories of community-led change from {n}.", nation_url(n),
                         tuple(by_nation[n]))
                    for n in NATIONS)
    england = nations[NATIONS.index("England")]
    regions = tuple(Term("region", slugify(r), r, f"Stories of community-led change from {place_phrase(r)}, England.",
                         region_url("England", r), tuple(by_region[r]), parent=england)
                    for r in ENGLISH_REGIONS)
    return Taxonomy(total=len(collection.stories), themes=themes, nations=nations, regions=regions)


def place_phrase(place: str) -> str:
    """'the North East', 'the East of England', but 'London', 'Wales', 'Yorkshire and the Humber'."""
    return f"the {place}" if place.split()[0] in ("North", "South", "East", "West") else place


def count_text(count: int, noun: str = "story", plural: str = "stories") -> str:
    return f"{count} {noun if count == 1 else plural}"
