"""The pure functions behind browsing and sharing: grouping stories by theme and place, choosing
related stories, share links, page metadata and the text search sees."""

from __future__ import annotations

import datetime as dt
import json
import random
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from storyfiles import SITE

from sitebuild import REPO
from storysite.pages.listings import prepare_browse, term_page
from storysite.stories.collection import Collection, load_collection
from storysite.geo.places import ENGLISH_REGIONS, NATIONS, distance_km
from storysite.pages.meta import script_safe_json, story_json_ld, story_meta
from storysite.model import Organisation, Photo, Place, Source, Story, Theme
from storysite.pages.views import story_page_markdown
from storysite.markers import expand_markers, fill_text_markers, insert_fragments, site_markers
from storysite.feeds.channels import FeedLinks, channels, feed_site
from fragments import render
from storysite.problems import InputError
from storysite.pages.related import RELATED_COUNT, rank_key, related_stories
from storysite.pages.meta import story_sharing
from storysite.pages.taxonomy import build_taxonomy
from storysite.stories.vocabulary import Vocabulary
from synthetic_stories import generate

THEMES = (Theme("energy", "Community energy", "Power owned locally."),
          Theme("pubs", "Community pubs", "Locals saved by their drinkers."),
          Theme("food", "Food", "Food co-ops."),
          Theme("unused", "Community land", "A theme with no stories."))
VOCABULARY = Vocabulary(themes=THEMES, legal_forms=("co-operative",))


def make_story(slug: str, themes: tuple[str, ...], lat: float, lon: float, nation: str = "England",
               region: str | None = "London", day: int = 1, **changes) -> Story:
    fields = dict(
        slug=slug, source_path=Path(f"/x/{slug}/index.md"), title=f"Story {slug}", summary=f"About {slug}.",
        date=dt.date(2026, 1, day), updated=None,
        place=Place(f"Place {slug}", lat, lon, nation, region if nation == "England" else None),
        themes=themes, organisation=Organisation(f"Group {slug}", "co-operative", None), image=None,
        authors=("Jo Bloggs",), sources=(Source("A source", "https://example.org/a"),), draft=False, body="Text.",
    )
    fields.update(changes)
    return Story(**fields)


def collection_of(*stories: Story) -> Collection:
    ordered = sorted(stories, key=lambda s: (-s.date.toordinal(), s.slug))
    return Collection(stories=tuple(ordered), vocabulary=VOCABULARY, today=dt.date(2100, 1, 1))


# Taxonomy ---------------------------------------------------------------------------------------

def test_taxonomy_groups_every_story_under_each_of_its_themes_and_places_newest_first():
    a = make_story("a", ("energy", "pubs"), 51.5, -0.1, day=3)
    b = make_story("b", ("pubs",), 53.4, -2.2, region="North West", day=2)
    c = make_story("c", ("energy",), 52.1, -3.8, nation="Wales", day=5)
    taxonomy = build_taxonomy(collection_of(a, b, c))
    by_slug = {t.slug: [s.slug for s in t.stories] for t in taxonomy.terms if t.kind == "theme"}
    assert by_slug == {"energy": ["c", "a"], "pubs": ["a", "b"], "food": [], "unused": []}
    nations = {t.name: [s.slug for s in t.stories] for t in taxonomy.nations}
    assert nations == {"England": ["a", "b"], "Scotland": [], "Wales": ["c"], "Northern Ireland": []}
    regions = {t.name: [s.slug for s in t.stories] for t in taxonomy.regions}
    assert regions["London"] == ["a"] and regions["North West"] == ["b"]
    assert [t.name for t in taxonomy.nations] == list(NATIONS)
    assert [t.name for t in taxonomy.regions] == list(ENGLISH_REGIONS)
    assert taxonomy.total == 3


def test_every_place_a_story_links_to_has_a_term_page():
    stories = [make_story(f"s{i}", ("food",), 51.5, -0.1, region=r) for i, r in enumerate(ENGLISH_REGIONS)]
    stories += [make_story("w", ("food",), 52.1, -3.8, nation="Wales"),
                make_story("ni", ("food",), 54.6, -6.5, nation="Northern Ireland")]
    taxonomy = build_taxonomy(collection_of(*stories))
    urls = {t.url for t in taxonomy.terms}
    for story in stories:
        assert story.place.url in urls
        assert all(f"themes/{theme}/" in urls for theme in story.themes)
    assert "places/england/south-west/" in urls and "places/northern-ireland/" in urls


