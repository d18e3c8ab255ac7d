"""Our own stylesheets and scripts as readers get them: mkdocs.yml's extra_css joined into one
stylesheet named by its content, and our CSS and JavaScript minified in a published build.

Why one file: every page linked our five stylesheets as five requests before its first paint, and
their names never changed, so a reader's browser could keep an old copy after a deploy. Joined and
named by a hash of the text, they are one request that can be cached for good. Material's own
stylesheets are left to Material (base.html links them; their names carry their own hash).
Minifying is rcssmin's and rjsmin's (the same input always gives the same output)."""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import rcssmin
import rjsmin

STYLESHEET_DIR = "assets/stylesheets"


@dataclass(frozen=True)
class Stylesheet:
    path: str  # site path: assets/stylesheets/site.<hash>.css
    text: str
    sources: tuple[str, ...] = ()  # the docs paths it is made of: not published on their own


def site_stylesheet(sources: Sequence[tuple[str, str]], *, minify: bool) -> Stylesheet:
    """`sources` ((docs path, text), in mkdocs.yml's order) as one stylesheet. Each source must be
    in assets/stylesheets/, where the joined file is, so that its url(…)s still resolve."""
    texts = [(minified(path, text) or text) if minify else text for path, text in sources]
    text = "".join(f"{part.strip()}\n" for part in texts if part.strip())
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
    return Stylesheet(f"{STYLESHEET_DIR}/site.{digest}.css", text, tuple(path for path, _ in sources))


def stylesheet_problems(paths: Iterable[str], docs_dir: Path) -> list[str]:
    """Why a stylesheet listed in mkdocs.yml's extra_css cannot be joined, for each that cannot."""
    problems = []
    for path in paths:
        if not (docs_dir / path).is_file():
            problems.append(f"'{path}' is not in {docs_dir.name}/. List stylesheets by their path inside it, "
                            f"e.g. {STYLESHEET_DIR}/stories.css.")
        elif posixpath.dirname(path) != STYLESHEET_DIR:
            problems.append(f"'{path}' is not in {STYLESHEET_DIR}/. Put the stylesheet there (its url(…)s "
                            "are read from the joined stylesheet in that folder).")
    return problems


def minified(path: str, text: str) -> str | None:
    """The text of a .css or .js file without comments and needless white space, or None for any
    other kind of file."""
    if path.endswith(".css"):
        return rcssmin.cssmin(text)
    if path.endswith(".js"):
        # keep_bang_comments: a '/*! … */' licence notice stays with the code it covers.
        return rjsmin.jsmin(text, keep_bang_comments=True)
    return None


def minify_in_place(site_dir: Path, paths: Iterable[str]) -> None:
    """Our scripts in the built site made smaller (the readable sources stay in docs/assets/)."""
    for entry in dict.fromkeys(paths):
        path = site_dir / entry
        if path.is_file():
            smaller = minified(path.name, path.read_text(encoding="utf-8"))
            if smaller is not None:
                path.write_text(smaller, encoding="utf-8")
