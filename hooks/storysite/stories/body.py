"""Checking story bodies: nothing that would run code in a reader's browser, no second page title.

Stories arrive as pull requests from anyone, and Markdown passes raw HTML through, so a body
must not carry scripts, embedded frames or objects, event-handler attributes or javascript:
links. We reject rather than silently strip, so that the contributor sees what was wrong."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

_DANGEROUS_TAG = re.compile(r"<\s*(script|iframe|object|embed|frame|frameset|applet|base|form|meta|link|style)\b", re.I)
_EVENT_ATTRIBUTE = re.compile(r"<[a-z][^>]*?\s(on[a-z]+)\s*=", re.I)
_JAVASCRIPT_URL = re.compile(r"(?:\]\(\s*<?|=\s*[\"']?\s*|<)\s*(?:javascript|vbscript|data)\s*:", re.I)
_CODE_SPAN = re.compile(r"(`+).+?\1")
_FENCE = re.compile(r"^\s*(```|~~~)")


# Tags with no place in a story that can carry script (SVG and MathML animate attributes).
_FOREIGN_TAGS = {"svg", "math", "template", "noscript", "xmp", "plaintext"}
_URL_SCHEME = re.compile(r"^(javascript|vbscript|data):", re.I)
_MD_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]*)|^\s{0,3}\[[^\]]+\]:\s*<?(\S*)|<([a-z][a-z0-9+.\-]*:[^>\s]*)>", re.I | re.M)
_ATTR_LIST_EVENT = re.compile(r"\{[^}\n]*?\b(on[a-z]+)\s*=", re.I)
_JS_MESSAGE = "a 'javascript:' (or data:/vbscript:) link is not allowed. Link only to web pages starting https://."


def _dangerous_url(value: str) -> bool:
    """As a browser reads it: entities decoded, tabs, newlines and spaces inside dropped."""
    cleaned = re.sub(r"[\x00-\x20\x7f]+", "", unescape(value or ""))
    return bool(_URL_SCHEME.match(cleaned))


class _TagChecker(HTMLParser):
    """Reads raw HTML the way a browser tokenises it (entities decoded, tags split over lines,
    '<img/src=x/onerror=...>'), which line-by-line patterns cannot."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if _DANGEROUS_TAG.match(f"<{tag}") or tag in _FOREIGN_TAGS:
            self.found.append((line, f"a <{tag}> tag is not allowed in a story. Delete it; to show "
                                     "a video or map, link to it with [link text](https://...) instead."))
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append((line, f"the HTML attribute '{name}=' runs code and is not allowed. "
                                         "Delete it; write the text in plain Markdown."))
            elif value and _dangerous_url(value):
                self.found.append((line, _JS_MESSAGE))

    handle_startendtag = handle_starttag


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


def unsafe_html_problems(body: str, first_line: int) -> list[tuple[int, str]]:
    """(line, message) for every unsafe construct in a Markdown body; code blocks and code spans
    are text, so they are skipped."""
    found = _line_problems(body, first_line)
    text = without_code(body)
    checker = _TagChecker()
    checker.feed(text)
    checker.close()
    found += [(first_line + line - 1, message) for line, message in checker.found]
    for match in _MD_LINK_TARGET.finditer(text):
        target = next(group for group in match.groups() if group is not None)
        if _dangerous_url(target):
            found.append((first_line + text[: match.start()].count("\n"), _JS_MESSAGE))
    for match in _ATTR_LIST_EVENT.finditer(text):  # attr_list: '{: onclick="..." }'
        found.append((first_line + text[: match.start()].count("\n"),
                      f"the attribute '{match.group(1)}=' runs code and is not allowed. Delete it."))
    return sorted(set(found))


def _line_problems(body: str, first_line: int) -> list[tuple[int, str]]:
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


def rendered_html_problems(html: str) -> list[str]:
    """The same checks on the HTML that Markdown actually produced from a story: a second line of
    defence for any Markdown construct the source checks above do not know about."""
    checker = _TagChecker()
    checker.feed(html)
    checker.close()
    return sorted({message for _, message in checker.found})


# Body structure ---------------------------------------------------------------------------------

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
