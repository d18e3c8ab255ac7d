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
from storysite.stories.new_story_template import TEMPLATE  # noqa: E402  (its placeholders are refused once not a draft)
from storysite.stories.vocabulary import SLUG_PATTERN  # noqa: E402



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
