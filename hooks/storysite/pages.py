"""Page content built from the collection: story pages, story cards, and the listings that
hand-written pages ask for with markers such as `<!-- stories:latest -->`."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

import yaml

from .collection import Collection
from .dates import long_date
from .images import PreparedPhoto
from .model import Story, Theme
from .problems import InputError, Problem
from .urls import relative_url


@dataclass(frozen=True)
class StoryView:
    """What the story template shows, ready to print."""

    story: Story
    themes: tuple[Theme, ...]
    date_text: str
    updated_text: str | None
    related: tuple[Story, ...] = ()
    hero: PreparedPhoto | None = None  # the published hero photo, for its width and height
    related_cards: str = ""  # the related stories as story cards (HTML), for the template


def story_view(story: Story, collection: Collection, related: tuple[Story, ...] = (),
               hero: PreparedPhoto | None = None) -> StoryView:
    return StoryView(
        story=story,
        themes=collection.themes_of(story),
        date_text=long_date(story.date),
        updated_text=long_date(story.updated) if story.updated else None,
        related=related,
        hero=hero,
        related_cards=story_cards(related, story.url, collection, heading_level=3) if related else "",
    )


def attribute_text(text: str) -> str:
    """Text made safe for a double-quoted HTML attribute that a template prints unescaped, as
    Material prints a page's `description` front matter into <meta name="description">."""
    return escape(text, quote=False).replace('"', "&quot;")


def front_matter(title: str, description: str) -> str:
    # Material prints `description` into an HTML attribute unescaped, so it goes in escaped
    # (_page_text in the adapter reverses this for the Open Graph tags).
    meta = {"title": title, "description": attribute_text(description)}
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=True, width=1000) + "---\n"


def story_page_markdown(story: Story) -> str:
    """The Markdown MkDocs renders for a story: minimal front matter for the template, then the body."""
    meta = {"template": "story.html", "title": story.title, "description": attribute_text(story.summary)}
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=True, width=1000) + "---\n\n" + story.body


def story_cards(stories: tuple[Story, ...] | list[Story], page_url: str, collection: Collection,
                heading_level: int = 3) -> str:
    """A grid of story cards (Material's `grid cards` styles), linked relative to `page_url`.

    Each card carries its themes and nation as data attributes for the Stories page filter.
    Search leaves the cards out (data-search-exclude): a story is found on its own page, not on
    every listing that shows its card."""
    if not stories:
        return '<p class="story-cards-empty">No stories here yet.</p>'
    items = []
    h = f"h{heading_level}"
    for story in stories:
        themes = collection.themes_of(story)
        theme_links = " ".join(
            f'<a class="story-card__theme" href="{relative_url(page_url, t.url)}">{escape(t.name)}</a>'
            for t in themes
        )
        items.append(
            f'<li class="story-card" data-themes="{" ".join(story.themes)}" '
            f'data-nation="{story.place.nation_slug}">'
            f'<{h} class="story-card__title"><a href="{relative_url(page_url, story.url)}">{escape(story.title)}</a></{h}>'
            f'<p class="story-card__meta"><span>{escape(story.place.name)}</span> · '
            f'<time datetime="{story.date.isoformat()}">{long_date(story.date)}</time></p>'
            f'<p class="story-card__summary">{escape(story.summary)}</p>'
            f'<p class="story-card__themes">{theme_links}</p>'
            "</li>"
        )
    return '<div class="grid cards story-cards" data-search-exclude><ul>' + "".join(items) + "</ul></div>"


# Markers a hand-written page may contain; each is replaced by generated HTML.
MARKER = re.compile(r"<!--\s*stories:([a-z-]+)\s*-->")
Renderer = Callable[[Collection, str], str]


def latest_stories(count: int) -> Renderer:
    """The `latest` marker: the newest `count` stories (mkdocs.yml: extra.stories.latest_on_home)."""
    def render(collection: Collection, page_url: str) -> str:
        return story_cards(collection.stories[:count], page_url, collection)
    return render


def _all(collection: Collection, page_url: str) -> str:
    return story_cards(collection.stories, page_url, collection, heading_level=2)


def _count(collection: Collection, page_url: str) -> str:
    return str(len(collection.stories))


RENDERERS: dict[str, Renderer] = {"latest": latest_stories(6), "all": _all, "count": _count}


def expand_markers(markdown: str, page_url: str, collection: Collection, shown_as: str,
                   renderers: dict[str, Renderer] = RENDERERS) -> str:
    """Replace every `<!-- stories:NAME -->` marker with its generated HTML."""
    problems = [
        Problem(shown_as, markdown[: m.start()].count("\n") + 1, None,
                f"'{m.group(0)}' is not a marker this site knows. Use one of: "
                + ", ".join(f"<!-- stories:{name} -->" for name in sorted(renderers)) + ".")
        for m in MARKER.finditer(markdown) if m.group(1) not in renderers
    ]
    if problems:
        raise InputError(problems)
    return MARKER.sub(lambda m: renderers[m.group(1)](collection, page_url), markdown)
