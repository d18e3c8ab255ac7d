"""The real site as built: theme and place pages, related stories, share links, page metadata,
the sitemap and the search index. Expected results are worked out here from the story files
themselves (read with yaml, not with the site's own code), never written in by hand."""

from __future__ import annotations

import gzip
import json
import posixpath
import re
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest

from htmltree import Node, page
from storydata import NATION_NAMES, REGION_NAMES, SITE_URL, STORIES, THEMES, StoryFile, one_line
from storysite.geo.places import distance_km
from storysite.routes import slugify




def card_urls(doc: Node, page_url: str, within: Node | None = None) -> list[str]:
    """The stories whose cards a page shows, in order, as site-relative URLs."""
    root = within or doc
    return [resolve(page_url, card.find("h2" if card.find_all("h2") else "h3").find("a").attrs["href"])
            for card in root.find_all("li", cls="story-card")]


def resolve(page_url: str, href: str) -> str:
    return posixpath.normpath(posixpath.join(page_url, href)).lstrip("./") + ("/" if href.endswith("/") else "")


def count_text(n: int) -> str:
    return f"{n:,} story" if n == 1 else f"{n:,} stories"


MAX_CARDS = 30  # what a page of a listing may show at most, so a first visit stays small


def older_link(doc: Node) -> Node | None:
    pager = doc.find_all("nav", cls="pager")
    found = [a for a in pager[0].find_all("a") if a.attrs.get("rel") == "next"] if pager else []
    return found[0] if found else None


def listing_pages(site: Path, first_url: str) -> list[tuple[str, Node]]:
    """Every page of the listing that starts at `first_url`, in order, found as a reader finds
    them: by following "Older" from page 1 to the last page."""
    pages = [(first_url, page(site, first_url))]
    while (link := older_link(pages[-1][1])) is not None:
        url = resolve(pages[-1][0], link.attrs["href"])
        assert url not in [u for u, _ in pages], f"{url} comes round again"
        pages.append((url, page(site, url)))
    return pages


def listed(site: Path, first_url: str) -> list[str]:
    """The stories a listing shows over all its pages, in order; no page holds more than MAX_CARDS."""
    found = []
    for url, doc in listing_pages(site, first_url):
        cards = card_urls(doc, url)
        assert len(cards) <= MAX_CARDS, url
        found += cards
    return found


@pytest.fixture(scope="module")
def site(built_site) -> Path:
    return built_site.site


# Theme and place pages --------------------------------------------------------------------------

def test_every_theme_page_lists_exactly_its_stories_newest_first(site):
    for theme in THEMES:
        url = f"themes/{theme['slug']}/"
        doc = page(site, url)
        expected = [s.url for s in STORIES if theme["slug"] in s.themes]
        assert listed(site, url) == expected, url
        assert doc.find("h1").text == theme["name"]
        assert doc.find("p", cls="browse-lede").text == one_line(theme["description"])
        if expected:  # the filter, chosen on this theme, says how many
            status = doc.find("p", cls="story-filter__status")
            assert status.text == f"{count_text(len(expected))} about {theme['name']}"
        else:
            assert "There are no stories about" in doc.find("p", cls="browse-empty").text


def test_every_nation_and_region_page_lists_exactly_its_stories(site):
    for nation in NATION_NAMES:
        url = f"places/{slugify(nation)}/"
        assert listed(site, url) == [s.url for s in STORIES if s.nation == nation], url
    for region in REGION_NAMES:
        url = f"places/england/{slugify(region)}/"
        doc = page(site, url)
        assert listed(site, url) == [s.url for s in STORIES if s.region == region], url
        crumbs = [a.text for a in doc.find("nav", cls="browse-crumbs").find_all("a")]
        assert crumbs == ["Places", "England"]
    assert "places/england/south-west/" in {f"places/england/{slugify(r)}/" for r in REGION_NAMES}


def test_story_pages_link_to_theme_and_place_pages_that_exist(site):
    for story in STORIES:
        doc = page(site, story.url)
        themes = [resolve(story.url, a.attrs["href"]) for a in doc.find("nav", cls="story__themes").find_all("a")]
        assert themes == [f"themes/{slug}/" for slug in story.themes]
        place = resolve(story.url, doc.find("dl", cls="story__facts").find("a").attrs["href"])
        assert place == (f"places/england/{slugify(story.region)}/" if story.region
                         else f"places/{slugify(story.nation)}/")
        for path in themes + [place]:
            assert (site / path / "index.html").is_file(), f"{story.slug} links to missing {path}"


