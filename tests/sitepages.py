"""One page of each kind the site has, by site-relative URL: the pages the site-wide quality gates
(accessibility, valid HTML, privacy) check, so a new kind of page is added in one place."""

from __future__ import annotations

from storydata import STORIES

_STORY = STORIES[0]
_REGIONAL = next(s for s in STORIES if s.region)


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def nation_url(nation: str) -> str:
    """'places/northern-ireland/' for Northern Ireland."""
    return f"places/{_slug(nation)}/"


PAGE_TYPES: dict[str, str] = {
    "home": "",
    "stories": "stories/",
    "stories page 2": "stories/page/2/",  # a later page of a listing, with its pagination bar
    "story": _STORY.url,
    "themes": "themes/",
    "theme": f"themes/{_STORY.themes[0]}/",
    "theme in a nation": f"themes/{_STORY.themes[0]}/{_slug(_STORY.nation)}/",  # the filter, both chosen
    "places": "places/",
    "nation": f"places/{_slug(_REGIONAL.nation)}/",
    "region": f"places/{_slug(_REGIONAL.nation)}/{_slug(_REGIONAL.region or '')}/",
    "map": "map/",
    "subscribe": "subscribe/",
    "data": "data/",
    "contribute": "contribute/",
    "about": "about/",
    "404": "404.html",
}


def page_file(url: str) -> str:
    """The file in site/ that serves `url`: 'themes/' -> 'themes/index.html'."""
    return url if url.endswith(".html") else f"{url}index.html"
