"""A reader's first tap on a phone, this site against a stock Material site, side by side.

Builds this site and a stock Material site (the same hand-written pages and one story, theme
material, no overrides, no hooks), serves each from 127.0.0.1 and opens its home page and a
story page in Debian's Chromium at 390x844 with the processor slowed 4x. Each page is loaded
fresh, left for 4 s after its load event, then the search button is tapped (or, on another
load, the menu button) and the time is taken from the tap's pointerdown to the search box
having the focus (or the drawer's checkbox being checked). The two sites take turns within each
run, so a busy machine slows both alike; the median of the runs is printed with the spread.

    .venv/bin/python bench/first_tap.py [--runs 5] [--work DIR [--reuse]]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "bench"))

from browser import CHROMIUM_FLAGS, block_outside_requests, chromium_path  # noqa: E402
from _lib.counting_server import serve_counted  # noqa: E402 - quiet when the browser drops a connection
from sitebuild import REPO as SITE_REPO, run_build  # noqa: E402

PHONE = {"width": 390, "height": 844}
SLOWDOWN = 4
SETTLE_MS = 4000
STOCK_CONFIG = """site_name: Stock Material
site_url: https://stock.example.org/
theme:
  name: material
  font: false
plugins:
  - search
"""
# What is tapped, and when the tap has done what the reader wanted, on either site.
ACTIONS = {
    "search": ("label.md-header__button[for='__search']",
               "() => document.activeElement && document.activeElement.matches('[data-md-component=search-query]')"),
    "menu": ("label.md-header__button[for='__drawer']",
             "() => document.getElementById('__drawer').checked"),
}
# Records the first pointerdown's time (event.timeStamp: when the input happened, so time spent
# queued behind a busy main thread counts) and, every frame from then on, whether the tap is done.
WATCH = """(done) => {
  const check = new Function('return (' + done + ')()');
  window.__tap = null;
  addEventListener('pointerdown', (event) => {
    if (window.__tap) return;
    window.__tap = {start: event.timeStamp, end: null};
    const poll = () => { if (check()) window.__tap.end = performance.now(); else requestAnimationFrame(poll); };
    const seen = () => { if (window.__tap.end === null && check()) window.__tap.end = performance.now(); };
    document.addEventListener('focusin', seen, true);
    document.addEventListener('change', seen, true);
    requestAnimationFrame(poll);
  }, {capture: true});
}"""


@dataclass(frozen=True)
class Figure:
    site: str
    page: str
    action: str
    runs: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.runs)


def build_this_site(work: Path) -> Path:
    built = run_build(SITE_REPO, work / "site")
    if built.returncode != 0:
        raise SystemExit(f"this site's build failed:\n{built.output[-4000:]}")
    return built.site


def first_story(stories: Path) -> Path:
    return sorted(p for p in stories.iterdir() if (p / "index.md").is_file())[0]


def stock_project(project: Path) -> Path:
    """A plain Material project: this site's hand-written top-level pages and its first story
    (front matter left out, its title as the heading), with the photos beside it."""
    import yaml

    docs = project / "docs"
    if project.exists():
        shutil.rmtree(project)
    docs.mkdir(parents=True)
    for page in sorted((REPO / "docs").glob("*.md")):
        shutil.copy2(page, docs / page.name)
    story = first_story(REPO / "stories")
    target = docs / "stories" / story.name
    shutil.copytree(story, target)
    _, front, body = (story / "index.md").read_text(encoding="utf-8").split("---\n", 2)
    title = yaml.safe_load(front)["title"]
    (target / "index.md").write_text(f"# {title}\n\n{body}", encoding="utf-8")
    (project / "mkdocs.yml").write_text(STOCK_CONFIG, encoding="utf-8")
    return project


def build_stock_site(work: Path) -> Path:
    project = stock_project(work / "stock")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--clean", "-q", "-d", str(work / "stock-site")],
                          cwd=project, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"the stock Material site's build failed:\n{done.stdout}{done.stderr}")
    return work / "stock-site"


def one_tap(browser, url: str, action: str) -> float:
    """Milliseconds from the tap to its effect, on a fresh first visit to `url`."""
    selector, done = ACTIONS[action]
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True, device_scale_factor=2)
    try:
        outside = block_outside_requests(context)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": SLOWDOWN})
        page.goto(url, wait_until="load")
        page.evaluate(WATCH, done)
        page.wait_for_timeout(SETTLE_MS)
        page.tap(selector)
        page.wait_for_function("() => window.__tap && window.__tap.end !== null", timeout=20_000)
        tap = page.evaluate("window.__tap")
        if outside.urls:
            raise SystemExit(f"{url} tried to reach other hosts: {outside.urls}")
        return tap["end"] - tap["start"]
    finally:
        context.close()


def measure(sites: dict[str, tuple[str, dict[str, str]]], runs: int) -> list[Figure]:
    from playwright.sync_api import sync_playwright

    times: dict[tuple[str, str, str], list[float]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        for run in range(runs):
            for page in ("home", "story"):
                for action in ACTIONS:
                    for site, (base, paths) in sites.items():  # side by side: one after the other
                        ms = one_tap(browser, base + paths[page], action)
                        times.setdefault((site, page, action), []).append(ms)
            print(f"run {run + 1} of {runs} done", file=sys.stderr)
        browser.close()
    return [Figure(site, page, action, tuple(values)) for (site, page, action), values in times.items()]


def table(figures: list[Figure], runs: int) -> str:
    by = {(f.site, f.page, f.action): f for f in figures}
    lines = [f"First tap, 390x844, CPU {SLOWDOWN}x slower, {SETTLE_MS // 1000} s after load; median of {runs} (min-max), ms",
             "",
             "| Page | Tap | This site | Stock Material | Ratio |",
             "|---|---|---|---|---|"]
    for page in ("home", "story"):
        for action in ACTIONS:
            ours, stock = by[("this site", page, action)], by[("stock", page, action)]
            lines.append(f"| {page} | {action} | {ours.median:.0f} ({min(ours.runs):.0f}-{max(ours.runs):.0f}) "
                         f"| {stock.median:.0f} ({min(stock.runs):.0f}-{max(stock.runs):.0f}) "
                         f"| {ours.median / stock.median:.2f} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="loads per page, tap and site; the median is printed")
    parser.add_argument("--work", type=Path, help="build here (default: a temporary folder)")
    parser.add_argument("--reuse", action="store_true", help="measure the sites already built in --work")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="first-tap-"))
    work.mkdir(parents=True, exist_ok=True)
    if args.reuse and (work / "site" / "index.html").is_file() and (work / "stock-site" / "index.html").is_file():
        ours, stock = work / "site", work / "stock-site"
    else:
        ours, stock = build_this_site(work), build_stock_site(work)
    story = first_story(REPO / "stories").name
    with serve_counted(ours) as (ours_url, _), serve_counted(stock) as (stock_url, _):
        figures = measure({"this site": (ours_url, {"home": "", "story": f"stories/{story}/"}),
                           "stock": (stock_url, {"home": "", "story": f"stories/{story}/"})}, args.runs)
    print(table(figures, args.runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
