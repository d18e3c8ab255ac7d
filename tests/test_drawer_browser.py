"""Material's navigation drawer on a phone, in headless Chromium, as a keyboard and a screen reader
meet it (stories.css, "Material's navigation drawer"; partials/drawer-button.html).

Closed, the drawer used to sit just off the screen with its links in the tab order: a keyboard
went through a dozen links no one could see, and could not open the drawer at all."""

from __future__ import annotations

import pytest

from browser import DESKTOP, PHONE, axe_violations, describe
from sitepages import PAGE_TYPES

pytestmark = pytest.mark.browser

PHONE_PAGES = ("home", "story", "stories", "map", "404")
FOCUSED = """() => { const e = document.activeElement, r = e.getBoundingClientRect();
  return {tag: e.tagName, text: (e.textContent || '').trim().slice(0, 40),
          left: r.left, right: r.right, top: r.top, bottom: r.bottom,
          inDrawer: Boolean(e.closest('.md-sidebar--primary')), inSearch: Boolean(e.closest('.md-search__output'))}; }"""
SLID_IN = "() => document.querySelector('.md-sidebar--primary').getBoundingClientRect().left >= 0"
MENU_BUTTON_OUTLINE = """() => getComputedStyle(document.querySelector('.md-header__button[for="__drawer"]')).outlineStyle"""


@pytest.fixture
def first_shown(chromium, site_url):
    """Opens a page of the site as first shown, so the first Tab is the reader's (at a phone's
    width unless told); its browser context is closed after the test."""
    contexts = []

    def open_page(path: str, viewport: dict = PHONE):
        context = chromium.new_context(viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        page.goto(site_url + path, wait_until="load")
        return page

    yield open_page
    for context in contexts:
        context.close()


def _drawer_link(page, name: str):
    return page.locator(".md-sidebar--primary .md-nav__link", has_text=name).first


@pytest.mark.parametrize("kind", PHONE_PAGES)
def test_every_focus_stop_on_a_phone_is_on_the_screen(first_shown, kind):
    page = first_shown(PAGE_TYPES[kind])
    offscreen, width = [], PHONE["width"]
    for stop in range(30):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["tag"] == "BODY":
            break
        # Material's search results box takes focus after the search field, and is sometimes
        # shut by then (its bundle closes the search as the field loses focus): Material's,
        # not the drawer's, and left out here.
        if focused["inSearch"]:
            continue
        if focused["inDrawer"] or focused["right"] <= 0 or focused["left"] >= width:
            offscreen.append(focused)
    assert not offscreen, f"{kind}: Tab reached what no one can see: {offscreen}"


@pytest.mark.parametrize("kind", PHONE_PAGES)
def test_the_menu_button_comes_right_after_the_skip_link_and_shows_its_focus(first_shown, kind):
    page = first_shown(PAGE_TYPES[kind])
    page.keyboard.press("Tab")
    if kind != "404":  # the one page with no skip link: it has no headings to skip to
        assert page.evaluate(FOCUSED)["text"] == "Skip to content"
        page.keyboard.press("Tab")
    menu = page.get_by_role("button", name="Menu", exact=True)
    assert menu.count() == 1 and menu.evaluate("e => e === document.activeElement")
    assert menu.get_attribute("aria-expanded") == "false"
    assert page.evaluate(MENU_BUTTON_OUTLINE) == "solid", "the focus ring is drawn around the menu icon"


def test_the_drawer_opens_and_closes_from_the_keyboard(first_shown):
    page = first_shown(PAGE_TYPES["story"])
    themes = _drawer_link(page, "Themes")
    menu = page.get_by_role("button", name="Menu", exact=True)
    assert not themes.is_visible(), "closed, the drawer's links are hidden"
    assert page.get_by_role("navigation", name="Navigation").count() == 0, \
        "closed, the drawer is not read out either"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    themes.wait_for(state="visible")
    page.wait_for_function(SLID_IN)
    assert menu.get_attribute("aria-expanded") == "true"
    box = themes.bounding_box()
    assert box and 0 <= box["x"] and box["x"] + box["width"] <= PHONE["width"], box

    # Tab on from the menu: the drawer's links are reached, each where it can be seen.
    reached = []
    for _ in range(20):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["inDrawer"]:
            assert 0 <= focused["left"] and focused["right"] <= PHONE["width"], focused
            reached.append(focused["text"])
        if "Themes" in reached:
            break
    assert "Themes" in reached, reached

    page.keyboard.press("Escape")  # closes it, and the focus goes back to the menu button
    themes.wait_for(state="hidden")
    assert menu.evaluate("e => e === document.activeElement")
    assert menu.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Space")  # and Space opens it again, once: Material's bundle does not toggle it too
    themes.wait_for(state="visible")
    page.wait_for_timeout(500)
    assert page.locator("#__drawer").is_checked() and menu.get_attribute("aria-expanded") == "true"


def test_the_drawer_opens_from_the_menu_button_and_passes_axe(first_shown):
    page = first_shown(PAGE_TYPES["home"])
    page.locator('.md-header__button[for="__drawer"]').click()
    _drawer_link(page, "Map").wait_for(state="visible")
    assert page.get_by_role("button", name="Menu", exact=True).get_attribute("aria-expanded") == "true"
    page.wait_for_function(SLID_IN)
    assert page.get_by_role("navigation", name="Navigation").count() == 1
    violations = axe_violations(page)
    assert not violations, describe(violations)
    _drawer_link(page, "Map").click()
    page.wait_for_url("**/map/")


def test_on_a_desktop_the_sidebar_is_shown_and_there_is_no_menu_button(first_shown):
    page = first_shown(PAGE_TYPES["story"], DESKTOP)
    assert page.get_by_role("button", name="Menu", exact=True).count() == 0
    assert page.evaluate("getComputedStyle(document.querySelector('.md-sidebar--primary')).visibility") == "visible"
