"""The maps in headless Chromium, at phone and desktop widths: every story is on the Map page,
markers open by click and by keyboard, the theme filter works, nothing reaches the tile server
until the reader asks, and axe-core finds nothing. Tile requests are answered here with a small
PNG (the test never touches the network); any other outside request fails the test."""

from __future__ import annotations

import io
import re
from collections import Counter

import pytest

from storyfiles import SITE
import yaml
from PIL import Image

from browser import AXE_JS, WCAG_TAGS, axe_violations, describe
from sitebuild import REPO
from storysite.stories.collection import load_collection
from storysite.settings import build_today
from storysite.site.maps import tile_server
from storysite.settings import parse_settings

pytestmark = pytest.mark.browser

SETTINGS, _ = parse_settings(yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["extra"])
TILE_HOST = tile_server(SETTINGS).host
READY = "[data-stories-map][data-map-ready]"


def _tile_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (256, 256), "#e8e4d8").save(out, "PNG")
    return out.getvalue()


TILE = _tile_png()


@pytest.fixture(scope="module")
def published():
    collection = load_collection(REPO / "stories", site=SITE, include_unpublished=False, today=build_today())
    return collection.published


@pytest.fixture
def tiles(browser_context) -> list[str]:
    """Answer every tile request locally; the list records what was asked for."""
    asked: list[str] = []

    def answer(route) -> None:
        asked.append(route.request.url)
        route.fulfill(status=200, body=TILE, content_type="image/png")

    browser_context.route(f"https://{TILE_HOST}/**", answer)
    return asked


@pytest.fixture
def errors(page) -> list[str]:
    found: list[str] = []
    page.on("pageerror", lambda error: found.append(str(error)))
    yield found
    assert not found, f"JavaScript errors: {found}"


def open_map(page, site_url):
    page.goto(site_url + "map/")
    page.wait_for_selector(READY)


def shown_on_map(page) -> int:
    """Stories on the map: the numbers on the clusters plus the single markers."""
    return page.evaluate("""() => {
        const canvas = document.querySelector('[data-stories-map] [data-map-canvas]');
        const inClusters = [...canvas.querySelectorAll('.stories-map__cluster')]
            .reduce((sum, el) => sum + Number(el.textContent), 0);
        return inClusters + canvas.querySelectorAll('.stories-map__marker').length;
    }""")


def test_map_shows_every_story_without_contacting_the_tile_server(page, site_url, tiles, errors, published):
    open_map(page, site_url)
    assert shown_on_map(page) == len(published)
    assert page.locator("[data-map-count]").inner_text() == f"Showing all {len(published)} stories."
    assert page.locator("[data-map-tiles-offer]").is_visible()
    assert tiles == []


def test_street_map_loads_tiles_only_when_asked(page, site_url, tiles, errors):
    open_map(page, site_url)
    page.wait_for_timeout(300)
    assert tiles == []
    page.get_by_role("button", name="Show the street map").click()
    page.wait_for_selector(".leaflet-tile-loaded")
    assert tiles and all(url.startswith(f"https://{TILE_HOST}/") for url in tiles)
    assert "OpenStreetMap" in page.locator(".leaflet-control-attribution").inner_text()
    assert not page.locator("[data-map-tiles-offer]").is_visible()


def test_clicking_a_marker_opens_its_popup_with_a_working_link(page, site_url, errors, published):
    open_map(page, site_url)
    marker = page.locator(".stories-map__marker").first
    title = marker.get_attribute("title")
    assert title in {s.title for s in published}
    marker.click()
    link = page.locator(".leaflet-popup a", has_text=title)
    link.wait_for()
    story = next(s for s in published if s.title == title)
    assert story.place.name in page.locator(".leaflet-popup").inner_text()
    assert story.summary in page.locator(".leaflet-popup").inner_text()
    # On the link's first line: the middle of a title wrapped over two lines can be between them.
    link.click(position={"x": 4, "y": 4})
    page.wait_for_url(f"{site_url}stories/{story.slug}/")
    assert page.locator("h1").inner_text() == title


def _active(page) -> dict:
    return page.evaluate("""() => {
        const el = document.activeElement;
        return {role: el.getAttribute('role'), cls: el.className || '', title: el.getAttribute('title'),
                label: el.getAttribute('aria-label'), text: el.textContent, tag: el.tagName,
                inMap: !!el.closest('[data-map-canvas]'), href: el.getAttribute('href')};
    }""")


def test_keyboard_reaches_clusters_and_markers_and_opens_a_story(page, site_url, errors, published):
    open_map(page, site_url)
    page.locator("[data-map-canvas]").focus()
    page.keyboard.press("Tab")
    active = _active(page)
    for _ in range(12):  # Enter on a cluster zooms in and lands on its first story or sub-cluster
        assert active["inMap"] and active["role"] == "button"
        if "stories-map__marker" in active["cls"]:
            break
        assert "stories-map__cluster" in active["cls"] and "press Enter to zoom in" in active["label"]
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.activeElement.matches('.stories-map__marker, .stories-map__cluster')")
        active = _active(page)
    assert "stories-map__marker" in active["cls"]
    title = active["title"]
    assert title in {s.title for s in published}  # the marker's accessible name
    page.keyboard.press("Enter")
    page.wait_for_selector(".leaflet-popup")
    assert _active(page)["text"] == title  # focus moved to the story's link in the popup
    page.keyboard.press("Escape")
    page.wait_for_selector(".leaflet-popup", state="detached")  # it fades out
    assert _active(page)["title"] == title  # and back to the marker
    page.keyboard.press("Enter")
    page.wait_for_selector(".leaflet-popup")
    page.keyboard.press("Enter")
    story = next(s for s in published if s.title == title)
    page.wait_for_url(f"{site_url}stories/{story.slug}/")


