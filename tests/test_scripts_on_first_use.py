"""Material's bundle and our scripts run when the reader first uses a page
(overrides/partials/scripts-on-first-use.html), in headless Chromium: before that the page is
whole and in the reader's colour scheme, and nothing of the scripts has run; a touch, a key or
the mouse starts them; the first key is not lost; a colour toggle tapped before they run holds; a copy-link button tapped as they start copies; the
header does not move when they start."""

from __future__ import annotations

import pytest

from browser import DESKTOP, PHONE, SCRIPTS_READY as READY, axe_violations, describe

pytestmark = pytest.mark.browser

STORY = "stories/ambition-lawrence-weston/"
STATE = "document.documentElement.dataset.scripts"
SCRIPTS_RAN = "typeof document$ !== 'undefined'"  # Material's bundle defines document$ as it runs


def shown(chromium, site_url, path, hold_scripts=False, **context):
    """A fresh context's page at `path`, as first shown: loaded, painted, not yet used. With
    `hold_scripts`, the scripts do not arrive until the test calls `page.release_scripts()`, as on
    a slow phone: what the reader does while they start can be tested."""
    page = chromium.new_context_without_use(**context).new_page()
    held = []
    if hold_scripts:
        page.route("**/assets/javascripts/*.js", lambda route: held.append(route))

    def release_scripts():
        for route in held:
            route.continue_()
        page.unroute("**/assets/javascripts/*.js")
    page.release_scripts = release_scripts
    page.goto_without_use(site_url + path)
    page.wait_for_timeout(300)  # time the scripts would have taken to start, had they not waited
    assert page.evaluate(STATE) == "waiting" and not page.evaluate(SCRIPTS_RAN)
    return page


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_before_first_use_the_page_is_whole_in_the_readers_scheme_and_no_script_has_run(chromium, site_url, scheme):
    page = shown(chromium, site_url, STORY, viewport=PHONE, color_scheme=scheme)
    assert page.locator("h1").inner_text().strip()
    assert page.locator(".story-card").count() >= 1  # the related stories, at the end, are there
    assert page.evaluate("document.body.dataset.mdColorScheme") == ("slate" if scheme == "dark" else "default")
    toggle = page.locator("label[for^='__palette']:visible")
    assert toggle.count() == 1
    assert toggle.get_attribute("title") == ("Switch to light mode" if scheme == "dark" else "Switch to dark mode")
    bundle = page.evaluate("performance.getEntriesByType('resource')"
                           ".filter(e => e.name.includes('/assets/javascripts/bundle.')).map(e => e.startTime)")
    assert bundle, "Material's bundle should be fetched ahead (not run) once the page has loaded"
    # ... and only then, so it never shares a slow connection with the page's own text and pictures
    assert bundle[0] >= page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
    page.context.close()


@pytest.mark.parametrize("path", [STORY, "stories/", "map/"])
def test_every_script_the_page_will_run_is_fetched_ahead_the_bundle_first(chromium, site_url, path):
    """So that the first tap only has to start them: each of the page's inert scripts, and
    Material's bundle before ours."""
    page = shown(chromium, site_url, path, viewport=PHONE)
    wanted = page.evaluate("[...document.querySelectorAll('script[data-on-first-use]')]"
                           ".map(s => new URL(s.dataset.src, location.href).href)")
    assert len(wanted) >= 2 and "/bundle." in wanted[0]
    page.wait_for_function("urls => urls.every(u => performance.getEntriesByName(u).length)", arg=wanted)
    started = page.evaluate("urls => urls.map(u => performance.getEntriesByName(u)[0].startTime)", wanted)
    assert started == sorted(started)
    assert page.evaluate(STATE) == "waiting" and not page.evaluate(SCRIPTS_RAN)
    page.context.close()


def test_the_scripts_are_fetched_ahead_only_once_the_page_has_loaded(chromium, site_url):
    """A story's photo still arriving on a slow connection keeps it to itself: the scripts are
    fetched after the page's load event, not at its first paint."""
    page = chromium.new_context_without_use(viewport=PHONE).new_page()
    held = []

    def with_a_photo(route):  # the story as it would be with a photo in its body
        html = route.fetch().text().replace("</article>", '<p><img src="/slow-photo.jpg" alt="A photo"></p></article>', 1)
        route.fulfill(body=html, content_type="text/html")
    page.route(site_url + STORY, with_a_photo)
    page.route("**/slow-photo.jpg", lambda route: held.append(route))
    page.goto_without_use(site_url + STORY, wait_until="domcontentloaded")
    page.wait_for_function("performance.getEntriesByType('paint').length > 0")
    page.wait_for_timeout(500)
    assert held and page.evaluate("document.readyState") != "complete"
    fetched = "performance.getEntriesByType('resource').some(e => e.name.includes('/assets/javascripts/bundle.'))"
    assert not page.evaluate(fetched)
    held[0].fulfill(status=404)
    page.wait_for_function(fetched)
    assert page.evaluate("document.readyState") == "complete" and page.evaluate(STATE) == "waiting"
    page.context.close()


@pytest.mark.parametrize("use", ["tap", "scroll", "key", "mouse"])
def test_a_readers_first_touch_key_scroll_or_mouse_starts_the_scripts(chromium, site_url, use):
    page = shown(chromium, site_url, STORY, viewport=PHONE if use in ("tap", "scroll") else DESKTOP,
                 has_touch=use == "tap")
    if use == "tap":
        page.touchscreen.tap(200, 600)
    elif use == "scroll":
        page.mouse.wheel(0, 400)
    elif use == "key":
        page.keyboard.press("Tab")
    else:
        page.mouse.move(300, 300)
    page.wait_for_function(READY)
    assert page.evaluate(SCRIPTS_RAN)
    page.context.close()


