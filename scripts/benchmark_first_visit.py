#!/usr/bin/env python3
"""First-visit bytes by server bytes: python scripts/benchmark_first_visit.py [--sizes 1000 3000]

Builds this site with the real stories and with N synthetic ones, serves each on 127.0.0.1 with
a server that logs every byte it sends (scripts/counting_server.py), plainly and gzip-compressed
as GitHub Pages does, and opens each page type in a fresh headless Chromium context (empty
cache, phone viewport) until the network is quiet. The sum is what left the server: the
browser's own response list would also count re-reads from its cache. sitemap.xml, which
Material's instant navigation fetches on a first visit, is shown on its own."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
sys.path.insert(0, str(REPO / "tests"))

from benchmark_doc import write_section  # noqa: E402
from benchmark_sites import page_paths, this_site  # noqa: E402
from browser import CHROMIUM_FLAGS, PHONE, block_outside_requests, chromium_path  # noqa: E402
from counting_server import Log, Sent, serve_counted  # noqa: E402


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


def measure(site: Path, gzip: bool) -> list[FirstVisit]:
    from playwright.sync_api import sync_playwright

    visits = []
    with serve_counted(site, gzip_like_pages=gzip) as (base, log), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        try:
            for name, path in page_paths(site).items():
                visits.append(visit(browser, base, log, name, path))
        finally:
            browser.close()
    return visits


def kib(size: int) -> str:
    return f"{size / 1024:,.0f}"


def table(columns: dict[str, list[FirstVisit]]) -> str:
    heads = list(columns)
    lines = ["| page | " + " | ".join(f"{h}: total KiB (sitemap.xml)" for h in heads) + " |",
             "| --- |" + " ---: |" * len(heads)]
    for i, first in enumerate(next(iter(columns.values()))):
        cells = [f"{kib(v[i].total)} ({kib(v[i].of('/sitemap.xml'))})" for v in columns.values()]
        lines.append(f"| {first.page} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def largest_files(visits: list[FirstVisit], count: int = 6) -> str:
    """The biggest responses on the heaviest page, to say where the bytes go."""
    heaviest = max(visits, key=lambda v: v.total)
    top = sorted(heaviest.sent, key=lambda s: -s.bytes)[:count]
    return f"{heaviest.page}: " + ", ".join(f"`{s.path}` {kib(s.bytes)} KiB" for s in top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000])
    parser.add_argument("--work", type=Path, help="build here and reuse earlier builds (default: a temporary folder)")
    parser.add_argument("--no-doc", action="store_true")
    parser.add_argument("--date", default=dt.date.today().isoformat())
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="stories-first-visit-") as temporary:
        work = args.work or Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        real_count = len(list((REPO / "stories").glob("*/index.md")))
        sites = {f"{real_count} real": this_site(work, None)}
        sites.update({f"{n:,}": this_site(work, n) for n in args.sizes})
        plain = {label: measure(site, gzip=False) for label, site in sites.items()}
        gzipped = {label: measure(site, gzip=True) for label, site in sites.items()}
        sitemaps = {label: (site / "sitemap.xml").stat().st_size for label, site in sites.items()}
    text = (
        f"Measured on {args.date}: bytes the server sent (headers and bodies) for a first visit to each "
        "page type in headless Chromium (phone viewport, empty cache, until the network is quiet), "
        "by `scripts/benchmark_first_visit.py`.\n\n"
        f"Served as files are (no compression):\n\n{table(plain)}\n\n"
        f"Served gzip-compressed as GitHub Pages does:\n\n{table(gzipped)}\n\n"
        "sitemap.xml on disk: " + ", ".join(f"{label} stories {kib(size)} KiB" for label, size in sitemaps.items())
        + ".\n\nLargest responses at the largest size, uncompressed: "
        + largest_files(list(plain.values())[-1]) + "; gzip: " + largest_files(list(gzipped.values())[-1]) + ".\n")
    print(text)
    if not args.no_doc:
        write_section("first-visit", "## First visit, by bytes the server sent\n\n" + text)


if __name__ == "__main__":
    main()
