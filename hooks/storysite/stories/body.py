"""Checking a story body's Markdown for the site's listing markers, which only site pages may use.

What HTML a body may contain is checked on the rendered HTML, by one allowlist
(stories/allowlist.py through stories/rendering.py)."""

from __future__ import annotations

import re

_CODE_SPAN = re.compile(r"(`+).+?\1")


def without_code(body: str) -> str:
    """The body with fenced code blocks and code spans blanked (newlines kept, so lines still
    match). Only a fence that is closed by the same marker is code; an unclosed one is text."""
    lines = body.split("\n")
    out = list(lines)
    index = 0
    while index < len(lines):
        match = re.match(r"^\s{0,3}(`{3,}|~{3,})", lines[index])
        if match:
            marker = match.group(1)
            end = next((j for j in range(index + 1, len(lines))
                        if re.match(r"^\s{0,3}" + re.escape(marker[0]) + "{" + str(len(marker)) + r",}\s*$", lines[j])), None)
            if end is not None:
                for j in range(index, end + 1):
                    out[j] = ""
                index = end + 1
                continue
        out[index] = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), lines[index])
        index += 1
    return "\n".join(out)


# Body structure ---------------------------------------------------------------------------------

_SITE_MARKER = re.compile(r"<!--\s*(stories|feeds):[a-z-]+\s*-->")


def body_structure_problems(body: str, first_line: int) -> list[tuple[int, str]]:
    """(line, message) for every listing marker in a Markdown body (a '#' heading is refused by
    the HTML allowlist, which sees the <h1> it makes)."""
    problems: list[tuple[int, str]] = []
    lines = without_code(body).split("\n")
    for offset, line in enumerate(lines):
        number = first_line + offset
        if match := _SITE_MARKER.search(line):
            problems.append((number, f"'{match.group(0)}' is a marker for the site's own pages; in a story "
                                     "it would insert a site listing into the text. Delete it."))
    return problems
