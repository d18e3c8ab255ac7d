"""The Map page's text (the list by place, the theme filter, the tile notice) and the story
page's location map, built from the story files and the settings."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from html import escape
from urllib.parse import parse_qs, urlparse

import pytest

from storyfiles import SITE
import yaml

from pageresources import fetched_urls
from sitebuild import REPO
from storysite.stories.collection import load_collection
from storysite.settings import build_today
from storysite.geo.places import ENGLISH_REGIONS, NATIONS
from storysite.routes import slugify
import json

from storysite.geo.clusters import MIN_LEVEL, POINTS_LEVEL
from storysite.pages.maps import map_page_markdown, point_files
from fragments import render
from storysite.pages.maps import tile_server
from storysite.settings import Settings, parse_settings
from storysite.pages.maps import story_map

MKDOCS = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
SETTINGS, _ = parse_settings(MKDOCS["extra"])


@pytest.fixture(scope="module")
def shipped():
    c = load_collection(REPO / "stories", site=SITE, include_unpublished=False, today=build_today())
    return c, c.published


def page(stories, vocabulary, settings=SETTINGS):
    return map_page_markdown(stories, vocabulary, tile_server(settings), MKDOCS["site_url"], render)


def test_places_under_the_map_count_every_story_and_link_to_their_pages(shipped):
    """The list under the map is the nations and England's regions with their counts, each a
    link to its place page (which lists its stories): every story is reachable without the map."""
    c, stories = shipped
    text = page(stories, c.vocabulary)
    listed = re.findall(r'<a href="\.\./places/([a-z-]+)/(?:([a-z-]+)/)?">([^<]+)</a> '
                        r'<span class="stories-map-places__count">(\d+) stor', text)
    nations = {name: int(n) for nation, region, name, n in listed if not region}
    regions = {name: int(n) for nation, region, name, n in listed if region}
    assert nations == {n: sum(s.place.nation == n for s in stories) for n in NATIONS
                       if any(s.place.nation == n for s in stories)}
    assert regions == {r: sum(s.place.region == r for s in stories) for r in ENGLISH_REGIONS
                       if any(s.place.region == r for s in stories)}
    assert sum(nations.values()) == len(stories)
    assert list(nations) == [n for n in NATIONS if n in nations]  # in the nations' order
    assert '<a href="../stories/">browse every story</a>' in text


def test_the_page_does_not_grow_with_the_stories(shipped):
    """The same page for the real stories and for 60 times as many (the copies moved a little)."""
    c, stories = shipped
    many = tuple(dataclasses.replace(s, slug=f"{s.slug}-{i}", place=dataclasses.replace(
        s.place, latitude=s.place.latitude + i * 1e-3)) for i in range(60) for s in stories)
    small, large = page(stories, c.vocabulary), page(many, c.vocabulary)
    assert len(large) - len(small) < 200  # only the counts' digits differ
    assert stories[0].title not in large


def test_theme_filter_offers_each_theme_in_use_with_its_count(shipped):
    c, stories = shipped
    text = page(stories, c.vocabulary)
    options = re.findall(r'<option value="([a-z-]*)">([^<]+) \((\d+)\)</option>', text)
    counts = Counter(t for s in stories for t in s.themes)
    assert options[0] == ("", "All themes", str(len(stories)))
    assert {(slug, int(n)) for slug, _, n in options[1:]} == set(counts.items())
    names = {t.slug: t.name for t in c.vocabulary.themes}
    assert all(name == escape(names[slug]) for slug, name, _ in options[1:])
    assert f"Showing all {len(stories)} stories." in text


def test_story_text_is_carried_as_json_not_html(shipped):
    """Titles and places reach the map as JSON data (the script sets them as text), never as markup."""
    _, stories = shipped
    odd = dataclasses.replace(stories[0], title='Fish & "Chips" <co-op>',
                              place=dataclasses.replace(stories[0].place, name="Barry & Penarth"))
    points = [json.loads(f.content) for f in point_files((odd,)) if f.path.endswith("/5.json")]
    (item,) = points[0]
    assert item["title"] == 'Fish & "Chips" <co-op>' and item["place"].startswith("Barry & Penarth")


def test_tile_server_comes_from_the_settings(shipped):
    c, stories = shipped
    custom = Settings(tile_url="https://{s}.tiles.example.org/{z}/{x}/{y}.png",
                      tile_attribution='<a href="https://example.org/">Example</a> & friends', tile_max_zoom=17)
    text = page(stories, c.vocabulary, custom)
    assert 'data-tile-url="https://{s}.tiles.example.org/{z}/{x}/{y}.png"' in text
    assert 'data-tile-attribution="&lt;a href=&#34;https://example.org/&#34;&gt;Example&lt;/a&gt; &amp; friends"' in text
    assert 'data-tile-max-zoom="17"' in text
    assert "<strong>tiles.example.org</strong>" in text  # the host the reader is told about
    assert "openstreetmap" not in text.lower().replace("the openstreetmap street map", "")


def test_the_map_keeps_its_space_from_the_first_paint_but_not_without_javascript(shipped, built_site):
    """The block is shown before Leaflet loads (nothing below it jumps when the map starts);
    without JavaScript the reader gets the list, not an empty map frame."""
    c, stories = shipped
    block = re.search(r"<div class=\"stories-map\"[^>]*>", page(stories, c.vocabulary)).group(0)
    assert "hidden" not in block
    html = (built_site.site / "map" / "index.html").read_text(encoding="utf-8")
    head = html[:html.index("</head>")]
    [without_js] = re.findall(r"<noscript><style>(.*?)</style></noscript>", head, re.S)
    assert re.search(r"\.stories-map\b[^{}]*\{\s*display: none", without_js), without_js


def test_story_map_links_to_the_place_on_openstreetmap(shipped):
    _, stories = shipped
    for story in stories:
        view = story_map(story, SETTINGS)
        link = urlparse(view.osm_url)
        assert (link.scheme, link.hostname) == ("https", "www.openstreetmap.org")
        query = parse_qs(link.query)
        assert float(query["mlat"][0]) == pytest.approx(story.place.latitude)
        assert float(query["mlon"][0]) == pytest.approx(story.place.longitude)
        assert view.tiles.url == SETTINGS.tile_url


def test_story_page_carries_the_link_and_an_inert_map(built_site, shipped):
    _, stories = shipped
    for story in stories:
        html = (built_site.site / "stories" / story.slug / "index.html").read_text(encoding="utf-8")
        view = story_map(story, SETTINGS)
        assert f'href="{escape(view.osm_url)}"' in html
        offer = re.search(r"<div class=\"story-map__offer\"[^>]*>", html).group(0)
        assert f'data-tile-url="{escape(SETTINGS.tile_url)}"' in offer and offer.endswith(" hidden>")
        # Nothing on the page itself fetches from the tile server or any other host.
        for url in fetched_urls(html):
            assert not re.match(r"^(https?:)?//", url), f"{story.slug} loads {url}"


def test_map_page_is_built_and_in_the_navigation(built_site, shipped):
    _, stories = shipped
    html = (built_site.site / "map" / "index.html").read_text(encoding="utf-8")
    assert "data-themes=" not in html and stories[0].title not in html  # no list of every story
    home = (built_site.site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="map/"[^>]*>\s*Map\s*</a>', home)
    assert re.search(r'<a href="data/"[^>]*>\s*Data\s*</a>', home)
    assert (built_site.site / "assets" / "uk-land.geojson").is_file()
    assert "stories.geojson" not in html.replace('href="../data/"', "")  # the map does not read it
    assert 'data-points="points/"' in html and "<svg class=\"stories-map__outline\"" in html


def test_built_overview_and_tiles_hold_every_published_story_once(built_site, shipped):
    _, stories = shipped
    points = built_site.site / "map" / "points"
    overview = points / "5.json"
    assert overview.stat().st_size < 8_000  # the first view's one file
    levels = {}
    for level in range(MIN_LEVEL, POINTS_LEVEL + 1):
        whole = points / f"{level}.json"
        if whole.is_file():
            files = [whole]
        else:
            index = json.loads((points / str(level) / "tiles.json").read_text(encoding="utf-8"))
            files = [points / str(level) / str(c) / f"{r}.json" for c, r in index]
            assert sorted(files) == sorted(p for p in (points / str(level)).glob("*/*.json"))
        items = [i for f in files for i in json.loads(f.read_text(encoding="utf-8"))]
        assert all(f.stat().st_size < 20_000 for f in files)
        levels[level] = items
        assert sum(i["n"] for i in items) == len(stories), level
    deepest = {i["url"] for i in levels[POINTS_LEVEL]}
    assert deepest == {s.url for s in stories}
