"""Feeds at the level of the domain functions: stories built in the test, no MkDocs build."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import feedparser
import pytest

from storysite.stories.collection import Collection
from storysite.feeds.channels import FORMATS, channel_stories, channels, feed_site, story_channel_paths
from storysite.feeds.items import absolute_html, story_id
from storysite.feeds.channels import FeedLinks
from storysite.markers import expand_markers, site_markers
from storysite.settings import site_url_problems
from storysite.pages.listings import prepare_browse
from fragments import render
from storysite.feeds.files import feed_files
from storysite.model import Organisation, Place, Source, Story, Theme
from storysite.problems import InputError
from storysite.stories.vocabulary import Vocabulary

SITE = feed_site("https://stories.example.org/", "Stories & Co", "Every story", "assets/images/favicon.png")
VOCABULARY = Vocabulary(
    themes=(Theme("energy", "Community energy", "Power owned locally."),
            Theme("pubs", "Community pubs", "Locals saved."),
            Theme("empty", "Nothing yet", "A theme with no stories.")),
    legal_forms=("co-operative",),
)
TODAY = dt.date(2026, 11, 25)


def make_story(slug: str, *, title: str | None = None, date: dt.date = dt.date(2026, 11, 1),
               updated: dt.date | None = None, themes: tuple[str, ...] = ("energy",), nation: str = "England",
               region: str | None = "London", draft: bool = False, body: str = "Text.") -> Story:
    return Story(
        slug=slug, source_path=Path(f"/nowhere/{slug}/index.md"), title=title or f"Story {slug}",
        summary=f"Summary of {slug} & friends.", date=date, updated=updated,
        place=Place("Somewhere", 51.5, -0.1, nation, region if nation == "England" else None),
        themes=themes, organisation=Organisation("Org", "co-operative", None), image=None,
        authors=("Jo Bloggs", "Sam Smith"), sources=(Source("A source", "https://example.org/a"),),
        draft=draft, body=body,
    )


def collection_of(*stories: Story) -> Collection:
    ordered = sorted(stories, key=lambda s: (-s.date.toordinal(), s.slug))
    return Collection(stories=tuple(ordered), vocabulary=VOCABULARY, today=TODAY)


def build(collection: Collection, tmp_path: Path, *, limit: int = 50,
          html: dict[str, str] | None = None) -> dict[str, bytes]:
    return feed_files(SITE, collection, limit=limit, story_html=html or {}, site_dir=tmp_path, render=render)


def parsed(files: dict[str, bytes], path: str):
    result = feedparser.parse(files[path])
    assert not result.bozo, f"{path} does not parse: {result.bozo_exception}"
    return result


def test_titles_with_markup_quotes_and_emoji_survive_every_format(tmp_path):
    title = 'Tea & "cake" <b>not bold</b> <script>x</script> \'quoted\' 🎉'
    files = build(collection_of(make_story("tea", title=title)), tmp_path)
    for path in ("feed.xml", "atom.xml"):
        feed = parsed(files, path)
        assert feed.entries[0].title == title
        raw = files[path].decode("utf-8")
        assert "&lt;b&gt;not bold&lt;/b&gt;" in raw and "<script>" not in raw and "🎉" in raw
        assert feed.feed.title == "Stories & Co"
    assert json.loads(files["feed.json"])["items"][0]["title"] == title


def test_ids_do_not_change_when_a_story_is_edited(tmp_path):
    before = make_story("hall", title="The hall", date=dt.date(2026, 10, 1), body="Old text.")
    after = make_story("hall", title="The hall, retold", date=dt.date(2026, 10, 3),
                       updated=dt.date(2026, 11, 2), body="New text.")
    ids = []
    for story in (before, after):
        files = build(collection_of(story), tmp_path)
        rss, atom = parsed(files, "feed.xml"), parsed(files, "atom.xml")
        item = json.loads(files["feed.json"])["items"][0]
        ids.append((rss.entries[0].id, atom.entries[0].id, item["id"]))
    assert ids[0] == ids[1] == (story_id(SITE, "hall"),) * 3
    assert ids[0][0].startswith("tag:stories.example.org,")


def test_drafts_and_future_stories_never_appear(tmp_path):
    # `mkdocs serve` puts drafts and scheduled stories in the collection; feeds still leave them out.
    shown = make_story("shown", date=dt.date(2026, 11, 20))
    draft = make_story("draft", date=dt.date(2026, 11, 21), draft=True)
    future = make_story("future", date=TODAY + dt.timedelta(days=1))
    files = build(collection_of(shown, draft, future), tmp_path)
    for path, data in files.items():
        text = data.decode("utf-8")
        assert "stories/draft/" not in text and "stories/future/" not in text, path
    assert [e.link for e in parsed(files, "feed.xml").entries] == [SITE.absolute("stories/shown/")]


def test_newest_first_and_no_more_than_the_setting(tmp_path):
    stories = [make_story(f"s{i}", date=dt.date(2026, 10, 1 + i)) for i in range(5)]
    files = build(collection_of(*stories), tmp_path, limit=3)
    for path in ("feed.xml", "atom.xml", "themes/energy/feed.xml", "places/england/london/atom.xml"):
        assert [e.link for e in parsed(files, path).entries] == [SITE.absolute(f"stories/s{i}/") for i in (4, 3, 2)]
    assert len(json.loads(files["feed.json"])["items"]) == 3


def test_each_story_is_in_a_bounded_number_of_feeds():
    london = make_story("a", themes=("energy", "pubs"))
    wales = make_story("b", themes=("pubs",), nation="Wales")
    assert story_channel_paths(london, VOCABULARY) == (
        "", "themes/energy/", "themes/pubs/", "places/england/", "places/england/london/")
    assert story_channel_paths(wales, VOCABULARY) == ("", "themes/pubs/", "places/wales/")
    chosen = channel_stories(channels(VOCABULARY, SITE), collection_of(london, wales), 50)
    assert sum(len(s) for s in chosen.values()) == 8


def test_every_theme_and_place_has_a_valid_feed_even_with_no_stories(tmp_path):
    files = build(collection_of(make_story("only")), tmp_path)
    expected = {c.file(fmt) for c in channels(VOCABULARY, SITE) for fmt in FORMATS}
    # beside each theme's and place's feeds, the empty sitemap Material's script looks for there
    sitemaps = {f"{c.path}sitemap.xml" for c in channels(VOCABULARY, SITE) if c.path}
    assert set(files) == expected | sitemaps
    assert files["themes/empty/sitemap.xml"].startswith(b'<?xml') and b"<url>" not in files["themes/empty/sitemap.xml"]
    assert {"themes/empty/feed.xml", "places/scotland/atom.xml", "places/england/west-midlands/feed.json"} <= expected
    for path in ("themes/empty/feed.xml", "themes/empty/atom.xml"):
        feed = parsed(files, path)
        assert feed.entries == [] and feed.feed.title.startswith("Nothing yet")
    assert json.loads(files["themes/empty/feed.json"])["items"] == []


def test_last_build_date_comes_from_the_newest_story_not_the_clock(tmp_path):
    old = make_story("old", date=dt.date(2026, 9, 1), updated=dt.date(2026, 11, 10), themes=("pubs",))
    new = make_story("new", date=dt.date(2026, 10, 5))
    files = build(collection_of(old, new), tmp_path)
    assert parsed(files, "feed.xml").feed.updated == "Tue, 10 Nov 2026 00:00:00 +0000"  # old's update is newest
    assert parsed(files, "themes/energy/atom.xml").feed.updated == "2026-10-05T00:00:00+00:00"
    # An empty feed takes the site's newest story; a site with none takes the build's day.
    assert parsed(files, "themes/empty/atom.xml").feed.updated == "2026-11-10T00:00:00+00:00"
    empty_site = build(Collection(stories=(), vocabulary=VOCABULARY, today=dt.date(2026, 1, 1)), tmp_path)
    assert parsed(empty_site, "atom.xml").feed.updated == "2026-01-01T00:00:00+00:00"
    assert build(collection_of(old, new), tmp_path) == files


def test_story_html_links_become_absolute_and_permalinks_go():
    html = ('Lead & text<h2 id="a">A<a class="headerlink" href="#a" title="Permanent link">&para;</a></h2>'
            '<p><a href="../other/">other</a> <a href="#fn:1">1</a> <a href="https://x.org/">x</a>'
            '<img src="hall.jpg" srcset="hall.jpg 1x, big/hall.jpg 2x" alt="Hall"></p>')
    out = absolute_html(html, "https://stories.example.org/stories/hall/")
    assert out.startswith("Lead &amp; text")
    assert "headerlink" not in out and "¶" not in out
    assert 'href="https://stories.example.org/stories/other/"' in out
    assert 'href="https://stories.example.org/stories/hall/#fn:1"' in out
    assert 'href="https://x.org/"' in out
    assert 'src="https://stories.example.org/stories/hall/hall.jpg"' in out
    assert ('srcset="https://stories.example.org/stories/hall/hall.jpg 1x, '
            'https://stories.example.org/stories/hall/big/hall.jpg 2x"') in out


def test_feed_content_is_the_rendered_story_with_its_sources(tmp_path):
    story = make_story("hall")
    files = build(collection_of(story), tmp_path, html={"hall": '<p>Body <a href="../x/">x</a></p>'})
    entry = parsed(files, "atom.xml").entries[0]
    content = entry.content[0].value
    assert 'Body <a href="https://stories.example.org/stories/x/">x</a>' in content
    assert '<a href="https://example.org/a">A source</a>' in content
    assert entry.summary == story.summary
    assert [t.label for t in entry.tags] == ["Community energy", "London, England", "England"]
    assert [a.name for a in entry.authors] == ["Jo Bloggs", "Sam Smith"]


def test_head_links_name_the_site_feeds_everywhere_and_a_pages_own_feeds():
    links = FeedLinks(SITE, channels(VOCABULARY, SITE))
    for page_url, prefix in (("", ""), ("stories/hall/", "../../"), ("subscribe/", "../"), (None, "/")):
        html = render("partials/feed-links.html", {"feed_head_links": links.head_links, "page": {"url": page_url} if page_url is not None else None})
        assert html.count('rel="alternate"') == 3
        assert all(f'href="{prefix}{fmt.file}"' in html for fmt in FORMATS), html
    theme = render("partials/feed-links.html", {"feed_head_links": links.head_links, "page": {"url": "themes/energy/"}})
    assert theme.count('rel="alternate"') == 6
    assert ('<link rel="alternate" type="application/atom+xml" title="Community energy – Stories &amp; Co (Atom)" '
            'href="atom.xml">') in theme
    assert 'href="../../feed.xml"' in theme
    assert any(link.href == "feed.json" for link in links.head_links("places/england/london/"))


def test_subscribe_line_for_theme_and_place_pages():
    links = FeedLinks(SITE, channels(VOCABULARY, SITE))
    line = render("partials/feed-subscribe.html", {"subscribe": links.subscribe("themes/energy/")})
    assert line.startswith('<p class="feeds-subscribe" data-pagefind-ignore="all">Subscribe to this theme: ')
    assert 'href="feed.xml"' in line and 'href="atom.xml"' in line and 'href="feed.json"' in line
    assert 'href="../../subscribe/"' in line
    assert links.subscribe("places/england/north-west/").what == "this region"
    assert links.subscribe("stories/hall/") is None
    assert render("partials/feed-subscribe.html", {"subscribe": None}) == ""


def test_an_unknown_feeds_marker_names_the_page_and_line():
    links = FeedLinks(SITE, channels(VOCABULARY, SITE))
    collection = collection_of()
    markers = site_markers(collection, prepare_browse(collection), links, 6)
    with pytest.raises(InputError) as raised:
        expand_markers("# Hi\n\n<!-- feeds:everything -->\n", "x/", markers, render, "docs/x.md")
    assert "docs/x.md:3" in str(raised.value) and "<!-- feeds:themes -->" in str(raised.value)
    listing = expand_markers("<!-- feeds:places -->", "subscribe/", markers, render, "docs/subscribe.md")
    assert listing.count('class="feeds-list__item"') == 4 + 9
    assert 'href="../places/england/london/feed.xml"' in listing


def test_the_sites_full_address_is_checked_once_with_the_settings():
    assert [str(p) for p in site_url_problems(None)][0].startswith("mkdocs.yml: site_url: is missing.")
    assert "'stories.example.org' is not the site's full address" in str(site_url_problems("stories.example.org")[0])
    assert site_url_problems("https://stories.example.org/") == []
