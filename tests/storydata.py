"""The published stories as the story files state them, read with yaml (not with the site's own
code), so that tests can work out what a page should show without trusting what they test."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import yaml

from sitebuild import REPO

SITE_URL = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8").split("\ntheme:")[0])["site_url"]
NATION_NAMES = ("England", "Scotland", "Wales", "Northern Ireland")
REGION_NAMES = ("North East", "North West", "Yorkshire and the Humber", "East Midlands", "West Midlands",
                "East of England", "London", "South East", "South West")


@dataclass(frozen=True)
class StoryFile:
    slug: str
    title: str
    summary: str
    date: dt.date
    themes: tuple[str, ...]
    place: str
    nation: str
    region: str | None
    latitude: float
    longitude: float
    organisation: str

    @property
    def url(self) -> str:
        return f"stories/{self.slug}/"


def one_line(text: str) -> str:
    return " ".join(str(text).split())


def read_story_files() -> list[StoryFile]:
    """Every published story, newest first, straight from stories/<slug>/index.md."""
    stories = []
    for index in sorted((REPO / "stories").glob("*/index.md")):
        meta = yaml.safe_load(index.read_text(encoding="utf-8").split("---\n")[1])
        date = dt.date.fromisoformat(str(meta["date"]))
        if meta.get("draft") or date > dt.date.today():
            continue
        themes = meta["themes"] if isinstance(meta["themes"], list) else [meta["themes"]]
        place = meta["place"]
        stories.append(StoryFile(index.parent.name, one_line(meta["title"]), one_line(meta["summary"]), date,
                                 tuple(themes), one_line(place["name"]), place["nation"], place.get("region"),
                                 float(place["latitude"]), float(place["longitude"]),
                                 one_line(meta["organisation"]["name"])))
    return sorted(stories, key=lambda s: (-s.date.toordinal(), s.slug))


STORIES = read_story_files()


def stories_with(key: str, stories: list[StoryFile] = STORIES) -> list[StoryFile]:
    """The published stories whose front matter gives `key` (figures, corrections, image), newest
    first: a test picks its story by what it has, so removing any one story breaks no test."""
    return [s for s in stories
            if yaml.safe_load((REPO / "stories" / s.slug / "index.md").read_text(encoding="utf-8")
                              .split("---\n")[1]).get(key)]
THEMES = yaml.safe_load((REPO / "stories" / "themes.yml").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class FigureFile:
    """One `figures:` entry of a published story, as the file states it."""

    slug: str
    organisation: str
    nation: str
    themes: tuple[str, ...]
    unit: str
    value: float
    label: str
    source_url: str


def read_figures(stories: list[StoryFile] = STORIES) -> list[FigureFile]:
    """Every figure of every published story, newest story first, straight from the files."""
    found = []
    for story in stories:
        meta = yaml.safe_load((REPO / "stories" / story.slug / "index.md").read_text(encoding="utf-8").split("---\n")[1])
        for figure in meta.get("figures") or []:
            found.append(FigureFile(story.slug, story.organisation, story.nation, story.themes, figure["unit"],
                                    float(figure["value"]), figure.get("label") or "",
                                    meta["sources"][figure["source"] - 1]["url"]))
    return found


UNITS = yaml.safe_load((REPO / "stories" / "units.yml").read_text(encoding="utf-8"))