def test_themes_and_places_index_pages_give_counts(site):
    doc = page(site, "themes/")
    cards = doc.find("div", cls="browse-terms").find_all("li", cls="browse-term")
    assert [c.find("h2").text for c in cards] == [t["name"] for t in THEMES]
    for card, theme in zip(cards, THEMES):
        n = sum(theme["slug"] in s.themes for s in STORIES)
        assert card.find("p", cls="browse-term__count").text == (count_text(n) if n else "No stories yet")
        assert resolve("themes/", card.find("a").attrs["href"]) == f"themes/{theme['slug']}/"
    doc = page(site, "places/")
    cards = doc.find("div", cls="browse-terms").find_all("li", cls="browse-term")
    assert [c.find("h2").text for c in cards] == list(NATION_NAMES)
    for card, nation in zip(cards, NATION_NAMES):
        n = sum(s.nation == nation for s in STORIES)
        assert card.find("p", cls="browse-term__count").text == (count_text(n) if n else "No stories yet")
    regions = cards[0].find("ul", cls="browse-term__regions").find_all("li")
    assert [r.find("a").text for r in regions] == list(REGION_NAMES)
    for item, region in zip(regions, REGION_NAMES):
        n = sum(s.region == region for s in STORIES)
        assert item.find("span").text == (count_text(n) if n else "No stories yet")


def test_home_page_offers_themes_and_nations_with_counts(site):
    doc = page(site, "")
    chips = doc.find("ul", cls="browse-chips").find_all("a", cls="browse-chip")
    assert [resolve("", c.attrs["href"]) for c in chips] == [f"themes/{t['slug']}/" for t in THEMES]
    for chip, theme in zip(chips, THEMES):
        assert chip.find("span", cls="browse-chip__count").text.split()[0] == str(
            sum(theme["slug"] in s.themes for s in STORIES))
    nations = doc.find("div", cls="browse-terms--compact").find_all("li")
    assert [(n.find("a").text, n.find("span").text) for n in nations] == [
        (name, count_text(sum(s.nation == name for s in STORIES))) for name in NATION_NAMES]
    assert card_urls(doc, "") == [s.url for s in STORIES[:len(card_urls(doc, ""))]]


# The Stories page, its later pages and the filter ---------------------------------------------

def test_every_story_appears_on_exactly_one_page_of_the_stories_listing_newest_first(site):
    pages = listing_pages(site, "stories/")
    assert len(pages) >= 2  # the real stories fill more than one page: pagination is always exercised
    assert [url for url, _ in pages] == ["stories/"] + [f"stories/page/{n}/" for n in range(2, len(pages) + 1)]
    assert listed(site, "stories/") == [s.url for s in STORIES]
    shown = 0
    for number, (url, doc) in enumerate(pages, start=1):
        cards = card_urls(doc, url)
        first, last = shown + 1, shown + len(cards)
        shown = last
        assert doc.find("p", cls="browse-count").text == (
            f"Showing {first:,}–{last:,} of {count_text(len(STORIES))}, newest first.")


def test_later_pages_have_their_own_title_canonical_url_and_description_and_page_1s_card(site):
    pages = listing_pages(site, "stories/")
    first = metas(pages[0][1])
    titles = set()
    for number, (url, doc) in enumerate(pages, start=1):
        title = doc.find("title").text
        expected = "Stories" if number == 1 else f"Stories, page {number} of {len(pages)}"
        assert title == f"{expected} - Stories from Community Britain"
        titles.add(title)
        assert [link.attrs["href"] for link in doc.find("head").find_all("link", rel="canonical")] == [SITE_URL + url]
        tags = metas(doc)
        assert tags["og:url"] == [SITE_URL + url] and tags["og:title"] == [expected]
        if number > 1:
            assert tags["description"] == [f"Page {number} of {len(pages)}. " + first["description"][0]]
        assert tags["og:image"] == first["og:image"]  # page 1's share card, not a new one
    assert len(titles) == len(pages)


