"""Search in headless Chromium, as a reader uses it: Material's search box (answered by Pagefind
through assets/javascripts/search-worker.js) finds stories by place, organisation, a word of the
body and a Welsh name; nothing of search is fetched before the reader reaches for it; the
keyboard alone finds and opens a story; the dialog is named, the count is announced and axe
finds nothing with results open, at phone and desktop widths. The site is built from stories
written here, so that no real story has to exist for these to pass."""

from __future__ import annotations

import re

import pytest

from browser import DESKTOP, axe_violations, describe, serve
from sitebuild import copy_project, run_build
from storyfiles import VALID_STORY, new_stories_folder, write_story

DESKTOP_ONLY = pytest.mark.parametrize("viewport", [DESKTOP], ids=["desktop"])

PLACE = """place:
  name: Llanfair Caereinion
  latitude: 52.6480
  longitude: -3.3280
  nation: Wales
"""
# slug: (title, place block, organisation, a sentence added to the body)
STORIES = {
    "farm-in-shropshire": ("A farm the town bought", "place:\n  name: Market Drayton\n  latitude: 52.904\n"
                           "  longitude: -2.484\n  nation: England\n  region: West Midlands\n",
                           "Fordhall Community Land Initiative", ""),
    "pub-in-warwickshire": ("The village keeps its pub", "place:\n  name: Loxley\n  latitude: 52.171\n"
                            "  longitude: -1.634\n  nation: England\n  region: West Midlands\n",
                            "Loxley Community Benefit Society", ""),
    "hydro-by-the-quarry": ("A hydro beside the quarry", "place:\n  name: Bethesda\n  latitude: 53.181\n"
                            "  longitude: -4.060\n  nation: Wales\n", "Ynni Ogwen Cyf",
                            "The turbine house still holds the quarry's pneumatic drills."),
    "wind-on-the-mountain": ("Wind on the mountain", "place:\n  name: Mynydd y Gwrhyd\n  latitude: 51.745\n"
                             "  longitude: -3.840\n  nation: Wales\n", "Awel Aman Tawe",
                             "Its two turbines make community energy for the valley."),
    "pub-on-the-peninsula": ("The pub at the end of the road", "place:\n  name: Llithfaen, Llŷn\n"
                             "  latitude: 52.960\n  longitude: -4.455\n  nation: Wales\n", "Menter y Fic",
                             "It is the last pub before the sea on the Llŷn peninsula."),
    "savings-in-glasgow": ("Savings for a city", "place:\n  name: Glasgow\n  latitude: 55.861\n"
                           "  longitude: -4.251\n  nation: Scotland\n", "Glasgow Credit Union",
                           "The credit union lends to members at a fair rate."),
    "tin-pub": ("A pub of corrugated iron", "place:\n  name: Rosebush\n  latitude: 51.932\n"
                "  longitude: -4.797\n  nation: Wales\n", "Tafarn Sinc Cyf", ""),
}

# (what a reader types, the story they are after): a place, an organisation (only in the story's
# front matter and facts), a word found in one story's body only, Welsh names with and without
# the circumflex, a theme's word.
QUERIES = [
    ("Market Drayton", "farm-in-shropshire"),
    ("Loxley Community Benefit Society", "pub-in-warwickshire"),
    ("pneumatic", "hydro-by-the-quarry"),
    ("Mynydd y Gwrhyd", "wind-on-the-mountain"),
    ("Llŷn", "pub-on-the-peninsula"),
    ("Llyn peninsula", "pub-on-the-peninsula"),
    ("credit union", "savings-in-glasgow"),
]


def story_text(title: str, place: str, organisation: str, sentence: str) -> str:
    text = VALID_STORY.replace("title: A hall for Llanfair", f"title: {title}").replace(PLACE, place)
    text = text.replace("  name: Llanfair Hall Society", f"  name: {organisation}")
    return text.replace("The story of the hall.", f"The story of the hall. {sentence}")


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    """This module's own site: the stories above, with the real hand-written pages."""
    root = tmp_path_factory.mktemp("search-site")
    stories = new_stories_folder(root / "input")
    for slug, parts in STORIES.items():
        write_story(stories, slug, story_text(*parts))
    result = run_build(copy_project(root / "project", stories), root / "site")
    assert result.returncode == 0, result.output
    with serve(result.site) as url:
        yield url


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
    assert "stories/tin-pub/" in results(page, "Rosebush")
    assert [url for url in fetched if "/pagefind/pagefind.js" in url]  # Pagefind answered, once asked


@DESKTOP_ONLY
def test_the_keyboard_alone_finds_and_opens_a_story(page, site_url):
    page.goto(site_url + "about/")
    page.wait_for_load_state("networkidle")
    page.keyboard.press("/")  # Material's shortcut to the search box
    assert page.evaluate("document.activeElement.matches('.md-search__input')")
    found = results(page, "pneumatic")
    assert found[0] == "stories/hydro-by-the-quarry/"
    page.keyboard.press("ArrowDown")  # to the first result
    assert page.evaluate("document.activeElement.closest('.md-search-result__item') !== null")
    page.keyboard.press("Enter")
    page.wait_for_url("**/stories/hydro-by-the-quarry/?h=pneumatic")
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
