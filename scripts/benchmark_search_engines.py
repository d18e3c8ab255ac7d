#!/usr/bin/env python3
"""Material's search against Pagefind: python scripts/benchmark_search_engines.py [--stories 3000]

Builds this site with N synthetic stories and with the real ones, indexes each with Pagefind too
(the pagefind-bin wheel, pinned, installed into .cache/pagefind/ on first use: no Node needed),
and in headless Chromium measures, by bytes the server sent, what a reader's first search
fetches after the page has loaded: Material's search box, Pagefind's JavaScript API (the first
five results' fragments, as its UI shows) and Pagefind's default UI. Then it runs a few queries
on the real stories through both engines and lists the top results, to compare quality."""

from __future__ import annotations

import argparse
import datetime as dt
import gzip as gzip_module
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
sys.path.insert(0, str(REPO / "tests"))

from benchmark_doc import write_section  # noqa: E402
from benchmark_sites import this_site  # noqa: E402
from browser import CHROMIUM_FLAGS, DESKTOP, block_outside_requests, chromium_path  # noqa: E402
from counting_server import Log, serve_counted  # noqa: E402

PAGEFIND_VERSION = "1.5.2"
PAGEFIND_DIR = REPO / ".cache" / "pagefind"
# Index the article only (not Material's header, navigation and footer), one page per index.html.
PAGEFIND_ARGS = ("--root-selector", ".md-content", "--glob", "**/index.html")
WORD = "turbine"
QUERIES = ("wind turbine Bristol", "pub Wales", "credit union", "riot")

PAGEFIND_API = """async ([word, shown]) => {
  const pagefind = await import('/pagefind/pagefind.js');
  await pagefind.init();
  const search = await pagefind.search(word);
  const data = await Promise.all(search.results.slice(0, shown).map(r => r.data()));
  return [search.results.length, data.map(d => [d.url, d.meta.title])];
}"""
PAGEFIND_UI = """async () => {
  const box = document.createElement('div'); box.id = 'pagefind-box'; document.body.prepend(box);
  const css = document.createElement('link'); css.rel = 'stylesheet'; css.href = '/pagefind/pagefind-ui.css';
  document.head.append(css);
  await new Promise(done => { const s = document.createElement('script'); s.src = '/pagefind/pagefind-ui.js';
    s.onload = done; document.head.append(s); });
  new PagefindUI({ element: '#pagefind-box', showSubResults: false });
}"""


@dataclass(frozen=True)
class SearchCost:
    engine: str
    gzip: bool
    sent: int  # bytes the server sent for the search, after the page's first view
    requests: int
    results: int | str


def ensure_pagefind() -> Path:
    binary = PAGEFIND_DIR / "pagefind_bin" / "pagefind"
    if not binary.is_file():
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--target", str(PAGEFIND_DIR),
                        f"pagefind-bin=={PAGEFIND_VERSION}"], check=True)
    return binary


def index_site(binary: Path, site: Path) -> str:
    done = subprocess.run([str(binary), "--site", str(site), *PAGEFIND_ARGS], capture_output=True,
                          text=True, check=True)
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


def _settle(page) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(800)


def _fresh_page(browser, base: str):
    context = browser.new_context(viewport=DESKTOP)  # search box in the header, as Material lays it out at 1366 px
    block_outside_requests(context)
    page = context.new_page()
    page.goto(base, wait_until="load")
    _settle(page)
    return context, page


def material_search(browser, base: str, log: Log, query: str, shown: int = 5) -> tuple[int, int, int, list[str]]:
    context, page = _fresh_page(browser, base)
    mark = log.mark()
    page.click(".md-search__input")
    page.keyboard.type(query)
    page.wait_for_selector(".md-search-result__meta", timeout=90_000)
    page.wait_for_timeout(1500)  # Material searches as you type; let the last keystroke's results land
    _settle(page)
    items = page.locator(".md-search-result__list > li")
    urls = [items.nth(i).locator("a").first.get_attribute("href") or "" for i in range(min(shown, items.count()))]
    sent = log.since(mark)
    context.close()
    return sum(s.bytes for s in sent), len(sent), items.count(), urls


def pagefind_api(browser, base: str, log: Log, query: str, shown: int = 5) -> tuple[int, int, int, list[str]]:
    context, page = _fresh_page(browser, base)
    mark = log.mark()
    count, rows = page.evaluate(PAGEFIND_API, [query, shown])
    _settle(page)
    sent = log.since(mark)
    context.close()
    return sum(s.bytes for s in sent), len(sent), count, [url for url, _ in rows]


def pagefind_ui(browser, base: str, log: Log, query: str) -> tuple[int, int, int]:
    context, page = _fresh_page(browser, base)
    mark = log.mark()
    page.evaluate(PAGEFIND_UI)
    page.fill("#pagefind-box input", query)
    page.wait_for_selector(".pagefind-ui__result", timeout=90_000)
    _settle(page)
    shown = page.locator(".pagefind-ui__result").count()
    sent = log.since(mark)
    context.close()
    return sum(s.bytes for s in sent), len(sent), shown


