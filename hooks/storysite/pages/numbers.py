"""Community Britain in numbers: each story's fact box, and totals of the stories' figures by
unit, theme and nation, with bar-chart geometry and the CSV and JSON downloads.

The counting rule, stated on the page: a total adds figures of one unit only (units are never
mixed or converted here); a story lists each unit+label once (the schema refuses repeats); and a
project told in more than one story (the same organisation) counts once per unit+label, from its
newest story. Theme rows overlap (a story can have two themes); nation rows do not."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from ..model import Figure, Story, Unit
from ..routes import NUMBERS_CSV, NUMBERS_JSON, absolute_url, nation_url, relative_url
from ..stories.collection import Collection
from ..stories.figures import format_figure, format_value
from ..geo.places import NATIONS
from .taxonomy import count_text

CHART_WIDTH = 480  # the SVG's viewBox; it scales to the column
BAR_HEIGHT = 28
LABEL_WIDTH = 170  # left of the bars: the row's name ("Community-owned spaces")


# A story's fact box ----------------------------------------------------------------------------

@dataclass(frozen=True)
class FactView:
    """One line of a story's fact box (partials/story-figures.html)."""

    value_text: str  # '4,200 kW', '£255,000'
    what: str  # the label, or the unit's name
    unit_name: str
    source_number: int
    source_title: str
    source_url: str


def fact_box(story: Story) -> tuple[FactView, ...]:
    return tuple(
        FactView(value_text=format_figure(f.value, f.unit), what=f.label or f.unit.name.lower(),
                 unit_name=f.unit.name, source_number=f.source,
                 source_title=story.sources[f.source - 1].title, source_url=story.sources[f.source - 1].url)
        for f in story.figures
    )


# Totals ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Counted:
    """One figure that a total adds, with the story it comes from."""

    story: Story
    figure: Figure


@dataclass(frozen=True)
class Row:
    """A theme's or a nation's share of one unit's total."""

    key: str  # theme slug or nation name
    name: str
    href: str  # the theme or place page, relative to the numbers page
    total: int | float
    total_text: str
    story_count: int
    bar_width: float  # in the chart's viewBox units; 0 for an empty row
    y: int


@dataclass(frozen=True)
class StoryLink:
    href: str
    title: str
    value_text: str
    what: str


@dataclass(frozen=True)
class Total:
    """Everything the numbers page shows for one unit."""

    unit: Unit
    total: int | float
    total_text: str
    story_count: int
    count_text: str  # '12 stories'
    stories: tuple[StoryLink, ...]  # the stories behind it, largest figure first
    by_nation: tuple[Row, ...]
    by_theme: tuple[Row, ...]
    chart_width: int
    chart_label_width: int
    bar_height: int
    nation_chart_height: int
    theme_chart_height: int


@dataclass(frozen=True)
class Numbers:
    totals: tuple[Total, ...]  # one per unit with `total: true` that any story uses
    story_count: int  # published stories with at least one figure that counts
    csv_href: str
    json_href: str


def counted_figures(stories: tuple[Story, ...]) -> dict[str, list[Counted]]:
    """Figures to add, by unit slug: each organisation's unit+label once, from its newest story
    (stories arrive newest first)."""
    seen: set[tuple[str, str, str]] = set()
    by_unit: dict[str, list[Counted]] = {}
    for story in stories:
        for figure in story.figures:
            if not figure.unit.total:
                continue
            key = (story.organisation.name.casefold(), figure.unit.slug, (figure.label or "").casefold())
            if key in seen:
                continue
            seen.add(key)
            by_unit.setdefault(figure.unit.slug, []).append(Counted(story, figure))
    return by_unit


def _sum(values) -> int | float:
    total = sum(values)
    return int(total) if total == int(total) else round(total, 2)


def numbers(collection: Collection, page_url: str) -> Numbers:
    stories = collection.published
    by_unit = counted_figures(stories)
    totals = []
    for unit in collection.vocabulary.units:
        counted = by_unit.get(unit.slug)
        if not counted:
            continue
        totals.append(_total(unit, counted, collection, page_url))
    with_figures = {c.story.slug for items in by_unit.values() for c in items}
    return Numbers(totals=tuple(totals), story_count=len(with_figures),
                   csv_href=relative_url(page_url, NUMBERS_CSV), json_href=relative_url(page_url, NUMBERS_JSON))


