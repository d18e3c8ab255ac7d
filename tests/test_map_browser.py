"""The maps in headless Chromium, at phone and desktop widths: the Map page's clusters add up to
every story, a cluster zooms in to markers whose popups link to their stories (by click and by
keyboard), the theme filter changes the counts, the page never fetches /stories.geojson, nothing
reaches the tile server until the reader asks, and axe-core finds nothing. Tile requests are answered here with a small
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
from storysite.pages.maps import tile_server
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


def open_map(page, site_url, requests: list[str] | None = None):
    if requests is not None:
        page.on("request", lambda request: requests.append(request.url))
    page.goto(site_url + "map/")
    page.wait_for_selector(READY)


def shown_on_map(page) -> int:
    """Stories on the map: the numbers on the clusters plus the markers (each marker's title says
    when it stands for more than one story at the same spot)."""
    return page.evaluate("""() => {
        const canvas = document.querySelector('[data-stories-map] [data-map-canvas]');
        const inClusters = [...canvas.querySelectorAll('.stories-map__cluster')]
            .reduce((sum, el) => sum + Number(el.textContent), 0);
        const markers = [...canvas.querySelectorAll('.stories-map__marker')].reduce((sum, el) => {
            const more = / \\(and (\\d+) more stor/.exec(el.getAttribute('title') || '');
            return sum + 1 + (more ? Number(more[1]) : 0);
        }, 0);
        return inClusters + markers;
    }""")


def draws(page) -> str:
    return page.get_attribute("[data-stories-map]", "data-map-draws") or ""


def in_view(page, selector: str) -> list[int]:
    """Indexes of the elements matching `selector` whose whole target is inside the map's box,
    clear of the zoom buttons and the attribution."""
    return page.evaluate("""selector => {
        const box = document.querySelector('[data-map-canvas]').getBoundingClientRect();
        return [...document.querySelectorAll(selector)].map((el, i) => [el.getBoundingClientRect(), i])
            .filter(([r]) => r.left > box.left + 60 && r.right < box.right - 10 && r.top > box.top + 80
                             && r.bottom < box.bottom - 30).map(([, i]) => i);
    }""", selector)


def zoom_into_biggest_cluster(page) -> None:
    clusters = page.locator("[data-map-canvas] .stories-map__cluster")
    shown = in_view(page, "[data-map-canvas] .stories-map__cluster")
    biggest = max(shown, key=lambda i: int(clusters.nth(i).inner_text()))
    level = int(page.get_attribute("[data-stories-map]", "data-map-level"))
    clusters.nth(biggest).click()
    page.wait_for_function("level => Number(document.querySelector('[data-stories-map]').dataset.mapLevel) > level",
                           arg=level)
    # Leaflet's zoom animation ends (markers measured mid-flight are not where they will stay).
    page.wait_for_function("() => !document.querySelector('.leaflet-zoom-anim')")
    page.wait_for_timeout(300)


def wait_until_still(page) -> None:
    """A popup opened near the map's edge pans the map: what it shows moves until the pan ends."""
    page.wait_for_function("() => !('mapMoving' in document.querySelector('[data-stories-map]').dataset)")


def header_bottom(page) -> float:
    return page.evaluate("() => document.querySelector('.md-header').getBoundingClientRect().bottom")


def zoom_to_a_marker(page):
    """Zoom into the biggest cluster until a single story's marker is in view; returns it."""
    markers = "[data-map-canvas] .leaflet-marker-icon.stories-map__marker"
    for _ in range(12):
        if page.locator("[data-map-live]").count() and in_view(page, markers):
            return page.locator(markers).nth(in_view(page, markers)[0])
        zoom_into_biggest_cluster(page)
    raise AssertionError("no marker came into view")


@pytest.mark.parametrize("width", [390, 1366])
def test_the_theme_choice_keeps_its_place_while_its_options_arrive(chromium, site_url, width):
    """On a slow connection the page is drawn while the <select>'s options are still arriving:
    its size must not depend on them, or the choice and the text after it jump (layout shift)."""
    page = chromium.new_context(viewport={"width": width, "height": 900}).new_page()
    page.goto(site_url + "map/")
    box = "() => { const r = document.getElementById('stories-map-theme').getBoundingClientRect(); " \
          "return [r.x, r.y, r.width, r.height]; }"
    whole = page.evaluate(box)
    page.evaluate("() => { const s = document.getElementById('stories-map-theme'); "
                  "[...s.options].slice(1).forEach(o => o.remove()); s.options[0].textContent = 'All'; }")
    assert page.evaluate(box) == whole
    page.context.close()


def test_map_shows_every_story_without_contacting_the_tile_server(page, site_url, tiles, errors, published):
    requests: list[str] = []
    open_map(page, site_url, requests)
    page.wait_for_load_state("networkidle")
    assert shown_on_map(page) == len(published)
    assert page.locator("[data-map-count]").inner_text() == f"Showing all {len(published)} stories."
    assert page.locator("[data-map-tiles-offer]").is_visible()
    assert tiles == []
    assert all(url.startswith(site_url) for url in requests), requests
    assert not [url for url in requests if url.endswith("stories.geojson")]  # the open data, not the map's
    assert page.evaluate("typeof window.L") == "undefined"  # the first view needs no Leaflet


def test_clicking_a_cluster_zooms_in_and_shows_markers(page, site_url, tiles, errors, published):
    requests: list[str] = []
    open_map(page, site_url, requests)
    first = page.locator("[data-map-canvas] .stories-map__cluster").count()
    zoom_into_biggest_cluster(page)
    assert int(page.get_attribute("[data-stories-map]", "data-map-level")) > 5
    assert page.locator("[data-map-canvas] .stories-map__marker").count() > 0
    assert page.locator("[data-map-canvas] .stories-map__cluster, [data-map-canvas] .stories-map__marker").count() > first
    assert tiles == []
    assert not [url for url in requests if url.endswith("stories.geojson")]


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
    marker = zoom_to_a_marker(page)
    title = marker.get_attribute("title").split(" (and ")[0]
    assert title in {s.title for s in published}
    marker.click()
    link = page.locator(".leaflet-popup a", has_text=title)
    link.wait_for()
    story = next(s for s in published if s.title == title)
    assert story.place.name in page.locator(".leaflet-popup").inner_text()
    wait_until_still(page)
    # On the link's first line: the middle of a title wrapped over two lines can be between them.
    link.click(position={"x": 4, "y": 4})
    page.wait_for_url(f"{site_url}stories/{story.slug}/")
    assert page.locator("h1").inner_text() == title


def scroll_to_just_under_the_header(page, element, by: float = 4) -> None:
    """Scroll the page (not the map: a wheel over it zooms) so `element` starts `by` px under the
    header's bottom edge, or above it for a negative `by`."""
    page.evaluate("([el, y]) => window.scrollBy(0, el.getBoundingClientRect().top - y)",
                  [element.element_handle(), header_bottom(page) + by])


def test_the_header_stays_above_the_map_when_the_page_is_scrolled(page, site_url, errors):
    open_map(page, site_url)
    page.locator("[data-map-canvas] .stories-map__cluster").first.click()
    zoom_in = page.locator("[data-map-live] .leaflet-control-zoom-in")
    zoom_in.wait_for()
    scroll_to_just_under_the_header(page, zoom_in, by=-20)  # the zoom buttons (z-index 1000) behind it
    box = zoom_in.bounding_box()
    x, y = box["x"] + box["width"] / 2, header_bottom(page) - 8
    assert box["y"] < y < box["y"] + box["height"]
    on_top = page.evaluate("([x, y]) => !!document.elementFromPoint(x, y).closest('.md-header')", [x, y])
    assert on_top, "the map's zoom buttons are drawn over the page's header"


def test_a_popup_opened_under_the_header_is_moved_clear_of_it(page, site_url, errors):
    open_map(page, site_url)
    marker = zoom_to_a_marker(page)
    # The marker just below the header: its popup, drawn above it, would open under the header.
    scroll_to_just_under_the_header(page, marker)
    marker.click()
    page.locator(".leaflet-popup a").first.wait_for()
    wait_until_still(page)
    popup = page.locator(".leaflet-popup-content-wrapper").bounding_box()
    assert popup["y"] >= header_bottom(page), "the popup opened under the header"


def _active(page) -> dict:
    return page.evaluate("""() => {
        const el = document.activeElement;
        return {role: el.getAttribute('role'), cls: el.className || '', title: el.getAttribute('title'),
                label: el.getAttribute('aria-label'), text: el.textContent, tag: el.tagName,
                inMap: !!el.closest('[data-map-canvas]'), href: el.getAttribute('href')};
    }""")


def test_keyboard_reaches_clusters_and_markers_and_opens_a_story(page, site_url, errors, published):
    open_map(page, site_url)
    page.locator(".stories-map__skip").focus()  # just before the map
    page.keyboard.press("Tab")  # focus on the first view's first item starts Leaflet, which keeps it
    page.wait_for_selector("[data-map-live]")
    page.wait_for_function("() => document.activeElement.matches('.leaflet-marker-icon')")
    active = _active(page)
    for _ in range(14):  # Enter on a cluster zooms in and lands on the nearest story or sub-cluster
        assert active["inMap"] and active["role"] == "button"
        if "stories-map__marker" in active["cls"]:
            break
        assert "stories-map__cluster" in active["cls"] and "press Enter to zoom in" in active["label"]
        before = draws(page)
        page.keyboard.press("Enter")
        page.wait_for_function("""before => document.querySelector('[data-stories-map]').dataset.mapDraws !== before
            && document.activeElement.matches('.leaflet-marker-icon')""", arg=before)
        active = _active(page)
    assert "stories-map__marker" in active["cls"]
    title = active["title"].split(" (and ")[0]
    assert title in {s.title for s in published}  # the marker's accessible name
    page.keyboard.press("Enter")
    page.wait_for_selector(".leaflet-popup")
    assert _active(page)["text"] == title  # focus moved to the (first) story's link in the popup
    page.keyboard.press("Escape")
    page.wait_for_selector(".leaflet-popup", state="detached")  # it fades out
    assert _active(page)["title"].split(" (and ")[0] == title  # and back to the marker
    page.keyboard.press("Enter")
    page.wait_for_selector(".leaflet-popup")
    page.keyboard.press("Enter")
    story = next(s for s in published if s.title == title)
    page.wait_for_url(f"{site_url}stories/{story.slug}/")


def test_tab_leaves_the_map(page, site_url, errors):
    """No keyboard trap: Tab goes through the map's markers and controls and out the other side."""
    open_map(page, site_url)
    page.locator(".stories-map__skip").focus()
    page.keyboard.press("Tab")
    page.wait_for_selector("[data-map-live]")
    stops = page.locator("[data-map-canvas] [tabindex='0'], [data-map-canvas] a[href]").count()
    for _ in range(stops + 2):
        page.keyboard.press("Tab")
        if not _active(page)["inMap"]:
            break
    assert not _active(page)["inMap"]


def test_every_marker_and_cluster_has_an_accessible_name(page, site_url, errors):
    open_map(page, site_url)
    named = """() => [...document.querySelectorAll('[data-map-canvas] button, [data-map-canvas] [role=button]')]
        .map(el => (el.getAttribute('aria-label') || el.getAttribute('title') || '').trim())"""
    names = page.evaluate(named)  # the first view's buttons
    assert names and all(names)
    zoom_into_biggest_cluster(page)  # Leaflet's markers
    names = page.evaluate(named)
    assert names and all(names)


def test_theme_filter_changes_the_counts(page, site_url, errors, published):
    counts = Counter(theme for story in published for theme in story.themes)
    theme, expected = min(counts.items(), key=lambda item: (item[1], item[0]))
    open_map(page, site_url)
    page.select_option("[data-map-theme]", theme)
    assert shown_on_map(page) == expected
    assert page.locator("[data-map-count]").inner_text().startswith(f"Showing {expected} of {len(published)} stories")
    page.select_option("[data-map-theme]", "")
    assert shown_on_map(page) == len(published)
    # The same on the live map, from the files it has loaded.
    zoom_into_biggest_cluster(page)
    page.get_by_role("button", name="Zoom out").click()
    page.wait_for_timeout(600)
    everything = shown_on_map(page)
    page.select_option("[data-map-theme]", theme)
    assert shown_on_map(page) < everything
    assert shown_on_map(page) <= expected


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
    page.locator(".stories-map-places a").first.click()  # a place page, which lists its stories
    page.wait_for_url(f"{site_url}places/**")
    page.goto(_a_story_url(site_url, published))
    assert page.locator(".leaflet-container").count() == 0
    assert tiles == []
    page.get_by_role("button", name="Show map").click()
    page.wait_for_selector(".story-map .leaflet-container")
    page.go_back()
    page.go_back()
    page.wait_for_selector(READY)
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
    # the place pages below the map are the equivalent for those).
    zoom_to_a_marker(page).click()
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
