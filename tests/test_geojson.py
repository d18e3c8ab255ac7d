"""/stories.geojson: valid RFC 7946, one point per published story, the properties the Data page
promises, absolute URLs, and the same bytes every time."""

from __future__ import annotations

import dataclasses
import json
import math
import re
import shutil

import pytest

from storyfiles import SITE
import yaml

from sitebuild import REPO
from storysite.stories.collection import is_published, load_collection
from storysite.settings import build_today
from storysite.geo.geojson import stories_geojson
from storysite.problems import InputError

SITE_URL = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
PROPERTIES = {"title", "url", "summary", "date", "themes", "place", "nation", "region", "organisation",
              "legal_form"}


def collection(folder=REPO / "stories", today=None):
    return load_collection(folder, site=SITE, include_unpublished=True, today=today or build_today())


def data_for(stories) -> dict:
    return json.loads(stories_geojson(stories, SITE_URL))


@pytest.fixture(scope="module")
def shipped():
    c = collection()
    return c, data_for(c.published)


def test_is_an_rfc7946_feature_collection(shipped):
    _, data = shipped
    assert set(data) == {"type", "features"}  # no crs, no bbox, nothing else
    assert data["type"] == "FeatureCollection"
    for feature in data["features"]:
        assert set(feature) == {"type", "id", "geometry", "properties"}
        assert feature["type"] == "Feature"
        assert isinstance(feature["id"], str)
        assert feature["geometry"]["type"] == "Point"
        position = feature["geometry"]["coordinates"]
        assert len(position) == 2 and all(isinstance(v, float) and math.isfinite(v) for v in position)


def test_one_feature_per_published_story_longitude_first(shipped):
    c, data = shipped
    published = [s for s in c.stories if is_published(s, build_today())]
    assert [f["id"] for f in data["features"]] == [s.slug for s in published]
    for feature, story in zip(data["features"], published):
        longitude, latitude = feature["geometry"]["coordinates"]
        assert (longitude, latitude) == (pytest.approx(story.place.longitude), pytest.approx(story.place.latitude))
        assert -9 < longitude < 2 and 49 < latitude < 61  # the UK: so not swapped


def test_properties_as_promised_with_absolute_urls(shipped):
    c, data = shipped
    by_slug = {s.slug: s for s in c.stories}
    for feature in data["features"]:
        story, props = by_slug[feature["id"]], feature["properties"]
        assert set(props) == PROPERTIES
        assert props["title"] == story.title and props["summary"] == story.summary
        assert props["url"] == f"{SITE_URL.rstrip('/')}/stories/{story.slug}/"
        assert re.match(r"^https://[^/]+/", props["url"])
        assert props["date"] == story.date.isoformat()
        assert props["themes"] == list(story.themes)
        assert (props["place"], props["nation"], props["region"]) == (story.place.name, story.place.nation,
                                                                      story.place.region)
        assert (props["organisation"], props["legal_form"]) == (story.organisation.name,
                                                                story.organisation.legal_form)


def test_drafts_and_scheduled_stories_are_left_out(tmp_path):
    folder = tmp_path / "stories"
    shutil.copytree(REPO / "stories", folder)
    slugs = sorted(p.name for p in folder.iterdir() if p.is_dir())
    draft, scheduled = slugs[0], slugs[1]
    index = folder / draft / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("\n---\n", "\ndraft: true\n---\n", 1), encoding="utf-8")
    index = folder / scheduled / "index.md"
    index.write_text(re.sub(r"(?m)^date: .*$", "date: 2999-01-01", index.read_text(encoding="utf-8"), count=1),
                     encoding="utf-8")
    c = collection(folder)  # as `mkdocs serve` loads them: drafts and future stories included
    assert {draft, scheduled} <= {s.slug for s in c.stories}
    ids = [f["id"] for f in data_for(c.published)["features"]]
    assert draft not in ids and scheduled not in ids
    assert len(ids) == len([s for s in c.stories if not s.draft and s.date <= build_today()])


def test_same_input_same_bytes(shipped):
    c, _ = shipped
    stories = c.published
    first = stories_geojson(stories, SITE_URL)
    assert first == stories_geojson(stories, SITE_URL)
    assert first == stories_geojson(collection().published, SITE_URL)
    assert json.dumps(json.loads(first), sort_keys=True, ensure_ascii=False, separators=(",", ":")) \
        == first.replace("\n", "").strip()  # keys sorted at every level


def test_the_built_file_is_the_one_computed_from_the_stories(built_site, shipped):
    """What the site ships is exactly this module's output: no clock, no build-time extras."""
    c, _ = shipped
    expected = stories_geojson(c.published, SITE_URL)
    assert (built_site.site / "stories.geojson").read_text(encoding="utf-8") == expected


def test_an_empty_site_is_still_valid():
    assert json.loads(stories_geojson([], SITE_URL)) == {"type": "FeatureCollection", "features": []}
