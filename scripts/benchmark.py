#!/usr/bin/env python3
"""The scale benchmark, in one run on the same synthetic stories: `make benchmark`
(python scripts/benchmark.py [--stories 1000] [--large 10000] [--search-stories 3000]).

Prints, and writes into docs/benchmark.md (section `benchmark:scale`):
- build time of this site against Material's blog (+ tags + RSS) and bare Material (the same
  story texts as pages kept out of the navigation, search on), wall clock and CPU, as ratios;
- linearity: this site at --large stories against --stories, with peak memory;
- first-visit bytes of every page type, as the server sent them (plain and gzip);
- a reader's first search (bytes from reaching for search to the first results) at
  --search-stories;
- `make serve`: seconds from saving a story to the updated page.
Timings are never asserted in tests; they are measured here."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
sys.path.insert(0, str(REPO / "tests"))

from benchmark_doc import write_section  # noqa: E402
from benchmark_first_visit import kib, measure  # noqa: E402
from benchmark_search_engines import costs as search_costs  # noqa: E402
from benchmark_serve import serve_rebuild_seconds  # noqa: E402
from benchmark_sites import without_cards, write_blog_project  # noqa: E402
from sitebuild import build_env, copy_project  # noqa: E402
from synthetic_stories import generate  # noqa: E402

# Bare Material as the scale issue defines it: the story texts as pages kept out of the
# navigation (as this site keeps its story pages), search on.
BARE_CONFIG = """site_name: Bare Material baseline
theme:
  name: material
  font: false
plugins:
  - search
nav:
  - index.md