def test_pagination_links_go_both_ways_and_mark_the_current_page(site):
    for first_url in ["stories/"] + [f"themes/{t['slug']}/" for t in THEMES]:
        pages = listing_pages(site, first_url)
        for number, (url, doc) in enumerate(pages, start=1):
            navs = doc.find_all("nav", cls="pager")
            if len(pages) == 1:
                assert not navs, url  # one page: no bar
                continue
            nav = navs[0]
            assert nav.attrs["aria-label"] == "Pages"
            links = nav.find_all("a")
            current = [a for a in links if a.attrs.get("aria-current") == "page"]
            assert len(current) == 1 and current[0].text == f"Page {number}", url
            newer = [a for a in links if a.attrs.get("rel") == "prev"]
            older = [a for a in links if a.attrs.get("rel") == "next"]
            assert bool(newer) == (number > 1) and bool(older) == (number < len(pages)), url
            if newer:
                assert "Newer" in newer[0].text and resolve(url, newer[0].attrs["href"]) == pages[number - 2][0]
                # and page number-1 leads back here
                back = [a for a in pages[number - 2][1].find("nav", cls="pager").find_all("a")
                        if a.attrs.get("rel") == "next"]
                assert resolve(pages[number - 2][0], back[0].attrs["href"]) == url
            numbers = {a.text: resolve(url, a.attrs["href"]) for a in links if a.text.startswith("Page ")}
            assert numbers["Page 1"] == first_url and numbers[f"Page {len(pages)}"] == pages[-1][0]


def test_later_pages_are_in_the_sitemap_but_not_the_navigation_and_keep_the_stories_tab(site):
    sitemap = (site / "sitemap-pages.xml").read_text(encoding="utf-8")
    doc = page(site, "stories/page/2/")
    assert f"<loc>{SITE_URL}stories/page/2/</loc>" in sitemap
    tabs = doc.find("nav", cls="md-tabs").find_all("li")
    assert [t.find("a").text.strip() for t in tabs if "md-tabs__item--active" in t.attrs["class"]] == ["Stories"]
    hrefs = {resolve("stories/page/2/", a.attrs["href"]) for a in doc.find("nav", cls="md-nav--primary").find_all("a")
             if a.attrs.get("href")}
    assert not [h for h in hrefs if "/page/" in h]
    # Themes and places are under their own tabs too; the other tabs are not marked.
    theme = page(site, "themes/energy/")
    active = [t.find("a").text.strip() for t in theme.find("nav", cls="md-tabs").find_all("li")
              if "md-tabs__item--active" in t.attrs["class"]]
    assert active == ["Themes"]


def test_every_page_marks_its_own_tab_and_link_though_pages_outside_the_navigation_share_theirs(site):
    """A page outside the navigation shows the tab it belongs under as current (the adapter marks
    it while the page renders): each story shows Stories, and a page in the navigation, made
    after them, still marks itself and no other."""
    def current(url: str) -> tuple[list[str], list[str]]:
        doc = page(site, url)
        tabs = [t.find("a").text.strip() for t in doc.find("nav", cls="md-tabs").find_all("li")
                if "md-tabs__item--active" in t.attrs["class"]]
        links = [a.text.strip() for a in doc.find("nav", cls="md-nav--primary").find_all("a")
                 if "md-nav__link--active" in (a.attrs.get("class") or "")]
        return tabs, links
    for story in STORIES:
        assert current(story.url) == (["Stories"], []), story.url
    assert current("subscribe/") == (["Subscribe"], ["Subscribe"])
    assert current("about/") == (["About"], ["About"])
    assert current("corrections/") == ([], [])  # outside the navigation, under no tab


def test_the_tabs_and_navigation_lead_to_the_same_pages_from_every_page(site):
    """Their links are relative to the page they are on; made once for a folder, they must still
    lead where they lead from the home page, from every page at every depth."""
    def targets(url: str) -> set[str]:
        doc = page(site, url)
        links = [*doc.find("nav", cls="md-tabs").find_all("a"), *doc.find("nav", cls="md-nav--primary").find_all("a")]
        return {resolve(url, a.attrs["href"]) for a in links
                if a.attrs.get("href") and not a.attrs["href"].startswith("#") and not urlsplit(a.attrs["href"]).scheme}
    expected = targets("")
    assert {"stories/", "themes/", "places/", "map/", "about/"} <= expected
    checked = 0
    for html_file in sorted(site.rglob("index.html")):
        url = page_url_of(site, html_file)
        if url.startswith("embed/"):  # the embeddable lists: no header, tabs or navigation
            continue
        assert targets(url) == expected, url
        checked += 1
    assert checked > 60


