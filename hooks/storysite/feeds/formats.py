"""Writing one feed in each format: RSS 2.0 and Atom 1.0 with feedgen, JSON Feed 1.1 by hand.

Pure functions from a channel's metadata and items to bytes. Nothing here reads the clock:
feedgen stamps `lastBuildDate`/`updated` (and every entry's `updated`) with now() unless told,
so every date is set explicitly, and two builds of the same stories give identical bytes."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from feedgen.feed import FeedGenerator
from lxml import etree

from .items import FeedItem

LANGUAGE = "en-GB"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


@dataclass(frozen=True)
class FeedMeta:
    """What a feed says about itself; every URL absolute."""

    id: str
    title: str
    description: str
    home_url: str  # the page the feed belongs to
    self_urls: dict[str, str]  # format key ("rss", "atom", "json") -> the feed's own URL
    icon_url: str
    author: str  # the site: Atom wants a feed-level author when a feed has no entries
    updated: dt.datetime


def rss_feed(meta: FeedMeta, items: tuple[FeedItem, ...], stylesheet: str | None = None) -> bytes:
    tree = _tree(_generator(meta, "rss", items).rss_str(pretty=True))
    return _serialise(tree, stylesheet)


def atom_feed(meta: FeedMeta, items: tuple[FeedItem, ...], stylesheet: str | None = None) -> bytes:
    tree = _tree(_generator(meta, "atom", items).atom_str(pretty=True))
    _repair_atom_entry_links(tree, items)
    return _serialise(tree, stylesheet)


def _generator(meta: FeedMeta, key: str, items: tuple[FeedItem, ...]) -> FeedGenerator:
    fg = FeedGenerator()
    fg.load_extension("dc", atom=False)  # RSS <author> must be an email; dc:creator takes a name
    fg.id(meta.id)
    fg.title(meta.title)
    fg.description(meta.description)  # RSS <description>, Atom <subtitle>
    # feedgen makes the last link added the RSS channel <link>: the home page must come last.
    fg.link(href=meta.self_urls[key], rel="self", type=_SELF_TYPES[key])
    fg.link(href=meta.home_url, rel="alternate", type="text/html")
    fg.language(LANGUAGE)
    fg.author(name=meta.author)
    fg.icon(meta.icon_url)  # Atom <icon>
    fg.image(url=meta.icon_url, title=meta.title, link=meta.home_url)  # RSS <image>, Atom <logo>
    fg.updated(meta.updated)  # also RSS lastBuildDate; otherwise feedgen uses now()
    for item in items:
        _add_entry(fg, item)
    return fg


_SELF_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml"}


def _add_entry(fg: FeedGenerator, item: FeedItem) -> None:
    entry = fg.add_entry(order="append")  # items arrive newest first; keep that order
    entry.id(item.id)  # Atom <id>; also RSS <guid isPermaLink="false">
    entry.title(item.title)
    entry.link(href=item.url, rel="alternate", type="text/html")
    entry.summary(item.summary)  # Atom <summary>, RSS <description>
    entry.content(item.content_html, type="html")  # Atom <content type="html">, RSS <content:encoded>
    entry.published(item.published)
    entry.updated(item.updated)
    for name in item.authors:
        entry.author(name=name)
    entry.dc.dc_creator(list(item.authors))
    for category in item.categories:
        entry.category(term=category.term, label=category.label, scheme=category.scheme)
    if item.image:
        entry.enclosure(url=item.image.url, length=str(item.image.length), type=item.image.media_type)


def _tree(xml: bytes) -> etree._ElementTree:
    return etree.ElementTree(etree.fromstring(xml))


def _repair_atom_entry_links(tree: etree._ElementTree, items: tuple[FeedItem, ...]) -> None:
    """feedgen 1.0.0 writes an Atom entry's <link> elements with their href only, dropping rel,
    type and length (python-feedgen issues #135 and #143, unfixed in a release), which turns the
    hero photo's enclosure into a second 'alternate' link. Rewrite each entry's links whole."""
    atom = "{http://www.w3.org/2005/Atom}"
    entries = tree.getroot().findall(f"{atom}entry")
    for entry, item in zip(entries, items, strict=True):
        old = entry.findall(f"{atom}link")
        at = entry.index(old[0])
        for link in old:
            entry.remove(link)
        links = [{"href": item.url, "rel": "alternate", "type": "text/html"}]
        if item.image:
            links.append({"href": item.image.url, "rel": "enclosure", "type": item.image.media_type,
                          "length": str(item.image.length)})
        for offset, attributes in enumerate(links):
            link = etree.Element(f"{atom}link", attributes)
            link.tail = old[0].tail
            entry.insert(at + offset, link)


def _serialise(tree: etree._ElementTree, stylesheet: str | None) -> bytes:
    """The feed's bytes, with `<?xml-stylesheet?>` before the root element so that a browser shows
    the feed as a page (feedgen cannot add processing instructions). Added to the parsed tree, so
    the result is well-formed XML by construction; feed readers ignore the instruction."""
    if stylesheet:
        if '"' in stylesheet or "?>" in stylesheet:
            raise ValueError(f"unsafe stylesheet address: {stylesheet!r}")
        instruction = etree.ProcessingInstruction("xml-stylesheet", f'type="text/xsl" href="{stylesheet}"')
        tree.getroot().addprevious(instruction)
    return etree.tostring(tree, pretty_print=True, encoding="UTF-8", xml_declaration=True)


def json_feed(meta: FeedMeta, items: tuple[FeedItem, ...]) -> bytes:
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1). Written by hand: feedgen has no JSON
    Feed output, and the format is a plain JSON object."""
    feed = {
        "version": JSON_FEED_VERSION,
        "title": meta.title,
        "home_page_url": meta.home_url,
        "feed_url": meta.self_urls["json"],
        "description": meta.description,
        "icon": meta.icon_url,
        "favicon": meta.icon_url,
        "authors": [{"name": meta.author}],
        "language": LANGUAGE,
        "items": [_json_item(item) for item in items],
    }
    return (json.dumps(feed, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _json_item(item: FeedItem) -> dict:
    entry = {
        "id": item.id,
        "url": item.url,
        "title": item.title,
        "content_html": item.content_html,
        "summary": item.summary,
        "date_published": item.published.isoformat(),
        "date_modified": item.updated.isoformat(),
        "authors": [{"name": name} for name in item.authors],
        "tags": [category.label for category in item.categories],
        "language": LANGUAGE,
    }
    if item.image:
        entry["image"] = item.image.url
        entry["attachments"] = [{"url": item.image.url, "mime_type": item.image.media_type,
                                 "size_in_bytes": item.image.length}]
    return entry
