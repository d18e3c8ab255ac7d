"""Site URLs: relative links between pages, and absolute ones for feeds and metadata."""

from __future__ import annotations

import posixpath


def relative_url(from_page: str, to: str) -> str:
    """Link from one site-relative directory URL ('stories/') to another ('themes/energy/').

    Both are relative to the site root, as MkDocs gives them with use_directory_urls."""
    start = posixpath.dirname(from_page.rstrip("/") + "/x") if from_page else "."
    target_is_dir = to.endswith("/") or to == ""
    path = posixpath.relpath(to or ".", start or ".")
    if target_is_dir:
        path = "./" if path == "." else path + "/"
    return path


def absolute_url(site_url: str, path: str) -> str:
    return site_url.rstrip("/") + "/" + path.lstrip("/")
