#!/usr/bin/env python3
"""Scale, in one run on the same synthetic stories: `make benchmark`
(python bench/scale.py [--stories 1000] [--large 10000] [--preview-stories 300] [--parts]).

Prints with its date, and writes into bench/README.md between its markers (--no-doc: print only):
- build time of this site at the real stories and at --stories synthetic ones, against Material's
  blog (+ tags + RSS) and bare Material (the same story texts as pages kept out of the navigation,
  search on), wall clock and CPU, as ratios; share cards' cost (with ÷ without);
- linearity: this site at --large stories against --stories, with peak memory;
- `make serve`: seconds from saving a story to the updated page at --preview-stories;
- with --parts, where one build's time goes, part by part, beside bare Material.
Timings are never asserted in tests; they are measured here."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from _lib import REPO
from _lib.build_parts import measure as parts_of_build
from _lib.build_parts import one_build
from _lib.build_parts import table as parts_table
from _lib.preview import serve_rebuild_seconds
from _lib.readme import write_section
from _lib.sites import without_cards, write_blog_project
from sitebuild import build_env, copy_project
from synthetic_stories import generate

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--large", type=int, default=10000, help="for linearity; 0 to skip")
    parser.add_argument("--preview-stories", type=int, default=300, help="0 to skip")
    parser.add_argument("--parts", action="store_true", help="also time each part of one build")
    parser.add_argument("--runs", type=int, default=2, help="builds of each kind; the fastest counts")
    parser.add_argument("--no-doc", action="store_true", help="print only; leave bench/README.md alone")
    parser.add_argument("--one-build", nargs=2, type=Path, metavar=("PROJECT", "SITE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_build:  # a build timed part by part, in a process of its own (_lib/build_parts.py)
        print(json.dumps(one_build(*args.one_build)))
        return 0
    n = args.stories
    today = dt.date.today().isoformat()
    machine = (f"{os.cpu_count()} cores, Python {platform.python_version()}, "
               f"load average {os.getloadavg()[0]:.1f} at the start")
    sections: dict[str, list[str]] = {}

    def say(section: str, text: str = "") -> None:
        if section not in sections and sections:
            print(flush=True)  # a blank line between tables on the console
        print(text, flush=True)
        sections.setdefault(section, []).append(text)

    with tempfile.TemporaryDirectory(prefix="stories-benchmark-") as tmp:
        work = Path(tmp)
        real_project = copy_project(work / "real-project")
        timed_build(real_project, work / "real-site")  # draws the real stories' share cards
        real = best_of(args.runs, lambda: timed_build(real_project, work / "real-site"))
        stories = generate(work / "stories", n)
        site_project = copy_project(work / "site-project", stories)
        cold = timed_build(site_project, work / "site")  # draws every share card into .cache/cards/
        warm = best_of(args.runs, lambda: timed_build(site_project, work / "site"))
        plain_project = without_cards(copy_project(work / "plain-project", stories))
        plain = best_of(args.runs, lambda: timed_build(plain_project, work / "plain-site"))
        bare_site_project = bare_project(stories, work / "bare")
        bare = best_of(args.runs, lambda: timed_build(bare_site_project, work / "bare-site"))
        blog_project = write_blog_project(work / "blog", stories, rss=True)
        blog = best_of(args.runs, lambda: timed_build(blog_project, work / "blog-site"))
        real_count = len(list((REPO / "stories").glob("*/index.md")))
        say("scale-build", f"Measured on {today} by `bench/scale.py` ({machine}): {n:,} synthetic stories, "
            f"the fastest of {args.runs} runs; CPU is the build process's own.")
        say("scale-build")
        say("scale-build", "| build | wall | CPU | peak memory | this site's CPU ÷ it |")
        say("scale-build", "| --- | ---: | ---: | ---: | ---: |")
        for label, t, ratio in (
                (f"this site, {real_count} real stories", real, False),
                (f"this site, {n:,} stories, share cards already drawn", warm, False),
                (f"this site, {n:,} stories, first build (draws every share card)", cold, False),
                (f"this site, {n:,} stories, share cards off", plain, True),
                (f"Material blog + tags + RSS, {n:,} posts", blog, True),
                (f"bare Material, {n:,} pages", bare, True)):
            say("scale-build", f"| {label} | {t.wall:.1f} s | {t.cpu:.1f} s | {t.peak_mib:.0f} MiB | "
                f"{f'{warm.cpu / t.cpu:.2f}x' if ratio else ''} |")
        say("scale-build")
        say("scale-build", f"This site (cards drawn) ÷ bare Material: {warm.cpu / bare.cpu:.2f}x CPU, "
            f"{warm.wall / bare.wall:.2f}x wall; ÷ Material blog: {warm.cpu / blog.cpu:.2f}x CPU, "
            f"{warm.wall / blog.wall:.2f}x wall; share cards, with ÷ without: {warm.wall / plain.wall:.2f}x wall.")

        if args.large:
            large = timed_build(without_cards(copy_project(work / "lin-large", generate(work / "stories-large",
                                                                                        args.large))),
                                work / "lin-large-site")
            say("scale-linearity", f"Measured on {today} by `bench/scale.py` ({machine}); share cards off in "
                "both, their cost being per story.")
            say("scale-linearity")
            say("scale-linearity", "| stories | wall | CPU | peak memory |")
            say("scale-linearity", "| ---: | ---: | ---: | ---: |")
            say("scale-linearity", f"| {n:,} | {plain.wall:.1f} s | {plain.cpu:.1f} s | {plain.peak_mib:.0f} MiB |")
            say("scale-linearity", f"| {args.large:,} | {large.wall:.1f} s | {large.cpu:.1f} s | "
                f"{large.peak_mib:.0f} MiB |")
            say("scale-linearity")
            say("scale-linearity", f"{args.large / n:.0f}x the stories took {large.wall / plain.wall:.1f}x the wall "
                f"time and {large.cpu / plain.cpu:.1f}x the CPU.")
            shutil.rmtree(work / "lin-large-site", ignore_errors=True)

        if args.preview_stories:
            count = args.preview_stories
            preview = copy_project(work / "preview", generate(work / "stories-preview", count))
            first, median, each = serve_rebuild_seconds(preview)
            say("scale-preview", f"Measured on {today} by `bench/scale.py` ({machine}): `make serve` "
                f"(`mkdocs serve`) at {count:,} stories, three saves of one story.")
            say("scale-preview")
            say("scale-preview", "| first build | save to updated page, median | each save | median ÷ first build |")
            say("scale-preview", "| ---: | ---: | --- | ---: |")
            say("scale-preview", f"| {first:.1f} s | {median:.1f} s | {', '.join(f'{t:.1f}' for t in each)} s | "
                f"{median / first:.2f}x |")

        if args.parts:
            site = parts_of_build(site_project, work / "site-2")
            bare_parts = parts_of_build(bare_site_project, work / "bare-site-2")
            say("build-parts", f"Measured on {today} by `bench/scale.py --parts` ({machine}): one build of "
                f"{n:,} synthetic stories (share cards already drawn) and one of bare Material from the same "
                "texts, each part timed by wall clock from outside (not profiled).")
            say("build-parts")
            say("build-parts", parts_table(site, bare_parts))
    if not args.no_doc:
        for name, lines in sections.items():
            write_section(name, "\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
