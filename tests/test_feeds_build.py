"""Feeds in built sites: the real one (session `built_site`), and copies with extra stories that
test photos, awkward titles, a future date, an empty theme and a missing summary.

Expected feed contents are computed here from the story files' own front matter (read with
yaml, not with the site's loader), so the tests follow the stories as they change."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import pytest
import yaml
from PIL import Image

from sitebuild import REPO, copy_project, run_build
from storyfiles import BODY
from storysite.geo.places import ENGLISH_REGIONS, NATIONS
from storysite.routes import slugify

SITE_URL = "https://stories.communitybritain.example/"
FORMAT_FILES = ("feed.xml", "atom.xml", "feed.json")


# What the story files say ------------------------------------------------------------------

def front_matter(index_md: Path) -> dict:
    return yaml.safe_load(index_md.read_text(encoding="utf-8").split("---\n")[1])


def stories_in(folder: Path) -> dict[str, dict]:
    return {p.parent.name: front_matter(p) for p in sorted(folder.glob("*/index.md"))}


def published_newest_first(stories: dict[str, dict], today: dt.date) -> list[str]:
    shown = [(slug, fm) for slug, fm in stories.items()
             if not fm.get("draft", False) and fm["date"] <= today]
    shown.sort(key=lambda pair: (-pair[1]["date"].toordinal(), pair[0]))
    return [slug for slug, _ in shown]


def feed_paths(stories_dir: Path) -> dict[str, callable]:
    """Every feed folder the site should have, with the test a story must pass to be in it."""
    themes = [t["slug"] for t in yaml.safe_load((stories_dir / "themes.yml").read_text(encoding="utf-8"))]
    paths = {"": lambda fm: True}
    for theme in themes:
        paths[f"themes/{theme}/"] = lambda fm, theme=theme: theme in fm["themes"]
    for nation in NATIONS:
        paths[f"places/{slugify(nation)}/"] = lambda fm, nation=nation: fm["place"]["nation"] == nation
    for region in ENGLISH_REGIONS:
        paths[f"places/england/{slugify(region)}/"] = lambda fm, region=region: fm["place"].get("region") == region
    return paths


def feed_items_setting() -> int:
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    return int(re.search(r"^\s+feed_items:\s*(\d+)", text, re.M).group(1))


def parse(path: Path):
    result = feedparser.parse(path.read_bytes())
    assert not result.bozo, f"{path} does not parse: {result.bozo_exception}"
    return result


def all_feed_files(site: Path) -> list[Path]:
    return sorted(p for name in FORMAT_FILES for p in site.rglob(name))


class _Links(HTMLParser):
    """Every URL-bearing attribute in a piece of HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.alternates: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("href", "src"):
            if attrs.get(name) is not None:
                self.urls.append(attrs[name])
        for candidate in (attrs.get("srcset") or "").split(","):
            if candidate.strip():
                self.urls.append(candidate.split()[0])
        if tag == "link" and attrs.get("rel") == "alternate":
            self.alternates.append(attrs)


