"""Reading contributors' YAML safely: no object-constructing tags, dates kept as text, and the
line of every key remembered so that problems can point at it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem


class _StrictSafeLoader(yaml.SafeLoader):
    """SafeLoader that leaves dates as strings (so an impossible date such as 2025-02-30 gets a
    field-level message instead of a ValueError deep inside PyYAML)."""


_StrictSafeLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class ParsedYaml:
    """A YAML document's data plus the 1-based line of every field path ('place.latitude',
    'sources[0].url')."""

    data: Any
    lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, path: str) -> int | None:
        """The line of a field, or of its nearest parent that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = re.sub(r"(\.[^.\[]*|\[\d+\])$", "", path) if re.search(r"[.\[]", path) else ""
        return self.lines.get("")


def read_text(path: Path, shown_as: str) -> tuple[str | None, list[Problem]]:
    """A file's text, with a UTF-8 byte-order mark dropped and Windows line endings folded."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        return None, [Problem(shown_as, None, None, f"could not be read ({error.strerror}).")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [
            Problem(
                shown_as,
                line,
                None,
                f"is not UTF-8 text (byte {error.start} cannot be read). "
                "Save the file as UTF-8 in your editor and try again.",
            )
        ]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def parse_yaml(text: str, shown_as: str, first_line: int = 1) -> tuple[ParsedYaml | None, list[Problem]]:
    """Parse YAML with yaml.SafeLoader semantics, mapping every key to its line.

    `first_line` is the file line on which `text` starts (front matter starts after '---')."""
    offset = first_line - 1
    loader = _StrictSafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return ParsedYaml(None, {"": first_line}), []
        lines: dict[str, int] = {}
        problems: list[Problem] = []
        _map_lines(node, "", lines, problems, shown_as, offset)
        data = loader.construct_document(node)
    except yaml.constructor.ConstructorError as error:
        mark = error.problem_mark
        tag = getattr(error, "problem", "") or ""
        return None, [
            Problem(
                shown_as,
                (mark.line + 1 + offset) if mark else None,
                None,
                f"YAML tags that build objects are not allowed ({tag.strip()}). "
                "Remove the '!!' tag and write the value as plain text, a number or a list.",
            )
        ]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        what = (error.problem or error.context or "the YAML is malformed").strip()
        # PyYAML notices some mistakes a line late (an unclosed '[' is found on the next line);
        # name the line where the broken value began too.
        began = error.context_mark if error.context_mark and mark and error.context_mark.line < mark.line else None
        since = f" (in the {error.context.replace('while parsing a ', '')} that begins on line " \
                f"{began.line + 1 + offset})" if began and error.context else ""
        return None, [
            Problem(
                shown_as,
                (mark.line + 1 + offset) if mark else None,
                None,
                f"the front matter is not valid YAML: {what}{since}. Check the indentation and that any "
                "value containing ': ' or starting with a quote, '[' or '{' is wrapped in quotes.",
            )
        ]
    except yaml.YAMLError as error:
        return None, [Problem(shown_as, first_line, None, f"the front matter is not valid YAML: {error}.")]
    finally:
        loader.dispose()
    return ParsedYaml(data, lines), problems


def _map_lines(node: yaml.Node, path: str, lines: dict[str, int], problems: list[Problem],
               shown_as: str, offset: int) -> None:
    lines.setdefault(path, node.start_mark.line + 1 + offset)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            child = f"{path}.{key}" if path else key
            if key in seen:
                problems.append(
                    Problem(shown_as, key_node.start_mark.line + 1 + offset, child,
                            "appears twice. Keep one and delete the other.")
                )
            seen.add(key)
            lines[child] = key_node.start_mark.line + 1 + offset
            _map_lines(value_node, child, lines, problems, shown_as, offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _map_lines(item, f"{path}[{index}]", lines, problems, shown_as, offset)
