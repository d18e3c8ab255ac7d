"""Which feeds the site publishes, and which stories each one carries.

One feed for the whole site, one per theme, one per nation and one per English region. Every
feed exists in three formats side by side in the folder of the page it belongs to
(`themes/energy/feed.xml`, `atom.xml`, `feed.json`), so a page's feed is found from its URL."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlparse

from ..stories.collection import Collection
from ..geo.places import ENGLISH_REGIONS, NATIONS
from ..model import Story
from ..routes import SUBSCRIBE_URL, absolute_url, listing_page, nation_url, region_url, relative_url
from ..stories.vocabulary import Vocabulary


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


def feed_site(site_url: str, name: str, description: str | None, icon: str) -> FeedSite:
    """A FeedSite from mkdocs.yml's values (site_url checked with the settings)."""
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


def channel_stories(all_channels: tuple[Channel, ...], collection: Collection, limit: int) -> dict[str, tuple[Story, ...]]:
    """Each channel's newest published stories (at most `limit`), keyed by channel path, taken
    from the collection's one grouping of the published stories (newest first)."""
    groups = collection.published_groups
    grouped: dict[str, tuple[Story, ...]] = {"": collection.published}
    grouped.update((theme.url, groups.by_theme[theme.slug]) for theme in collection.vocabulary.themes)
    grouped.update((nation_url(nation), stories) for nation, stories in groups.by_nation.items())
    grouped.update((region_url("England", region), stories) for region, stories in groups.by_region.items())
    return {channel.path: grouped[channel.path][:limit] for channel in all_channels}


# Feed links -------------------------------------------------------------------------------------
# How readers find the feeds: <link rel="alternate"> in every page's head, "Subscribe to this
# theme" on theme and place pages, the lists on the Subscribe page (partials/feed-*.html).

_WHAT = {"site": "every story", "theme": "this theme", "nation": "this nation", "region": "this region"}


@dataclass(frozen=True)
class HeadLink:
    media_type: str
    title: str
    href: str


@dataclass(frozen=True)
class FormatLink:
    href: str
    media_type: str
    key: str
    label: str


@dataclass(frozen=True)
class Subscribe:
    what: str  # "this theme"
    name: str  # what the feed follows
    formats: tuple[FormatLink, ...]
    help_href: str


@dataclass(frozen=True)
class FeedRow:
    anchor: str
    shown: str
    name: str
    formats: tuple[FormatLink, ...]
    nested: tuple[FeedRow, ...] = ()


@dataclass(frozen=True)
class FeedLinks:
    """The site's feeds, looked up by the URL of the page they belong to."""

    site: FeedSite
    channels: tuple[Channel, ...]

    def channel_for(self, page_url: str) -> Channel | None:
        """The feed of the page's listing: a theme's later pages ('themes/energy/page/2/') share its feed."""
        page_url, _ = listing_page(_folder(page_url))
        return next((c for c in self.channels if c.path == page_url), None)

    def head_links(self, page_url: str | None) -> tuple[HeadLink, ...]:
        """The site's feeds on every page, and a theme's or place's own feeds on its page.
        `page_url` is None on the 404 page, which is served at any address.

        Relative, not absolute: Material's instant navigation fetches a sitemap.xml next to every
        `link[rel=alternate]` it finds (its multi-language support), so absolute links would make
        `mkdocs serve` and test servers request the production host. Readers resolve them."""
        wanted = [self.channels[0]]
        own = self.channel_for(page_url or "")
        if own is not None and own.path:
            wanted.append(own)
        return tuple(HeadLink(fmt.media_type, f"{c.title} ({fmt.label})", self._href(page_url, c.file(fmt)))
                     for c in wanted for fmt in FORMATS)

    def _href(self, page_url: str | None, path: str) -> str:
        if page_url is None:
            return urlparse(self.site.url).path + path  # from the site's root, wherever 404.html shows
        # relative_url made cheap for a call on every page: pages are folders and feed paths start
        # at the site root, so the link goes down from the page's folder or up to the root.
        folder = _folder(page_url)
        return path[len(folder):] if path.startswith(folder) else "../" * folder.count("/") + path

    def subscribe(self, page_url: str) -> Subscribe | None:
        """'Subscribe to this theme: RSS · Atom · JSON Feed' for the page's own feed; None on a page
        with no feed of its own."""
        channel = self.channel_for(page_url)
        if channel is None:
            return None
        return Subscribe(_WHAT[channel.kind], channel.name, _formats(channel, page_url),
                         relative_url(page_url, SUBSCRIBE_URL))

    def feed_rows(self, kinds: tuple[str, ...], page_url: str) -> tuple[FeedRow, ...]:
        """The feeds of the given kinds; England's regions nested inside England."""
        rows: list[FeedRow] = []
        for channel in self.channels:
            if channel.kind not in kinds or channel.kind == "region":
                continue
            regions = tuple(_row(c, page_url) for c in self.channels if c.kind == "region" and "region" in kinds
                            and channel.kind == "nation" and c.path.startswith(channel.path))
            rows.append(_row(channel, page_url, regions))
        return tuple(rows)


def _folder(url: str) -> str:
    url = url.split("#", 1)[0].split("?", 1)[0].lstrip("/")
    if url.endswith("index.html"):
        url = url[: -len("index.html")]
    return url if not url or url.endswith("/") else url + "/"


def _formats(channel: Channel, page_url: str) -> tuple[FormatLink, ...]:
    return tuple(FormatLink(relative_url(page_url, channel.file(fmt)), fmt.media_type, fmt.key, fmt.label)
                 for fmt in FORMATS)


def _row(channel: Channel, page_url: str, nested: tuple[FeedRow, ...] = ()) -> FeedRow:
    anchor = "feed-" + (channel.path.strip("/").replace("/", "-") or "site")
    shown = "Every story on the site" if channel.kind == "site" else channel.name
    return FeedRow(anchor, shown, channel.name, _formats(channel, page_url), nested)
