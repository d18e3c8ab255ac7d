#!/usr/bin/env python3
"""Time share cards: cold drawing cost per card (a fresh process, nothing cached) and a warm
pass through the cache: `python scripts/benchmark_cards.py [N]`; and whole builds:
`python scripts/benchmark_cards.py --build 1000` times a cold build with cards, then warm
rebuilds with cards and with `share_cards: false` (wall clock, median of three each). Figures go in docs/benchmark.md;
no test asserts a time. Times are CPU time of this process (time.process_time), so that other
work on a shared machine inflates them less than wall-clock time."""

from __future__ import annotations

import io
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "hooks"))

from storysite.pictures import cards, colours  # noqa: E402

SITE = "Stories from Community Britain"
NATIONS = (("England", 52.5, -1.5), ("Scotland", 56.5, -4.0), ("Wales", 52.3, -3.6),
           ("Northern Ireland", 54.6, -6.6))


def story_specs(count: int, rng: random.Random) -> list[cards.Card]:
    words = "community hall pub energy wind solar co-operative village island housing food trust Tŷ Môn".split()
    specs = []
    for i in range(count):
        nation, lat, lon = NATIONS[i % 4]
        title = " ".join(rng.choice(words) for _ in range(rng.randint(4, 14))).capitalize() + f" {i}"
        themes = tuple(cards.Chip(f"Theme {t}", colours.theme_colour(t)) for t in rng.sample(range(10), 2))
        specs.append(cards.story_card(SITE, title, f"Place {i}", nation, lat + rng.uniform(-0.5, 0.5),
                                      lon + rng.uniform(-0.5, 0.5), themes))
    return specs


def timed(specs: list[cards.Card], draw) -> list[float]:
    times = []
    for spec in specs:
        start = time.process_time()
        draw(spec)
        times.append((time.process_time() - start) * 1000)
    return times


def main(count: int) -> int:
    rng = random.Random(9)
    specs = story_specs(count, rng)
    start = time.process_time()
    first = cards.draw_card(specs[0])  # the first card also loads the font and draws the land
    first_ms = (time.process_time() - start) * 1000
    draw_ms = timed(specs[1:], cards.draw_card)
    photo = io.BytesIO()
    Image.radial_gradient("L").resize((1600, 1200)).convert("RGB").save(photo, "JPEG", quality=90)
    with_photo = [cards.story_card(SITE, s.title, "Somewhere", "Wales", 52.3, -3.6, s.chips,
                                   photo=cards.Photo(photo.getvalue(), "photo.jpg")) for s in specs[:20]]
    photo_ms = timed(with_photo, cards.draw_card)
    with tempfile.TemporaryDirectory() as tmp:
        cold = timed(specs, lambda s: cards.cached_card(s, Path(tmp)))
        warm = timed(specs, lambda s: cards.cached_card(s, Path(tmp)))
    sizes = [len(cards.draw_card(s)) for s in specs[:20]]
    photo_sizes = [len(cards.draw_card(s)) for s in with_photo[:5]]
    print(f"{count} story cards, Pillow {Image.__version__}")
    print(f"  first card (font load, land drawn): {first_ms:.0f} ms; {len(first) / 1024:.0f} kB")
    print(f"  cold draw per card: median {statistics.median(draw_ms):.0f} ms, "
          f"p90 {statistics.quantiles(draw_ms, n=10)[-1]:.0f} ms")
    print(f"  cold draw per card with a 1600x1200 photo: median {statistics.median(photo_ms):.0f} ms")
    print(f"  through the cache: first pass median {statistics.median(cold):.0f} ms, "
          f"second pass median {statistics.median(warm):.2f} ms (draws 0)")
    print(f"  file size: PNG median {statistics.median(sizes) / 1024:.0f} kB, "
          f"JPEG with photo median {statistics.median(photo_sizes) / 1024:.0f} kB")
    return 0


def build_figures(count: int) -> int:
    """Cold and warm builds of `count` synthetic stories, with and without cards."""
    import subprocess

    sys.path.insert(0, str(REPO / "scripts"))
    sys.path.insert(0, str(REPO / "tests"))
    from benchmark_sites import without_cards
    from sitebuild import build_env, copy_project
    from synthetic_stories import generate

    def build(project: Path, site: Path) -> tuple[float, str]:
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"),
                               "-d", str(site)], cwd=project, env=build_env(), capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(done.stdout + done.stderr)
        return time.perf_counter() - start, done.stdout + done.stderr

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        with_cards = copy_project(work / "with", generate(work / "stories", count))
        without = without_cards(copy_project(work / "without", work / "stories"))
        cold, output = build(with_cards, work / "site")
        drawn = next(line for line in output.splitlines() if "Share cards" in line)
        print(f"{count} stories: cold build with cards {cold:.1f} s ({drawn.split('-', 1)[1].strip()})", flush=True)
        build(without, work / "site-plain")  # warm up this project's photo cache and Python's
        warm, plain = [], []
        for _ in range(3):
            seconds, output = build(with_cards, work / "site")
            warm.append(seconds)
            plain.append(build(without, work / "site-plain")[0])
        drawn = next(line for line in output.splitlines() if "Share cards" in line)
        print(f"  warm rebuild with cards: median {statistics.median(warm):.1f} s ({drawn.split('-', 1)[1].strip()})")
        print(f"  warm rebuild without cards: median {statistics.median(plain):.1f} s")
        print(f"  ratio: {statistics.median(warm) / statistics.median(plain):.2f}x")
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--build":
        sys.exit(build_figures(int(sys.argv[2])))
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100))
