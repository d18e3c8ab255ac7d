"""Search in headless Chromium, as a reader uses it: Material's search box (answered by Pagefind
through assets/javascripts/search-worker.js) finds the real stories by place, organisation, a
word of the body and a Welsh name; nothing of search is fetched before the reader reaches for
it; the keyboard alone finds and opens a story; the dialog is named, the count is announced and
axe finds nothing with results open, at phone and desktop widths."""

from __future__ import annotations

import re
import pytest

from browser import DESKTOP, axe_violations, describe
from storydata import STORIES

pytestmark = pytest.mark.browser

DESKTOP_ONLY = pytest.mark.parametrize("viewport", [DESKTOP], ids=["desktop"])

# (what a reader types, the story they are after): a place, an organisation (only in the story's
# front matter and facts), a word found in one story's body only, Welsh names with and without
# the circumflex, a theme's word.
QUERIES = [
    ("Market Drayton", "fordhall-farm"),
    ("Loxley Community Benefit Society", "fox-at-loxley"),
    ("pneumatic", "ynni-ogwen"),
    ("Mynydd y Gwrhyd", "awel-coop"),
    ("Llŷn", "tafarn-y-fic"),
    ("Llyn peninsula", "tafarn-y-fic"),
    ("credit union", "glasgow-credit-union"),
]


def open_search(page) -> None:
    """The reader's way in: the search box in the header on a desktop, the magnifier on a phone."""
    if page.viewport_size["width"] >= 960:  # Material's breakpoint for the box in the header
        page.locator(".md-search__input").click()
    else:
        page.locator("label.md-header__button[for='__search']").click()
    page.wait_for_function("document.activeElement && document.activeElement.matches('.md-search__input')")


def results(page, query: str) -> list[str]:
    """Type the query and return the result pages' paths, best first."""
    page.keyboard.type(query)
    # Results for this very query (not for a part typed so far): each link carries its words.
    words = " ".join(re.split(r"[\s\-]+", query.lower().strip()))  # as the worker splits them
    page.wait_for_function(
        "words => { const links = [...document.querySelectorAll('.md-search-result__item > a')];"
        " return links.length > 0 && links.every(a => new URL(a.href).searchParams.get('h') === words); }",
        arg=words)
    return page.eval_on_selector_all(
        ".md-search-result__item > a", "links => links.map(a => new URL(a.href).pathname.replace(/^\\//, ''))")


@DESKTOP_ONLY
@pytest.mark.parametrize(("query", "slug"), QUERIES, ids=[q for q, _ in QUERIES])
def test_a_query_finds_the_story_it_names_among_the_first_three(page, site_url, query, slug):
    page.goto(site_url)
    open_search(page)
    found = results(page, query)
    assert f"stories/{slug}/" in found[:3], found


def test_nothing_of_search_is_fetched_until_the_reader_reaches_for_it(page, site_url):
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(site_url)
    page.wait_for_load_state("networkidle")
    before = [url for url in fetched if "/pagefind/" in url or url.endswith("search_index.json")]
    assert before == []
    open_search(page)
    story = next(s for s in STORIES if s.slug == "tafarn-sinc")
    assert f"{story.url}" in results(page, "Rosebush")
    assert [url for url in fetched if "/pagefind/pagefind.js" in url]  # Pagefind answered, once asked


@DESKTOP_ONLY
def test_the_keyboard_alone_finds_and_opens_a_story(page, site_url):
    page.goto(site_url + "about/")
    page.wait_for_load_state("networkidle")
    page.keyboard.press("/")  # Material's shortcut to the search box
    assert page.evaluate("document.activeElement.matches('.md-search__input')")
    found = results(page, "pneumatic")
    assert found[0] == "stories/ynni-ogwen/"
    page.keyboard.press("ArrowDown")  # to the first result
    assert page.evaluate("document.activeElement.closest('.md-search-result__item') !== null")
    page.keyboard.press("Enter")
    page.wait_for_url("**/stories/ynni-ogwen/?h=pneumatic")
    page.locator("mark[data-md-highlight]").first.wait_for()  # search.highlight marks the word on the page
    assert page.locator("mark[data-md-highlight]").first.inner_text().lower() == "pneumatic"


def test_the_search_dialog_is_named_announces_its_count_and_passes_axe(page, site_url):
    page.goto(site_url)
    open_search(page)
    dialog = page.get_by_role("dialog", name="Search")
    assert dialog.count() == 1
    results(page, "energy")
    count = page.locator(".md-search-result__meta")
    assert count.get_attribute("role") == "status"  # read out as the results change
    assert "matching document" in count.inner_text()
    violations = axe_violations(page)
    assert not violations, describe(violations)


@DESKTOP_ONLY
def test_a_query_with_no_match_says_so(page, site_url):
    page.goto(site_url)
    open_search(page)
    page.keyboard.type("zzxqv")
    page.wait_for_function("document.querySelector('.md-search-result__meta').textContent.includes('No matching')")
    assert page.locator(".md-search-result__item").count() == 0