def test_the_key_that_starts_the_scripts_opens_search_the_first_time(chromium, site_url):
    page = shown(chromium, site_url, "", viewport=DESKTOP)
    page.keyboard.press("/")
    page.wait_for_function(READY)
    page.wait_for_function("document.activeElement && document.activeElement.matches('.md-search__input')")
    assert page.evaluate("document.getElementById('__search').checked")
    assert page.locator(".md-search__input").input_value() == ""  # the "/" opened search; it is not typed
    page.context.close()


def test_a_first_tab_is_not_pressed_twice(chromium, site_url):
    page = shown(chromium, site_url, STORY, hold_scripts=True, viewport=DESKTOP)
    page.keyboard.press("Tab")
    assert page.evaluate(STATE) == "loading"
    page.evaluate("document.activeElement.dataset.firstTab = 'here'")
    page.release_scripts()
    page.wait_for_function(READY)
    page.wait_for_timeout(200)
    assert page.evaluate("document.activeElement.dataset.firstTab") == "here"
    assert not page.evaluate("document.getElementById('__search').checked")
    page.context.close()


def test_enter_in_the_search_box_before_the_scripts_run_keeps_the_page_and_the_words(chromium, site_url):
    page = shown(chromium, site_url, "", hold_scripts=True, viewport=DESKTOP)
    address = page.url
    page.locator(".md-search__input").click()
    page.keyboard.type("wind")
    page.keyboard.press("Enter")
    assert page.evaluate(STATE) == "loading"
    page.release_scripts()
    page.wait_for_function(READY)
    assert page.url == address
    assert page.locator(".md-search__input").input_value() == "wind"
    page.wait_for_function("document.activeElement && document.activeElement.matches('.md-search__input')")
    page.context.close()


def test_a_click_alone_from_assistive_technology_starts_the_scripts_and_copies(chromium, site_url):
    page = shown(chromium, site_url, "subscribe/", viewport=DESKTOP)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    button_id = page.locator("button[data-feed-copy]").first.get_attribute("data-feed-copy")
    wanted = page.evaluate("id => document.getElementById(id).querySelector('a[data-feed-format=rss]').href", button_id)
    page.evaluate("id => document.querySelector(`button[data-feed-copy='${id}']`).click()", button_id)  # no pointer, no focus
    page.wait_for_function(READY)
    page.wait_for_function("wanted => navigator.clipboard.readText().then(text => text === wanted)", arg=wanted)
    page.context.close()


def test_a_colour_toggle_tapped_before_the_scripts_run_is_applied_and_kept(chromium, site_url):
    page = shown(chromium, site_url, "", viewport=PHONE, color_scheme="light", has_touch=True)
    page.locator("label[for^='__palette']:visible").tap()
    page.wait_for_function(READY)
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    # the toggle shown is now the one back to light (Material turns its title into a tooltip)
    assert page.locator("label[for^='__palette']:visible").get_attribute("for") == "__palette_0"
    page.goto_without_use(site_url + STORY)  # the next page keeps the reader's choice
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    page.locator("label[for^='__palette']:visible").tap()  # and the toggle still toggles
    page.wait_for_function(READY)
    page.wait_for_function("document.body.dataset.mdColorScheme === 'default'")
    page.context.close()


def test_a_copy_link_button_tapped_before_the_scripts_run_copies_once_they_do(chromium, site_url):
    page = shown(chromium, site_url, "subscribe/", hold_scripts=True, viewport=DESKTOP)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    button = page.locator("button[data-feed-copy]").first
    wanted = page.evaluate("id => document.getElementById(id).querySelector('a[data-feed-format=rss]').href",
                           button.get_attribute("data-feed-copy"))
    assert button.is_visible()  # in its place from the first paint
    button.click()
    assert page.evaluate(STATE) == "loading"  # the tap came while they were starting
    page.release_scripts()
    page.wait_for_function(READY)
    page.wait_for_function("wanted => navigator.clipboard.readText().then(text => text === wanted)", arg=wanted)
    page.context.close()


def test_nothing_in_the_header_moves_when_the_scripts_start(chromium, site_url):
    page = chromium.new_context_without_use(viewport=PHONE).new_page()
    page.goto_without_use(site_url)
    assert page.evaluate("PerformanceObserver.supportedEntryTypes.includes('layout-shift')")
    page.add_init_script("window.shifts = []; new PerformanceObserver(list => list.getEntries().forEach("
                         "e => shifts.push(e.value))).observe({type: 'layout-shift', buffered: true})")
    for path in ("stories/", "subscribe/"):
        page.goto_without_use(site_url + path)
        page.wait_for_timeout(300)
        page.mouse.move(200, 400)  # a mouse move is no input that excuses a shift
        page.wait_for_function(READY)
        page.wait_for_timeout(500)
        assert page.evaluate("shifts") == [], path
    page.context.close()


@pytest.mark.parametrize("path", ["", "subscribe/", STORY])
def test_before_first_use_axe_finds_nothing(chromium, site_url, path):
    """What Lighthouse and a reader who only reads get: the search button and the copy buttons in
    place, no script run."""
    page = shown(chromium, site_url, path, viewport=PHONE)
    violations = axe_violations(page)
    assert page.evaluate(STATE) == "waiting"  # axe itself used nothing
    assert not violations, describe(violations)
    page.context.close()