def filter_targets(doc: Node) -> dict[str, list]:
    return json.loads(doc.find("form", cls="story-filter__form").attrs["data-targets"])


def test_the_filter_offers_every_theme_and_nation_with_counts_and_plain_links_without_javascript(site):
    for url in ("stories/", "stories/page/2/"):
        doc = page(site, url)
        themes = doc.find("select", id="story-filter-theme").find_all("option")
        assert [o.attrs["value"] for o in themes] == [""] + [t["slug"] for t in THEMES]
        assert [o.text for o in themes] == [f"All themes ({len(STORIES)})"] + [
            f"{t['name']} ({sum(t['slug'] in s.themes for s in STORIES)})" for t in THEMES]
        nations = doc.find("select", id="story-filter-nation").find_all("option")
        assert [o.attrs["value"] for o in nations] == [""] + [slugify(n) for n in NATION_NAMES]
        assert [o.text for o in nations] == [f"All nations ({len(STORIES)})"] + [
            f"{n} ({sum(s.nation == n for s in STORIES)})" for n in NATION_NAMES]
        button = doc.find("form", cls="story-filter__form").find("button")
        assert button.attrs["type"] == "submit" and button.text == "Show stories"
        links = doc.find("nav", cls="story-filter__links").find_all("a")
        assert [resolve(url, a.attrs["href"]) for a in links] == (
            [f"themes/{t['slug']}/" for t in THEMES] + [f"places/{slugify(n)}/" for n in NATION_NAMES])
        status = doc.find("p", cls="story-filter__status")
        assert status.attrs["role"] == "status"
    assert not page(site, "stories/").find_all("li", cls="story-card")[0].attrs.get("data-themes")


def test_every_choice_in_the_filter_leads_to_a_page_listing_exactly_its_stories(site):
    targets = filter_targets(page(site, "stories/"))
    for theme in [""] + [t["slug"] for t in THEMES]:
        for nation in [""] + [slugify(n) for n in NATION_NAMES]:
            expected = [s.url for s in STORIES
                        if (not theme or theme in s.themes) and (not nation or slugify(s.nation) == nation)]
            href, count = targets[f"{theme}|{nation}"]
            assert count == len(expected), (theme, nation)
            if theme and nation and not expected:
                assert href == "", (theme, nation)  # no page for an empty combination
                assert not (site / "themes" / theme / nation).exists()
                continue
            url = resolve("stories/", href)
            assert url == (f"themes/{theme}/{nation}/" if theme and nation else f"themes/{theme}/" if theme
                           else f"places/{nation}/" if nation else "stories/")
            assert listed(site, url) == expected, url


def test_a_theme_in_a_nation_page_has_the_filter_chosen_and_can_clear_it(site):
    story = next(s for s in STORIES if s.nation == "Wales")
    theme = next(t for t in THEMES if t["slug"] == story.themes[0])
    url = f"themes/{theme['slug']}/{slugify(story.nation)}/"
    doc = page(site, url)
    expected = [s.url for s in STORIES if theme["slug"] in s.themes and s.nation == "Wales"]
    assert doc.find("h1").text == f"{theme['name']} in Wales"
    assert doc.find("title").text == f"{theme['name']} in Wales - Stories from Community Britain"
    chosen = [o.attrs["value"] for o in doc.find_all("option") if "selected" in o.attrs]
    assert chosen == [theme["slug"], "wales"]
    assert doc.find("p", cls="story-filter__status").text == (
        f"{count_text(len(expected))} about {theme['name']} in Wales")
    clear = [a for a in doc.find("form", cls="story-filter__form").find_all("a") if a.text == "Show all stories"]
    assert resolve(url, clear[0].attrs["href"]) == "stories/"
    crumbs = [resolve(url, a.attrs["href"]) for a in doc.find("nav", cls="browse-crumbs").find_all("a")]
    assert crumbs == ["themes/", f"themes/{theme['slug']}/"]
    assert metas(doc)["og:image"] == [f"{SITE_URL}cards/theme/{theme['slug']}.png"]  # its theme's card


