"""Refusing story bodies that would run code in a reader's browser.

Stories arrive as pull requests from anyone, and Markdown passes raw HTML through, so a body
must not carry scripts, embedded frames or objects, event-handler attributes or javascript:
links. We reject rather than silently strip, so that the contributor sees what was wrong."""

from __future__ import annotations

import re

_DANGEROUS_TAG = re.compile(r"<\s*(script|iframe|object|embed|frame|frameset|applet|base|form|meta|link|style)\b", re.I)
_EVENT_ATTRIBUTE = re.compile(r"<[a-z][^>]*?\s(on[a-z]+)\s*=", re.I)
_JAVASCRIPT_URL = re.compile(r"(?:\]\(\s*<?|=\s*[\"']?\s*|<)\s*(?:javascript|vbscript|data)\s*:", re.I)
_CODE_SPAN = re.compile(r"(`+).+?\1")
_FENCE = re.compile(r"^\s*(```|~~~)")


def unsafe_html_problems(body: str, first_line: int) -> list[tuple[int, str]]:
    """(line, message) for every unsafe construct in a Markdown body; code blocks and code spans
    are text, so they are skipped."""
    problems: list[tuple[int, str]] = []
    in_fence = False
    for offset, raw in enumerate(body.split("\n")):
        if _FENCE.match(raw):
            in_fence = not in_fence
            continue
        if in_fence or raw.startswith("    "):
            continue
        line = _CODE_SPAN.sub("", raw)
        number = first_line + offset
        if match := _DANGEROUS_TAG.search(line):
            tag = match.group(1).lower()
            problems.append((number, f"a <{tag}> tag is not allowed in a story. Delete it; to show "
                                     "a video or map, link to it with [link text](https://...) instead."))
        if match := _EVENT_ATTRIBUTE.search(line):
            problems.append((number, f"the HTML attribute '{match.group(1)}=' runs code and is not allowed. "
                                     "Delete it; write the text in plain Markdown."))
        if _JAVASCRIPT_URL.search(line):
            problems.append((number, "a 'javascript:' (or data:/vbscript:) link is not allowed. "
                                     "Link only to web pages starting https://."))
    return problems
