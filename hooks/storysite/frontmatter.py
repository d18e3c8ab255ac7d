"""Splitting a story file into its YAML front matter and Markdown body."""

from __future__ import annotations

from dataclasses import dataclass

from .problems import Problem


@dataclass(frozen=True)
class SplitStory:
    front_matter: str
    front_matter_line: int  # file line on which the YAML starts
    body: str
    body_line: int  # file line on which the body starts


def split_front_matter(text: str, shown_as: str) -> tuple[SplitStory | None, list[Problem]]:
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None, [
            Problem(shown_as, 1, None,
                    "has no front matter. Start the file with a line '---', then the story's fields "
                    "(title, summary, date, …), then another '---' line, then the story text. "
                    "See docs/contribute.md for a complete example.")
        ]
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return SplitStory(
                front_matter="\n".join(lines[1:index]),
                front_matter_line=2,
                body="\n".join(lines[index + 1:]),
                body_line=index + 2,
            ), []
    return None, [
        Problem(shown_as, 1, None,
                "the front matter is never closed. Add a line '---' after the last field, "
                "before the story text.")
    ]