def test_a_theme_page_with_no_stories_says_so_and_links_to_contributing():
    collection = collection_of(make_story("a", ("energy",), 51.5, -0.1))
    taxonomy = build_taxonomy(collection)
    unused = next(t for t in taxonomy.themes if t.slug == "unused")
    html = render("partials/term-page.html", {"page_view": term_page(unused, taxonomy, collection), "subscribe": None})
    assert "There are no stories about community land yet." in html
    assert 'href="../../contribute/"' in html
    assert "story-card" not in html


def test_theme_and_place_pages_are_generated_for_every_term():
    collection = collection_of(make_story("a", ("energy",), 51.5, -0.1))
    browse = prepare_browse(collection)
    paths = set(browse.pages)
    assert all(p.markdown.startswith("---\n") and p.markdown.endswith("---\n") for p in browse.pages.values())
    energy = render("partials/term-page.html", {"page_view": browse.pages["themes/energy/index.md"], "subscribe": None})
    assert energy.startswith('<nav class="browse-crumbs"')
    assert "about.md" not in browse.pages
    assert paths == {f"themes/{t.slug}/index.md" for t in THEMES} | {f"{t.url}index.md" for t in browse.taxonomy.nations} \
        | {f"{t.url}index.md" for t in browse.taxonomy.regions} | {"themes/energy/england/index.md"}


# Related stories --------------------------------------------------------------------------------

def brute_force_related(stories, count=RELATED_COUNT):
    """The rule stated plainly: compare every pair."""
    return {s.slug: tuple(sorted((o for o in stories if o.slug != s.slug), key=lambda o: rank_key(s, o))[:count])
            for s in stories}


def test_related_prefers_more_shared_themes_over_nearness_then_nearness_then_slug():
    here = make_story("here", ("energy", "pubs"), 51.50, -0.10)
    far_two = make_story("far-two", ("energy", "pubs"), 58.0, -3.0, nation="Scotland")
    near_one = make_story("near-one", ("energy",), 51.51, -0.10)
    twin_b = make_story("twin-b", ("pubs",), 51.60, -0.10)
    twin_a = make_story("twin-a", ("pubs",), 51.60, -0.10)  # same place as twin-b: slug decides
    unrelated = make_story("unrelated", ("food",), 51.50, -0.10)  # nearest, but shares nothing
    related = related_stories([here, far_two, near_one, twin_b, twin_a, unrelated])
    assert [s.slug for s in related["here"]] == ["far-two", "near-one", "twin-a", "twin-b"]
    # A story sharing no theme with anyone still gets the nearest others.
    assert [s.slug for s in related["unrelated"]] == ["here", "near-one", "twin-a", "twin-b"]


def test_related_never_includes_the_story_itself_and_copes_with_tiny_collections():
    one = make_story("one", ("energy",), 51.5, -0.1)
    assert related_stories([one]) == {"one": ()}
    two = make_story("two", ("food",), 55.9, -3.2, nation="Scotland")
    assert related_stories([one, two]) == {"one": (two,), "two": (one,)}


def test_related_matches_the_plain_rule_on_hundreds_of_synthetic_stories(tmp_path):
    # 400 stories put many in each theme and nation, as 1,000 did, in a third of the time.
    folder = generate(tmp_path / "stories", 400)
    stories = load_collection(folder, site=SITE, include_unpublished=True, today=dt.date(2100, 1, 1)).stories
    fast = related_stories(stories)
    assert fast == brute_force_related(stories)
    assert all(len(chosen) == RELATED_COUNT for chosen in fast.values())


def test_related_matches_the_plain_rule_on_the_real_stories_and_ignores_input_order():
    stories = list(load_collection(REPO / "stories", site=SITE, include_unpublished=True, today=dt.date(2100, 1, 1)).stories)
    expected = brute_force_related(stories)
    assert related_stories(stories) == expected
    random.Random(7).shuffle(stories)
    assert related_stories(stories) == expected


# Sharing ----------------------------------------------------------------------------------------

URL = "https://stories.example.org/stories/tafarn-sinc/"


def test_every_share_link_is_absolute_and_carries_the_story_url():
    sharing = story_sharing("Tafarn Sinc & the village's pub", "Saved by 400 shareholders.", URL)
    services = {link.service for link in sharing.links}
    assert services == {"email", "whatsapp", "bluesky", "facebook", "linkedin", "x"}
    for link in sharing.links:
        parts = urlsplit(link.href)
        query = parse_qs(parts.query, strict_parsing=True)
        values = " ".join(v for vs in query.values() for v in vs)
        assert URL in values, link
        if link.service == "email":
            assert parts.scheme == "mailto"
            assert query["subject"] == ["Tafarn Sinc & the village's pub"]
            assert "+" not in link.href  # mail clients read '+' literally: spaces must be %20
        else:
            assert parts.scheme == "https" and parts.netloc, link
        assert " " not in link.href and "&amp;" not in link.href
    assert sharing.text == f"Tafarn Sinc & the village's pub {URL}"
    x = next(link for link in sharing.links if link.service == "x")
    assert parse_qs(urlsplit(x.href).query) == {"text": ["Tafarn Sinc & the village's pub"], "url": [URL]}


