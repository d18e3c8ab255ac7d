"""Reading story files: YAML read safely (no object-constructing tags, dates kept as text, the
line of every key remembered so that problems can point at it), front matter split off the
body; and the front matter of the pages the build generates."""

from __future__ import annotations

import re
from html import escape
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..problems import Problem


class _AliasRefused(yaml.MarkedYAMLError):
    """An anchor/alias ('&name' ... '*name'): refused, because aliases let a few lines expand into
    billions of values (the 'billion laughs' attack) and stories never need them."""


class _StrictSafeLoader(yaml.SafeLoader):
    """SafeLoader that leaves dates as strings (so an impossible date such as 2025-02-30 gets a
    field-level message instead of a ValueError deep inside PyYAML), and refuses aliases."""

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _AliasRefused(problem=f"'*{event.anchor}'", problem_mark=event.start_mark)
        return super().compose_node(parent, index)


_StrictSafeLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _FastSafeLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's parser (about ten times faster) with the same constructor and the same resolvers
    (dates kept as text). It cannot refuse aliases while composing, so `_parse_fast` refuses any
    node reached twice, and hands every unusual document to the pure loader."""


_FastSafeLoader.yaml_implicit_resolvers = _StrictSafeLoader.yaml_implicit_resolvers


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

    `first_line` is the file line on which `text` starts (front matter starts after '---').
    Well-formed documents are read by libyaml; anything wrong or unusual is read again by the
    pure-Python loader, whose checks and line-numbered messages are the rules."""
    parsed = _parse_fast(text, first_line)
    if parsed is not None:
        return parsed, []
    return _parse_checked(text, shown_as, first_line)


def _parse_fast(text: str, first_line: int) -> ParsedYaml | None:
    """The document read by libyaml, or None when it has an error, an alias, a duplicate, merge
    or non-word key, or anything else the pure loader must explain."""
    if not getattr(yaml, "__with_libyaml__", False):  # PyYAML built without libyaml
        return None
    loader = _FastSafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return ParsedYaml(None, {"": first_line})
        if _reached_twice(node):  # an alias: refused, with its message, by the pure loader
            return None
        lines: dict[str, int] = {}
        problems: list[Problem] = []
        _map_lines(node, "", lines, problems, "", first_line - 1)
        if problems:
            return None
        return ParsedYaml(loader.construct_document(node), lines)
    except Exception:  # noqa: BLE001 - every failure is reported by the pure loader's checks
        return None
    finally:
        loader.dispose()


def _reached_twice(root: yaml.Node) -> bool:
    """libyaml composes '*name' as the very node '&name' made, so an alias is a node seen twice
    (found before anything walks the document, which an alias could make exponentially large)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(n for pair in node.value for n in pair)
    return False


def _parse_checked(text: str, shown_as: str, first_line: int) -> tuple[ParsedYaml | None, list[Problem]]:
    """The pure-Python loader: aliases refused as they are met, every problem named with its line."""
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
    except _AliasRefused as error:
        return None, [
            Problem(shown_as, error.problem_mark.line + 1 + offset, None,
                    f"YAML aliases ({error.problem}) are not allowed. Write the value out in full "
                    "instead of referring to an '&' anchor.")
        ]
    except _KeyNotAWord as error:
        return None, [Problem(shown_as, error.line, None, error.message)]
    except RecursionError:
        return None, [
            Problem(shown_as, first_line, None,
                    "the front matter nests lists or groups too deeply to read. Fields need at most a "
                    "few levels: see docs/contribute.md for the shape of each one.")
        ]
    except ValueError:  # e.g. '!!float abc', or an integer thousands of digits long
        bad = _unreadable_scalar(node) if node is not None else None
        line = bad.start_mark.line + 1 + offset if bad else first_line
        shown = f"'{bad.value[:20]}{'…' if len(bad.value) > 20 else ''}'" if bad else "a value"
        return None, [
            Problem(shown_as, line, None,
                    f"{shown} cannot be read as a number. Write numbers as plain decimals such as "
                    "51.4970 (at most a few digits), and remove any '!!' tag.")
        ]
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


class _KeyNotAWord(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line, self.message = line, message


def _map_lines(node: yaml.Node, path: str, lines: dict[str, int], problems: list[Problem],
               shown_as: str, offset: int) -> None:
    lines.setdefault(path, node.start_mark.line + 1 + offset)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _KeyNotAWord(key_node.start_mark.line + 1 + offset,
                                   "a field name must be a plain word such as 'title', not a list or a "
                                   "group of fields. Check that the line starts with the field name and a colon.")
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _KeyNotAWord(key_node.start_mark.line + 1 + offset,
                                   "'<<' (a YAML merge key) is not allowed. Write each field out in full.")
            # Keys are names as written: 'yes:' or '1:' stay the text 'yes' and '1', not True or 1,
            # so that a message names the field the contributor typed.
            key_node.tag = "tag:yaml.org,2002:str"
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


def _unreadable_scalar(root: yaml.Node) -> yaml.ScalarNode | None:
    """The first scalar that PyYAML cannot turn into a value, to point the contributor at it."""
    loader = _StrictSafeLoader("")  # a fresh constructor: the failed one keeps half-built state
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            try:
                loader.construct_object(node)
            except ValueError:
                return node
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            stack.extend(n for pair in reversed(node.value) for n in reversed(pair))
    return None


# Front matter -----------------------------------------------------------------------------------

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


# Front matter of generated pages ---------------------------------------------------------------

def attribute_text(text: str) -> str:
    """Text made safe for a double-quoted HTML attribute that a template prints unescaped, as
    Material prints a page's `description` front matter into <meta name="description">."""
    return escape(text, quote=False).replace('"', "&quot;")  # YAML front matter, not a template


def front_matter(title: str, description: str, **more: str) -> str:
    # Material prints `description` into an HTML attribute unescaped, so it goes in escaped
    # (the adapter reverses this for the Open Graph tags).
    meta = {"title": title, "description": attribute_text(description), **more}
    # libyaml's emitter writes the same text as PyYAML's pure one, five times faster.
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return "---\n" + yaml.dump(meta, Dumper=dumper, allow_unicode=True, sort_keys=True, width=1000) + "---\n"
