"""Paginated listings without a build: every page of the Stories listing and of every theme, place
and theme-in-a-nation listing at 1,000 synthetic stories, the pagination bar, the filter's choices,
the later pages of the hand-written Stories page, and the story name that pagination reserves."""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re

import pytest

from fragments import render
from storyfiles import SITE, VALID_STORY, new_stories_folder, write_story
from storysite.markers import site_markers
from storysite.feeds.channels import FeedLinks, channels, feed_site
from storysite.problems import InputError
from storysite.routes import listing_page, relative_url
from storysite.pages.pagination import PAGE_SIZE, later_pages, page_numbers
from storysite.pages.listings import prepare_browse
from storysite.stories.collection import load_collection
from synthetic_stories import generate


@pytest.fixture(scope="module")
def thousand(tmp_path_factory):
    folder = generate(tmp_path_factory.mktemp("stories") / "stories", 1000)
    collection = load_collection(folder, site=SITE, include_unpublished=True, today=dt.date(2100, 1, 1))
    return collection, prepare_browse(collection)


def resolve(page_url: str, href: str) -> str:
    return posixpath.normpath(posixpath.join(page_url, href)).lstrip("./") + ("/" if href.endswith("/") else "")


def test_the_bar_shows_first_last_and_neighbours_and_never_hides_a_single_page():
    assert page_numbers(1, 1) == (1,)
    assert page_numbers(1, 2) == (1, 2)
    assert page_numbers(1, 5) == (1, 2, 0, 5)
    assert page_numbers(3, 5) == (1, 2, 3, 4, 5)  # a gap of one page is shown as that page
    assert page_numbers(20, 42) == (1, 0, 19, 20, 21, 0, 42)
    assert page_numbers(42, 42) == (1, 0, 41, 42)
    for count in range(1, 60):
        for current in range(1, count + 1):
            shown = page_numbers(current, count)
            assert len(shown) <= 7 and current in shown and shown[0] == 1 and shown[-1] == count


def test_every_term_listing_is_split_into_pages_that_together_hold_exactly_its_stories(thousand):
    collection, browse = thousand
    taxonomy = browse.taxonomy
    terms = (*taxonomy.terms, *taxonomy.combinations.values())
    assert len(taxonomy.combinations) > len(taxonomy.themes)
    by_url: dict[str, list] = {}
    for view in browse.pages.values():
        by_url.setdefault(view.first_url, []).append(view)
    assert set(by_url) == {t.url for t in terms}
    for term in terms:
        pages = sorted(by_url[term.url], key=lambda v: v.number)
        assert [v.url for v in pages] == [term.url] + [f"{term.url}page/{n}/" for n in range(2, len(pages) + 1)]
        shown = [resolve(v.url, card.href) for v in pages for card in v.cards]
        assert shown == [s.url for s in term.stories], term.url  # each once, newest first
        assert all(len(v.cards) <= PAGE_SIZE for v in pages)
        for view in pages:  # each page's bar leads to its neighbours
            if len(pages) == 1:
                assert view.listing.pager is None
                continue
            pager = view.listing.pager
            assert (resolve(view.url, pager.newer) if pager.newer else None) == (
                pages[view.number - 2].url if view.number > 1 else None)
            assert (resolve(view.url, pager.older) if pager.older else None) == (
                pages[view.number].url if view.number < len(pages) else None)
            assert [link.number for link in pager.links if link.current] == [view.number]


def test_every_page_of_the_stories_listing_shows_its_own_part_of_it(thousand):
    collection, browse = thousand
    site = feed_site("https://stories.example.org/", "Stories", None, "favicon.png")
    markers = site_markers(collection, browse, FeedLinks(site, channels(collection.vocabulary, site)), 6)
    shown: list[str] = []
    url = "stories/"
    while url:
        html = render("partials/story-listing.html", markers["stories:all"](url).context)
        cards = re.findall(r'<h2 class="story-card__title"><a href="([^"]+)"', html)
        assert 0 < len(cards) <= PAGE_SIZE
        shown += [resolve(url, href) for href in cards]
        first, number = listing_page(url)
        assert first == "stories/"
        assert f"Showing {len(shown) - len(cards) + 1:,}–{len(shown):,} of 1,000 stories" in html
        older = re.search(r'<a class="pager__step" href="([^"]+)" rel="next"', html)
        url = resolve(url, older.group(1)) if older else ""
    assert shown == [s.url for s in collection.stories]


def test_the_filter_leads_each_choice_to_the_page_holding_exactly_those_stories(thousand):
    collection, browse = thousand
    taxonomy = browse.taxonomy
    pages = {view.url: view for view in browse.pages.values()}
    targets = json.loads(re.search(r"data-targets='([^']+)'", render("partials/story-filter.html", {
        "filter": site_markers(collection, browse, FeedLinks(feed_site("https://x.org/", "S", None, "f.png"), ()),
                               6)["stories:filter"]("stories/page/3/").context["filter"]})).group(1))
    for theme in ("", *(t.slug for t in taxonomy.themes)):
        for nation in ("", *(n.slug for n in taxonomy.nations)):
            expected = [s for s in collection.stories if (not theme or theme in s.themes)
                        and (not nation or s.place.nation_slug == nation)]
            href, count = targets[f"{theme}|{nation}"]
            assert count == len(expected)
            url = resolve("stories/page/3/", href) if href else None
            if not theme and not nation:
                assert url == "stories/"
            elif not expected:
                assert url is None
            else:
                assert pages[url].first_url == url and pages[url].story_filter is not None
                chosen = pages[url].story_filter
                assert [o.slug for o in chosen.themes if o.selected] == ([theme] if theme else [])
                assert [o.slug for o in chosen.nations if o.selected] == ([nation] if nation else [])


def test_later_pages_of_a_hand_written_listing_keep_its_text_under_their_own_title():
    markdown = "---\ntitle: Stories\ndescription: Every story.\nhide: [toc]\n---\n\n# Stories\n\n<!-- stories:all -->\n"
    later = later_pages(markdown, "stories/", 50, size=24)
    assert [p.url for p in later] == ["stories/page/2/", "stories/page/3/"]
    assert later[0].markdown.startswith("---\n") and "title: Stories, page 2 of 3\n" in later[0].markdown
    assert "description: Page 2 of 3. Every story.\n" in later[0].markdown and "hide:\n- toc\n" in later[0].markdown
    assert "pagefind: false\n" in later[0].markdown  # search lists page 1 only
    assert later[1].markdown.endswith("\n# Stories\n\n<!-- stories:all -->\n")
    assert (later[0].first_url, later[0].first_title, later[0].first_description) == ("stories/", "Stories", "Every story.")
    assert later_pages(markdown, "stories/", 24, size=24) == ()
    assert relative_url(later[1].url, "stories/") == "../../"


def test_a_story_cannot_be_called_page_the_stories_page_uses_that_address(tmp_path):
    folder = new_stories_folder(tmp_path)
    write_story(folder, "page", VALID_STORY)
    with pytest.raises(InputError) as raised:
        load_collection(folder, site=SITE, include_unpublished=True, today=dt.date(2100, 1, 1))
    assert "'page' is taken" in str(raised.value) and "Rename the folder" in str(raised.value)
