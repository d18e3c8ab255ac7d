"""Stories already read and checked, reused while their files are unchanged.

`mkdocs serve` rebuilds the whole site whenever a file is saved; reading, rendering and checking
a thousand unchanged stories again is most of that rebuild's own work. A story is reused only
while the bytes of its index.md and of every other file in its folder (photos), and everything
checking depends on (the vocabulary, the site's Markdown settings and pages, the build's day)
are all exactly as they were, so a stale entry can never be shown."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Story
from ..problems import Problem

Loaded = tuple[Story | None, list[Problem]]


@dataclass
class StoryCache:
    context: object = None  # what every entry was checked against; a change empties the cache
    entries: dict[Path, tuple[Hashable, Loaded]] = field(default_factory=dict)
    reused: int = 0  # in the last build, for the log and the tests

    def start(self, context: object) -> None:
        """Begin a build that checks stories against `context` (compared by equality)."""
        if context != self.context:
            self.context = context
            self.entries.clear()
        self.reused = 0

    def load(self, index_md: Path, load: Callable[[], Loaded]) -> Loaded:
        key = folder_fingerprint(index_md)
        cached = self.entries.get(index_md)
        if cached is not None and cached[0] == key:
            self.reused += 1
            story, problems = cached[1]
            return story, list(problems)
        story, problems = load()
        self.entries[index_md] = (key, (story, list(problems)))
        return story, problems


def folder_fingerprint(index_md: Path) -> Hashable:
    """The story text's own bytes, and every other file in the folder by name and bytes (keyed by
    content, not by time, so a file put back as it was is still recognised and nothing stale is reused)."""
    try:
        text_hash = hashlib.sha256(index_md.read_bytes()).hexdigest()
        others = tuple(sorted((p.name, hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "")
                              for p in index_md.parent.iterdir() if p.name != index_md.name))
    except OSError:
        return None  # unreadable: never reused; loading it again gives the message
    return text_hash, others
