#!/usr/bin/env python3
"""What a reader's first visit downloads, and what search costs: python scripts/benchmark_search.py
[--stories 1000] [--site DIR]

Serves a built site on 127.0.0.1 and opens a page in a fresh headless Chromium (empty cache),
waits until the network is quiet and adds up every response. It does this twice: as the site
is, and with the search-deferral script (overrides/partials/search-defer.html) taken out of the
page, which is what Material does by default. Then it focuses the search box, types a word and
adds up what that fetched. Sizes are as served (Python's http.server does not compress) and
gzip-compressed, roughly what a host that compresses would send.

`search_figures(site)` is what scripts/benchmark.py calls for each size it builds."""

from __future__ import annotations

import argparse
import gzip
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
sys.path.insert(0, str(REPO / "tests"))

from browser import CHROMIUM_FLAGS, DESKTOP, block_outside_requests, chromium_path, serve  # noqa: E402

INDEX_PATH = "search/search_index.json"
DEFER_SCRIPT = re.compile(rb'<script id="search-defer">.*?</script>', re.S)
SEARCH_WORD = "turbine"


@dataclass(frozen=True)
class Transfer:
    url: str
    size: int  # bytes as served
    gzipped: int  # bytes after gzip -6


@dataclass(frozen=True)
class Visit:
    page: str
    deferred: bool  # the search-deferral script was in the page
    first: tuple[Transfer, ...]  # the first view, until the network is quiet
    search: tuple[Transfer, ...]  # what focusing search and typing a word fetched afterwards
    results: int  # search results shown for SEARCH_WORD

    @staticmethod
    def total(transfers: tuple[Transfer, ...]) -> tuple[int, int]:
        return sum(t.size for t in transfers), sum(t.gzipped for t in transfers)

    def index_in(self, transfers: tuple[Transfer, ...]) -> int:
        return sum(t.size for t in transfers if t.url.endswith(INDEX_PATH))


def _collect(page, action) -> tuple[Transfer, ...]:
    responses = []

    def record(response) -> None:
        responses.append(response)

    page.on("response", record)
    action()
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)  # Material starts some requests after load; let them finish
    page.remove_listener("response", record)
    transfers = []
    for response in responses:
        try:
            body = response.body()
        except Exception:  # redirects and aborted requests have no body
            continue
        transfers.append(Transfer(response.url, len(body), len(gzip.compress(body, 6))))
    return tuple(transfers)


def measure_visit(browser, base_url: str, path: str = "", deferred: bool = True) -> Visit:
    """A first visit to `path`, then a search, in a fresh context (no cache, no storage)."""
    context = browser.new_context(viewport=DESKTOP)
    block_outside_requests(context)
    if not deferred:
        def without_defer(route) -> None:
            response = route.fetch()
            route.fulfill(response=response, body=DEFER_SCRIPT.sub(b"", response.body()))
        context.route(lambda url: url.startswith(base_url) and not re.search(r"\.\w+$", url.split("?")[0]),
                      without_defer)
    page = context.new_page()
    first = _collect(page, lambda: page.goto(base_url + path))

    def search() -> None:
        page.click(".md-search__input")
        page.keyboard.type(SEARCH_WORD)
        page.wait_for_selector(".md-search-result__list > li", timeout=60_000)

    during_search = _collect(page, search)
    results = page.locator(".md-search-result__list > li").count()
    context.close()
    return Visit(path or "/", deferred, first, during_search, results)


def measure_site(site: Path, paths: tuple[str, ...] = ("", "stories/")) -> list[Visit]:
    from playwright.sync_api import sync_playwright

    visits = []
    with serve(site) as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        try:
            for path in paths:
                for deferred in (True, False):
                    visits.append(measure_visit(browser, base_url, path, deferred))
        finally:
            browser.close()
    return visits


def _kb(size: int) -> str:
    return f"{size / 1024:,.0f} KiB"


def report(visits: list[Visit], site: Path) -> str:
    index = site / INDEX_PATH
    index_size = index.stat().st_size
    lines = [f"  search index on disk: {_kb(index_size)} ({_kb(len(gzip.compress(index.read_bytes(), 6)))} gzipped)"]
    for visit in visits:
        size, gzipped = Visit.total(visit.first)
        label = "deferred search index" if visit.deferred else "Material's default   "
        lines.append(
            f"  first visit to {visit.page:<9} {label}: {len(visit.first):>3} requests, {_kb(size):>10} "
            f"({_kb(gzipped)} gzipped), search index fetched: {_kb(visit.index_in(visit.first))}; "
            f"then searching '{SEARCH_WORD}' fetched {_kb(Visit.total(visit.search)[0])} "
            f"and showed {visit.results} results")
    return "\n".join(lines)


def search_figures(site: Path) -> str:
    """First-visit and search figures for a built site, as lines of text."""
    return report(measure_site(site), site)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=1000, help="build a site with N synthetic stories")
    parser.add_argument("--site", type=Path, help="measure this already built site instead")
    args = parser.parse_args()
    if args.site:
        print(search_figures(args.site))
        return
    from sitebuild import copy_project, run_build
    from synthetic_stories import generate

    with tempfile.TemporaryDirectory(prefix="stories-search-") as work:
        work_dir = Path(work)
        project = copy_project(work_dir / "project", generate(work_dir / "stories", args.stories))
        built = run_build(project, work_dir / "site")
        if built.returncode != 0:
            raise SystemExit(f"build failed:\n{built.output}")
        print(f"N={args.stories}:")
        print(search_figures(built.site))


if __name__ == "__main__":
    main()
