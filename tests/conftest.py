"""Shared fixtures: the real site built once per test run, served on 127.0.0.1, and a headless
Chromium that blocks every request leaving this machine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from browser import CHROMIUM_FLAGS, block_outside_requests, chromium_path, serve
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


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

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
