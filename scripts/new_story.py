#!/usr/bin/env python3
"""Start a new story: python scripts/new_story.py my-story-name

Makes stories/<slug>/index.md from a template with every field to fill in, marked as a draft so
that it shows in `make serve` but is never published until you remove `draft: true`."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "hooks"))

from storysite.routes import slugify  # noqa: E402
from storysite.stories.vocabulary import SLUG_PATTERN  # noqa: E402

TEMPLATE = """---
title: A headline of up to 120 characters
summary: >-
  One or two sentences that make a reader want the story (up to 300 characters).
date: {today}
place:
  name: Town or neighbourhood
  latitude: 0.0000        # decimal degrees, e.g. 51.4970 (openstreetmap.org: right-click, "Show address")
  longitude: 0.0000       # west of Greenwich is negative, e.g. -2.6720
  nation: England         # England, Scotland, Wales or Northern Ireland
  region: South West      # England only; delete this line elsewhere
themes: [energy]          # slugs from stories/themes.yml
organisation:
  name: The group's name
  legal_form: co-operative  # from stories/legal-forms.yml
authors:
  - Your Name
sources:
  - title: What the page is
    url: https://example.org/page
# If a published story turns out to be wrong, fix it and add (see docs/contribute.md):
# corrections:
#   - date: YYYY-MM-DD    # the day you corrected it
#     text: What was wrong and what the story says now.
draft: true               # remove this line when the story is ready to publish
---

Write the story here, 250 to 600 words, in your own words. Every figure must be in a source above.
"""


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python scripts/new_story.py my-story-name", file=sys.stderr)
        return 2
    slug = slugify(argv[0])
    if not SLUG_PATTERN.match(slug):
        print(f"'{argv[0]}' does not make a usable folder name; use letters, digits and hyphens.", file=sys.stderr)
        return 2
    folder = REPO / "stories" / slug
    if folder.exists():
        print(f"stories/{slug}/ already exists: choose another name.", file=sys.stderr)
        return 1
    folder.mkdir(parents=True)
    (folder / "index.md").write_text(TEMPLATE.format(today=dt.date.today().isoformat()), encoding="utf-8")
    print(f"Created stories/{slug}/index.md. Fill in the fields, then run: make validate")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
