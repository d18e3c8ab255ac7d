"""Listings in pages of PAGE_SIZE stories, newest first: the Stories page, every theme, place and
theme-in-a-nation page. A first visit then costs the same at 30 stories as at 3,000.

Page 1 stays at the listing's own URL; later pages are at 'page/2/' below it (routes.py). Each
page knows its neighbours and a short run of page numbers (first, last, and around the current
one), so the pagination bar stays a handful of links however long the listing grows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import yaml

from ..routes import listing_page_url, relative_url
from ..stories.reading import front_matter
from .taxonomy import count_text

# About two phone screens of cards, and three rows of eight on a desktop; with the 34 real
# stories the Stories page has two pages, so the published site always exercises pagination.
PAGE_SIZE = 24

T = TypeVar("T")

# Later pages say what page 1 says: search lists page 1 only (Material's search reads this).
# Pagefind reads the built pages: overrides/main.html marks the whole content of a page with
# `pagefind: false` as one for it to skip.
LATER_PAGE_META: dict[str, Any] = {"search": {"exclude": True}, "pagefind": False}


@dataclass(frozen=True)
class PageLink:
    """One page number in the pagination bar; `number` None is a gap ('…')."""

    number: int | None
    href: str = ""  # relative to the page it is on
    current: bool = False


@dataclass(frozen=True)
class Pager:
    """The pagination bar of one page (partials/pager.html)."""

    number: int
    count: int
    newer: str | None  # the page before (newer stories), relative; None on the first
    older: str | None  # the page after (older stories), relative; None on the last
    links: tuple[PageLink, ...]


@dataclass(frozen=True)
class Listing:
    """What a page says about the part of a listing it shows, and how to reach the rest."""

    showing_text: str | None  # 'Showing 25–48 of 1,000 stories, newest first.'; None when empty
    pager: Pager | None  # None when the whole listing fits on one page


def page_count(total: int, size: int = PAGE_SIZE) -> int:
    """Pages a listing of `total` stories needs; an empty listing still has its first page."""
    return max(1, -(-total // size))


def page_items(items: Sequence[T], number: int, size: int = PAGE_SIZE) -> Sequence[T]:
    if not 1 <= number <= page_count(len(items), size):
        raise ValueError(f"page {number} of a listing of {len(items)} has no stories")
    return items[(number - 1) * size: number * size]


def listing(first_url: str, total: int, number: int, size: int = PAGE_SIZE) -> Listing:
    """Page `number` of the listing whose first page is `first_url`, as seen from that page."""
    count = page_count(total, size)
    if not total:
        return Listing(None, None)
    if count == 1:
        return Listing(f"{count_text(total)}, newest first.", None)
    first = (number - 1) * size + 1
    last = min(number * size, total)
    showing = f"Showing {first:,}–{last:,} of {count_text(total)}, newest first."
    return Listing(showing, pager(first_url, number, count))


def pager(first_url: str, number: int, count: int) -> Pager:
    here = listing_page_url(first_url, number)

    def href(n: int) -> str:
        return relative_url(here, listing_page_url(first_url, n))

    links = tuple(PageLink(n, href(n), n == number) if n else PageLink(None) for n in page_numbers(number, count))
    return Pager(number, count, href(number - 1) if number > 1 else None,
                 href(number + 1) if number < count else None, links)


def page_numbers(current: int, count: int, around: int = 1) -> tuple[int, ...]:
    """The page numbers the bar shows, 0 for a gap: (1, 0, 5, 6, 7, 0, 42). A gap of a single page
    is shown as that page instead, so a gap always hides two pages or more."""
    wanted = {1, count, *range(current - around, current + around + 1)}
    shown = sorted(n for n in wanted if 1 <= n <= count)
    numbers: list[int] = []
    for n in shown:
        if numbers and n - numbers[-1] == 2:
            numbers.append(n - 1)
        elif numbers and n - numbers[-1] > 2:
            numbers.append(0)
        numbers.append(n)
    return tuple(numbers)


def page_title(title: str, number: int, count: int) -> str:
    """'Stories' on page 1, 'Stories, page 2 of 5' after it: every page has a title of its own."""
    return title if number == 1 else f"{title}, page {number} of {count}"


def page_description(description: str, number: int, count: int) -> str:
    return description if number == 1 else f"Page {number} of {count}. {description}"


# A hand-written page with the listing (the Stories page) ---------------------------------------

@dataclass(frozen=True)
class LaterPage:
    """Page 2 or later of a hand-written listing page: its own Markdown (the page's own, under
    front matter with a title and description of its own), and page 1's URL, title and
    description, for its share card."""

    url: str
    first_url: str
    first_title: str
    first_description: str
    markdown: str


def later_pages(markdown: str, first_url: str, total: int, size: int = PAGE_SIZE) -> tuple[LaterPage, ...]:
    """Pages 2 and on of the hand-written page `markdown` at `first_url` whose listing holds `total`
    stories: the same Markdown (its markers show each page's own part of the listing)."""
    meta, body = _split(markdown)
    title = str(meta.get("title") or _heading(body) or first_url.strip("/").title())
    description = str(meta.get("description") or "")
    others: dict[str, Any] = {**{k: v for k, v in meta.items() if k not in ("title", "description")},
                              **LATER_PAGE_META}
    count = page_count(total, size)
    return tuple(
        LaterPage(listing_page_url(first_url, n), first_url, title, description,
                  front_matter(page_title(title, n, count), page_description(description, n, count), **others)
                  + body)
        for n in range(2, count + 1)
    )


def _split(markdown: str) -> tuple[dict[str, Any], str]:
    """Front matter and body of a hand-written page (MkDocs' own rule: between '---' lines)."""
    lines = markdown.split("\n")
    if lines and lines[0].strip() == "---":
        for index in range(1, len(lines)):
            if lines[index].strip() in ("---", "..."):
                meta = yaml.safe_load("\n".join(lines[1:index])) or {}
                return (meta if isinstance(meta, dict) else {}), "\n".join(lines[index + 1:])
    return {}, markdown


def _heading(body: str) -> str | None:
    return next((line[2:].strip() for line in body.split("\n") if line.startswith("# ")), None)
