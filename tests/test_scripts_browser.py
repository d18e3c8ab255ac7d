"""Material's bundle and our scripts run as Material loads them (at the end of each page), in
headless Chromium: the page is in the reader's colour scheme and keeps their choice, and nothing
in the header or the lists moves as the scripts start."""

from __future__ import annotations

import time

import pytest

from browser import PHONE, QuietHandler, serve

pytestmark = pytest.mark.browser

STORY = "stories/ambition-lawrence-weston/"
SHIFTS = ("window.shifts = []; new PerformanceObserver(list => list.getEntries().forEach("
          "e => shifts.push(e.value))).observe({type: 'layout-shift', buffered: true})")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_page_is_in_the_readers_scheme_and_a_tapped_toggle_is_kept(chromium, site_url, scheme):
    context = chromium.new_context(viewport=PHONE, color_scheme=scheme, has_touch=True)
    page = context.new_page()
    page.goto(site_url + STORY)
    shown, other = ("slate", "default") if scheme == "dark" else ("default", "slate")
    assert page.evaluate("document.body.dataset.mdColorScheme") == shown
    toggle = page.locator("label[for^='__palette']:visible")
    assert toggle.count() == 1
    toggle.tap()
    page.wait_for_function(f"document.body.dataset.mdColorScheme === '{other}'")
    page.goto(site_url)  # the next page keeps the reader's choice
    assert page.evaluate("document.body.dataset.mdColorScheme") == other
    context.close()


class SlowBundle(QuietHandler):
    """Sends Material's bundle a second late, as a slow phone connection would: the page is
    painted before it runs."""

    def copyfile(self, source, destination):
        if "/assets/javascripts/bundle." in self.path:
            time.sleep(1)
        super().copyfile(source, destination)


@pytest.fixture(scope="module")
def slow_bundle_url(built_site):
    with serve(built_site.site, SlowBundle) as url:
        yield url


@pytest.mark.parametrize("path", ["", "stories/", "subscribe/", STORY])
def test_nothing_moves_as_the_scripts_start(chromium, slow_bundle_url, path):
    """The search button (stories.css) and the feeds' copy buttons (feeds.css) are in place from
    the first paint, before Material's bundle and feeds.js have run."""
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    page.add_init_script(SHIFTS)
    page.goto(slow_bundle_url + path, wait_until="commit")
    page.wait_for_function("performance.getEntriesByType('paint').length > 0")
    assert page.evaluate("typeof document$ === 'undefined'"), "painted before Material's bundle ran"
    page.locator(".md-header").wait_for()
    assert page.locator("label.md-header__button[for='__search']").is_visible(), "the search button is there"
    page.wait_for_function("typeof document$ !== 'undefined'", timeout=10_000)
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)
    assert page.evaluate("document.documentElement.classList.contains('js')")
    assert page.evaluate("shifts") == [], path
    context.close()
