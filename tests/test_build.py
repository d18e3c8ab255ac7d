"""The real site, built as a contributor builds it: what a reader would find on its pages."""

from __future__ import annotations

import hashlib
import re
import socket
import subprocess
import sys
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest

import htmltree
from sitebuild import REPO, build_env, copy_project, run_build
from storyfiles import SITE, VALID_STORY, new_stories_folder, write_story
from storysite.stories.collection import load_collection
from storysite.settings import build_today
from storysite.pages.views import long_date


@pytest.fixture(scope="module")
def collection():
    return load_collection(REPO / "stories", site=SITE, include_unpublished=False, today=build_today())


class _Text(HTMLParser):
    """Collects the text of one element and the hrefs inside it (enough to read our pages)."""

    def __init__(self) -> None:
        super().__init__()
        self.h1: list[str] = []
        self.links: list[str] = []
        self._in_h1 = False

    def handle_starttag(self, tag, attrs):
        if tag == "h1":
            self._in_h1 = True
            self.h1.append("")
        if tag == "a" and dict(attrs).get("href"):
            self.links.append(dict(attrs)["href"])

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if self._in_h1:
            self.h1[-1] += data


def read(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_launch_content_covers_the_collection(collection):
    """At least 12 stories and every UK nation (no story by name: any one may be withdrawn)."""
    assert len(collection.stories) >= 12
    assert {s.place.nation for s in collection.stories} == {"England", "Scotland", "Wales", "Northern Ireland"}
    assert any("resilience" in s.themes for s in collection.stories)
    # Length (250-600 words) and https sources are the validator's rules now (stories/publication_rules.py,
    # stories/schema.py), so loading the collection above already enforced them.


def test_every_story_has_a_page_with_what_a_reader_needs(built_site, collection):
    for story in collection.stories:
        html = read(built_site.site, story.url)
        parsed = _Text()
        parsed.feed(html)
        assert [h.strip() for h in parsed.h1] == [story.title], story.slug
        # Compared as parsed values (entities decoded), never as escaped strings.
        tree = htmltree.parse(html)
        [description] = [m.attrs["content"] for m in tree.find_all("meta", name="description")]
        assert description == story.summary
        assert tree.find("p", cls="story__summary").text == story.summary
        text = " ".join(tree.text.split())
        assert " ".join(story.place.name.split()) in text
        assert story.organisation.name in text and story.organisation.legal_form in text
        assert tree.find("time", datetime=story.date.isoformat()).text == long_date(story.date)
        links = {(a.attrs.get("href"), " ".join(a.text.split())) for a in tree.find_all("a")}
        for theme in collection.themes_of(story):
            assert (f"../../{theme.url}", theme.name) in links
        hrefs = {href for href, _ in links}
        assert {source.url for source in story.sources} <= hrefs
        assert tree.find("h2", id="sources-heading").text == "Sources"
        # The body as written, its headings with their permanent links (rendered once, while
        # the story was checked, and published as that HTML).
        for heading in re.findall(r"^## (.+)$", story.body, flags=re.M):
            [h2] = [h for h in tree.find_all("h2") if h.text.removesuffix("¶").strip() == heading.strip()]
            assert tree.find("a", cls="headerlink", href=f"#{h2.attrs['id']}"), (story.slug, heading)


def test_stories_page_lists_every_story_newest_first_over_its_pages(built_site, collection):
    html = read(built_site.site, "stories")
    linked = re.findall(r'<h2 class="story-card__title"><a href="([^"]+)">', html)
    later = sorted(built_site.site.glob("stories/page/*/index.html"), key=lambda p: int(p.parent.name))
    assert later  # the real stories fill more than one page
    for page in later:  # page 2 on, at stories/page/<n>/: links to stories go up two folders
        found = re.findall(r'<h2 class="story-card__title"><a href="([^"]+)">', page.read_text(encoding="utf-8"))
        linked += [href.removeprefix("../../") for href in found]
    assert linked == [f"{s.slug}/" for s in collection.stories]
    dates = [s.date for s in collection.stories]
    assert dates == sorted(dates, reverse=True)


def test_home_page_introduces_the_collection_and_links_into_it(built_site, collection):
    html = (built_site.site / "index.html").read_text(encoding="utf-8")
    assert "Stories from Community Britain" in html
    assert f"{len(collection.stories)} of them so far" in html
    newest = collection.stories[0]
    assert f'href="{newest.url}"' in html
    assert 'href="stories/"' in html


def test_story_pages_are_not_in_the_navigation(built_site, collection):
    html = (built_site.site / "index.html").read_text(encoding="utf-8")
    # Header, tabs and the navigation sidebar all come before the page's content.
    nav = html[: html.index('<div class="md-content"')]
    assert 'href="stories/"' in nav  # the Stories page is in the navigation…
    for story in collection.stories:
        assert story.slug not in nav


def test_the_build_writes_nothing_into_docs(tmp_path):
    # One story is enough: the site's own pages and the hooks' files are all made at any size.
    before = sorted(p.relative_to(REPO / "docs") for p in (REPO / "docs").rglob("*"))
    stories = new_stories_folder(tmp_path / "input")
    write_story(stories, "the-story")
    project = copy_project(tmp_path / "project", stories)
    docs_before = sorted(p.relative_to(project / "docs") for p in (project / "docs").rglob("*"))
    result = run_build(project, tmp_path / "site")
    assert result.returncode == 0, result.output
    assert sorted(p.relative_to(project / "docs") for p in (project / "docs").rglob("*")) == docs_before
    assert sorted(p.relative_to(REPO / "docs") for p in (REPO / "docs").rglob("*")) == before


def test_a_bad_story_stops_the_build_with_the_validators_words(tmp_path):
    stories = new_stories_folder(tmp_path / "input")
    write_story(stories, "good")
    write_story(stories, "bad", VALID_STORY.replace("title: A hall", "title: Other hall").replace("themes: [community-spaces]", "themes: [enrgy]"))
    result = run_build(copy_project(tmp_path / "project", stories), tmp_path / "site")
    assert result.returncode != 0
    assert "stories/bad/index.md:10: themes: 'enrgy' is not a theme; did you mean 'energy'?" in result.output
    assert "Traceback" not in result.output


def test_a_bad_setting_stops_the_build_naming_it(tmp_path):
    project = copy_project(tmp_path / "project")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("feed_items: 50", "feed_itmes: 50"), encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "mkdocs.yml: extra.stories.feed_itmes: is not a setting. Did you mean 'feed_items'?" in result.output
    assert "Traceback" not in result.output


def test_drafts_are_left_out_of_a_build(tmp_path):
    stories = new_stories_folder(tmp_path / "input")
    write_story(stories, "published")
    write_story(stories, "unfinished", VALID_STORY.replace("title: A hall", "title: Draft hall").replace("date: 2026-03-01", "date: 2026-03-01\ndraft: true"))
    result = run_build(copy_project(tmp_path / "project", stories), tmp_path / "site")
    assert result.returncode == 0, result.output
    assert (tmp_path / "site" / "stories" / "published" / "index.html").is_file()
    assert not (tmp_path / "site" / "stories" / "unfinished").exists()
    assert "Draft hall" not in "".join(p.read_text(encoding="utf-8", errors="replace")
                                        for p in (tmp_path / "site").rglob("*") if p.is_file() and p.suffix in (".html", ".json", ".xml"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_drafts_show_in_mkdocs_serve(tmp_path):
    stories = new_stories_folder(tmp_path / "input")
    write_story(stories, "published")
    write_story(stories, "unfinished", VALID_STORY.replace("title: A hall", "title: Draft hall").replace("date: 2026-03-01", "date: 2026-03-01\ndraft: true"))
    project = copy_project(tmp_path / "project", stories)
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "-a", f"127.0.0.1:{port}",
                              "-f", str(project / "mkdocs.yml")], cwd=project, env=build_env(),
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        html = None
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/stories/unfinished/", timeout=2) as response:
                    html = response.read().decode("utf-8")
                break
            except OSError:
                if server.poll() is not None:
                    break
                time.sleep(0.5)
        assert html is not None, f"mkdocs serve did not serve the draft:\n{server.stdout.read() if server.poll() is not None else ''}"
        assert "Draft hall" in html
        assert "Draft: visible in" in html
    finally:
        server.terminate()
        server.wait(timeout=30)


def _tree_digest(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_builds_of_the_same_input_are_byte_identical(tmp_path):
    env = build_env()
    # Both builds on one fixed time, this moment's: a fixed past day would refuse any correction
    # dated after it (as `make validate` does), so the test would break as stories are corrected.
    env["SOURCE_DATE_EPOCH"] = str(int(time.time()))
    project = copy_project(tmp_path / "project")
    first = run_build(project, tmp_path / "one", env=env)
    second = run_build(project, tmp_path / "two", env=env)
    assert first.returncode == 0 and second.returncode == 0, first.output + second.output
    one, two = _tree_digest(first.site), _tree_digest(second.site)
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []


def test_a_failed_build_leaves_the_published_site_as_it_was(tmp_path):
    stories = new_stories_folder(tmp_path / "input")
    write_story(stories, "good")
    project = copy_project(tmp_path / "project", stories)
    site = tmp_path / "site"
    assert run_build(project, site).returncode == 0
    before = _tree_digest(site)
    write_story(project / "stories", "broken", VALID_STORY.replace("date: 2026-03-01", "date: 2026-02-30"))
    result = run_build(project, site)
    assert result.returncode != 0 and "stories/broken/index.md:4: date:" in result.output
    assert _tree_digest(site) == before


def test_the_number_of_latest_stories_on_the_home_page_is_a_setting(tmp_path):
    project = copy_project(tmp_path / "project")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("latest_on_home: 6", "latest_on_home: 2"), encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    assert result.returncode == 0, result.output
    html = (result.site / "index.html").read_text(encoding="utf-8")
    latest = html[html.index('id="latest-stories"'):]
    latest = latest[: latest.index("</ul></div>")]
    assert latest.count('<li class="story-card') == 2
