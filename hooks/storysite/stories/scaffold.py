"""The new-story scaffold (`make new-story`) and the rules a story meets once it is not a draft:
no placeholder text left from the scaffold, a body of 250 to 600 words.

The placeholders live here, beside the template they come from, so the two cannot drift apart."""

from __future__ import annotations

import re
from urllib.parse import urlparse

from ..model import Story

WORDS_MIN, WORDS_MAX = 250, 600

PLACEHOLDER_TITLE = "A headline of up to 120 characters"
PLACEHOLDER_SUMMARY = "One or two sentences that make a reader want the story (up to 300 characters)."
PLACEHOLDER_PLACE = "Town or neighbourhood"
PLACEHOLDER_ORGANISATION = "The group's name"
PLACEHOLDER_AUTHOR = "Your Name"
PLACEHOLDER_SOURCE_TITLE = "What the page is"
PLACEHOLDER_SOURCE_URL = "https://example.org/page"
PLACEHOLDER_BODY = "Write the story here, 250 to 600 words, in your own words. Every figure must be in a source above."
# Domains reserved for examples in documentation (RFC 2606): never a real source.
EXAMPLE_DOMAINS = ("example.org", "example.com", "example.net")

TEMPLATE = f"""---
title: {PLACEHOLDER_TITLE}
summary: >-
  {PLACEHOLDER_SUMMARY}
date: {{today}}
place:
  name: {PLACEHOLDER_PLACE}
  latitude: 0.0000        # decimal degrees, e.g. 51.4970 (openstreetmap.org: right-click, "Show address")
  longitude: 0.0000       # west of Greenwich is negative, e.g. -2.6720
  nation: England         # England, Scotland, Wales or Northern Ireland
  region: South West      # England only; delete this line elsewhere
themes: [energy]          # slugs from stories/themes.yml
organisation:
  name: {PLACEHOLDER_ORGANISATION}
  legal_form: co-operative  # from stories/legal-forms.yml
authors:
  - {PLACEHOLDER_AUTHOR}
sources:
  - title: {PLACEHOLDER_SOURCE_TITLE}
    url: {PLACEHOLDER_SOURCE_URL}
# If a published story turns out to be wrong, fix it and add (see docs/contribute.md):
# corrections:
#   - date: YYYY-MM-DD    # the day you corrected it
#     text: What was wrong and what the story says now.
draft: true               # remove this line when the story is ready to publish
---

{PLACEHOLDER_BODY}
"""

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
