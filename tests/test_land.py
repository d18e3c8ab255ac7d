"""A story's point must be on land in the nation it names: the sea, the wrong nation and places
outside the UK are caught; small islands, coasts and border towns pass."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitebuild import REPO
from storyfiles import SITE, VALID_STORY, new_stories_folder, write_story
from storysite.stories.collection import load_stories
from storysite.geo.places import (BORDER_TOLERANCE_KM, COAST_TOLERANCE_KM, distance_to_land_km, land_problem,
                            nation_at, outlines)
from storysite.settings import build_today
from storysite.stories.schema import load_story
from storysite.stories.vocabulary import load_vocabulary

STORIES = REPO / "stories"


def shipped_stories():
    vocabulary, problems = load_vocabulary(STORIES)
    assert vocabulary and not problems
    stories, problems = load_stories(STORIES, vocabulary, SITE, today=build_today())
    assert not problems, problems
    return stories


def test_every_shipped_story_is_on_land_in_its_nation():
    stories = shipped_stories()
    assert len(stories) == len([p for p in STORIES.iterdir() if (p / "index.md").is_file()])
    for story in stories:
        place = story.place
        assert land_problem(place.nation, place.latitude, place.longitude) is None, story.slug


@pytest.mark.parametrize("island, latitude, longitude", [("Eigg", 56.900, -6.160), ("Gigha", 55.678, -5.744)])
def test_small_islands_left_out_of_the_outline_pass(island, latitude, longitude):
    """Eigg and Gigha are too small for the outline: they pass on the coast tolerance alone."""
    assert nation_at(latitude, longitude) is None  # in the outline's sea...
    assert 0 < distance_to_land_km("Scotland", latitude, longitude) <= COAST_TOLERANCE_KM
    assert land_problem("Scotland", latitude, longitude) is None  # ...but accepted


def test_a_coastal_town_passes():
    assert land_problem("England", 53.647, -3.006) is None  # Southport's seafront


@pytest.mark.parametrize("name, nation, latitude, longitude", [
    ("Berwick-upon-Tweed, north of the Tweed", "England", 55.771, -2.005),
    ("Gretna, on the Scottish side", "Scotland", 54.995, -3.065),
    ("Hay-on-Wye", "Wales", 52.074, -3.125),
    ("Knighton, on the border", "Wales", 52.343, -3.049),
    ("Chepstow", "Wales", 51.641, -2.673),
    ("Strabane, on the Irish border", "Northern Ireland", 54.827, -7.460),
    ("St Agnes, Isles of Scilly", "England", 49.890, -6.340),
    ("Fair Isle", "Scotland", 59.530, -1.630),
    ("Rathlin Island", "Northern Ireland", 55.290, -6.200),
])
def test_border_towns_and_far_islands_pass(name, nation, latitude, longitude):
    assert land_problem(nation, latitude, longitude) is None, name


def test_a_point_in_the_sea_is_flagged_with_its_distance():
    message = land_problem("Wales", 53.8, -5.0)  # the Irish Sea, inside the coarse Wales box
    assert message is not None
    assert "53.8, -5.0 is not on land in Wales" in message and "in the sea" in message
    assert re.search(r"about \d+ km from the coast of Wales", message)
    assert "latitude first, then longitude" in message


def test_a_point_in_another_nation_is_flagged():
    """Hereford is inside the coarse Wales box, but in England."""
    message = land_problem("Wales", 52.056, -2.716)
    assert message is not None
    assert message.startswith("52.056, -2.716 is in England, not Wales.")
    assert "change the nation" in message


def test_the_border_tolerance_is_small():
    """Chester sits 4 km from the Welsh border: far enough to be flagged as Wales."""
    assert distance_to_land_km("Wales", 53.19, -2.89) > BORDER_TOLERANCE_KM
    assert land_problem("Wales", 53.19, -2.89) is not None


@pytest.mark.parametrize("nation, latitude, longitude, country", [
    ("England", 54.15, -4.48, "the Isle of Man"),
    ("Northern Ireland", 54.2, -7.1, "Ireland"),  # County Monaghan
])
def test_a_point_outside_the_uk_is_named(nation, latitude, longitude, country):
    message = land_problem(nation, latitude, longitude)
    assert message is not None and f"is in {country}, outside the UK" in message


def test_the_outline_has_every_nation():
    from storysite.geo.places import NATIONS
    assert sorted(outlines()) == sorted(NATIONS)


def _story_with(tmp_path: Path, latitude: str, longitude: str, nation: str | None = None) -> Path:
    """A valid Welsh story (storyfiles.VALID_STORY) with other coordinates (and nation)."""
    folder = tmp_path / "a-welsh-hall"
    folder.mkdir(parents=True)
    text = VALID_STORY
    text = re.sub(r"(?m)^(\s*latitude:).*$", rf"\g<1> {latitude}", text)
    text = re.sub(r"(?m)^(\s*longitude:).*$", rf"\g<1> {longitude}", text)
    if nation:
        text = re.sub(r"(?m)^(\s*nation:).*$", rf"\g<1> {nation}", text)
    (folder / "index.md").write_text(text, encoding="utf-8")
    return folder / "index.md"


def _line_of(path: Path, field: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if line.strip().startswith(f"{field}:"))


def test_validation_names_the_file_line_and_field(tmp_path):
    vocabulary, _ = load_vocabulary(STORIES)
    index = _story_with(tmp_path, "52.056", "-2.716")  # Hereford, in a story that says Wales
    story, problems = load_story(index, "a-welsh-hall", vocabulary, "stories/a-welsh-hall/index.md", SITE.renderer(),
                                 today=build_today())
    assert story is None
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.path, problem.field, problem.line) == ("stories/a-welsh-hall/index.md", "place.latitude",
                                                          _line_of(index, "latitude"))
    assert "is in England, not Wales" in str(problem)


def test_validation_catches_the_sea(tmp_path):
    vocabulary, _ = load_vocabulary(STORIES)
    index = _story_with(tmp_path, "51.40", "-4.60")  # the Bristol Channel, inside the Wales box
    story, problems = load_story(index, "a-welsh-hall", vocabulary, "stories/a-welsh-hall/index.md", SITE.renderer(),
                                 today=build_today())
    assert story is None
    assert [p.field for p in problems] == ["place.latitude"]
    assert "in the sea" in problems[0].message


def test_a_story_without_coordinates_is_rejected_before_any_map(tmp_path):
    vocabulary, _ = load_vocabulary(STORIES)
    index = _story_with(tmp_path, "", "")
    story, problems = load_story(index, "a-welsh-hall", vocabulary, "stories/a-welsh-hall/index.md", SITE.renderer(),
                                 today=build_today())
    assert story is None
    assert {p.field for p in problems} == {"place.latitude", "place.longitude"}
    assert all("is missing" in p.message for p in problems)


def test_the_build_stops_with_the_message_and_no_traceback(tmp_path):
    from sitebuild import copy_project, run_build

    stories = new_stories_folder(tmp_path / "input")
    write_story(stories, "a-good-story")
    index = _story_with(tmp_path / "bad", "51.4", "-4.6")  # the Bristol Channel, for a Welsh story
    write_story(stories, "a-welsh-hall", index.read_text(encoding="utf-8"))
    result = run_build(copy_project(tmp_path / "project", stories), tmp_path / "site")
    assert result.returncode != 0
    line = _line_of(stories / "a-welsh-hall" / "index.md", "latitude")
    assert f"stories/a-welsh-hall/index.md:{line}: place.latitude: 51.4, -4.6 is not on land in Wales" in result.output
    assert "Traceback" not in result.output
