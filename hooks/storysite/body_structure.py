"""Story bodies that fit the story page: the page's title comes from `title:`, so a body may not
start a second one, and the markers hand-written pages use for listings mean nothing in a story."""

from __future__ import annotations

import re

from .body_safety import without_code

_ATX_H1 = re.compile(r"^ {0,3}#(?:[ \t]|$)")
_SETEXT_H1 = re.compile(r"^ {0,3}=+[ \t]*$")
_SITE_MARKER = re.compile(r"<!--\s*(stories|feeds):[a-z-]+\s*-->")


def body_structure_problems(body: str, first_line: int) -> list[tuple[int, str]]:
    """(line, message) for every top-level heading and listing marker in a Markdown body."""
    problems: list[tuple[int, str]] = []
    lines = without_code(body).split("\n")
    for offset, line in enumerate(lines):
        number = first_line + offset
        previous = lines[offset - 1] if offset else ""
        if _ATX_H1.match(line) or (_SETEXT_H1.match(line) and previous.strip()):
            problems.append((number, "a '#' heading is a second page title: the story's title already "
                                     "heads the page. Use '## ' for the story's section headings."))
        if match := _SITE_MARKER.search(line):
            problems.append((number, f"'{match.group(0)}' is a marker for the site's own pages; in a story "
                                     "it would insert a site listing into the text. Delete it."))
    return problems
