"""Our own CSS and JavaScript made smaller for readers; the readable sources stay in docs/assets/."""

from __future__ import annotations

import rcssmin
import rjsmin


def minified(path: str, text: str) -> str | None:
    """The text of a .css or .js file without comments and needless white space (the same input
    always gives the same output), or None for any other kind of file."""
    if path.endswith(".css"):
        return rcssmin.cssmin(text)
    if path.endswith(".js"):
        # keep_bang_comments: a '/*! … */' licence notice stays with the code it covers.
        return rjsmin.jsmin(text, keep_bang_comments=True)
    return None
