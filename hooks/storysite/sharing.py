"""Share links for a story: plain links to each service's own share page, with no third-party
scripts, no counters and no tracking parameters. The reader's browser contacts a service only
when the reader follows its link.

Mastodon has no central share page (each reader belongs to their own server), so it gets the
text to post here and the page asks the reader for their server (see partials/story-share.html
and assets/javascripts/browse.js); a share service in between would see every reader."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote


@dataclass(frozen=True)
class ShareLink:
    service: str  # a stable id, used as a CSS class: "email", "whatsapp", ...
    label: str  # the link text
    href: str
    icon: str  # a Material theme icon, for `{% include %}` in a template


@dataclass(frozen=True)
class Sharing:
    url: str  # the story's absolute URL, as the copy-link button copies it
    text: str  # what a post says: the title and the URL (Mastodon, copy-and-paste)
    links: tuple[ShareLink, ...]


def _q(value: str) -> str:
    """Percent-encode a query value (spaces as %20, which mail clients need too)."""
    return quote(value, safe="")


def story_sharing(title: str, summary: str, url: str) -> Sharing:
    """Share links for a page with this title and summary at this absolute URL."""
    if not url.startswith(("https://", "http://")):
        raise ValueError(f"share links need an absolute URL, not {url!r}")
    post = f"{title} {url}"
    links = (
        ShareLink("email", "Email", f"mailto:?subject={_q(title)}&body={_q(summary + chr(10) + chr(10) + url)}",
                  ".icons/material/email-outline.svg"),
        ShareLink("whatsapp", "WhatsApp", f"https://wa.me/?text={_q(post)}",
                  ".icons/fontawesome/brands/whatsapp.svg"),
        ShareLink("bluesky", "Bluesky", f"https://bsky.app/intent/compose?text={_q(post)}",
                  ".icons/fontawesome/brands/bluesky.svg"),
        ShareLink("facebook", "Facebook", f"https://www.facebook.com/sharer/sharer.php?u={_q(url)}",
                  ".icons/fontawesome/brands/facebook.svg"),
        ShareLink("linkedin", "LinkedIn", f"https://www.linkedin.com/sharing/share-offsite/?url={_q(url)}",
                  ".icons/fontawesome/brands/linkedin.svg"),
        ShareLink("x", "X", f"https://x.com/intent/tweet?text={_q(title)}&url={_q(url)}",
                  ".icons/fontawesome/brands/x-twitter.svg"),
    )
    return Sharing(url=url, text=post, links=links)
