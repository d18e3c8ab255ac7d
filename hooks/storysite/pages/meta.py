"""What a page tells link previews, search engines and sharers: Open Graph and Twitter card values
for every page, schema.org JSON-LD for story pages, and a story's share links.

Material already prints `<meta name="description">` and `<link rel="canonical">`; this module
adds only what Material does not, from the same description and canonical URL."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..model import Story, Theme
from ..routes import absolute_url
from .sharecards import ShareImage
from urllib.parse import quote

LOCALE = "en_GB"
LANGUAGE = "en-GB"


@dataclass(frozen=True)
class PageMeta:
    """Plain text and absolute URLs; templates escape them (`| e`), except `json_ld`."""

    site_name: str
    title: str
    description: str
    url: str  # the canonical URL
    type: str = "website"  # Open Graph type: "website", or "article" for a story
    image: str | None = None  # the page's share card, absolute
    image_alt: str | None = None
    image_width: int | None = None
    image_height: int | None = None
    image_type: str | None = None  # 'image/png' or 'image/jpeg'
    published: str | None = None  # ISO dates, stories only
    modified: str | None = None
    tags: tuple[str, ...] = ()
    json_ld: str | None = None  # already safe inside <script type="application/ld+json">: print as is
    locale: str = LOCALE


def card_fields(card: ShareImage, site_url: str) -> dict[str, Any]:
    """The Open Graph / Twitter image fields for a page's share card."""
    return {"image": absolute_url(site_url, card.path), "image_alt": card.alt, "image_width": card.width,
            "image_height": card.height, "image_type": card.media_type}


def page_meta(site_name: str, title: str, description: str, url: str, card: ShareImage | None = None,
              site_url: str = "") -> PageMeta:
    images = card_fields(card, site_url) if card else {}
    return PageMeta(site_name=site_name, title=title, description=description, url=url, **images)


def story_meta(story: Story, themes: tuple[Theme, ...], site_name: str, site_url: str, url: str,
               card: ShareImage | None = None) -> PageMeta:
    images = card_fields(card, site_url) if card else {}
    # JSON-LD lists the photo (when there is one) and the card: search engines pick the ratio they need.
    photo = absolute_url(site_url, story.url + story.image.file) if story.image else None
    pictures = [url for url in (photo, images.get("image")) if url]
    data = story_json_ld(story, themes, site_name, site_url, url, pictures)
    return PageMeta(
        site_name=site_name, title=story.title, description=story.summary, url=url, type="article",
        **images, published=story.date.isoformat(), modified=story.last_modified.isoformat(),
        tags=tuple(t.name for t in themes), json_ld=script_safe_json(data),
    )


def story_json_ld(story: Story, themes: tuple[Theme, ...], site_name: str, site_url: str, url: str,
                  image: list[str] | str | None) -> dict[str, Any]:
    """A schema.org Article: where it happened (a Place with GeoCoordinates) and who did it."""
    place, organisation = story.place, story.organisation
    about: dict[str, Any] = {"@type": "Organization", "name": organisation.name}
    if organisation.website:
        about["url"] = organisation.website
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": story.title,
        "description": story.summary,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": LANGUAGE,
        "datePublished": story.date.isoformat(),
        "dateModified": story.last_modified.isoformat(),
        "author": [{"@type": "Person", "name": name} for name in story.authors],
        "publisher": {"@type": "Organization", "name": site_name, "url": site_url},
        "about": about,
        "contentLocation": {
            "@type": "Place",
            "name": place.name,
            "address": {"@type": "PostalAddress", "addressRegion": place.region or place.nation,
                        "addressCountry": "GB"},
            "geo": {"@type": "GeoCoordinates", "latitude": place.latitude, "longitude": place.longitude},
        },
        "keywords": [t.name for t in themes],
        "citation": [{"@type": "CreativeWork", "name": s.title, "url": s.url} for s in story.sources],
    }
    if image:
        data["image"] = image
    if story.corrections:  # schema.org's own property for a published correction
        data["correction"] = [{"@type": "CorrectionComment", "datePublished": c.date.isoformat(), "text": c.text}
                              for c in story.corrections]
    return data


def script_safe_json(data: Any) -> str:
    """JSON that cannot end its <script> element early or open a comment inside it: '<', '>' and
    '&' are written as \\u escapes, which every JSON parser reads back as the same characters.
    (Contributors' text cannot hold '<', but URLs such as an organisation's website can.)"""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


# Share links ------------------------------------------------------------------------------------

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
