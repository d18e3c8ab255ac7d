"""The Map page's clusters, computed at build time (storysite.geo.clusters): every story counted
once at every zoom level, counts that add up, the same output whatever the input order, and each
item in the tile the browser will ask for."""

from __future__ import annotations

import json
import math
import random

import pytest

from storysite.geo.clusters import (MIN_LEVEL, POINTS_LEVEL, RADIUS_PX, TILE_PX, WHOLE_LEVELS, MapPoint,
                                    cluster_levels, item_json, project, tile_of, tiles, unproject)
from storysite.geo.places import UK_LATITUDE, UK_LONGITUDE
from storysite.routes import map_points_path
from storysite.pages.maps import point_files

THEMES = ("energy", "housing", "food", "pubs")


def points(n: int, seed: int = 7) -> list[MapPoint]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        # Towns with several stories each, and some stories at exactly the same spot.
        town = rng.randrange(12)
        lat = 50.5 + town * 0.7 + (rng.uniform(-0.05, 0.05) if i % 5 else 0)
        lon = -5 + town * 0.5 + (rng.uniform(-0.05, 0.05) if i % 5 else 0)
        themes = tuple(rng.sample(THEMES, rng.randint(1, 2)))
        out.append(MapPoint(f"story-{i:04d}", round(lon, 4), round(lat, 4), f"Story {i}", f"stories/story-{i:04d}/",
                            f"Town {town}", themes))
    return out


@pytest.fixture(scope="module")
def levels():
    return cluster_levels(points(600))


def test_every_level_from_the_map_s_minimum_to_single_points(levels):
    assert sorted(levels) == list(range(MIN_LEVEL, POINTS_LEVEL + 1))
    assert all(item.point is not None and item.count == 1 for item in levels[POINTS_LEVEL])


def test_every_story_is_counted_exactly_once_at_every_level(levels):
    for level, items in levels.items():
        assert sum(i.count for i in items) == 600, level
    # Each cluster is the union of items of the level below it: follow the stories' positions.
    assert sorted(i.key for i in levels[POINTS_LEVEL]) == sorted(p.id for p in points(600))


def test_cluster_theme_counts_add_up(levels):
    stories_per_theme = {t: sum(t in p.themes for p in points(600)) for t in THEMES}
    for level, items in levels.items():
        totals = dict.fromkeys(THEMES, 0)
        for item in items:
            for slug, n in item.themes:
                totals[slug] += n
            assert all(n <= item.count for _, n in item.themes)
            assert max(n for _, n in item.themes) >= 1
        assert totals == stories_per_theme, level


def test_clusters_grow_as_the_map_zooms_out(levels):
    sizes = [len(levels[z]) for z in sorted(levels)]
    assert sizes == sorted(sizes)  # fewer items the further out
    assert len(levels[MIN_LEVEL]) < 30 < len(levels[POINTS_LEVEL])


def test_no_two_items_of_a_level_closer_than_the_radius_where_they_could_merge(levels):
    """The greedy pass leaves no untaken neighbour within the radius of an item that gathered."""
    for level in range(MIN_LEVEL, POINTS_LEVEL):
        scale = 2 ** level
        positions = [(i.x * scale, i.y * scale) for i in levels[level]]
        close = sum(1 for a in range(len(positions)) for b in range(a + 1, len(positions))
                    if math.dist(positions[a], positions[b]) < RADIUS_PX / 2)
        assert close <= len(positions) // 10, level  # only clusters whose centres drifted together


def test_expansion_zoom_is_where_a_cluster_falls_apart(levels):
    for level in range(MIN_LEVEL, POINTS_LEVEL):
        for item in levels[level]:
            if item.point is None:
                assert level < item.zoom <= POINTS_LEVEL
                # At its expansion zoom its stories are in two or more items near where it was.
                reach = 2 * RADIUS_PX / 2 ** (item.zoom - 1)
                near = [i for i in levels[item.zoom] if math.dist((i.x, i.y), (item.x, item.y)) <= reach]
                assert len(near) >= 2 and sum(i.count for i in near) >= item.count


def test_the_same_stories_in_any_order_give_the_same_bytes():
    stories = points(300)
    shuffled = stories[:]
    random.Random(1).shuffle(shuffled)
    first = {z: [item_json(i) for i in items] for z, items in cluster_levels(stories).items()}
    again = {z: [item_json(i) for i in items] for z, items in cluster_levels(shuffled).items()}
    assert json.dumps(first, sort_keys=True) == json.dumps(again, sort_keys=True)


def test_projection_is_leaflets_web_mercator():
    assert project(0, 0) == pytest.approx((128, 128))
    x, y = project(-0.1276, 51.5072)  # London; the OpenStreetMap wiki's slippy-map formula at zoom 0:
    assert x == pytest.approx((-0.1276 + 180) / 360 * 256)
    assert y == pytest.approx((1 - math.asinh(math.tan(math.radians(51.5072))) / math.pi) / 2 * 256)
    assert unproject(x, y) == pytest.approx((-0.1276, 51.5072))


@pytest.mark.parametrize("latitude, longitude", [
    (UK_LATITUDE[1] - 0.01, UK_LONGITUDE[1] - 0.01),  # the north-east corner of the UK's box
    (60.86, -0.87),  # Unst, Shetland: the UK's northernmost island
    (49.89, -6.33),  # the Isles of Scilly
    (54.6, -8.1),  # Northern Ireland's western edge
])
def test_a_story_at_the_uk_s_edge_lands_in_the_tile_that_covers_it(latitude, longitude):
    point = MapPoint("edge", longitude, latitude, "Edge", "stories/edge/", "Edge", ("energy",))
    levels = cluster_levels([point])
    files = tiles(levels)
    for level in range(MIN_LEVEL, POINTS_LEVEL + 1):
        (item,) = levels[level]
        if level in WHOLE_LEVELS:
            assert files[(level, None, None)] == [item]
            continue
        # The slippy-map formula, independently: the 256-px map tile, then the data tile holding it.
        n = 2 ** level
        map_x = int((longitude + 180) / 360 * n)
        map_y = int((1 - math.asinh(math.tan(math.radians(latitude))) / math.pi) / 2 * n)
        per = TILE_PX // 256
        assert tile_of(item, level) == (map_x // per, map_y // per)
        assert files[(level, map_x // per, map_y // per)] == [item]


def test_point_files_are_compact_sorted_json_with_an_index_per_tiled_level():
    files = {f.path: f.content for f in _files_for(points(200))}
    assert map_points_path(5) in files
    for path, content in files.items():
        data = json.loads(content)
        assert content == json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for level in range(WHOLE_LEVELS[-1] + 1, POINTS_LEVEL + 1):
        index = json.loads(files[f"map/points/{level}/tiles.json"])
        listed = {map_points_path(level, c, r) for c, r in index}
        assert listed == {p for p in files if p.startswith(f"map/points/{level}/") and not p.endswith("tiles.json")}
        assert sum(item["n"] for p in listed for item in json.loads(files[p])) == 200


def _files_for(map_points):
    """point_files takes stories; give it objects with what map_point reads."""
    from types import SimpleNamespace

    stories = tuple(SimpleNamespace(slug=p.id, title=p.title, url=p.url, themes=p.themes,
                                    place=SimpleNamespace(name=p.place, region=None, nation="England",
                                                          latitude=p.latitude, longitude=p.longitude))
                    for p in map_points)
    return point_files(stories)