def links_in(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


def site_file(site: Path, url: str) -> Path:
    assert url.startswith(SITE_URL), url
    return site / url[len(SITE_URL):]


# The real site -------------------------------------------------------------------------------

def test_every_theme_and_place_has_all_three_feeds_and_they_parse(built_site):
    site = built_site.site
    for path in feed_paths(REPO / "stories"):
        rss, atom = parse(site / path / "feed.xml"), parse(site / path / "atom.xml")
        data = json.loads((site / path / "feed.json").read_text(encoding="utf-8"))
        assert rss.version == "rss20" and atom.version == "atom10"
        assert rss.feed.title == atom.feed.title == data["title"]
        assert rss.feed.language == "en-GB" and data["language"] == "en-GB"
        assert rss.feed.link == atom.feed.link == data["home_page_url"] == SITE_URL + path
        self_links = [link.href for link in rss.feed.links if link.rel == "self"]
        assert self_links == [SITE_URL + path + "feed.xml"]
        assert data["feed_url"] == SITE_URL + path + "feed.json"
        assert site_file(site, rss.feed.image.href).is_file() and site_file(site, data["icon"]).is_file()


def test_items_and_their_order_follow_the_story_files(built_site):
    stories = stories_in(REPO / "stories")
    order = published_newest_first(stories, dt.date.today())
    limit = feed_items_setting()
    for path, belongs in feed_paths(REPO / "stories").items():
        expected = [SITE_URL + f"stories/{slug}/" for slug in order if belongs(stories[slug])][:limit]
        site = built_site.site / path
        assert [e.link for e in parse(site / "feed.xml").entries] == expected, path
        assert [e.link for e in parse(site / "atom.xml").entries] == expected, path
        items = json.loads((site / "feed.json").read_text(encoding="utf-8"))["items"]
        assert [item["url"] for item in items] == expected, path


def test_items_carry_the_story_front_matter(built_site):
    stories = stories_in(REPO / "stories")
    rss = parse(built_site.site / "feed.xml")
    atom = parse(built_site.site / "atom.xml")
    themes = {t["slug"]: t["name"] for t in yaml.safe_load((REPO / "stories/themes.yml").read_text(encoding="utf-8"))}
    for rss_entry, atom_entry in zip(rss.entries, atom.entries, strict=True):
        fm = stories[rss_entry.link.rstrip("/").rsplit("/", 1)[1]]
        assert rss_entry.title == atom_entry.title == fm["title"]
        assert rss_entry.summary == atom_entry.summary == " ".join(fm["summary"].split())
        published = dt.date(*rss_entry.published_parsed[:3])
        assert published == dt.date(*atom_entry.published_parsed[:3]) == fm["date"]
        corrected = [c["date"] for c in fm.get("corrections", [])]  # the latest change of any kind
        assert dt.date(*atom_entry.updated_parsed[:3]) == max([fm["date"], fm.get("updated", fm["date"]), *corrected])
        assert [a.name for a in atom_entry.authors] == fm["authors"]
        assert rss_entry.author == ", ".join(fm["authors"])  # dc:creator
        labels = [t.term for t in rss_entry.tags]
        assert labels[: len(fm["themes"])] == [themes[t] for t in fm["themes"]]
        assert fm["place"]["nation"] in labels
        assert rss_entry.id == atom_entry.id and rss_entry.id.endswith(":stories/" + rss_entry.link.split("/")[-2])


def test_every_url_in_every_feed_is_absolute(built_site):
    site = built_site.site
    for path in all_feed_files(site):
        raw = path.read_text(encoding="utf-8")
        assert 'href="/' not in raw and 'src="/' not in raw, path
        if path.suffix == ".json":
            data = json.loads(raw)
            htmls = [item["content_html"] for item in data["items"]]
            urls = [data["home_page_url"], data["feed_url"], data["icon"]] + [i["url"] for i in data["items"]]
        else:
            feed = parse(path)
            htmls = [e.content[0].value for e in feed.entries]
            urls = [feed.feed.link] + [link.href for link in feed.feed.links] + [e.link for e in feed.entries]
        for html in htmls:
            urls += links_in(html).urls
        relative = [u for u in urls if not u.startswith(("https://", "http://", "mailto:"))]
        assert not relative, f"{path}: relative URLs {relative}"


def test_feed_content_is_the_full_story_without_heading_permalinks(built_site):
    stories = stories_in(REPO / "stories")
    for entry in parse(built_site.site / "atom.xml").entries:
        content = entry.content[0].value
        fm = stories[entry.link.split("/")[-2]]
        for source in fm["sources"]:
            assert f'href="{source["url"]}"' in content
        assert "headerlink" not in content and "¶" not in content
        assert content.count("<p>") >= 3  # the story's paragraphs, not just its summary


def test_json_feeds_have_the_required_fields_with_the_right_types(built_site):
    for path in built_site.site.rglob("feed.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["version"] == "https://jsonfeed.org/version/1.1"
        assert isinstance(data["title"], str) and data["title"]
        assert isinstance(data["items"], list)
        for item in data["items"]:
            assert isinstance(item["id"], str) and item["id"]
            assert isinstance(item["content_html"], str) and item["content_html"]
            assert isinstance(item["title"], str) and isinstance(item["summary"], str)
            for key in ("date_published", "date_modified"):
                assert dt.datetime.fromisoformat(item[key]).tzinfo is not None  # RFC 3339, with offset
            assert all(isinstance(a["name"], str) for a in item["authors"])
            assert item["tags"] and all(isinstance(t, str) for t in item["tags"])


def test_feeds_link_a_stylesheet_served_by_the_site(built_site):
    site = built_site.site
    for path in site.rglob("*.xml"):
        if path.name not in ("feed.xml", "atom.xml"):
            continue
        match = re.search(rb'<\?xml-stylesheet type="text/xsl" href="([^"]+)"\?>', path.read_bytes()[:300])
        assert match, path
        target = (path.parent / match.group(1).decode()).resolve()
        assert target == (site / "assets/feeds/feed.xsl").resolve() and target.is_file()


def test_every_page_advertises_the_site_feeds_and_theme_and_place_pages_their_own(built_site):
    site = built_site.site
    feed_folders = set(feed_paths(REPO / "stories"))
    # Embed pages (embed/…) are standalone lists for other sites' iframes, not pages of this site.
    pages = sorted(p for p in site.rglob("*.html") if not p.relative_to(site).as_posix().startswith("embed/"))
    assert len(pages) > 20
    for page in pages:
        alternates = links_in(page.read_text(encoding="utf-8").split("</head>", 1)[0]).alternates
        folder = page.parent.relative_to(site).as_posix() + "/" if page.parent != site else ""
        # The 404 page is served at any address, so its links start from the site's root.
        base = SITE_URL if page.name == "404.html" else SITE_URL + folder
        hrefs = [urljoin(base, a["href"]) for a in alternates]
        expected = [SITE_URL + name for name in FORMAT_FILES]
        listing = re.sub(r"page/\d+/$", "", folder)  # a later page of a theme's or place's listing
        if listing in feed_folders and listing and page.name == "index.html":
            expected += [SITE_URL + listing + name for name in FORMAT_FILES]
        assert hrefs == expected, page
        assert [a["type"] for a in alternates[:3]] == [
            "application/rss+xml", "application/atom+xml", "application/feed+json"]
        for href in hrefs:
            assert site_file(site, href).is_file(), f"{page} links to missing {href}"


def test_theme_and_place_pages_show_a_link_to_each_of_their_feeds(built_site):
    site = built_site.site
    folders = [f for f in feed_paths(REPO / "stories") if f]  # every theme and place; "" is the site
    assert len(folders) == 10 + 4 + 9
    for folder in folders:
        html = (site / folder / "index.html").read_text(encoding="utf-8")
        line = re.search(r'<p class="feeds-subscribe"[^>]*>.*?</p>', html, re.S)
        assert line, f"{folder} shows no feed link"
        hrefs = [urljoin(SITE_URL + folder, u) for u in links_in(line.group(0)).urls]
        assert hrefs[:3] == [SITE_URL + folder + name for name in FORMAT_FILES]
        for href in hrefs:
            assert site_file(site, href).is_file() or (site_file(site, href) / "index.html").is_file(), href


def test_the_subscribe_page_lists_every_feed(built_site):
    site = built_site.site
    html = (site / "subscribe/index.html").read_text(encoding="utf-8")
    hrefs = {urljoin(SITE_URL + "subscribe/", u) for u in links_in(html).urls}
    for path in feed_paths(REPO / "stories"):
        for name in FORMAT_FILES:
            assert SITE_URL + path + name in hrefs, path + name
    nav = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="subscribe/"' in nav


def test_two_builds_give_byte_identical_feeds(built_site, tmp_path):
    again = run_build(REPO, tmp_path / "site")
    assert again.returncode == 0, again.output
    first = {p.relative_to(built_site.site): p.read_bytes() for p in all_feed_files(built_site.site)}
    second = {p.relative_to(again.site): p.read_bytes() for p in all_feed_files(again.site)}
    assert len(first) == 3 * len(feed_paths(REPO / "stories"))
    assert first == second


# A copy of the site with awkward stories -------------------------------------------------------

AWKWARD_TITLE = 'Tea & "cake" at Caffi’r Gymuned: it\'s *ours* now 🎉☕'
FUTURE = dt.date.today() + dt.timedelta(days=30)


def write_story(folder: Path, slug: str, front: dict, body: str) -> Path:
    (folder / slug).mkdir(parents=True)
    text = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n\n" + body
    (folder / slug / "index.md").write_text(text, encoding="utf-8")
    return folder / slug / "index.md"


def base_front(title: str, date: dt.date, **more) -> dict:
    return {
        "title": title,
        "summary": "A café in a chapel & a village that runs it; \"ours\", they say.",
        "date": date.isoformat(),
        "place": {"name": "Llanfair, Gwynedd", "latitude": 52.95, "longitude": -4.1, "nation": "Wales"},
        "themes": ["food"],
        "organisation": {"name": "Caffi Cymunedol", "legal_form": "co-operative"},
        "authors": ["Jo Bloggs", "Dafydd ap Siôn"],
        "sources": [{"title": "The café's own page", "url": "https://caffi.test/"}],
        **more,
    }


@pytest.fixture(scope="module")
def awkward(tmp_path_factory):
    """The real stories plus: a story with a photo, a title full of punctuation, markup and emoji,
    a link to another story and a footnote; a story dated in the future; a theme with no stories."""
    work = tmp_path_factory.mktemp("feeds-awkward")
    stories = work / "stories"
    shutil.copytree(REPO / "stories", stories)
    with (stories / "themes.yml").open("a", encoding="utf-8") as themes:
        themes.write("- slug: no-stories-yet\n  name: Quiet theme\n  description: A theme nobody has written about.\n")
    index = write_story(stories, "caffi-cymunedol", base_front(
        AWKWARD_TITLE, dt.date.today() - dt.timedelta(days=1),
        image={"file": "caffi.jpg", "alt": "The café's counter", "credit": "Photo by Jo Bloggs, CC BY 4.0"},
    ), "The village bought its chapel café.[^1] Read [the Tafarn Sinc story](../tafarn-sinc/index.md) too.\n\n"
       + BODY + "\n## What next\n\nMore cake.\n\n[^1]: As the café says.\n")
    Image.new("RGB", (64, 48), (120, 40, 90)).save(index.parent / "caffi.jpg", quality=80)
    write_story(stories, "not-yet", base_front("A story for next month", FUTURE), "Not yet.\n" + BODY)
    project = copy_project(work / "project", stories)
    result = run_build(project, work / "site")
    assert result.returncode == 0, result.output
    return result


def test_hero_photo_is_attached_with_the_built_files_size_and_type(awkward):
    written = awkward.site / "stories/caffi-cymunedol/caffi.jpg"
    url = SITE_URL + "stories/caffi-cymunedol/caffi.jpg"
    for path in ("feed.xml", "places/wales/feed.xml", "themes/food/feed.xml"):
        entry = next(e for e in parse(awkward.site / path).entries if e.link.endswith("/caffi-cymunedol/"))
        assert entry.enclosures == [{"href": url, "length": str(written.stat().st_size), "type": "image/jpeg"}]
        assert url in links_in(entry.content[0].value).urls  # the photo heads the story
    atom_entry = next(e for e in parse(awkward.site / "atom.xml").entries if e.link.endswith("/caffi-cymunedol/"))
    assert [(e.href, e.length) for e in atom_entry.enclosures] == [(url, str(written.stat().st_size))]
    item = next(i for i in json.loads((awkward.site / "feed.json").read_text(encoding="utf-8"))["items"]
                if i["url"].endswith("/caffi-cymunedol/"))
    assert item["image"] == url
    assert item["attachments"] == [{"url": url, "mime_type": "image/jpeg", "size_in_bytes": written.stat().st_size}]


def test_awkward_titles_arrive_intact_and_escaped(awkward):
    raw = (awkward.site / "feed.xml").read_text(encoding="utf-8")
    assert "Tea &amp; \"cake\" at Caffi’r Gymuned: it's *ours* now 🎉☕" in raw
    for path in ("feed.xml", "atom.xml", "places/wales/atom.xml"):
        entry = next(e for e in parse(awkward.site / path).entries if e.link.endswith("/caffi-cymunedol/"))
        assert entry.title == AWKWARD_TITLE
    items = json.loads((awkward.site / "feed.json").read_text(encoding="utf-8"))["items"]
    assert AWKWARD_TITLE in [i["title"] for i in items]


def test_links_inside_a_story_become_absolute(awkward):
    entry = next(e for e in parse(awkward.site / "atom.xml").entries if e.link.endswith("/caffi-cymunedol/"))
    content = entry.content[0].value
    assert f'<a href="{SITE_URL}stories/tafarn-sinc/">the Tafarn Sinc story</a>' in content
    assert f'href="{SITE_URL}stories/caffi-cymunedol/#fn:1"' in content  # the footnote reference


def test_a_future_story_is_in_no_feed(awkward):
    for path in all_feed_files(awkward.site):
        assert "not-yet" not in path.read_text(encoding="utf-8"), path


def test_a_theme_with_no_stories_has_valid_empty_feeds(awkward):
    folder = awkward.site / "themes/no-stories-yet"
    for name in ("feed.xml", "atom.xml"):
        feed = parse(folder / name)
        assert feed.entries == [] and feed.feed.title.startswith("Quiet theme")
    assert json.loads((folder / "feed.json").read_text(encoding="utf-8"))["items"] == []


def test_ids_survive_editing_a_story(awkward, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(awkward.site.parent / "project", project)
    index = project / "stories/caffi-cymunedol/index.md"
    text = index.read_text(encoding="utf-8").replace("More cake.", "More cake, and soup.")
    index.write_text(text.replace("Tea &", "Coffee &"), encoding="utf-8")
    edited = run_build(project, tmp_path / "site")
    assert edited.returncode == 0, edited.output
    def ids(site):
        return {e.link: e.id for e in parse(site / "atom.xml").entries}
    assert ids(edited.site) == ids(awkward.site)
    entry = next(e for e in parse(edited.site / "atom.xml").entries if e.link.endswith("/caffi-cymunedol/"))
    assert entry.title.startswith("Coffee &")


def test_a_story_without_a_summary_stops_the_build_with_the_validators_message(tmp_path):
    stories = tmp_path / "stories"
    shutil.copytree(REPO / "stories", stories)
    front = base_front("A story with no summary", dt.date.today() - dt.timedelta(days=2))
    del front["summary"]
    write_story(stories, "no-summary", front, "Text.\n")
    result = run_build(copy_project(tmp_path / "project", stories), tmp_path / "site")
    assert result.returncode != 0
    assert "stories/no-summary/index.md" in result.output and "summary: is missing." in result.output
    assert "Traceback" not in result.output