def _total(unit: Unit, counted: list[Counted], collection: Collection, page_url: str) -> Total:
    total = _sum(c.figure.value for c in counted)
    story_slugs = {c.story.slug for c in counted}
    nation_rows = [(nation, nation, nation_url(nation),
                    [c for c in counted if c.story.place.nation == nation]) for nation in NATIONS]
    theme_rows = [(theme.slug, theme.name, theme.url, [c for c in counted if theme.slug in c.story.themes])
                  for theme in collection.vocabulary.themes]
    theme_rows = [row for row in theme_rows if row[3]]  # themes with nothing to add stay off the chart
    ranked = sorted(counted, key=lambda c: (-c.figure.value, c.story.slug))
    return Total(
        unit=unit, total=total, total_text=format_figure(total, unit), story_count=len(story_slugs),
        count_text=count_text(len(story_slugs)),
        stories=tuple(StoryLink(relative_url(page_url, c.story.url), c.story.title,
                                format_figure(c.figure.value, unit), c.figure.label or unit.name.lower())
                      for c in ranked),
        by_nation=_rows(nation_rows, unit, page_url), by_theme=_rows(theme_rows, unit, page_url),
        chart_width=CHART_WIDTH, chart_label_width=LABEL_WIDTH, bar_height=BAR_HEIGHT,
        nation_chart_height=len(nation_rows) * BAR_HEIGHT, theme_chart_height=len(theme_rows) * BAR_HEIGHT,
    )


def _rows(rows, unit: Unit, page_url: str) -> tuple[Row, ...]:
    sums = [_sum(c.figure.value for c in items) if items else 0 for *_, items in rows]
    largest = max(sums) if sums else 0
    room = CHART_WIDTH - LABEL_WIDTH - 95  # leave space for the value printed after the bar
    return tuple(
        Row(key=key, name=name, href=relative_url(page_url, url), total=value,
            total_text=format_figure(value, unit) if value else "none yet",
            story_count=len({c.story.slug for c in items}),
            bar_width=round(room * value / largest, 1) if largest else 0.0, y=index * BAR_HEIGHT)
        for index, ((key, name, url, items), value) in enumerate(zip(rows, sums))
    )


# Downloads -------------------------------------------------------------------------------------

CSV_COLUMNS = ("story", "url", "title", "nation", "region", "themes", "organisation", "unit", "unit_name",
               "value", "label", "source_url", "counted_in_totals")


def figure_rows(collection: Collection, site_url: str) -> list[dict]:
    """Every figure of every published story, one row each, saying whether the totals add it."""
    counted = {(c.story.slug, c.figure.unit.slug, c.figure.label)
               for items in counted_figures(collection.published).values() for c in items}
    return [
        {"story": s.slug, "url": absolute_url(site_url, s.url), "title": s.title, "nation": s.place.nation,
         "region": s.place.region or "", "themes": " ".join(s.themes), "organisation": s.organisation.name,
         "unit": f.unit.slug, "unit_name": f.unit.name, "value": f.value, "label": f.label or "",
         "source_url": s.sources[f.source - 1].url,
         "counted_in_totals": (s.slug, f.unit.slug, f.label) in counted}
        for s in collection.published for f in s.figures
    ]


def numbers_csv(collection: Collection, site_url: str) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in figure_rows(collection, site_url):
        writer.writerow({**row, "value": format_value(row["value"]).replace(",", ""),
                         "counted_in_totals": "yes" if row["counted_in_totals"] else "no"})
    return out.getvalue()


def numbers_json(collection: Collection, site_url: str, site_name: str) -> str:
    view = numbers(collection, "")
    data = {
        "title": f"{site_name}: in numbers",
        "licence": "https://creativecommons.org/licenses/by/4.0/",
        "rule": COUNTING_RULE,
        "totals": [
            {"unit": t.unit.slug, "unit_name": t.unit.name, "symbol": t.unit.symbol, "total": t.total,
             "stories": t.story_count,
             "by_nation": {r.key: {"total": r.total, "stories": r.story_count} for r in t.by_nation},
             "by_theme": {r.key: {"total": r.total, "stories": r.story_count} for r in t.by_theme}}
            for t in view.totals
        ],
        "figures": figure_rows(collection, site_url),
    }
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


COUNTING_RULE = ("Each total adds figures of one unit only. A story lists each unit and label once, and a "
                 "project told in more than one story counts once per unit and label, from its newest story. "
                 "A story with two themes counts under both, so theme rows can add up to more than the total; "
                 "nation rows do not overlap. Years are shown in stories, not added up.")
