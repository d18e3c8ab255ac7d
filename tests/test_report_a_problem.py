"""Readers can ask for a fix: every story page links to the "Report a problem" issue form with the
story filled in when the site has a GitHub repository, and to the About page's section on
reporting a problem when it has none; the About page says who decides, how quickly, and what the
Corrections page shows."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from sitebuild import REPO
from storyfiles import VALID_STORY, build_stories
from storysite.pages.report import report_problem_href

FORM = REPO / ".github" / "ISSUE_TEMPLATE" / "report-a-problem.yml"
REPOSITORY = "https://github.com/example/community-stories"
SITE_URL = "https://stories.communitybritain.example/"  # mkdocs.yml's site_url
LINK = re.compile(r'<a href="([^"]*)">Report a problem with this story</a>')
STORIES = {"hall": VALID_STORY,
           "pub": VALID_STORY.replace("A hall for Llanfair", "The Llanfair pub & its regulars")}


def form() -> dict:
    return yaml.safe_load(FORM.read_text(encoding="utf-8"))


def field_ids() -> list[str]:
    return [item["id"] for item in form()["body"] if "id" in item]


def test_the_form_asks_for_the_story_and_the_four_kinds_of_problem():
    assert field_ids() == ["story", "kind", "details", "evidence"]
    [kind] = [item for item in form()["body"] if item.get("id") == "kind"]
    options = " | ".join(kind["attributes"]["options"]).lower()
    for word in ("mistake", "correction", "taken out", "safety"):
        assert word in options, word
    assert "public" in form()["body"][0]["attributes"]["value"]  # says so before anyone writes


def test_with_a_github_repository_the_link_fills_in_the_form():
    href = report_problem_href(REPOSITORY + "/", SITE_URL + "stories/hall/", "Tea & cake?", "stories/hall/")
    parts = urlsplit(href)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "github.com", "/example/community-stories/issues/new")
    query = parse_qs(parts.query, strict_parsing=True)
    assert query == {"template": ["report-a-problem.yml"], "title": ["Problem: Tea & cake?"],
                     "story": [SITE_URL + "stories/hall/"]}
    assert set(query) - {"template", "title"} <= set(field_ids())  # GitHub fills fields by their id


@pytest.mark.parametrize("repo_url", [None, "", "https://gitlab.com/example/stories"])
def test_without_a_github_repository_the_link_goes_to_the_about_page(repo_url):
    assert report_problem_href(repo_url, SITE_URL + "stories/hall/", "A hall", "stories/hall/") == \
        "../../about/#report-a-problem"


def build(root: Path, repo: str | None):
    result = build_stories(root, STORIES, repo)
    assert result.returncode == 0, result.output
    return result.site


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("report")
    return build(root / "without", None), build(root / "with", REPOSITORY)


def test_every_story_page_links_to_the_about_page_while_there_is_no_repository(sites):
    without, _ = sites
    about = (without / "about" / "index.html").read_text(encoding="utf-8")
    assert 'id="report-a-problem"' in about
    for slug in STORIES:
        html = (without / "stories" / slug / "index.html").read_text(encoding="utf-8")
        [href] = LINK.findall(html)
        assert href == "../../about/#report-a-problem"


def test_every_story_page_links_to_its_own_prefilled_form_once_the_repository_is_set(sites):
    _, with_repo = sites
    for slug in STORIES:
        html = (with_repo / "stories" / slug / "index.html").read_text(encoding="utf-8")
        [href] = LINK.findall(html)
        parts = urlsplit(unescape(href))
        assert f"{parts.scheme}://{parts.netloc}{parts.path}" == REPOSITORY + "/issues/new"
        title = unescape(re.search(r'<h1 id="story-title">(.*?)</h1>', html).group(1))
        assert parse_qs(parts.query) == {"template": ["report-a-problem.yml"], "title": [f"Problem: {title}"],
                                         "story": [f"{SITE_URL}stories/{slug}/"]}


def test_the_about_page_says_who_decides_how_quickly_and_what_corrections_show(sites):
    without, _ = sites
    html = (without / "about" / "index.html").read_text(encoding="utf-8")
    section = html.split('id="report-a-problem"', 1)[1].split("<h2", 1)[0]
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", section)).split())
    for phrase in ("Who decides.", "How quickly.", "within two days", "within a week",
                   "What the Corrections page shows.", "Report a problem with this story"):
        assert phrase in text, phrase
    assert 'href="../corrections/"' in section
