#!/usr/bin/env python3
"""Draw sample share cards from the real stories into a folder, to look at before the cards are
wired into the build: `python scripts/sample_cards.py /tmp/cards`.

It reads only the front matter it needs (title, place, themes) and the theme vocabulary; theme
colours come from the default palette until stories/themes.yml gives each theme a `colour`."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "hooks"))

from storysite.pictures import cards  # noqa: E402

SITE = "Stories from Community Britain"


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---", 2)[1])


def main(out: Path) -> int:
    themes = yaml.safe_load((REPO / "stories" / "themes.yml").read_text(encoding="utf-8"))
    colour = {t["slug"]: t.get("colour") or cards.theme_colour(i) for i, t in enumerate(themes)}
    names = {t["slug"]: t["name"] for t in themes}
    stories = {p.parent.name: front_matter(p) for p in sorted((REPO / "stories").glob("*/index.md"))}
    point = {slug: (s["place"]["latitude"], s["place"]["longitude"]) for slug, s in stories.items()}
    out.mkdir(parents=True, exist_ok=True)
    specs = {}
    for slug in ("ambition-lawrence-weston", "tafarn-sinc", "isle-of-eigg"):
        s = stories[slug]
        specs[f"story-{slug}"] = cards.story_card(
            SITE, s["title"], s["place"]["name"], s["place"]["nation"], *point[slug],
            themes=tuple(cards.Chip(names[t], colour[t]) for t in s["themes"]))
    theme = next(t for t in themes if t["slug"] == "energy")
    specs["theme-energy"] = cards.theme_card(
        SITE, theme["name"], theme["description"], colour["energy"],
        tuple(point[slug] for slug, s in stories.items() if "energy" in s["themes"]))
    specs["place-wales"] = cards.place_card(
        SITE, "Wales", tuple(point[slug] for slug, s in stories.items() if s["place"]["nation"] == "Wales"))
    specs["place-north-west"] = cards.place_card(
        SITE, "England", tuple(point[slug] for slug, s in stories.items()
                               if s["place"].get("region") == "North West"), region="North West")
    everything = tuple(point.values())
    specs["home"] = cards.page_card(SITE, "True stories of community-led change across the UK",
                                    "Community energy, halls, pubs, homes, food and finance, owned and run by "
                                    "the people who use them.", everything)
    specs["map"] = cards.page_card(SITE, "Every story on one map", "Find community-led change near you.",
                                   everything)
    specs["subscribe"] = cards.page_card(SITE, "Subscribe", "RSS, Atom and JSON feeds for every theme and every "
                                         "place. No account, no tracking.", panel="feed")
    specs["data"] = cards.page_card(SITE, "Open data", "Every story as GeoJSON, free to reuse.", everything)
    for name, spec in specs.items():
        suffix = ".jpg" if cards.card_format(spec) == "JPEG" else ".png"
        data = cards.draw_card(spec)
        (out / f"{name}{suffix}").write_bytes(data)
        print(f"{out / (name + suffix)}  {len(data) / 1024:.0f} kB")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/cards")))
