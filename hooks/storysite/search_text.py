"""The text a story page gives Material's search beyond its body.

Material's search plugin indexes a page's rendered content, and a story's title, summary,
place and organisation are printed by the story template around that content, not in it. So
the adapter puts this block at the top of a story's content just before the search plugin
reads it (on_page_content) and takes it off again just after (on_page_context, which for hooks
runs after plugins), so readers, templates and other hooks never see it."""

from __future__ import annotations

from html import escape

from .model import Story

_OPEN = '<div class="story-search-text" hidden>'


def story_search_text(story: Story) -> str:
    place, organisation = story.place, story.organisation
    where = ", ".join(part for part in (place.name, place.region, place.nation) if part)
    return (f"{_OPEN}<p>{escape(story.summary)}</p><p>{escape(where)}</p>"
            f"<p>{escape(organisation.name)}, {escape(organisation.legal_form)}</p></div>\n")


def with_search_text(html: str, story: Story) -> str:
    return story_search_text(story) + html


def without_search_text(html: str) -> str:
    """The content as rendered, without the block `with_search_text` added."""
    if html.startswith(_OPEN):
        return html[html.index("</div>\n") + len("</div>\n"):]
    return html
