"""What a share card shows, as plain data: the Card spec, and one constructor per kind of page
(story, theme, place, and simple pages such as home, map, subscribe and data)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .card_photo import Photo

Point = tuple[float, float]  # (latitude, longitude)


@dataclass(frozen=True)
class Chip:
    label: str
    colour: str  # '#rrggbb': the chip's fill; the text colour is chosen for contrast


@dataclass(frozen=True)
class Card:
    """Everything that decides a card's pixels (and so its cache key)."""

    site_name: str
    title: str  # the largest text, wrapped and shrunk to fit
    subtitle: str = ""  # the place line, or a description
    chips: tuple[Chip, ...] = ()  # themes, a count: in a row at the bottom
    points: tuple[Point, ...] = ()  # stories marked on the map
    marker: Literal["pin", "dots"] = "dots"  # one story's own place, or many stories
    highlight: str | None = None  # a nation to fill in a lighter colour
    panel: Literal["map", "feed"] = "map"  # what fills the right-hand side (a photo takes its place)
    photo: Photo | None = None
    place_marker: bool = False  # a small pin before the subtitle, matching the map's


def stories_count(count: int) -> str:
    return "1 story" if count == 1 else f"{count:,} stories"


def story_card(site_name: str, title: str, place: str, nation: str, latitude: float, longitude: float,
               themes: tuple[Chip, ...] = (), photo: Photo | None = None) -> Card:
    """A story page: its title, where it happened, its themes in their colours, and its point on
    the map (or its photo)."""
    where = place if place.endswith(nation) else f"{place}, {nation}"
    return Card(site_name, title, where, chips=themes, points=((latitude, longitude),), marker="pin",
                highlight=nation, photo=photo, place_marker=True)


def theme_card(site_name: str, name: str, description: str, colour: str, points: tuple[Point, ...]) -> Card:
    """A theme page: its name and description, how many stories, and where they are."""
    return Card(site_name, name, description, chips=(Chip(stories_count(len(points)), colour),), points=points)


def place_card(site_name: str, nation: str, points: tuple[Point, ...], region: str | None = None,
               colour: str = "#6ee0bf") -> Card:
    """A nation or English region's page. The outline has nations only, so a region's card
    highlights England, marks the region's own stories, and names the region in words; it does
    not draw a region boundary the data does not have."""
    name = region or nation
    subtitle = (f"Community-led change in {region}, {nation}" if region
                else f"Community-led change across {nation}")
    return Card(site_name, name, subtitle, chips=(Chip(stories_count(len(points)), colour),), points=points,
                highlight=nation)


def page_card(site_name: str, title: str, description: str = "", points: tuple[Point, ...] = (),
              panel: Literal["map", "feed"] = "map", count: bool = True, colour: str = "#6ee0bf") -> Card:
    """Home, Map and Data pages (every story as a dot) and Subscribe (panel='feed')."""
    chips = (Chip(stories_count(len(points)), colour),) if count and points else ()
    return Card(site_name, title, description, chips=chips, points=points, panel=panel)
