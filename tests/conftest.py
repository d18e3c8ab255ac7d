"""Shared fixtures: the real site built once per test run, served on 127.0.0.1, and a headless
Chromium that blocks every request leaving this machine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from browser import CHROMIUM_FLAGS, SCRIPTS_READY, block_outside_requests, chromium_path, serve
from sitebuild import REPO, BuildResult, run_build


# Browser tests need Chromium; `make check` leaves them out (`-m "not browser"`). The mark comes
# from the fixture that launches it (`page` and `browser_context` use it too: fixturenames holds
# every fixture a test needs, directly or not), so a new browser test cannot forget it.
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "chromium" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> BuildResult:
    """The site built from this repository's own stories, exactly as `mkdocs build --strict` does."""
    result = run_build(REPO, tmp_path_factory.mktemp("site"))
    assert result.returncode == 0, f"mkdocs build failed:\n{result.output}"
    return result


@pytest.fixture(scope="session")
def site_url(built_site: BuildResult) -> Iterator[str]:
    with serve(built_site.site) as url:
        yield url


# The pages run Material's bundle and our scripts only when the reader first uses the page
# (overrides/partials/scripts-on-first-use.html): <html data-scripts> is "waiting" until then, then
# "loading", then "ready". A reader sees the page and then uses it; so here "the page has loaded"
# also means it has been used (a mouse move, sent as an event so that nothing on the page is
# hovered) and its scripts have started; a page reached by a click or a form is used once it
# has loaded. test_scripts_on_first_use.py checks the page before
# that, and that a reader's real touch, key or mouse starts them. A page without JavaScript, or
# without those scripts (a feed, the embeds), is not waited for.
SCRIPTS_STATE = "() => document.documentElement.dataset.scripts || ''"
FIRST_USE = "() => window.dispatchEvent(new PointerEvent('pointermove', {pointerType: 'mouse'}))"


def _using_each_page(new_context):
    """A page reached by a click or a form is used, too, once it has loaded (`goto` also waits)."""
    def new_context_using_each_page(browser, *args, **kwargs):
        context = new_context(browser, *args, **kwargs)
        context.add_init_script(f"addEventListener('load', () => setTimeout({FIRST_USE}, 0))")
        return context
    return new_context_using_each_page


def _waiting_for_scripts(navigate):
    def navigate_and_wait(page, *args, **kwargs):
        response = navigate(page, *args, **kwargs)
        try:
            state = page.evaluate(SCRIPTS_STATE)
        except Exception:  # JavaScript turned off in this context, or a page that is not HTML
            return response
        if state == "waiting":
            page.evaluate(FIRST_USE)
        if state in ("waiting", "loading"):
            page.wait_for_function(SCRIPTS_READY)
        return response
    return navigate_and_wait


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import Page, sync_playwright

    from playwright.sync_api import Browser

    if not hasattr(Page, "goto_without_use"):  # the page as first shown, for test_scripts_on_first_use.py
        Page.goto_without_use = Page.goto
        Browser.new_context_without_use = Browser.new_context
    Page.goto = _waiting_for_scripts(Page.goto_without_use)
    Browser.new_context = _using_each_page(Browser.new_context_without_use)
    Page.reload = _waiting_for_scripts(Page.reload)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture(params=["phone", "desktop"])
def viewport(request) -> dict:
    from browser import DESKTOP, PHONE

    return PHONE if request.param == "phone" else DESKTOP


@pytest.fixture
def browser_context(chromium, viewport):
    """A fresh browser context (no cookies, no cache) at phone or desktop width. After the test,
    fails if any page tried to reach a host other than 127.0.0.1."""
    context = chromium.new_context(viewport=viewport)
    outside = block_outside_requests(context)
    context.outside_requests = outside
    yield context
    context.close()
    assert not outside.urls, f"pages tried to reach other hosts: {outside.urls}"


@pytest.fixture
def page(browser_context):
    return browser_context.new_page()
