"""Feeds as a reader meets them in headless Chromium: a feed opened in the browser is a styled
page (the XSLT), and the Subscribe page is accessible, with copy-link buttons that work after
Material's instant navigation and plain links without JavaScript."""

from __future__ import annotations

import feedparser
import pytest

from browser import AXE_JS, WCAG_TAGS, axe_violations, block_outside_requests, describe

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["themes/energy/feed.xml", "places/england/atom.xml"])
def test_a_feed_opened_in_the_browser_is_a_readable_page(page, site_url, built_site, path):
    feed = feedparser.parse((built_site.site / path).read_bytes())
    page.goto(site_url + path)
    heading = page.locator("h1")
    assert heading.inner_text() == feed.feed.title
    assert heading.is_visible()
    titles = page.locator("ol.items h3")
    assert titles.all_inner_texts() == [e.title for e in feed.entries]
    assert all(titles.nth(i).is_visible() for i in range(titles.count()))
    # Styled, not the raw XML tree: the site's purple band behind the title.
    band = page.eval_on_selector("header.band", "el => getComputedStyle(el).backgroundColor")
    assert band == "rgb(59, 29, 110)"
    assert page.locator("code.address").inner_text() == next(l.href for l in feed.feed.links if l.rel == "self")
    # axe-core on our page, leaving out the deprecation banner Chromium itself adds to XSLT pages.
    page.add_script_tag(path=str(AXE_JS))
    violations = page.evaluate(
        """async (tags) => (await axe.run({exclude: [["xslt-warning-banner"]]},
                                         {runOnly: {type: "tag", values: tags}})).violations
              .map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(" "))}))""",
        WCAG_TAGS)
    assert not violations, describe(violations)


def test_subscribe_page_is_accessible_and_copies_feed_addresses(page, browser_context, site_url, built_site):
    browser_context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page.goto(site_url)
    # Follow the Subscribe tab as a reader would.
    page.evaluate("""document.querySelector('a.md-tabs__link[href$="subscribe/"]').click()""")
    page.wait_for_url(site_url + "subscribe/")
    page.locator("h1", has_text="Subscribe to new stories").wait_for()

    buttons = page.locator("button[data-feed-copy]")
    rows = page.locator("li.feeds-list__item")
    assert buttons.count() == rows.count() > 20
    buttons.first.wait_for(state="visible")
    violations = axe_violations(page)
    assert not violations, describe(violations)

    button = page.locator("#feed-themes-energy > button.feeds-copy")
    button.focus()
    page.keyboard.press("Enter")
    expected = site_url + "themes/energy/feed.xml"
    page.wait_for_function("document.querySelector('.feeds-copy-status').textContent.includes('Copied')")
    assert page.evaluate("navigator.clipboard.readText()") == expected
    assert "Community energy" in page.locator(".feeds-copy-status").inner_text()
    box = button.bounding_box()
    assert box["height"] >= 24 and box["width"] >= 24


def test_without_javascript_the_subscribe_page_offers_plain_links(chromium, site_url):
    context = chromium.new_context(java_script_enabled=False)
    outside = block_outside_requests(context)
    try:
        page = context.new_page()
        page.goto(site_url + "subscribe/")
        rows = page.locator("li.feeds-list__item")
        assert rows.count() > 20
        assert page.locator("button.feeds-copy:visible").count() == 0
        rss = page.locator('#feed-places-wales a[data-feed-format="rss"]')
        assert rss.is_visible() and rss.get_attribute("href") == "../places/wales/feed.xml"
    finally:
        context.close()
    assert not outside.urls
