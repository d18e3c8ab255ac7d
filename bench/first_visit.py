#!/usr/bin/env python3
"""First visit and first search, by bytes the server sent: `make first-visit`
(python bench/first_visit.py [--sizes 1000 3000] [--search-stories 3000]).

Builds this site with the real stories and with N synthetic ones, and Material's blog from the
largest N; serves each on 127.0.0.1 with a server that logs every byte it sends
(bench/_lib/counting_server.py), plainly and gzip-compressed as GitHub Pages does, and opens each
page type in a fresh headless Chromium context (empty cache, phone viewport) until the network is
quiet. The sum is what left the server: the browser's own response list would also count re-reads
from its cache. Then a reader's first search at --search-stories (bench/_lib/search.py). Prints
each table with its date and ratios (this site at N ÷ at the real stories; ÷ Material's blog post),
and writes them into bench/README.md between their markers (--no-doc: print only)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from _lib import REPO
from _lib.counting_server import Log, Sent, serve_counted
from _lib.readme import write_section
from _lib.search import costs as search_costs
from _lib.search import quality as search_quality
from _lib.search import table as search_table
from _lib.sites import blog_post_path, blog_site, page_paths, this_site
from browser import CHROMIUM_FLAGS, PHONE, block_outside_requests, chromium_path


@dataclass(frozen=True)
class FirstVisit:
    page: str
    sent: tuple[Sent, ...]

    @property
    def total(self) -> int:
        return sum(s.bytes for s in self.sent)

    def of(self, path_end: str) -> int:
        return sum(s.bytes for s in self.sent if s.path.endswith(path_end))


def visit(browser, base: str, log: Log, page_name: str, path: str) -> FirstVisit:
    context = browser.new_context(viewport=PHONE)
    block_outside_requests(context)
    page = context.new_page()
    mark = log.mark()
    page.goto(base + path, wait_until="load")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1000)  # Material fetches the sitemap after load; let late requests land
    context.close()
    return FirstVisit(page_name, tuple(log.since(mark)))


def measure(site: Path, gzip: bool, pages: dict[str, str] | None = None) -> list[FirstVisit]:
    from playwright.sync_api import sync_playwright

    visits = []
    with serve_counted(site, gzip_like_pages=gzip) as (base, log), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        try:
            for name, path in (pages or page_paths(site)).items():
                visits.append(visit(browser, base, log, name, path))
        finally:
            browser.close()
    return visits


def kib(size: int) -> str:
    return f"{size / 1024:,.0f}"


def table(columns: dict[str, list[FirstVisit]]) -> str:
    heads = list(columns)
    lines = ["| page | " + " | ".join(f"{h}: KiB" for h in heads) + f" | {heads[-1]} ÷ {heads[0]} |",
             "| --- |" + " ---: |" * (len(heads) + 1)]
    first_column, last_column = columns[heads[0]], columns[heads[-1]]
    for i, first in enumerate(first_column):
        cells = [kib(v[i].total) for v in columns.values()]
        lines.append(f"| {first.page} | " + " | ".join(cells) + f" | {last_column[i].total / first.total:.2f}x |")
    return "\n".join(lines)


def beside_blog(ours: list[FirstVisit], blog: list[FirstVisit]) -> str:
    """This site's story page and listing against the blog's post and index, at the same size."""
    story = next(v for v in ours if v.page == "story")
    listing = next(v for v in ours if v.page == "Stories")
    post, index = blog
    return (f"story {kib(story.total)} KiB ÷ blog post {kib(post.total)} KiB = {story.total / post.total:.2f}x; "
            f"Stories {kib(listing.total)} KiB ÷ blog index {kib(index.total)} KiB = {listing.total / index.total:.2f}x")


def largest_files(visits: list[FirstVisit], count: int = 6) -> str:
    """The biggest responses on the heaviest page, to say where the bytes go."""
    heaviest = max(visits, key=lambda v: v.total)
    top = sorted(heaviest.sent, key=lambda s: -s.bytes)[:count]
    return f"{heaviest.page}: " + ", ".join(f"`{s.path}` {kib(s.bytes)} KiB" for s in top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000])
    parser.add_argument("--search-stories", type=int, default=3000, help="0 to skip the first search")
    parser.add_argument("--work", type=Path, help="build here and reuse earlier builds (default: a temporary folder)")
    parser.add_argument("--no-doc", action="store_true", help="print only; leave bench/README.md alone")
    parser.add_argument("--date", default=dt.date.today().isoformat())
    args = parser.parse_args()
    largest = args.sizes[-1]
    with tempfile.TemporaryDirectory(prefix="stories-first-visit-") as temporary:
        work = args.work or Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        real_count = len(list((REPO / "stories").glob("*/index.md")))
        sites = {f"{real_count} real": this_site(work, None)}
        sites.update({f"{n:,}": this_site(work, n) for n in args.sizes})
        blog = blog_site(work, largest)
        blog_pages = {"blog post": blog_post_path(blog), "blog index": "blog/"}
        plain = {label: measure(site, gzip=False) for label, site in sites.items()}
        gzipped = {label: measure(site, gzip=True) for label, site in sites.items()}
        blog_plain, blog_gzip = measure(blog, False, blog_pages), measure(blog, True, blog_pages)
        search = ""
        if args.search_stories:
            large = this_site(work, args.search_stories)
            search = search_table(large, args.search_stories, args.date, search_costs(large),
                                  search_quality(sites[f"{real_count} real"]))
    text = (
        f"Measured on {args.date} by `bench/first_visit.py`: bytes the server sent (headers and bodies) for a "
        "first visit to each page type in headless Chromium (phone viewport, empty cache, until the network "
        "is quiet).\n\n"
        f"Served gzip-compressed, as GitHub Pages does:\n\n{table(gzipped)}\n\n"
        f"Served as files are (no compression):\n\n{table(plain)}\n\n"
        f"Beside Material's blog at {largest:,} posts, gzip: {beside_blog(gzipped[f'{largest:,}'], blog_gzip)}; "
        f"plain: {beside_blog(plain[f'{largest:,}'], blog_plain)}.\n\n"
        "Largest responses at the largest size, gzip: " + largest_files(list(gzipped.values())[-1]) + ".\n")
    print(text)
    if search:
        print(search)
    if not args.no_doc:
        write_section("first-visit", text)
        if search:
            write_section("first-search", search)


if __name__ == "__main__":
    sys.exit(main())
