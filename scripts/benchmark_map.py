#!/usr/bin/env python3
"""Benchmark the map at scale: python scripts/benchmark_map.py [--stories 3000] [--runs 3]

Generates N synthetic stories (never in stories/), builds the site, and measures:
- the data: bytes of /stories.geojson (the open data download) per story, raw and gzipped, and
  the map's own files: the first view's overview and every clustered tile (map/points/);
- the build: how long the map's part takes in-process (checking every point against the land
  outline, and making the GeoJSON and the Map page), which must grow linearly with N;
- the browser: how long headless Chromium takes from navigation to a usable Map page (the first
  view's clusters drawn and the theme filter live: the page sets data-map-ready), at phone and
  desktop widths, and how long a theme change takes. Median and fastest of --runs page loads,
  each with a cold cache; on a shared machine the fastest is the code's own cost.

scripts/benchmark.py calls map_figures() on the site it has just built for its largest N."""

from __future__ import annotations

import argparse
import gzip
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
for folder in ("hooks", "scripts", "tests"):
    if str(REPO / folder) not in sys.path:
        sys.path.insert(0, str(REPO / folder))

from browser import CHROMIUM_FLAGS, DESKTOP, PHONE, block_outside_requests, chromium_path, serve  # noqa: E402
from sitebuild import copy_project, run_build  # noqa: E402
from synthetic_stories import generate  # noqa: E402


@dataclass(frozen=True)
class MapFigures:
    stories: int
    geojson_bytes: int
    geojson_gzip_bytes: int
    map_page_bytes: int
    overview_bytes: int
    point_files: int
    point_bytes: int
    ready_ms: dict[str, tuple[float, float]]  # viewport -> (fastest, median) ms from navigation to data-map-ready
    filter_ms: dict[str, float]  # viewport -> median ms to apply a theme filter

    def report(self) -> str:
        n = self.stories
        lines = [
            f"Map with {n} stories:",
            f"  /stories.geojson  {self.geojson_bytes / 1024:8.1f} kB  ({self.geojson_bytes / n:.0f} bytes a story; "
            f"gzipped {self.geojson_gzip_bytes / 1024:.1f} kB, {self.geojson_gzip_bytes / n:.0f} bytes a story)",
            f"  /map/ page HTML   {self.map_page_bytes / 1024:8.1f} kB  (the outline and the places)",
            f"  map/points/5.json {self.overview_bytes / 1024:8.1f} kB  (the first view's clusters)",
            f"  map/points/       {self.point_bytes / 1024:8.1f} kB in {self.point_files} files "
            f"(every level's clusters and tiles; a reader fetches those in view)",
        ]
        for name, (fastest, median) in self.ready_ms.items():
            lines.append(f"  {name:<8} usable after {median:5.0f} ms (median; fastest {fastest:.0f} ms); "
                         f"theme filter {self.filter_ms[name]:.0f} ms")
        return "\n".join(lines)


def _page_timings(browser, url: str, viewport: dict, runs: int) -> tuple[tuple[float, float], float]:
    ready, filtering = [], []
    for _ in range(runs):
        context = browser.new_context(viewport=viewport)  # a cold cache every run
        outside = block_outside_requests(context)
        page = context.new_page()
        page.goto(url + "map/")
        page.wait_for_selector("[data-stories-map][data-map-ready]", timeout=60_000)
        ready.append(float(page.get_attribute("[data-stories-map]", "data-map-ready-ms")))
        theme = page.eval_on_selector("[data-map-theme]", "s => s.options[1].value")
        filtering.append(page.evaluate(
            """theme => {
                const select = document.querySelector('[data-map-theme]');
                const start = performance.now();
                select.value = theme;
                select.dispatchEvent(new Event('change'));
                document.body.getBoundingClientRect();  // include the layout it causes
                return performance.now() - start;
            }""", theme))
        context.close()
        if outside.urls:
            raise SystemExit(f"the Map page tried to reach other hosts: {outside.urls[:3]}")
    return (min(ready), statistics.median(ready)), statistics.median(filtering)


def map_figures(site: Path, runs: int = 3) -> MapFigures:
    """Measure a built site's map (the site must have been built from N stories)."""
    from playwright.sync_api import sync_playwright

    geojson = (site / "stories.geojson").read_bytes()
    stories = geojson.count(b'"type":"Feature"')
    ready, filtering = {}, {}
    with serve(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
            ready[name], filtering[name] = _page_timings(browser, url, viewport, runs)
        browser.close()
    points = [p for p in (site / "map" / "points").rglob("*.json")]
    return MapFigures(stories=stories, geojson_bytes=len(geojson),
                      overview_bytes=(site / "map" / "points" / "5.json").stat().st_size,
                      point_files=len(points), point_bytes=sum(p.stat().st_size for p in points),
                      geojson_gzip_bytes=len(gzip.compress(geojson, compresslevel=6, mtime=0)),
                      map_page_bytes=(site / "map" / "index.html").stat().st_size,
                      ready_ms=ready, filter_ms=filtering)


def build_share(stories_dir: Path) -> str:
    """In-process timings of the map's part of a build, for N stories."""
    from storysite.stories.collection import load_collection
    from storysite.settings import build_today
    from storysite.geo.places import land_problem
    from storysite.pages.maps import map_files
    from storysite.settings import Settings
    from storysite.stories.rendering import read_site_context
    import jinja2

    collection = load_collection(stories_dir, site=read_site_context(REPO / "mkdocs.yml")[0], include_unpublished=False, today=build_today())
    stories = collection.published
    start = time.perf_counter()
    for story in stories:
        land_problem(story.place.nation, story.place.latitude, story.place.longitude)
    land = time.perf_counter() - start
    start = time.perf_counter()
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).resolve().parent.parent / "overrides"),
                             autoescape=True)
    map_files(stories, collection.vocabulary, Settings(), "https://example.org/",
              lambda name, context: env.get_template(name).render(context))
    files = time.perf_counter() - start
    return (f"  build share: land check {1000 * land:.0f} ms, GeoJSON + map page {1000 * files:.0f} ms "
            f"({1e6 * (land + files) / max(len(stories), 1):.0f} µs a story)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, nargs="+", default=[3000])
    parser.add_argument("--runs", type=int, default=3, help="page loads per viewport (median is reported)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="stories-map-benchmark-"))
    try:
        for n in args.stories:
            stories = generate(work / f"stories-{n}", n)
            project = copy_project(work / f"project-{n}", stories)
            result = run_build(project, work / f"site-{n}")
            if result.returncode != 0:
                raise SystemExit(f"build failed:\n{result.output}")
            print(map_figures(result.site, args.runs).report())
            print(build_share(stories), flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
