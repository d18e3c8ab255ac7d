"""Every feed file of a build: for each channel (site, theme, place), RSS, Atom and JSON Feed bytes
keyed by their site-relative path. The adapter writes them into the built site.

Each story becomes a FeedItem once, however many feeds carry it, and each story is in a bounded
number of feeds, so the cost grows linearly with the number of stories."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from ..model import Render
from ..routes import FEED_STYLESHEET, feed_sitemap_path
from ..stories.collection import Collection
from .channels import FORMATS, Channel, FeedSite, channel_stories, channels
from .formats import FeedMeta, atom_feed, json_feed, rss_feed
from .items import FeedItem, built_photo, day_start, feed_id, feed_item
from ..model import Story

# What Material's script finds beside a theme's or place's feeds (routes.feed_sitemap_path): no
# pages, so it sees no language versions. Search engines look for a site's sitemap at the root
# (or where robots.txt says), never in these folders.
EMPTY_SITEMAP = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
                 b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n')


def feed_files(site: FeedSite, collection: Collection, *, limit: int, story_html: Mapping[str, str],
               site_dir: Path, render: Render, shown_dir: str = "stories",
               all_channels: tuple[Channel, ...] | None = None) -> dict[str, bytes]:
    """All feeds, as {site-relative path: bytes}. Pass `all_channels` when they are already built.

    `story_html` maps a story's slug to the HTML MkDocs rendered for its body; `site_dir` is the
    built site, where hero photos are measured; `render` renders partials/feed-item.html."""
    all_channels = channels(collection.vocabulary, site) if all_channels is None else all_channels
    chosen = channel_stories(all_channels, collection, limit)
    fallback = fallback_updated(collection)
    items: dict[str, FeedItem] = {}

    def item(story: Story) -> FeedItem:
        if story.slug not in items:
            photo = built_photo(story, site, site_dir, shown_dir)
            items[story.slug] = feed_item(story, collection.themes_of(story), site, story_html.get(story.slug),
                                          photo, render)
        return items[story.slug]

    files: dict[str, bytes] = {}
    for channel in all_channels:
        channel_items = tuple(item(story) for story in chosen[channel.path])
        meta = channel_meta(site, channel, channel_items, fallback)
        files.update(channel_files(channel, meta, channel_items))
        if channel.path:  # the site's own feeds sit beside the real sitemap.xml
            files[feed_sitemap_path(channel.path)] = EMPTY_SITEMAP
    return files


def channel_files(channel: Channel, meta: FeedMeta, items: tuple[FeedItem, ...]) -> dict[str, bytes]:
    """One channel's RSS, Atom and JSON Feed files."""
    writers = {"rss": lambda: rss_feed(meta, items, stylesheet_href(channel)),
               "atom": lambda: atom_feed(meta, items, stylesheet_href(channel)),
               "json": lambda: json_feed(meta, items)}
    return {channel.file(fmt): writers[fmt.key]() for fmt in FORMATS}


def channel_meta(site: FeedSite, channel: Channel, items: tuple[FeedItem, ...], fallback: dt.datetime) -> FeedMeta:
    return FeedMeta(
        id=feed_id(site, channel.path),
        title=channel.title,
        description=channel.description,
        home_url=site.absolute(channel.path),
        self_urls={fmt.key: site.absolute(channel.file(fmt)) for fmt in FORMATS},
        icon_url=site.absolute(site.icon),
        author=site.name,
        updated=max((item.updated for item in items), default=fallback),
    )


def stylesheet_href(channel: Channel) -> str:
    """The stylesheet's address relative to the feed (served from the site itself: browsers apply
    an XSLT stylesheet only from the feed's own origin), so that it is found on whichever host serves
    the site (production, `mkdocs serve`, a test server)."""
    return "../" * channel.path.count("/") + FEED_STYLESHEET


def fallback_updated(collection: Collection) -> dt.datetime:
    """The 'last updated' date of a feed with no stories: the newest published story on the site;
    failing that the build's day (SOURCE_DATE_EPOCH's day in a reproducible build). Never the clock's
    time of day, so builds repeat exactly."""
    return day_start(max((s.last_modified for s in collection.published), default=collection.today))
