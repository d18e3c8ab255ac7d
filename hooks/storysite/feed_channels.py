"""Which feeds the site publishes, and which stories each one carries.

One feed for the whole site, one per theme, one per nation and one per English region. Every
feed exists in three formats side by side in the folder of the page it belongs to
(`themes/energy/feed.xml`, `atom.xml`, `feed.json`), so a page's feed is found from its URL."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlparse

from .collection import Collection, is_published
from .geography import ENGLISH_REGIONS, NATIONS, nation_url, region_url
from .model import Story
from .problems import InputError, Problem
from .urls import absolute_url
from .vocabulary import Vocabulary


@dataclass(frozen=True)
class FeedFormat:
    key: str
    file: str
    media_type: str
    label: str  # as readers see it: "RSS"


FORMATS: tuple[FeedFormat, ...] = (
    FeedFormat("rss", "feed.xml", "application/rss+xml", "RSS"),
    FeedFormat("atom", "atom.xml", "application/atom+xml", "Atom"),
    FeedFormat("json", "feed.json", "application/feed+json", "JSON Feed"),
)


@dataclass(frozen=True)
class FeedSite:
    """What every feed says about the site itself."""

    url: str  # mkdocs.yml's site_url, e.g. "https://stories.communitybritain.example/"
    name: str
    description: str
    icon: str  # site-relative path of the site's icon, e.g. "assets/images/favicon.png"

    def absolute(self, path: str) -> str:
        return absolute_url(self.url, path)

    @property
    def host(self) -> str:
        return urlparse(self.url).hostname or ""


def feed_site(site_url: str | None, name: str, description: str | None, icon: str) -> FeedSite:
    """A FeedSite from mkdocs.yml's values; feeds need absolute addresses, so site_url is required."""
    parsed = urlparse(site_url or "")
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise InputError([Problem("mkdocs.yml", None, "site_url",
                                  f"'{site_url or ''}' is not the site's full address. Feeds need it to give "
                                  "readers working links: set e.g. 'site_url: https://stories.example.org/'.")])
    url = site_url if site_url.endswith("/") else site_url + "/"
    return FeedSite(url=url, name=name, description=description or name, icon=icon)


@dataclass(frozen=True)
class Channel:
    """One feed: what it is about and where it lives. Its stories are chosen by `channel_stories`."""

    path: str  # site-relative folder of the page and of the feed files: "" for the site, "themes/energy/"
    kind: str  # "site", "theme", "nation" or "region"
    name: str  # what the feed follows, as readers see it: "Community energy", "London, England"
    title: str
    description: str

    def file(self, fmt: FeedFormat) -> str:
        """Site-relative path of this feed in one format, e.g. 'themes/energy/feed.xml'."""
        return self.path + fmt.file


def channels(vocabulary: Vocabulary, site: FeedSite) -> tuple[Channel, ...]:
    """Every feed the site publishes, in the order the Subscribe page lists them. Themes and places
    with no stories still get a feed, so a reader can subscribe before the first story arrives."""
    found = [Channel("", "site", site.name, site.name, site.description)]
    for theme in vocabulary.themes:
        found.append(Channel(theme.url, "theme", theme.name, f"{theme.name} – {site.name}",
                             f"{theme.name}: {theme.description} New stories from {site.name}."))
    for nation in NATIONS:
        found.append(_place_channel(nation_url(nation), "nation", nation, site))
        if nation == "England":
            for region in ENGLISH_REGIONS:
                found.append(_place_channel(region_url(nation, region), "region",
                                            region_label(region), site))
    return tuple(found)


def region_label(region: str) -> str:
    """'London' -> 'London, England'; 'East of England' stays as it is."""
    return region if "England" in region else f"{region}, England"


def _place_channel(path: str, kind: str, label: str, site: FeedSite) -> Channel:
    return Channel(path, kind, label, f"{label} – {site.name}",
                   f"True stories of community-led change in {label}, from {site.name}.")


def story_channel_paths(story: Story, vocabulary: Vocabulary) -> tuple[str, ...]:
    """The feeds a story appears in: the site's, its themes', its nation's and its region's.
    Bounded per story, so the feeds cost grows linearly with the number of stories."""
    paths = ["", *(vocabulary.theme(slug).url for slug in story.themes), nation_url(story.place.nation)]
    if story.place.region:
        paths.append(story.place.url)
    return tuple(paths)


def channel_stories(all_channels: tuple[Channel, ...], collection: Collection, today: dt.date,
                    limit: int) -> dict[str, tuple[Story, ...]]:
    """Each channel's newest published stories (at most `limit`), keyed by channel path.

    Drafts and stories dated after `today` never appear, even when `mkdocs serve` has put them in
    the collection. The collection is newest first, so one pass keeps that order."""
    chosen: dict[str, list[Story]] = {channel.path: [] for channel in all_channels}
    for story in collection.stories:
        if not is_published(story, today):
            continue
        for path in story_channel_paths(story, collection.vocabulary):
            bucket = chosen[path]
            if len(bucket) < limit:
                bucket.append(story)
    return {path: tuple(stories) for path, stories in chosen.items()}