def test_tab_leaves_the_map(page, site_url, errors):
    """No keyboard trap: Tab goes through the map's markers and controls and out the other side."""
    open_map(page, site_url)
    page.locator("[data-map-canvas]").focus()
    stops = page.locator("[data-map-canvas] [tabindex='0'], [data-map-canvas] a[href]").count()
    for _ in range(stops + 2):
        page.keyboard.press("Tab")
        if not _active(page)["inMap"]:
            break
    assert not _active(page)["inMap"]


def test_every_marker_and_cluster_has_an_accessible_name(page, site_url, errors):
    open_map(page, site_url)
    names = page.evaluate("""() => [...document.querySelectorAll('[data-map-canvas] [role=button]')]
        .map(el => (el.getAttribute('aria-label') || el.getAttribute('title') || '').trim())""")
    assert names and all(names)


def test_theme_filter_changes_the_map_and_the_list(page, site_url, errors, published):
    counts = Counter(theme for story in published for theme in story.themes)
    theme, expected = min(counts.items(), key=lambda item: (item[1], item[0]))
    open_map(page, site_url)
    page.select_option("[data-map-theme]", theme)
    assert shown_on_map(page) == expected
    assert page.locator("[data-map-count]").inner_text().startswith(f"Showing {expected} of {len(published)} stories")
    visible = page.locator("[data-map-list] li:visible")
    assert visible.count() == expected
    listed = set(visible.locator("a").all_inner_texts())
    assert listed == {s.title for s in published if theme in s.themes}
    page.select_option("[data-map-theme]", "")
    assert shown_on_map(page) == len(published)
    assert page.locator("[data-map-list] li:visible").count() == len(published)


def _a_story_url(site_url, published) -> str:
    return f"{site_url}stories/{published[0].slug}/"


def test_story_page_map_is_inert_until_asked(page, site_url, tiles, errors, published):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(_a_story_url(site_url, published))
    page.wait_for_load_state("networkidle")
    assert all(url.startswith(site_url) or url.startswith("data:") for url in requested), requested
    assert tiles == []
    assert page.evaluate("typeof window.L") == "undefined"  # Leaflet not even loaded
    assert page.locator(".leaflet-container").count() == 0
    link = page.get_by_role("link", name="see the place on OpenStreetMap")
    assert link.get_attribute("href").startswith("https://www.openstreetmap.org/?mlat=")
    page.get_by_role("button", name="Show map").click()
    page.wait_for_selector(".story-map .leaflet-tile-loaded")
    assert tiles and all(url.startswith(f"https://{TILE_HOST}/") for url in tiles)
    assert page.locator(".story-map .stories-map__marker").count() == 1


def test_map_starts_when_followed_to_and_again_after_going_back(page, site_url, tiles, errors, published):
    page.goto(site_url + "data/")  # a page without a map
    page.locator(".md-content").get_by_role("link", name="map", exact=True).click()
    page.wait_for_selector(READY)
    assert shown_on_map(page) == len(published)
    page.locator("[data-map-list] a").first.click()
    page.wait_for_selector("#story-title")
    assert page.locator(".leaflet-container").count() == 0
    assert tiles == []
    page.get_by_role("button", name="Show map").click()
    page.wait_for_selector(".story-map .leaflet-container")
    page.go_back()
    page.wait_for_selector(READY)
    assert page.locator(".leaflet-container").count() == 1
    assert shown_on_map(page) == len(published)


def axe_violations_within(page, selector: str) -> list[dict]:
    """axe-core on one part of the page (browser.axe_violations checks the whole document)."""
    page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        """async ([selector, tags]) => {
            const result = await axe.run({include: [selector]}, {runOnly: {type: 'tag', values: tags}});
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + n.failureSummary)}));
        }""",
        [selector, WCAG_TAGS],
    )


def test_map_page_has_no_accessibility_violations(page, site_url, errors):
    open_map(page, site_url)
    violations = axe_violations(page)
    assert not violations, describe(violations)
    # An open popup: the popup itself is checked (it covers some markers, as any map popup does;
    # the list below the map is the equivalent for those).
    page.locator(".stories-map__marker").first.click()
    page.wait_for_function("() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'")
    violations = axe_violations_within(page, ".leaflet-popup")
    assert not violations, describe(violations)


def test_story_page_has_no_accessibility_violations_before_and_after_the_map(page, site_url, tiles, errors,
                                                                              published):
    page.goto(_a_story_url(site_url, published))
    violations = axe_violations(page)
    assert not violations, describe(violations)
    page.get_by_role("button", name="Show map").click()
    page.wait_for_selector(".story-map .leaflet-tile-loaded")
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_data_page_has_no_accessibility_violations(page, site_url, errors):
    page.goto(site_url + "data/")
    violations = axe_violations(page)
    assert not violations, describe(violations)
