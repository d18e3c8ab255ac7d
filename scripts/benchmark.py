#!/usr/bin/env python3
"""Benchmark the build at scale: python scripts/benchmark.py [--sizes 100 1000 3000]

For each N it generates N synthetic stories in a temporary folder (never in stories/), times the
full site build with the hooks, and times plain mkdocs-material building the same N pages with no
hooks, then prints both and their ratio. Figures are recorded in docs/benchmark.md by hand.
Each build runs in its own process, as `mkdocs build` does for a contributor."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
sys.path.insert(0, str(REPO / "tests"))

from benchmark_search import search_figures  # noqa: E402
from sitebuild import build_env, copy_project  # noqa: E402
from synthetic_stories import generate  # noqa: E402
from benchmark_map import map_figures  # noqa: E402

# Bare Material as the scale issue defines it: the story texts as pages kept out of the
# navigation (as this site keeps its story pages), search on. With every page in the navigation
# Material's build grows faster than linearly, which made an unfair baseline.
PLAIN_CONFIG = """site_name: Plain baseline
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


def timed_build(project: Path, site: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"),
                           "-d", str(site)], cwd=project, env=build_env(), capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"build of {project} failed:\n{done.stdout}{done.stderr}")
    return elapsed


def plain_project(stories: Path, destination: Path) -> Path:
    """The same story bodies as plain Markdown pages for mkdocs-material with no hooks."""
    docs = destination / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Plain baseline\n", encoding="utf-8")
    for story in sorted(p for p in stories.iterdir() if p.is_dir()):
        text = (story / "index.md").read_text(encoding="utf-8")
        front, body = text.split("\n---\n", 1)
        title = next(line.split(": ", 1)[1] for line in front.splitlines() if line.startswith("title: "))
        (docs / f"{story.name}.md").write_text(f"# {title}\n{body}", encoding="utf-8")
    (destination / "mkdocs.yml").write_text(PLAIN_CONFIG, encoding="utf-8")
    return destination


def benchmark_build(sizes: list[int], work: Path) -> list[tuple[int, float, float]]:
    rows = []
    for n in sizes:
        stories = generate(work / f"stories-{n}", n)
        project = copy_project(work / f"project-{n}", stories)
        plain = plain_project(stories, work / f"plain-{n}")
        hooked = timed_build(project, work / f"site-{n}")
        baseline = timed_build(plain, work / f"plain-site-{n}")
        rows.append((n, hooked, baseline))
        print(f"N={n:>5}: site {hooked:7.2f} s   plain material {baseline:7.2f} s   "
              f"ratio {hooked / baseline:4.2f}   site per story {1000 * hooked / n:6.1f} ms", flush=True)
        print(search_figures(work / f"site-{n}"), flush=True)  # first-visit bytes and search (benchmark_search.py)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 3000])
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="stories-benchmark-"))
    print(f"Benchmark on {os.cpu_count()} cores, Python {sys.version.split()[0]}; working in {work}")
    try:
        rows = benchmark_build(args.sizes, work)
        if len(rows) > 1:
            (n1, t1, _), (n2, t2, _) = rows[0], rows[-1]
            print(f"Growth: {n2 / n1:.0f}x the stories took {t2 / t1:.1f}x the time "
                  f"(linear would be {n2 / n1:.0f}x; less means fixed start-up cost dominates at small N).")
        print(map_figures(work / f"site-{max(args.sizes)}").report())  # the map, on the largest site
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
