"""What a page tells link previews and search engines: Open Graph and Twitter card values for
every page, and schema.org JSON-LD for story pages.

Material already prints `<meta name="description">` and `<link rel="canonical">`; this module
adds only what Material does not, from the same description and canonical URL."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .model import Story, Theme
from .urls import absolute_url

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
    image: str | None = None
    image_alt: str | None = None
    published: str | None = None  # ISO dates, stories only
    modified: str | None = None
    tags: tuple[str, ...] = ()
    json_ld: str | None = None  # already safe inside <script type="application/ld+json">: print as is
    locale: str = LOCALE


def page_meta(site_name: str, title: str, description: str, url: str) -> PageMeta:
    return PageMeta(site_name=site_name, title=title, description=description, url=url)


def story_meta(story: Story, themes: tuple[Theme, ...], site_name: str, site_url: str, url: str) -> PageMeta:
    image = absolute_url(site_url, story.url + story.image.file) if story.image else None
    data = story_json_ld(story, themes, site_name, site_url, url, image)
    return PageMeta(
        site_name=site_name, title=story.title, description=story.summary, url=url, type="article",
        image=image, image_alt=story.image.alt if story.image else None,
        published=story.date.isoformat(), modified=story.last_modified.isoformat(),
        tags=tuple(t.name for t in themes), json_ld=script_safe_json(data),
    )


def story_json_ld(story: Story, themes: tuple[Theme, ...], site_name: str, site_url: str, url: str,
                  image: str | None) -> dict[str, Any]:
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
    return data


def script_safe_json(data: Any) -> str:
    """JSON that cannot end its <script> element early or open a comment inside it: '<', '>' and
    '&' are written as \\u escapes, which every JSON parser reads back as the same characters.
    (Contributors' text cannot hold '<', but URLs such as an organisation's website can.)"""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text
