"""Structured figures: the validator's messages for each kind of mistake, and the totals the
numbers page computes from a known set of stories (one project counted once, units never mixed)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from storyfiles import SITE, VALID_STORY, new_stories_folder, write_story
from storysite.problems import InputError
from storysite.pages.numbers import counted_figures, fact_box, numbers, numbers_csv
from storysite.stories.collection import load_collection

TODAY = dt.date(2026, 6, 1)


def with_figures(block: str, text: str = VALID_STORY) -> str:
    return text.replace("---\n\nThe story", block.rstrip("\n") + "\n---\n\nThe story")


def problems_for(tmp_path: Path, block: str) -> list[str]:
    folder = new_stories_folder(tmp_path)
    write_story(folder, "hall", with_figures(block))
    with pytest.raises(InputError) as error:
        load_collection(folder, include_unpublished=True, today=TODAY, site=SITE)
    return [str(p) for p in error.value.problems]


def test_a_valid_figure_is_read_and_shown_with_its_source(tmp_path):
    folder = new_stories_folder(tmp_path)
    write_story(folder, "hall", with_figures("figures:\n  - value: 4200\n    unit: kw\n    label: wind turbine\n    source: 1\n"))
    story = load_collection(folder, include_unpublished=True, today=TODAY, site=SITE).stories[0]
    (fact,) = fact_box(story)
    assert (fact.value_text, fact.what, fact.source_url) == ("4,200 kW", "wind turbine", "https://news.llanfair.test/hall")


@pytest.mark.parametrize("block, expected", [
    ("figures:\n  - value: £4m\n    unit: pounds\n    source: 1\n",
     "stories/hall/index.md:20: figures[0].value: '£4m' is not a number. Write the number alone in £"),
    ("figures:\n  - value: 4.2\n    unit: MW\n    source: 1\n",
     "stories/hall/index.md:21: figures[0].unit: 'MW' is not a unit. Did you mean 'kw'"),
    ("figures:\n  - value: 12\n    unit: hoems\n    source: 1\n",
     "figures[0].unit: 'hoems' is not a unit. Did you mean 'homes'"),
    ("figures:\n  - value: -3\n    unit: homes\n    source: 1\n",
     "stories/hall/index.md:20: figures[0].value: -3 must be a number above zero."),
    ("figures:\n  - value: 2.5\n    unit: homes\n    source: 1\n",
     "figures[0].value: 2.5 must be a whole number for the unit 'homes'."),
    ("figures:\n  - value: 12\n    unit: homes\n    source: 2\n",
     "stories/hall/index.md:22: figures[0].source: is 2, but the story lists 1 source. Count the sources from 1."),
    ("figures:\n  - value: 12\n    unit: homes\n",
     "figures[0].source: is missing. Give the number of the source"),
    ("figures:\n  - value: 12\n    unit: homes\n    source: 1\n    lable: flats\n",
     "stories/hall/index.md:23: figures[0].lable: is not a field a figure can have. Did you mean 'label'?"),
    ("figures:\n  - value: 12\n    unit: homes\n    source: 1\n  - value: 13\n    unit: homes\n    source: 1\n",
     "stories/hall/index.md:23: figures[1]: repeats figure 1 (unit 'homes', no label), so totals would count it twice."),
    ("figures: 4200 kW\n", "figures: must be a list of figures"),
])
def test_each_mistake_in_a_figure_gets_a_message_naming_line_field_and_fix(tmp_path, block, expected):
    problems = problems_for(tmp_path, block)
    assert any(expected in p for p in problems), problems


def test_figures_with_different_labels_may_share_a_unit(tmp_path):
    folder = new_stories_folder(tmp_path)
    write_story(folder, "hall", with_figures("figures:\n  - value: 150000\n    unit: pounds\n    label: first offer\n"
                                             "    source: 1\n  - value: 2700000\n    unit: pounds\n"
                                             "    label: second offer\n    source: 1\n"))
    story = load_collection(folder, include_unpublished=True, today=TODAY, site=SITE).stories[0]
    assert [f.value for f in story.figures] == [150000, 2700000]


def story_text(title: str, organisation: str, nation_block: str, themes: str, figures: str, date: str) -> str:
    text = VALID_STORY.replace("A hall for Llanfair", title).replace("Llanfair Hall Society", organisation)
    text = text.replace("date: 2026-03-01", f"date: {date}").replace("themes: [community-spaces]", f"themes: {themes}")
    text = text.replace("  name: Llanfair Caereinion\n  latitude: 52.6480\n  longitude: -3.3280\n  nation: Wales\n", nation_block)
    return with_figures(figures, text)


STRETFORD = "  name: Stretford\n  latitude: 53.4460\n  longitude: -2.3080\n  nation: England\n  region: North West\n"
GIGHA = "  name: Gigha\n  latitude: 55.6800\n  longitude: -5.7400\n  nation: Scotland\n"
WALES = "  name: Llanfair Caereinion\n  latitude: 52.6480\n  longitude: -3.3280\n  nation: Wales\n"


def known_collection(tmp_path: Path):
    folder = new_stories_folder(tmp_path)
    write_story(folder, "turbine", story_text("Turbine", "Wind Co-op", STRETFORD, "[energy, finance]",
        "figures:\n  - value: 4200\n    unit: kw\n    source: 1\n  - value: 500000\n    unit: pounds\n"
        "    label: raised in shares\n    source: 1\n  - value: 2012\n    unit: year\n    source: 1\n", "2026-01-01"))
    write_story(folder, "island", story_text("Island", "Island Trust", GIGHA, "[land, energy]",
        "figures:\n  - value: 675\n    unit: kw\n    source: 1\n", "2026-02-01"))
    # The same project as "turbine", told again later: its raised-in-shares figure must count once.
    write_story(folder, "turbine-again", story_text("Turbine, ten years on", "Wind Co-op", STRETFORD, "[energy]",
        "figures:\n  - value: 600000\n    unit: pounds\n    label: raised in shares\n    source: 1\n", "2026-03-01"))
    write_story(folder, "hall", story_text("Hall", "Hall Society", WALES, "[community-spaces]",
        "figures:\n  - value: 255000\n    unit: pounds\n    label: raised in shares\n    source: 1\n"
        "  - value: 1000\n    unit: members\n    source: 1\n", "2026-04-01"))
    write_story(folder, "no-figures", story_text("Plain", "Plain Group", WALES, "[food]", "", "2026-05-01"))
    return load_collection(folder, include_unpublished=False, today=TODAY, site=SITE)


def test_totals_add_one_unit_each_count_a_project_once_and_never_add_years(tmp_path):
    view = numbers(known_collection(tmp_path), "numbers/")
    totals = {t.unit.slug: t for t in view.totals}
    assert set(totals) == {"kw", "pounds", "members"}  # years are never added up
    assert (totals["kw"].total_text, totals["kw"].count_text) == ("4,875 kW", "2 stories")
    # Wind Co-op's shares counted once, from its newest story (600,000), plus the hall's 255,000.
    assert (totals["pounds"].total_text, totals["pounds"].count_text) == ("£855,000", "2 stories")
    assert [s.href for s in totals["pounds"].stories] == ["../stories/turbine-again/", "../stories/hall/"]
    nations = {row.name: (row.total_text, row.story_count) for row in totals["kw"].by_nation}
    assert nations == {"England": ("4,200 kW", 1), "Scotland": ("675 kW", 1), "Wales": ("none yet", 0),
                       "Northern Ireland": ("none yet", 0)}
    themes = {row.key: row.total_text for row in totals["kw"].by_theme}
    assert themes == {"energy": "4,875 kW", "finance": "4,200 kW", "land": "675 kW"}
    assert view.story_count == 4
    assert view.csv_href == "../numbers.csv"


def test_the_csv_lists_every_figure_and_says_which_the_totals_add(tmp_path):
    text = numbers_csv(known_collection(tmp_path), "https://example.org/")
    assert text.startswith("story,url,title,nation,region,themes,organisation,unit,unit_name,value,label")
    table = list(csv.DictReader(io.StringIO(text)))
    rows = [f"{r['story']}:{r['unit']}:{r['counted_in_totals']}" for r in table]
    assert table[2]["value"] == "600000" and table[2]["url"] == "https://example.org/stories/turbine-again/"
    assert rows == ["hall:pounds:yes", "hall:members:yes", "turbine-again:pounds:yes", "island:kw:yes",
                    "turbine:kw:yes", "turbine:pounds:no", "turbine:year:no"]


def test_counted_figures_keep_the_newest_story_of_a_project(tmp_path):
    counted = counted_figures(known_collection(tmp_path).published)
    assert [c.story.slug for c in counted["pounds"]] == ["hall", "turbine-again"]