def test_themes_and_places_are_in_the_navigation_but_their_pages_are_not(site):
    doc = page(site, "")
    tabs = [a.text.strip() for a in doc.find("nav", cls="md-tabs").find_all("a")]
    assert tabs[:4] == ["Home", "Stories", "Themes", "Places"]
    assert not {t["name"] for t in THEMES} & set(tabs)
    primary = doc.find("nav", cls="md-nav--primary")
    hrefs = {resolve("", a.attrs["href"]) for a in primary.find_all("a") if a.attrs.get("href")}
    assert {"themes/", "places/"} <= hrefs
    assert not any(h.startswith(("themes/", "places/")) and h.count("/") > 1 for h in hrefs)


# Related stories --------------------------------------------------------------------------------

def test_related_stories_share_themes_first_then_are_nearest_then_by_slug(site):
    for story in STORIES:
        def rank(other: StoryFile) -> tuple:
            shared = len(set(story.themes) & set(other.themes))
            d = distance_km(story.latitude, story.longitude, other.latitude, other.longitude)
            return (-shared, d, other.slug)

        expected = [o.url for o in sorted((o for o in STORIES if o.slug != story.slug), key=rank)[:4]]
        doc = page(site, story.url)
        section = doc.find("section", cls="story-related")
        assert section.find("h2").text == "More stories like this"
        assert card_urls(doc, story.url, within=section) == expected, story.slug


# Sharing and metadata ---------------------------------------------------------------------------

def metas(doc: Node) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for meta in doc.find("head").find_all("meta"):
        key = meta.attrs.get("property") or meta.attrs.get("name")
        if key:
            found.setdefault(key, []).append(meta.attrs.get("content", ""))
    return found


def test_story_pages_have_well_formed_absolute_metadata(site):
    for story in STORIES:
        doc = page(site, story.url)
        canonical = SITE_URL + story.url
        tags = metas(doc)
        assert [link.attrs["href"] for link in doc.find("head").find_all("link", rel="canonical")] == [canonical]
        assert tags["description"] == [story.summary]
        assert tags["og:url"] == [canonical] and tags["og:type"] == ["article"]
        assert tags["og:title"] == [story.title] == tags["twitter:title"]
        assert tags["og:description"] == [story.summary] == tags["twitter:description"]
        assert tags["twitter:card"] == ["summary_large_image"]  # every story has its share card
        assert tags["og:image"] == [f"{SITE_URL}cards/story/{story.slug}.png"] == tags["twitter:image"]
        assert tags["article:published_time"] == [story.date.isoformat()]
        assert tags["og:site_name"] == ["Stories from Community Britain"]
        for key in ("og:url", "og:image", "twitter:image"):
            for value in tags[key]:
                assert urlsplit(value).scheme == "https" and urlsplit(value).netloc, (story.slug, key, value)


def test_story_json_ld_parses_as_an_article_with_place_coordinates_and_organisation(site):
    for story in STORIES:
        html = (site / story.url / "index.html").read_text(encoding="utf-8")
        scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        assert len(scripts) == 1, story.slug
        data = json.loads(scripts[0])
        assert data["@context"] == "https://schema.org" and data["@type"] == "Article"
        assert data["headline"] == story.title and data["url"] == SITE_URL + story.url
        assert data["datePublished"] == story.date.isoformat()
        location = data["contentLocation"]
        assert location["@type"] == "Place" and location["name"] == story.place
        assert location["geo"] == {"@type": "GeoCoordinates", "latitude": story.latitude,
                                   "longitude": story.longitude}
        assert data["about"]["@type"] == "Organization" and data["about"]["name"] == story.organisation


def test_every_share_link_is_well_formed_and_carries_the_story_url(site):
    for story in STORIES:
        doc = page(site, story.url)
        canonical = SITE_URL + story.url
        share = doc.find("section", cls="story-share")
        links = share.find_all("a", cls="story-share__link")
        assert [a.text.strip() for a in links] == ["Email", "WhatsApp", "Bluesky", "Facebook", "LinkedIn", "X"]
        for link in links:
            href = link.attrs["href"]
            parts = urlsplit(href)
            assert parts.scheme in ("https", "mailto") and (parts.netloc or parts.scheme == "mailto"), href
            values = [v for vs in parse_qs(parts.query, strict_parsing=True).values() for v in vs]
            assert any(canonical in v for v in values), href
            assert "noopener" in link.attrs["rel"] and "noreferrer" in link.attrs["rel"]
        form = share.find("form", cls="story-share__mastodon-form")
        assert form.attrs["data-share-text"] == f"{story.title} {canonical}"
        assert share.find("label").attrs["for"] == share.find("input").attrs["id"]
        assert share.find("button", cls="story-share__copy").attrs["data-clipboard-text"] == canonical
        assert not share.find_all("script") and not share.find_all("iframe")


