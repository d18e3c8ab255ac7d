"""Browsing and sharing in headless Chromium: the theme and nation filter, which leads to the
static page of each choice (also after following the Stories tab), the pages of a listing,
following a theme from a story, the Mastodon and copy-link share buttons,
the pages without JavaScript, and axe-core on
every kind of browse page at phone and desktop widths."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from browser import DESKTOP, axe_violations, block_outside_requests, describe, layout_shifts
from storydata import SITE_URL, STORIES, THEMES, stories_with
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


def path(page) -> str:
    return urlsplit(page.url).path.lstrip("/")


def all_cards(page) -> list[str]:
    """Every story of the listing the page is on, following "Older" as a reader would."""
    found = shown_cards(page)
    while page.locator("nav.pager a[rel=next]").count():
        with page.expect_navigation():
            page.locator("nav.pager a[rel=next]").click()
        found += shown_cards(page)
    return found


def test_choosing_a_theme_and_a_nation_leads_to_the_page_of_exactly_those_stories(page, site_url):
    page.goto(site_url + "stories/")
    assert page.locator("nav.pager").is_visible()  # the real stories fill more than one page
    page.get_by_label("Theme", exact=True).select_option("energy")
    assert path(page) == "stories/"  # choosing alone changes nothing (WCAG 3.2.2)
    # the other list's counts follow the choice: how many energy stories each nation has
    wales = page.get_by_label("Nation", exact=True).locator("option[value=wales]")
    assert wales.inner_text() == f"Wales ({len(expected('energy', 'wales'))})"
    page.get_by_role("button", name="Show stories").click()
    page.wait_for_url("**/themes/energy/")
    assert all_cards(page) == expected("energy")

    page.goto(site_url + "themes/energy/")
    assert page.get_by_label("Theme", exact=True).input_value() == "energy"  # shown chosen
    page.get_by_label("Nation", exact=True).select_option("wales")
    page.get_by_role("button", name="Show stories").click()
    page.wait_for_url("**/themes/energy/wales/")
    assert shown_cards(page) == expected("energy", "wales")
    assert page.get_by_label("Theme", exact=True).input_value() == "energy"
    assert page.get_by_label("Nation", exact=True).input_value() == "wales"
    status = page.locator(".story-filter__status")
    assert status.get_attribute("role") == "status"
    n = len(expected("energy", "wales"))
    assert status.inner_text() == f"{n} {'story' if n == 1 else 'stories'} about Community energy in Wales"

    page.get_by_label("Theme", exact=True).select_option("")  # nation only: the nation's page
    page.get_by_role("button", name="Show stories").click()
    page.wait_for_url("**/places/wales/")
    assert shown_cards(page) == expected(nation="wales")

    page.get_by_role("link", name="Show all stories").click()  # clearing the choice
    page.wait_for_url("**/stories/")
    assert page.get_by_label("Nation", exact=True).input_value() == ""


def test_the_filter_reaches_a_story_that_is_not_on_the_first_page(page, site_url):
    page.goto(site_url + "stories/")
    first_page = shown_cards(page)
    story = next(s for s in STORIES if s.url not in first_page)
    nation = slugify(story.nation)
    page.get_by_label("Theme", exact=True).select_option(story.themes[0])
    page.get_by_label("Nation", exact=True).select_option(nation)
    page.get_by_role("button", name="Show stories").click()
    page.wait_for_url(f"**/themes/{story.themes[0]}/{nation}/")
    assert story.url in all_cards(page)


@DESKTOP_ONLY
def test_a_choice_with_no_stories_says_so_and_stays(page, site_url):
    empty = next((t, n) for t in THEMES for n in ("northern-ireland", "wales", "scotland", "england")
                 if not expected(t["slug"], n))
    page.goto(site_url + "stories/")
    page.get_by_label("Theme", exact=True).select_option(empty[0]["slug"])
    page.get_by_label("Nation", exact=True).select_option(empty[1])
    page.get_by_role("button", name="Show stories").click()
    status = page.locator(".story-filter__status")
    assert status.inner_text().startswith(f"No stories about {empty[0]['name']} from ")
    assert path(page) == "stories/"


@DESKTOP_ONLY
def test_old_filter_links_lead_to_the_page_that_now_lists_those_stories(page, site_url):
    page.goto(site_url + "stories/?theme=energy&nation=wales")
    page.wait_for_url("**/themes/energy/wales/")
    assert shown_cards(page) == expected("energy", "wales")
    page.goto(site_url + "stories/?theme=no-such-theme&nation=wales")  # unknown values are ignored
    page.wait_for_url("**/places/wales/")
    assert shown_cards(page) == expected(nation="wales")
    page.go_back()  # the old address was replaced, not kept in the history
    assert path(page) == "themes/energy/wales/"


@DESKTOP_ONLY
def test_the_filter_works_after_following_the_stories_tab(page, site_url):
    page.goto(site_url)
    page.locator(".md-tabs").get_by_role("link", name="Stories").click()
    page.wait_for_url("**/stories/")
    page.get_by_label("Theme", exact=True).select_option("pubs")
    page.get_by_role("button", name="Show stories").click()
    page.wait_for_url("**/themes/pubs/")
    assert all_cards(page) == expected("pubs")


def test_the_pages_of_the_stories_listing_together_show_every_story(page, site_url):
    page.goto(site_url + "stories/")
    assert all_cards(page) == expected()
    assert path(page).startswith("stories/page/")
    pager = page.get_by_role("navigation", name="Pages")
    current = pager.locator("[aria-current=page]")
    assert current.text_content() == "Page " + path(page).split("/")[2]
    with page.expect_navigation():
        pager.get_by_role("link", name="Newer stories").click()  # and back again
    assert page.get_by_role("navigation", name="Pages").locator("[aria-current=page]").count() == 1
    box = pager.get_by_role("link", name="Page 1").bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24  # WCAG 2.5.8 target size


@DESKTOP_ONLY
def test_following_a_theme_link_from_a_story(page, site_url):
    story = next(s for s in STORIES if len(s.themes) > 1)
    theme = next(t for t in THEMES if t["slug"] == story.themes[1])
    page.goto(site_url + story.url)
    page.locator(".story__themes").get_by_role("link", name=theme["name"]).click()
    page.wait_for_url(f"**/themes/{theme['slug']}/")
    assert page.locator("h1").inner_text() == theme["name"]
    assert all_cards(page) == expected(theme["slug"])
    assert story.url in all_cards(page)


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


def test_without_javascript_the_filter_is_links_the_pages_work_and_mastodon_gives_text_to_copy(chromium, site_url):
    context = chromium.new_context(viewport=DESKTOP, java_script_enabled=False)
    outside = block_outside_requests(context)
    page = context.new_page()
    page.goto(site_url + "stories/")
    first = shown_cards(page)
    page.get_by_role("navigation", name="Pages").get_by_role("link", name="Page 2").click()
    page.wait_for_url("**/stories/page/2/")
    assert shown_cards(page) and not set(shown_cards(page)) & set(first)
    page.get_by_role("navigation", name="Pages").get_by_role("link", name="Newer stories").click()
    page.wait_for_url("**/stories/")
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
    "stories": "stories/",
    "stories page 2": "stories/page/2/",
    "theme in a nation": "themes/energy/wales/",
    "themes": "themes/",
    "theme": "themes/energy/",
    "places": "places/",
    "place": "places/england/",  # regions share this page's markup
    "story": STORIES[0].url,
    "corrected story": stories_with("corrections")[0].url,  # its corrections at the end
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


@pytest.mark.parametrize("url", ["stories/", "themes/energy/", "places/wales/", STORIES[0].url])
def test_nothing_moves_as_a_listing_or_story_loads_on_a_phone(chromium, site_url, url):
    """The filter's form (with JavaScript) or links (without) and the share buttons are decided
    from the first paint, not when Material's script starts at the end of the page."""
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    block_outside_requests(context)
    page = context.new_page()
    page.goto(site_url + url, wait_until="load")
    assert layout_shifts(page) == [], url
    context.close()
