#!/usr/bin/env python3
"""Generate N synthetic but valid stories in a folder (never in stories/), for the benchmark and
for tests at scale: python scripts/synthetic_stories.py N FOLDER

Deterministic: the same N gives the same stories, so measurements can be repeated."""

from __future__ import annotations

import datetime as dt
import random
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "hooks"))

from storysite.geo.places import ENGLISH_REGIONS, NATION_BOXES  # noqa: E402
from storysite.geo.places import land_problem  # noqa: E402

# A point well inside each nation (and English region), jittered a little for each story.
ANCHORS = {
    ("England", "North East"): (54.97, -1.61), ("England", "North West"): (53.48, -2.24),
    ("England", "Yorkshire and the Humber"): (53.80, -1.55), ("England", "East Midlands"): (52.95, -1.15),
    ("England", "West Midlands"): (52.49, -1.89), ("England", "East of England"): (52.63, 1.29),
    ("England", "London"): (51.51, -0.13), ("England", "South East"): (51.27, -0.52),
    ("England", "South West"): (50.72, -3.53), ("Scotland", None): (56.46, -3.97),
    ("Wales", None): (52.13, -3.78), ("Northern Ireland", None): (54.60, -6.50),
}
WORDS = ("community co-operative members shares hall energy turbine solar village town estate "
         "volunteers council grant loan neighbours food pub library homes rent local fund project "
         "meeting residents trust society power green space garden market school children elders "
         "building roof heat bills money bank credit union profit surplus welsh gaelic island").split()
FORMS = ("co-operative", "community benefit society", "charity", "community land trust", "credit union")


def _paragraph(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(WORDS) for _ in range(words)]
    sentences, start = [], 0
    while start < len(chosen):
        end = min(len(chosen), start + rng.randint(8, 18))
        sentences.append(" ".join(chosen[start:end]).capitalize() + ".")
        start = end
    return " ".join(sentences)


def story_text(index: int, themes: list[str], rng: random.Random) -> str:
    (nation, region), (lat, lon) = rng.choice(list(ANCHORS.items()))
    south, north, west, east = NATION_BOXES[nation]
    anchor = lat, lon
    while True:  # jitter again until the point is on land in its nation, as validation requires
        lat = min(max(anchor[0] + rng.uniform(-0.25, 0.25), south), north)
        lon = min(max(anchor[1] + rng.uniform(-0.25, 0.25), west), east)
        if not land_problem(nation, round(lat, 4), round(lon, 4)):
            break
    date = dt.date(2020, 1, 1) + dt.timedelta(days=index % 2000)
    chosen = rng.sample(themes, k=rng.randint(1, 3))
    region_line = f"  region: {region}\n" if region else ""
    body = "\n\n".join(_paragraph(rng, rng.randint(70, 140)) for _ in range(4))
    return (
        "---\n"
        f"title: Synthetic story number {index}\n"
        f"summary: A generated story about a {rng.choice(WORDS)} project run by its community, number {index}.\n"
        f"date: {date.isoformat()}\n"
        "place:\n"
        f"  name: Place {index}\n  latitude: {lat:.4f}\n  longitude: {lon:.4f}\n  nation: {nation}\n{region_line}"
        f"themes: [{', '.join(chosen)}]\n"
        "organisation:\n"
        f"  name: Group {index}\n  legal_form: {rng.choice(FORMS)}\n"
        "authors: [Benchmark generator]\n"
        "sources:\n"
        f"  - title: Source for story {index}\n    url: https://sources.benchmark.test/stories/{index}\n"
        "---\n\n"
        f"## What happened\n\n{body}\n"
    )


def generate(folder: Path, count: int, seed: int = 2025) -> Path:
    """Write `count` story folders plus the real vocabularies into `folder` (emptied first)."""
    if folder.resolve() == (REPO / "stories").resolve():
        raise SystemExit("Refusing to write synthetic stories into the real stories/ folder.")
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for vocabulary in ("themes.yml", "legal-forms.yml"):
        shutil.copy2(REPO / "stories" / vocabulary, folder / vocabulary)
    import yaml
    themes = [t["slug"] for t in yaml.safe_load((folder / "themes.yml").read_text(encoding="utf-8"))]
    rng = random.Random(seed)
    for index in range(1, count + 1):
        story_dir = folder / f"synthetic-{index:05d}"
        story_dir.mkdir()
        (story_dir / "index.md").write_text(story_text(index, themes, rng), encoding="utf-8")
    return folder


if __name__ == "__main__":
    if len(sys.argv) != 3 or not sys.argv[1].isdigit():
        raise SystemExit("usage: python scripts/synthetic_stories.py N FOLDER")
    generate(Path(sys.argv[2]), int(sys.argv[1]))
