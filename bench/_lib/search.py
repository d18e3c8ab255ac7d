"""A reader's first search: in headless Chromium, the bytes the server sends from the moment the
reader reaches for search (a click on Material's search box, answered by Pagefind through
assets/javascripts/search-worker.js) until the first results are shown, plain and gzip-compressed
as GitHub Pages serves them; and the top results of a few queries on the real stories.

Before Pagefind (Material's own search, measured on 30 November 2026): Material's
search/search_index.json was 9,947 KiB at 3,000 stories, 1,908 KiB gzip-compressed, all fetched
for a first search; Chromium ran out of memory indexing it under load."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from _lib import REPO  # noqa: F401 - puts tests/ on the path
from _lib.counting_server import Log, Sent, serve_counted
from browser import CHROMIUM_FLAGS, DESKTOP, block_outside_requests, chromium_path

WORD = "turbine"
QUERIES = ("wind turbine Bristol", "pub Wales", "credit union", "riot", "Llŷn", "pneumatic")


@dataclass(frozen=True)
class SearchCost:
    gzip: bool
    sent: list[Sent]  # every response from reaching for search to the first results
    shown: int  # results listed


def _fresh_page(browser, base: str):
    context = browser.new_context(viewport=DESKTOP)  # search box in the header, as Material lays it out
    block_outside_requests(context)
    page = context.new_page()
    page.goto(base, wait_until="load")
    page.wait_for_load_state("networkidle")
    # The listing's lazy pictures and the sitemap can arrive after the network first goes quiet:
    # let them land before the measurement starts, or they are counted as the search's.
    page.wait_for_timeout(1500)
    page.wait_for_load_state("networkidle")
    return context, page


def first_search(browser, base: str, log: Log, query: str) -> tuple[list[Sent], list[str]]:
    """Click the search box, type, wait for this query's results; what was sent and the result paths."""
    context, page = _fresh_page(browser, base)
    mark = log.mark()
    page.click(".md-search__input")
    page.keyboard.type(query)
    words = " ".join(re.split(r"[\s\-]+", query.lower().strip()))  # as the worker splits them
    page.wait_for_function(
        "words => { const links = [...document.querySelectorAll('.md-search-result__item > a')];"
        " return links.length > 0 && links.every(a => new URL(a.href).searchParams.get('h') === words); }",
        arg=words, timeout=90_000)
    page.wait_for_load_state("networkidle")
    urls = page.eval_on_selector_all(".md-search-result__item > a",
                                     "links => links.map(a => new URL(a.href).pathname)")
    sent = log.since(mark)
    context.close()
    return sent, urls


def costs(site: Path) -> list[SearchCost]:
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        try:
            for gzip in (False, True):
                with serve_counted(site, gzip_like_pages=gzip) as (base, log):
                    sent, urls = first_search(browser, base, log, WORD)
                    rows.append(SearchCost(gzip, sent, len(urls)))
        finally:
            browser.close()
    return rows


def quality(site: Path) -> list[tuple[str, list[str]]]:
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as playwright, serve_counted(site) as (base, log):
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        try:
            for query in QUERIES:
                rows.append((query, first_search(browser, base, log, query)[1][:5]))
        finally:
            browser.close()
    return rows


def _short(path: str) -> str:
    return "`" + (path.strip("/").replace("stories/", "") or "home") + "`"


def _kind(path: str) -> str:
    name = path.split("?")[0].rsplit("/", 1)[-1]
    if name.endswith(".pf_fragment"):
        return "fragments"
    if name.endswith(".pf_index"):
        return "index chunks"
    return name.split("?")[0]


def table(large: Path, stories: int, date: str, rows: list[SearchCost], found: list[tuple[str, list[str]]]) -> str:
    files = [p for p in (large / "pagefind").rglob("*") if p.is_file()]
    lines = [f"Measured on {date} at {stories:,} synthetic stories by `bench/first_visit.py`: bytes the server "
             "sent (headers and bodies) from a reader's click on the search box of the home page (desktop "
             f"viewport, empty cache) until the results for '{WORD}' were shown.", "",
             f"Pagefind's index on disk: {len(files):,} files, {sum(p.stat().st_size for p in files) / 1024:,.0f} KiB "
             "(fetched a few at a time).", "",
             "| served | requests | KiB sent | results shown | of which, KiB |", "| --- | ---: | ---: | ---: | --- |"]
    for r in rows:
        parts: dict[str, int] = {}
        for s in r.sent:
            parts[_kind(s.path)] = parts.get(_kind(s.path), 0) + s.bytes
        detail = ", ".join(f"{name} {size / 1024:,.1f}" for name, size in sorted(parts.items(), key=lambda i: -i[1]))
        lines.append(f"| {'gzip' if r.gzip else 'plain'} | {len(r.sent)} | "
                     f"{sum(s.bytes for s in r.sent) / 1024:,.0f} | {r.shown} | {detail} |")
    plain, gz = (sum(s.bytes for s in r.sent) for r in rows)
    lines += ["", f"gzip ÷ plain: {gz / plain:.2f}x.", "", "Top five results on the real stories:", "",
              "| query | results |", "| --- | --- |"]
    for query, urls in found:
        lines.append(f"| {query} | {', '.join(map(_short, urls)) or 'none'} |")
    return "\n".join(lines) + "\n"