def test_other_pages_have_open_graph_tags_from_their_own_title_and_description(site):
    for url, title in (("", "Stories from Community Britain"), ("themes/energy/", "Community energy"),
                       ("places/wales/", "Wales"), ("themes/", "Themes")):
        tags = metas(page(site, url))
        assert tags["og:url"] == [SITE_URL + url] and tags["og:type"] == ["website"]
        assert tags["og:title"] == [title]
        assert tags["og:description"] == tags["description"], url
    theme = THEMES[0]
    assert metas(page(site, f"themes/{theme['slug']}/"))["description"] == [one_line(theme["description"])]


def page_url_of(site: Path, html_file: Path) -> str:
    """'stories/awel-coop/' for site/stories/awel-coop/index.html; '' for the home page."""
    folder = html_file.parent.relative_to(site).as_posix()
    return "" if folder == "." else folder + "/"


def test_sitemap_lists_every_page_including_generated_ones(site):
    # sitemap.xml stays small (Material fetches it on every first visit): an index of one sitemap.
    index = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<sitemapindex" in index and re.findall(r"<loc>(.*?)</loc>", index) == [SITE_URL + "sitemap-pages.xml"]
    sitemap = (site / "sitemap-pages.xml").read_text(encoding="utf-8")
    listed = set(re.findall(r"<loc>(.*?)</loc>", sitemap))
    # Embed pages (embed/…) are for other sites' iframes, not pages of this one: never in the sitemap.
    pages = {SITE_URL + page_url_of(site, p) for p in site.rglob("index.html")
             if not page_url_of(site, p).startswith("embed/")}
    assert not [url for url in listed if "/embed/" in url]
    assert len(pages) >= len(STORIES) + len(THEMES) + len(NATION_NAMES) + len(REGION_NAMES)
    assert pages == listed
    assert SITE_URL + "themes/energy/" in listed and SITE_URL + "places/england/south-west/" in listed


def test_no_page_links_to_a_page_that_does_not_exist(site):
    checked = 0
    for html_file in site.rglob("index.html"):
        base = "http://site/" + page_url_of(site, html_file)
        for href in re.findall(r'<a [^>]*href="([^"]+)"', html_file.read_text(encoding="utf-8")):
            href = unescape(href)
            if urlsplit(href).scheme or href.startswith(("#", "//")):
                continue
            target = site / urlsplit(urljoin(base, href)).path.lstrip("/")
            assert (target / "index.html").is_file() or target.is_file(), f"{html_file}: {href}"
            checked += 1
    assert checked > 1000


# Search -----------------------------------------------------------------------------------------

def pagefind_pages(site: Path) -> dict[str, dict]:
    """What Pagefind stored for each page it indexed, by site path: its title and text."""
    pages = {}
    for fragment in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(b"pagefind_dcd"), fragment
        record = json.loads(data[len(b"pagefind_dcd"):])
        pages[record["url"].lstrip("/")] = record
    return pages


def test_search_finds_stories_by_summary_place_and_organisation_and_skips_listings(site):
    pages = pagefind_pages(site)
    for story in STORIES:
        record = pages[story.url]
        assert record["meta"]["title"] == story.title
        text = one_line(unescape(record["content"]))
        for expected in (story.summary, story.place, story.organisation, story.nation):
            assert one_line(expected) in text, (story.slug, expected)
        assert "Share this story" not in text and "More stories like this" not in text
    # Listings are for browsing: search finds the stories themselves, not every page listing them.
    # A listing's later pages say what page 1 says: search finds page 1 only (no words of theirs).
    assert "stories/page/2/" in {p.relative_to(site).parent.as_posix() + "/" for p in site.glob("stories/page/*/index.html")}
    assert not [url for url, record in pages.items() if "/page/" in url and one_line(unescape(record["content"]))], \
        [url for url in pages if "/page/" in url]
    for url in ("", "stories/", "themes/", "places/", "themes/energy/", "places/england/", "map/"):
        text = unescape(pages[url]["content"])
        assert not [s.title for s in STORIES if s.title in text], url
    # Material's search plugin only carries its settings for the search box: no page in it.
    material = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert material["docs"] == [] and material["config"]["lang"] == ["en"]