not_in_nav: |
  /*.md
"""


@dataclass(frozen=True)
class Timed:
    wall: float  # seconds
    cpu: float  # user + system seconds of the build process
    peak_mib: float  # its peak resident memory


def timed_build(project: Path, site: Path) -> Timed:
    """`mkdocs build` in its own process, as a contributor runs it; its own CPU time and memory."""
    shutil.rmtree(site, ignore_errors=True)
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"),
                                "-d", str(site)], cwd=project, env=build_env(),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"build of {project} failed:\n{output.decode()[-4000:]}")
    return Timed(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def bare_project(stories: Path, destination: Path) -> Path:
    """The same story bodies as plain Markdown pages for mkdocs-material with no hooks."""
    docs = destination / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Bare Material baseline\n", encoding="utf-8")
    for story in sorted(p for p in stories.iterdir() if p.is_dir()):
        front, body = (story / "index.md").read_text(encoding="utf-8").split("\n---\n", 1)
        title = next(line.split(": ", 1)[1] for line in front.splitlines() if line.startswith("title: "))
        (docs / f"{story.name}.md").write_text(f"# {title}\n{body}", encoding="utf-8")
    (destination / "mkdocs.yml").write_text(BARE_CONFIG, encoding="utf-8")
    return destination


def best_of(runs: int, build) -> Timed:
    """The fastest of `runs` builds (the least disturbed by anything else on the machine)."""
    results = [build() for _ in range(runs)]
    return min(results, key=lambda t: t.cpu)


def fmt(t: Timed) -> str:
    return f"{t.wall:.1f} s wall, {t.cpu:.1f} s CPU, {t.peak_mib:.0f} MiB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--large", type=int, default=10000, help="for linearity; 0 to skip")
    parser.add_argument("--search-stories", type=int, default=3000, help="0 to skip")
    parser.add_argument("--runs", type=int, default=2, help="builds of each kind; the fastest counts")
    parser.add_argument("--no-doc", action="store_true")
    args = parser.parse_args()
    n = args.stories
    lines: list[str] = []

    def say(text: str = "") -> None:
        print(text, flush=True)
        lines.append(text)

    load = os.getloadavg()[0]
    say(f"Measured on {dt.date.today().isoformat()}: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average {load:.1f} at the start.")
    say()
    with tempfile.TemporaryDirectory(prefix="stories-benchmark-") as tmp:
        work = Path(tmp)
        stories = generate(work / "stories", n)
        site_project = copy_project(work / "site-project", stories)
        cold = timed_build(site_project, work / "site")  # draws every share card into .cache/cards/
        warm = best_of(args.runs, lambda: timed_build(site_project, work / "site"))
        bare_site_project = bare_project(stories, work / "bare")
        blog_project = write_blog_project(work / "blog", stories, rss=True)
        bare = best_of(args.runs, lambda: timed_build(bare_site_project, work / "bare-site"))
        blog = best_of(args.runs, lambda: timed_build(blog_project, work / "blog-site"))
        say(f"Build, {n:,} synthetic stories (the fastest of {args.runs} runs; CPU is the build process's own):")
        say()
        say("| build | wall | CPU | peak memory | this site's CPU ÷ it |")
        say("| --- | ---: | ---: | ---: | ---: |")
        for label, t in (("this site, share cards already drawn", warm),
                         ("this site, first build (draws every share card)", cold),
                         ("Material blog + tags + RSS", blog), ("bare Material", bare)):
            ratio = f"{warm.cpu / t.cpu:.2f}x" if t is not warm and t is not cold else ""
            say(f"| {label} | {t.wall:.1f} s | {t.cpu:.1f} s | {t.peak_mib:.0f} MiB | {ratio} |")
        say()
        say(f"This site (cards drawn) ÷ bare Material: {warm.cpu / bare.cpu:.2f}x CPU, {warm.wall / bare.wall:.2f}x wall; "
            f"÷ Material blog: {warm.cpu / blog.cpu:.2f}x CPU, {warm.wall / blog.wall:.2f}x wall.")
        say()

        if args.large:
            small = best_of(1, lambda: timed_build(without_cards(copy_project(work / "lin-small", stories)),
                                                   work / "lin-small-site"))
            large_stories = generate(work / "stories-large", args.large)
            large = timed_build(without_cards(copy_project(work / "lin-large", large_stories)), work / "lin-large-site")
            say(f"Linearity (share cards off in both, their cost being per story): {n:,} stories {fmt(small)}; "
                f"{args.large:,} stories {fmt(large)}. {args.large // n}x the stories took "
                f"{large.wall / small.wall:.1f}x the wall time and {large.cpu / small.cpu:.1f}x the CPU.")
            say()
            shutil.rmtree(work / "lin-large-site", ignore_errors=True)

        visits = {"plain": measure(work / "site", gzip=False), "gzip": measure(work / "site", gzip=True)}
        say(f"First visit at {n:,} stories, bytes the server sent for every request of a fresh phone visit:")
        say()
        say("| page | plain KiB | gzip KiB |")
        say("| --- | ---: | ---: |")
        for plain, gz in zip(visits["plain"], visits["gzip"]):
            say(f"| {plain.page} | {kib(plain.total)} | {kib(gz.total)} |")
        say()

        if args.search_stories:
            search_site = work / "search-site"
            search_project = without_cards(copy_project(work / "search-project",
                                                        generate(work / "stories-search", args.search_stories)))
            timed_build(search_project, search_site)
            rows = search_costs(search_site)
            say(f"A reader's first search at {args.search_stories:,} stories (Pagefind through Material's search box), "
                "bytes from reaching for search to the first results: "
                + ", ".join(f"{'gzip' if r.gzip else 'plain'} {kib(sum(s.bytes for s in r.sent))} KiB "
                            f"in {len(r.sent)} requests" for r in rows) + ".")
            say()

        first, median, each = serve_rebuild_seconds(site_project)
        say(f"`make serve` at {n:,} stories: first build {first:.1f} s; saving a story to seeing its updated page: "
            f"median {median:.1f} s ({', '.join(f'{t:.1f}' for t in each)} s).")
    if not args.no_doc:
        write_section("scale", "## Scale: build, first visit, search and preview\n\n" + "\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
