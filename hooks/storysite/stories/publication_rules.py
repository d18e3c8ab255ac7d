"""The rules a story meets once it is not a draft: no placeholder text left from the new-story
scaffold (new_story_template.py), no example address as a source, a body of 250 to 600 words."""

from __future__ import annotations

import re
from urllib.parse import urlparse

from ..model import Story
from .new_story_template import (EXAMPLE_DOMAINS, PLACEHOLDER_AUTHOR, PLACEHOLDER_BODY, PLACEHOLDER_ORGANISATION,
                                 PLACEHOLDER_PLACE, PLACEHOLDER_SOURCE_TITLE, PLACEHOLDER_SUMMARY, PLACEHOLDER_TITLE)

WORDS_MIN, WORDS_MAX = 250, 600

_FILL = "Replace it with your own text, or keep 'draft: true' until the story is ready."


def word_count(body: str) -> int:
    """Words a reader reads: Markdown link targets, HTML tags and heading marks are not words."""
    text = re.sub(r"\]\([^)]*\)|<[^>]+>|^\s*#+\s", " ", body, flags=re.M)
    return len(re.findall(r"[^\W_][\w'’.-]*", text))


def is_example_url(url: str) -> bool:
    host = (urlparse(url).hostname or "").lower()
    return any(host == domain or host.endswith("." + domain) for domain in EXAMPLE_DOMAINS)


def publication_problems(story: Story) -> list[tuple[str, str]]:
    """(field, message) for what a story that is not a draft may not have. Drafts are exempt:
    they are shown only by `make serve` and never published."""
    if story.draft:
        return []
    found: list[tuple[str, str]] = []
    placeholders = {
        "title": (story.title, PLACEHOLDER_TITLE), "summary": (story.summary, PLACEHOLDER_SUMMARY),
        "place.name": (story.place.name, PLACEHOLDER_PLACE),
        "organisation.name": (story.organisation.name, PLACEHOLDER_ORGANISATION),
    }
    for field, (value, placeholder) in placeholders.items():
        if value.casefold() == placeholder.casefold():
            found.append((field, f"still has the new-story placeholder '{placeholder}'. {_FILL}"))
    for index, author in enumerate(story.authors):
        if author.casefold() == PLACEHOLDER_AUTHOR.casefold():
            found.append((f"authors[{index}]", f"still has the placeholder '{PLACEHOLDER_AUTHOR}'. "
                                               f"Write the author's name. {_FILL}"))
    for index, source in enumerate(story.sources):
        if source.title.casefold() == PLACEHOLDER_SOURCE_TITLE.casefold():
            found.append((f"sources[{index}].title", f"still has the placeholder '{PLACEHOLDER_SOURCE_TITLE}'. "
                                                     "Say what the page is, e.g. 'BBC News, 3 May 2024'."))
        if is_example_url(source.url):
            found.append((f"sources[{index}].url", f"'{source.url}' is an example address, not a real source. "
                                                   "Copy the address of the page that backs the story's facts."))
    if PLACEHOLDER_BODY in " ".join(story.body.split()):
        found.append(("body", f"still has the placeholder '{PLACEHOLDER_BODY}' {_FILL}"))
    words = word_count(story.body)
    if not WORDS_MIN <= words <= WORDS_MAX:
        advice = "Tell more of the story" if words < WORDS_MIN else "Cut it down"
        found.append(("body", f"has {words} words; a published story has {WORDS_MIN} to {WORDS_MAX}. "
                              f"{advice}, or keep 'draft: true' until it is ready."))
    return found
