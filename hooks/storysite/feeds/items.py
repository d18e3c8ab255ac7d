"""One story as a feed item: stable id, absolute links, the full story as HTML, dates, categories
and the hero photo as measured in the built site. Built once per story, shared by every feed and
format it appears in.

The story HTML is the HTML MkDocs rendered for the story page (collected by the adapter), not a
second rendering: the feed then shows exactly what the page shows, with the site's Markdown
extensions, and no story is rendered twice. Its relative links are made absolute here with
lxml (already installed as feedgen's own dependency), which parses HTML as browsers do."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import urljoin

import lxml.html

from .channels import FeedSite, region_label
from ..routes import PLACES_URL, THEMES_URL, nation_url
from ..model import Render, Source, Story, Theme
from ..pictures.story_photos import media_type
from ..pages.views import CorrectionView, correction_views
from ..problems import InputError, Problem

# The year the site's tag: URIs were minted. Fixed for good: an id must never change, or feed
# readers show the story again as new (RFC 4151 tag URIs: authority, date, then a local name).
ID_SINCE = "2025"


@dataclass(frozen=True)
class Enclosure:
    url: str
    length: int  # bytes, of the file as written into the built site
    media_type: str


@dataclass(frozen=True)
class Category:
    term: str  # "energy", "places/england/london"
    label: str  # "Community energy", "London, England"
    scheme: str  # absolute URL of the page listing the category's stories


@dataclass(frozen=True)
class FeedItem:
    id: str
    url: str
    title: str
    summary: str  # plain text
    content_html: str  # the full story; every link and image absolute
    published: dt.datetime
    updated: dt.datetime
    authors: tuple[str, ...]
    categories: tuple[Category, ...]
    image: Enclosure | None


def story_id(site: FeedSite, slug: str) -> str:
    """'tag:stories.example.org,2025:stories/<slug>': depends only on the site and the story's folder
    name, so editing the title, the dates or the text never makes a story look new."""
    return f"tag:{site.host},{ID_SINCE}:stories/{slug}"


def feed_id(site: FeedSite, path: str) -> str:
    return f"tag:{site.host},{ID_SINCE}:feeds/{path}"


def day_start(date: dt.date) -> dt.datetime:
    """Stories carry a day, not a time: midnight UTC, the same on every machine."""
    return dt.datetime(date.year, date.month, date.day, tzinfo=dt.timezone.utc)


@dataclass(frozen=True)
class ItemPhoto:
    url: str
    alt: str
    credit: str


@dataclass(frozen=True)
class ItemContent:
    """The whole story for a feed reader (partials/feed-item.html): hero photo, the rendered body
    with absolute links, its corrections, then its sources. `body` is None only when the story's page
    was not rendered; the summary stands in for it then."""

    photo: ItemPhoto | None
    body: str | None  # HTML MkDocs rendered
    summary: str
    sources: tuple[Source, ...]
    corrections: tuple[CorrectionView, ...] = ()  # oldest first: a corrected story carries its notes


def feed_item(story: Story, themes: tuple[Theme, ...], site: FeedSite, body_html: str | None,
              photo: Enclosure | None, render: Render) -> FeedItem:
    url = site.absolute(story.url)
    return FeedItem(
        id=story_id(site, story.slug),
        url=url,
        title=story.title,
        summary=story.summary,
        content_html=render("partials/feed-item.html", {"item": item_content(story, url, body_html, photo)}),
        published=day_start(story.date),
        updated=day_start(story.last_modified),
        authors=story.authors,
        categories=story_categories(story, themes, site),
        image=photo,
    )


def story_categories(story: Story, themes: tuple[Theme, ...], site: FeedSite) -> tuple[Category, ...]:
    found = [Category(t.slug, t.name, site.absolute(THEMES_URL)) for t in themes]
    place = story.place
    if place.region:
        found.append(Category(place.url.rstrip("/"), region_label(place.region), site.absolute(PLACES_URL)))
    found.append(Category(nation_url(place.nation).rstrip("/"), place.nation, site.absolute(PLACES_URL)))
    return tuple(found)


def item_content(story: Story, url: str, body_html: str | None, photo: Enclosure | None) -> ItemContent:
    return ItemContent(
        photo=ItemPhoto(photo.url, story.image.alt, story.image.credit) if photo and story.image else None,
        body=absolute_html(body_html, url) if body_html is not None else None,
        summary=story.summary,
        sources=story.sources,
        corrections=correction_views(story),
    )


def absolute_html(html: str, base_url: str) -> str:
    """`html` with every href, src and srcset made absolute against `base_url`, and the heading
    permalinks ('¶') that the toc extension adds left out: in a feed reader they are clutter."""
    if not html.strip():
        return ""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for anchor in root.xpath('.//a[contains(concat(" ", normalize-space(@class), " "), " headerlink ")]'):
        anchor.drop_tree()
    root.make_links_absolute(base_url, resolve_base_href=False)
    for element in root.xpath(".//*[@srcset]"):  # lxml's link rewriting leaves srcset alone
        element.set("srcset", _absolute_srcset(element.get("srcset"), base_url))
    text = escape(root.text, quote=False) if root.text else ""  # lxml gives leading text unescaped
    return text + "".join(lxml.html.tostring(child, encoding="unicode") for child in root)


def _absolute_srcset(srcset: str, base_url: str) -> str:
    candidates = []
    for candidate in srcset.split(","):
        parts = candidate.strip().split(None, 1)
        if parts:
            candidates.append(" ".join([urljoin(base_url, parts[0]), *parts[1:]]))
    return ", ".join(candidates)


def built_photo(story: Story, site: FeedSite, site_dir: Path, shown_dir: str = "stories") -> Enclosure | None:
    """The story's hero photo as the build wrote it (site_dir/stories/<slug>/<file>): its size
    and type are read from that file, since the build may re-encode photos."""
    if story.image is None:
        return None
    written = site_dir / story.url / story.image.file
    if not written.is_file():
        raise InputError([Problem(f"{shown_dir}/{story.slug}/index.md", None, "image.file",
                                  f"the photo '{story.image.file}' was not written to the built site "
                                  f"({written}), so feeds cannot attach it. Check that the build copies "
                                  "story photos beside their pages.")])
    return Enclosure(url=site.absolute(story.url + story.image.file), length=written.stat().st_size,
                     media_type=media_type(written))
