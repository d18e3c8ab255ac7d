"""Browsing and sharing in headless Chromium: the Stories page filter (also after Material's
instant navigation), following a theme from a story, the Mastodon and copy-link share buttons,
the pages without JavaScript, and axe-core on
every kind of browse page at phone and desktop widths."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from browser import DESKTOP, axe_violations, block_outside_requests, describe
from storydata import SITE_URL, STORIES, THEMES
from storysite.routes import slugify

pytestmark = pytest.mark.browser

DESKTOP_ONLY = pytest.mark.parametrize("viewport", [DESKTOP], ids=["desktop"])


def shown_cards(page) -> list[str]:
    """The story URLs of the cards a reader can see, in order."""
    return page.eval_on_selector_all(
        ".story-cards .story-card",
        "cards => cards.filter(c => c.offsetParent !== null)"
        ".map(c => new URL(c.querySelector('a').href).pathname.replace(/^\\//, ''))")


def expected(theme: str = "", nation: str = "") -> list[str]:
    return [s.url for s in STORIES
            if (not theme or theme in s.themes) and (not nation or slugify(s.nation) == nation)]


def test_filtering_the_stories_page_by_theme_and_nation(page, site_url):
    page.goto(site_url + "stories/")
    status = page.locator(".story-filter__status")
    assert status.inner_text() == f"Showing all {len(STORIES)} stories"
    assert shown_cards(page) == expected()

    page.get_by_label("Theme", exact=True).select_option("energy")
    assert shown_cards(page) == expected("energy")
    assert status.inner_text() == f"Showing {len(expected('energy'))} of {len(STORIES)} stories"
    assert parse_qs(urlsplit(page.url).query) == {"theme": ["energy"]}

    page.get_by_label("Nation", exact=True).select_option("wales")
    assert shown_cards(page) == expected("energy", "wales")
    assert parse_qs(urlsplit(page.url).query) == {"theme": ["energy"], "nation": ["wales"]}
    assert status.get_attribute("role") == "status"

    page.reload()  # a shared or bookmarked filtered view comes back as it was
    assert page.get_by_label("Theme", exact=True).input_value() == "energy"
    assert page.get_by_label("Nation", exact=True).input_value() == "wales"
    assert shown_cards(page) == expected("energy", "wales")

    page.get_by_role("button", name="Show all").click()
    assert shown_cards(page) == expected()
    assert urlsplit(page.url).query == ""


@DESKTOP_ONLY
def test_a_filter_with_no_matches_says_so_and_unknown_values_are_ignored(page, site_url):
    empty = next((t["slug"], n) for t in THEMES for n in ("northern-ireland", "wales", "scotland", "england")
                 if not expected(t["slug"], n))
    page.goto(site_url + f"stories/?theme={empty[0]}&nation={empty[1]}")
    assert shown_cards(page) == []
    assert page.locator(".story-filter__empty").is_visible()
    page.goto(site_url + "stories/?theme=no-such-theme&nation=wales")
    assert page.get_by_label("Theme", exact=True).input_value() == ""
    assert shown_cards(page) == expected(nation="wales")


@DESKTOP_ONLY
def test_the_filter_works_after_following_the_stories_tab(page, site_url):
    page.goto(site_url)
    page.locator(".md-tabs").get_by_role("link", name="Stories").click()
    page.wait_for_url("**/stories/")
    page.get_by_label("Theme", exact=True).select_option("pubs")
    assert shown_cards(page) == expected("pubs")


@DESKTOP_ONLY
def test_following_a_theme_link_from_a_story(page, site_url):
    story = next(s for s in STORIES if len(s.themes) > 1)
    theme = next(t for t in THEMES if t["slug"] == story.themes[1])
    page.goto(site_url + story.url)
    page.locator(".story__themes").get_by_role("link", name=theme["name"]).click()
    page.wait_for_url(f"**/themes/{theme['slug']}/")
    assert page.locator("h1").inner_text() == theme["name"]
    assert shown_cards(page) == expected(theme["slug"])
    assert story.url in shown_cards(page)


@DESKTOP_ONLY
def test_mastodon_asks_for_the_readers_server_and_opens_its_share_page(page, site_url):
    story = STORIES[0]
    shared = []

    def mastodon(route):
        shared.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<title>Mastodon</title>")

    page.context.route("https://mastodon.example/**", mastodon)  # tried before the fixture's blocker
    page.goto(site_url + story.url)
    page.get_by_text("Mastodon", exact=True).click()
    page.get_by_role("button", name="Share on Mastodon").click()
    assert "Type your server's address" in page.get_by_role("alert").inner_text()
    assert page.get_by_label("Your Mastodon server").get_attribute("aria-invalid") == "true"
    page.get_by_label("Your Mastodon server").fill("@someone@mastodon.example")
    page.get_by_role("button", name="Share on Mastodon").click()
    page.wait_for_url("https://mastodon.example/share?**")
    assert len(shared) == 1
    assert parse_qs(urlsplit(shared[0]).query) == {"text": [f"{story.title} {SITE_URL}{story.url}"]}


@DESKTOP_ONLY
def test_copy_link_puts_the_story_address_on_the_clipboard(page, site_url):
    story = STORIES[0]
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(site_url + story.url)
    page.get_by_role("button", name="Copy link").click()
    message = page.locator(".md-dialog__inner")
    message.wait_for()
    assert message.inner_text() == "Copied to clipboard"
    assert message.get_attribute("role") == "status"  # announced to screen readers
    assert page.evaluate("navigator.clipboard.readText()") == SITE_URL + story.url


def test_without_javascript_the_filter_is_links_and_mastodon_gives_text_to_copy(chromium, site_url):
    context = chromium.new_context(viewport=DESKTOP, java_script_enabled=False)
    outside = block_outside_requests(context)
    page = context.new_page()
    page.goto(site_url + "stories/")
    assert not page.locator(".story-filter__form").is_visible()
    links = page.locator(".story-filter__links")
    assert links.is_visible()
    links.get_by_role("link", name=THEMES[0]["name"]).click()
    page.wait_for_url(f"**/themes/{THEMES[0]['slug']}/")
    story = STORIES[0]
    page.goto(site_url + story.url)
    assert not page.get_by_role("button", name="Copy link").is_visible()
    page.get_by_text("Mastodon", exact=True).click()
    fallback = page.locator(".story-share__nojs")
    assert fallback.is_visible() and f"{story.title} {SITE_URL}{story.url}" in fallback.inner_text()
    assert not page.locator(".story-share__mastodon-form").is_visible()
    context.close()
    assert not outside.urls


PAGES = {
    "home": "",
    "stories": "stories/?theme=energy",
    "themes": "themes/",
    "theme": "themes/energy/",
    "places": "places/",
    "place": "places/england/",  # regions share this page's markup
    "story": STORIES[0].url,
    "corrected story": "stories/isle-of-gigha/",  # its corrections at the end
    "corrections": "corrections/",
}


@pytest.mark.parametrize("name", PAGES)
def test_browse_pages_have_no_axe_violations(page, site_url, name):
    page.goto(site_url + PAGES[name])
    if name == "story":
        page.get_by_text("Mastodon", exact=True).click()  # check the open share form too
        assert page.locator(".story-related .story-card").count() == 4
    violations = axe_violations(page)
    assert violations == [], describe(violations)
