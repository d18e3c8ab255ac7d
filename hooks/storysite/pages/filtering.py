"""The theme and nation filter shown on the Stories page and on theme, nation and theme-in-a-nation
pages, as data (partials/story-filter.html).

The listings are paginated, so the filter cannot hide cards in place: every choice is a static
page that holds exactly its stories (a theme's page, a nation's page, or a theme in a nation:
routes.combination_url). With JavaScript, "Show stories" goes there (assets/javascripts/browse.js
reads `targets`); without it, the filter is plain links to the theme and nation pages."""

from __future__ import annotations

from dataclasses import dataclass

from ..routes import STORIES_URL, relative_url
from .taxonomy import Taxonomy, Term, count_text


@dataclass(frozen=True)
class FilterOption:
    """A theme or nation in the filter's list, with how many stories choosing it shows (given
    what is chosen in the other list)."""

    slug: str
    name: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Chip:
    """A plain link to a theme's or nation's page, for readers without JavaScript."""

    href: str
    name: str
    count: int
    slug: str


@dataclass(frozen=True)
class StoryFilter:
    themes: tuple[FilterOption, ...]
    nations: tuple[FilterOption, ...]
    all_themes: int  # stories with any theme, from the chosen nation
    all_nations: int  # stories from any nation, about the chosen theme
    # 'theme|nation' ('' for any) -> [the page that lists them, relative, or '' when none; count]
    targets: dict[str, list[str | int]]
    # What a choice shows, '12 stories about Community energy in Wales'; '' with nothing chosen
    # (the listing says how many it holds); browse.js says here when a choice has no stories.
    status: str
    clear_href: str | None  # the Stories page, when a choice is made
    theme_links: tuple[Chip, ...]
    nation_links: tuple[Chip, ...]


def story_filter(taxonomy: Taxonomy, page_url: str, theme: str = "", nation: str = "") -> StoryFilter:
    """The filter on the page at `page_url`, with `theme` and `nation` (slugs, '' for any) chosen."""
    themes = {t.slug: t for t in taxonomy.themes}
    nations = {n.slug: n for n in taxonomy.nations}

    def found(theme_slug: str, nation_slug: str) -> tuple[str, int]:
        if theme_slug and nation_slug:
            both = taxonomy.combinations.get((theme_slug, nation_slug))  # only combinations with stories
            return (relative_url(page_url, both.url), both.count) if both else ("", 0)
        term = themes.get(theme_slug) or nations.get(nation_slug)
        if term is not None:
            return relative_url(page_url, term.url), term.count
        return relative_url(page_url, STORIES_URL), taxonomy.total

    targets: dict[str, list[str | int]] = {}
    for t in ("", *themes):
        for n in ("", *nations):
            href, count = found(t, n)
            targets[f"{t}|{n}"] = [href, count]
    return StoryFilter(
        themes=tuple(FilterOption(t.slug, t.name, int(targets[f"{t.slug}|{nation}"][1]), t.slug == theme)
                     for t in taxonomy.themes),
        nations=tuple(FilterOption(n.slug, n.name, int(targets[f"{theme}|{n.slug}"][1]), n.slug == nation)
                      for n in taxonomy.nations),
        all_themes=int(targets[f"|{nation}"][1]),
        all_nations=int(targets[f"{theme}|"][1]),
        targets=targets,
        status=status_text(int(targets[f"{theme}|{nation}"][1]), themes.get(theme), nations.get(nation))
        if theme or nation else "",
        clear_href=relative_url(page_url, STORIES_URL) if theme or nation else None,
        theme_links=tuple(Chip(relative_url(page_url, t.url), t.name, t.count, t.slug) for t in taxonomy.themes),
        nation_links=tuple(Chip(relative_url(page_url, n.url), n.name, n.count, n.slug) for n in taxonomy.nations),
    )


def status_text(count: int, theme: Term | None, nation: Term | None) -> str:
    """'1,000 stories', '12 stories about Community energy', '3 stories from Wales',
    '2 stories about Community energy in Wales'."""
    about = f" about {theme.name}" if theme else ""
    where = (" in " if theme else " from ") + nation.name if nation else ""
    return f"{count_text(count)}{about}{where}"