def test_json_ld_cannot_end_its_script_element_and_reads_back_unchanged():
    data = {"url": "https://example.org/</script><script>alert(1)</script>", "name": "A & B <!-- x -->",
            "line": "a\u2028b"}
    text = script_safe_json(data)
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == data


def test_story_json_ld_gives_the_photo_and_the_organisations_address():
    # The Article, its Place and coordinates and the organisation's name on every real story page
    # are test_browse_build.py's; here, what no real story has yet: a photo and a website.
    photo = Photo("hall.jpg", Path("/x/hall.jpg"), "The hall", "Photo by Jo")
    story = make_story("hall", ("energy",), 52.648, -3.328, nation="Wales", image=photo,
                       organisation=Organisation("Hall Society", "co-operative", "https://hall.example.org/"))
    meta = story_meta(story, (THEMES[0],), "Stories", "https://stories.example.org/",
                      "https://stories.example.org/stories/hall/")
    data = json.loads(meta.json_ld)
    assert data["about"] == {"@type": "Organization", "name": "Hall Society", "url": "https://hall.example.org/"}
    # The photo goes to JSON-LD; og:image is the share card, which the build passes (test_share_cards_build.py).
    assert data["image"] == ["https://stories.example.org/stories/hall/hall.jpg"] and meta.image is None
    assert meta.type == "article" and meta.tags == ("Community energy",)
    assert story_json_ld(story, (), "Stories", "https://s.example/", "https://s.example/x/", None).get("image") is None


def test_story_description_front_matter_is_safe_in_an_attribute():
    story = make_story("q", ("energy",), 51.5, -0.1, summary='They said "no" & then it\'s <b>yes</b>.')
    markdown = story_page_markdown(story)
    assert 'description: They said &quot;no&quot; &amp; then it\'s &lt;b&gt;yes&lt;/b&gt;.' in markdown
    assert unescape('They said &quot;no&quot; &amp; then it\'s &lt;b&gt;yes&lt;/b&gt;.') == story.summary


def test_browse_markers_merge_with_the_site_markers_and_unknown_ones_are_listed():
    collection = collection_of(make_story("a", ("energy",), 51.5, -0.1), make_story("b", ("food",), 55.9, -3.2,
                                                                                     nation="Scotland"))
    site = feed_site("https://stories.example.org/", "Stories", None, "favicon.png")
    markers = site_markers(collection, prepare_browse(collection), FeedLinks(site, channels(VOCABULARY, site)), 6)
    page = expand_markers("<!-- stories:theme-links -->\n\n<!-- stories:nation-links -->", "", markers, render,
                          "docs/index.md")
    assert 'href="themes/energy/"' in page and 'href="places/scotland/"' in page
    assert "Community land" in page and ">0<" in page  # a theme without stories is still offered, with its count
    with pytest.raises(InputError) as raised:
        expand_markers("<!-- stories:themez -->", "", markers, render, "docs/index.md")
    assert "<!-- stories:themes -->" in str(raised.value) and "<!-- stories:filter -->" in str(raised.value)


def test_fragments_go_in_after_markdown_and_a_marker_shown_as_code_stays_as_written():
    import markdown as python_markdown

    collection = collection_of(make_story("a", ("energy",), 51.5, -0.1), make_story("b", ("food",), 55.9, -3.2,
                                                                                     nation="Scotland"))
    site = feed_site("https://stories.example.org/", "Stories", None, "favicon.png")
    markers = site_markers(collection, prepare_browse(collection), FeedLinks(site, channels(VOCABULARY, site)), 6)
    page = ("All <!-- stories:count --> stories.\n\n<!-- stories:latest -->\n\n"
            "Write `<!-- stories:latest -->` where the newest should go.\n")
    before = fill_text_markers(page, "", markers, "docs/index.md")
    assert "All 2 stories." in before.markdown and set(before.fragments) == {"stories:latest"}
    html_text = insert_fragments(python_markdown.markdown(before.markdown, extensions=["md_in_html", "attr_list"]),
                                 before.fragments, render)
    assert html_text.count('href="stories/a/"') == 1 and html_text.count('href="stories/b/"') == 1
    assert "<code>&lt;!-- stories:latest --&gt;</code>" in html_text  # the code shows the marker itself


def test_distance_is_great_circle():
    london, edinburgh = (51.5074, -0.1278), (55.9533, -3.1883)
    assert 530 < distance_km(*london, *edinburgh) < 540
