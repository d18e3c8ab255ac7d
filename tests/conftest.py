"""Shared fixtures: the real site built once per test run, served on 127.0.0.1, and a headless
Chromium that blocks every request leaving this machine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from browser import CHROMIUM_FLAGS, block_outside_requests, chromium_path, serve
from sitebuild import REPO, BuildResult, run_build


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


# The pages fetch Material's bundle and our scripts only once they have painted
# (overrides/partials/scripts-after-paint.html), which on 127.0.0.1 can be after the load event
# that page.goto waits for. A reader sees the page first and then uses it; so here "the page has
# loaded" also means its scripts have started: <html data-scripts="loading"> has turned "ready".
# A page without JavaScript, or without those scripts (a feed, the embeds), is not waited for.
SCRIPTS_STARTED = "() => document.documentElement.dataset.scripts !== 'loading'"


def _waiting_for_scripts(navigate):
    def navigate_and_wait(page, *args, **kwargs):
        response = navigate(page, *args, **kwargs)
        try:
            started = page.evaluate(SCRIPTS_STARTED)
        except Exception:  # JavaScript turned off in this context, or a page that is not HTML
            return response
        if not started:
            page.wait_for_function(SCRIPTS_STARTED)
        return response
    return navigate_and_wait


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import Page, sync_playwright

    Page.goto = _waiting_for_scripts(Page.goto)
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