def material_from_disk(site: Path, gzip: bool) -> SearchCost:
    """Material's first search when Chromium crashed: its index file's bytes, as the server would send them."""
    data = (site / "search" / "search_index.json").read_bytes()
    sent = len(gzip_module.compress(data, 6, mtime=0)) if gzip else len(data)
    return SearchCost("Material search (index file on disk: Chromium crashed)", gzip, sent, 1, "n/a")


def costs(site: Path) -> list[SearchCost]:
    from playwright.sync_api import Error as PlaywrightError, sync_playwright

    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        try:
            for gzip in (False, True):
                with serve_counted(site, gzip_like_pages=gzip) as (base, log):
                    try:
                        sent, requests, results, _ = material_search(browser, base, log, WORD)
                        rows.append(SearchCost("Material search", gzip, sent, requests, results))
                    except PlaywrightError:  # Chromium has run out of memory on the 8 MB index before
                        rows.append(material_from_disk(site, gzip))
                        browser.close()
                        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
                    sent, requests, results, _ = pagefind_api(browser, base, log, WORD)
                    rows.append(SearchCost("Pagefind, JS API (5 results' fragments)", gzip, sent, requests, results))
                    sent, requests, results = pagefind_ui(browser, base, log, WORD)
                    rows.append(SearchCost("Pagefind, default UI", gzip, sent, requests, results))
        finally:
            browser.close()
    return rows


def quality(site: Path) -> list[tuple[str, list[str], list[str]]]:
    from playwright.sync_api import Error as PlaywrightError, sync_playwright

    rows = []
    with sync_playwright() as playwright, serve_counted(site) as (base, log):
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        try:
            for query in QUERIES:
                try:
                    material = material_search(browser, base, log, query)[3]
                except PlaywrightError:  # a crash of Chromium under load: say so in the table
                    material = ["(Chromium crashed)"]
                    browser.close()
                    browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
                pagefind = pagefind_api(browser, base, log, query)[3]
                rows.append((query, material, pagefind))
        finally:
            browser.close()
    return rows


def _short(url: str) -> str:
    path = url.split("://", 1)[-1].split("/", 1)[-1] if "://" in url else url
    return "`" + (path.strip("/").replace("stories/", "").split("#")[0] or "home") + "`"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=3000)
    parser.add_argument("--work", type=Path, help="build here and reuse earlier builds")
    parser.add_argument("--no-doc", action="store_true")
    parser.add_argument("--date", default=dt.date.today().isoformat())
    args = parser.parse_args()
    binary = ensure_pagefind()
    with tempfile.TemporaryDirectory(prefix="stories-search-engines-") as temporary:
        work = args.work or Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        large, real = this_site(work, args.stories), this_site(work, None)
        large_note, real_note = index_site(binary, large), index_site(binary, real)
        material_index = (large / "search" / "search_index.json").stat().st_size
        pagefind_files = [p for p in (large / "pagefind").rglob("*") if p.is_file()]
        pagefind_total = sum(p.stat().st_size for p in pagefind_files)
        rows = costs(large)
        print(rows, flush=True)
        found = quality(real)
    lines = [f"Measured on {args.date} at {args.stories:,} synthetic stories: bytes the server sent for "
             f"a reader's first search for '{WORD}' after the page (home, desktop viewport, empty cache) "
             "had loaded, by `scripts/benchmark_search_engines.py`. Pagefind "
             f"{PAGEFIND_VERSION} indexed `.md-content` of every page ({large_note}).", "",
             f"Material's `search_index.json`: {material_index / 1024:,.0f} KiB on disk. Pagefind's "
             f"bundle: {len(pagefind_files):,} files, {pagefind_total / 1024:,.0f} KiB in all on disk "
             "(fetched a few at a time).", "",
             "| engine | served | requests | KiB sent | results |", "| --- | --- | ---: | ---: | ---: |"]
    for r in rows:
        lines.append(f"| {r.engine} | {'gzip' if r.gzip else 'plain'} | {r.requests} | "
                     f"{r.sent / 1024:,.0f} | {r.results} |")
    lines += ["", f"Top five results on the real stories ({real_note}):", "",
              "| query | Material | Pagefind |", "| --- | --- | --- |"]
    for query, material, pagefind in found:
        lines.append(f"| {query} | {', '.join(map(_short, material)) or 'none'} | "
                     f"{', '.join(map(_short, pagefind)) or 'none'} |")
    text = "\n".join(lines) + "\n"
    print(text)
    if not args.no_doc:
        write_section("search-engines", "## First search: Material against Pagefind\n\n" + text)


if __name__ == "__main__":
    main()
