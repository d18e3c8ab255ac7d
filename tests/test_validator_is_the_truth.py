"""`make validate` is the single source of truth for stories: the scaffold fails it until filled in,
every story-level failure the build raises is raised by the validator first with the same words,
and a failed build leaves an existing site/ byte for byte as it was."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import shutil
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from PIL import Image

from sitebuild import REPO, copy_project, run_build
from storyfiles import BODY, VALID_STORY, new_stories_folder, write_story
from storysite.cli import main as validate_main
from storysite.stories.links import FEED_FILES
from storysite.stories.new_story_template import TEMPLATE


def validate(folder: Path) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = validate_main([str(folder), "--config", str(REPO / "mkdocs.yml")])
    return status, out.getvalue() + err.getvalue()


FILLED = {
    "title: A headline of up to 120 characters": "title: The hall a Llanfair village bought",
    "One or two sentences that make a reader want the story (up to 300 characters).":
        "Residents bought their village hall and now run it together.",
    "name: Town or neighbourhood": "name: Llanfair Caereinion",
    "latitude: 0.0000": "latitude: 52.6480", "longitude: 0.0000": "longitude: -3.3280",
    "nation: England": "nation: Wales", "  region: South West      # England only; delete this line elsewhere\n": "",
    "name: The group's name": "name: Llanfair Hall Society",
    "- Your Name": "- Jo Bloggs",
    "title: What the page is": "title: Village news, May 2024",
    "url: https://example.org/page": "url: https://news.llanfair.test/hall",
    "draft: true               # remove this line when the story is ready to publish\n": "",
    "Write the story here, 250 to 600 words, in your own words. Every figure must be in a source above.\n": BODY,
}


def test_the_new_story_scaffold_fails_until_filled_in(tmp_path):
    folder = new_stories_folder(tmp_path)
    scaffold = TEMPLATE.format(today="2026-03-01")
    undrafted = scaffold.replace("draft: true               # remove this line when the story is ready to publish\n", "")
    write_story(folder, "my-story", undrafted)
    status, output = validate(folder)
    assert status == 1 and "place.latitude: 0.0 is outside the UK" in output
    # With the place filled in, every placeholder left is named at once.
    placed = undrafted.replace("latitude: 0.0000", "latitude: 50.7200").replace("longitude: 0.0000", "longitude: -3.5300")
    write_story(folder, "my-story", placed)
    status, output = validate(folder)
    assert status == 1
    for field in ("title", "summary", "place.name", "organisation.name", "authors[0]", "sources[0].title",
                  "sources[0].url", "body"):
        assert f"index.md:" in output and f": {field}: " in output, field
    assert "sources[0].url: 'https://example.org/page' is an example address" in output
    assert "still has the new-story placeholder 'A headline of up to 120 characters'" in output
    assert "body: has 20 words; a published story has 250 to 600" in output
    filled = scaffold
    for old, new in FILLED.items():
        assert old in filled, old
        filled = filled.replace(old, new)
    write_story(folder, "my-story", filled)
    assert validate(folder) == (0, "All good: 1 story checked, no problems found.\n")


# One of each story-level failure the build can raise: (slug, how the story is broken, message)
PHOTO_STORY = VALID_STORY.replace("sources:", "image:\n  file: hall.jpg\n  alt: The hall\n  credit: Jo Bloggs, CC BY 4.0\nsources:")
BAD = [
    ("front-matter", VALID_STORY.replace("date: 2026-03-01", "date: 2026-02-30"), ":4: date: 2026-02-30 is not a real date"),
    ("unsafe-html", VALID_STORY + '\n[More](https://example.org){: href="jav&#x61;script:alert(1)" }\n',
     ": body: a link to 'javascript:…' is not allowed"),
    ("broken-link", VALID_STORY + "\n![A photo](IMG_1234.JPG) and [x](../no-such-story/)\n",
     ": body: the photo 'IMG_1234.JPG' is not in the story's folder"),
    ("in-the-sea", VALID_STORY.replace("longitude: -3.3280", "longitude: -4.9000"), ": place.latitude: "),
    ("placeholder", VALID_STORY.replace("- Jo Bloggs", "- Your Name"), ":15: authors[0]: still has the placeholder 'Your Name'"),
    ("too-short", VALID_STORY.replace(BODY, "\nJust a line.\n"), ": body: has 8 words; a published story has 250 to 600"),
    ("http-source", VALID_STORY.replace("https://news.llanfair.test", "http://news.llanfair.test"),
     ":18: sources[0].url: 'http://news.llanfair.test/hall' is not a secure (https://) address"),
    ("broken-photo", PHOTO_STORY, "hall.jpg"),
]


def _write_bad(folder: Path, slug: str, text: str) -> None:
    title = f"title: A hall number {len(slug)} {slug}"
    story = write_story(folder, slug, text.replace("title: A hall for Llanfair", title))
    if slug == "broken-photo":
        buffer = io.BytesIO()
        Image.new("RGB", (800, 600), (200, 100, 50)).save(buffer, format="JPEG")
        (story.parent / "hall.jpg").write_bytes(buffer.getvalue()[:2000])  # cut short, as a failed upload


@pytest.fixture(scope="module")
def both_outputs(tmp_path_factory):
    """The validator's and the build's words on the same broken stories (one build, all at once)."""
    work = tmp_path_factory.mktemp("truth")
    folder = new_stories_folder(work / "input")
    for slug, text, _ in BAD:
        _write_bad(folder, slug, text)
    status, checked = validate(folder)
    built = run_build(copy_project(work / "project", folder), work / "site")
    return status, checked.replace(str(folder), "stories"), built


@pytest.mark.parametrize("slug, _, expected", BAD, ids=[b[0] for b in BAD])
def test_every_failure_the_build_raises_make_validate_raises_first(both_outputs, slug, _, expected):
    status, checked, built = both_outputs
    assert status == 1 and built.returncode != 0 and "Traceback" not in built.output
    lines = [line.strip() for line in built.output.splitlines() if line.strip().startswith(f"stories/{slug}/")]
    assert lines and any(expected in line for line in lines), built.output
    for line in lines:
        assert line in checked, (line, checked)


# A failed build leaves site/ as it was -------------------------------------------------------------

def _digest(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    work = tmp_path_factory.mktemp("published")
    folder = new_stories_folder(work / "input")
    write_story(folder, "good")
    project = copy_project(work / "project", folder)
    result = run_build(project, work / "site")
    assert result.returncode == 0, result.output
    return project, work / "site"


def _break_setting(project: Path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("feed_items: 50", "feed_items: many"), encoding="utf-8")


FAILURES = {
    "bad front matter": lambda p: _write_bad(p / "stories", "front-matter", BAD[0][1]),
    "unsafe rendered HTML": lambda p: _write_bad(p / "stories", "unsafe-html", BAD[1][1]),
    "broken photo": lambda p: _write_bad(p / "stories", "broken-photo", PHOTO_STORY),
    "point in the sea": lambda p: _write_bad(p / "stories", "in-the-sea", BAD[3][1]),
    "bad setting": _break_setting,
    "broken link": lambda p: _write_bad(p / "stories", "broken-link", BAD[2][1]),
    "unknown marker in a page": lambda p: (p / "docs" / "about.md").write_text(
        (p / "docs" / "about.md").read_text(encoding="utf-8") + "\n<!-- stories:lates -->\n", encoding="utf-8"),
}


@pytest.mark.parametrize("failure", FAILURES)
def test_a_failed_build_leaves_the_site_byte_for_byte(published, tmp_path, failure):
    project, site = published
    mine = copy_project(tmp_path / "project", project / "stories")
    shutil.copy2(project / "mkdocs.yml", mine / "mkdocs.yml")
    shutil.copytree(site, tmp_path / "site")
    before = _digest(tmp_path / "site")
    FAILURES[failure](mine)
    result = run_build(mine, tmp_path / "site")
    assert result.returncode != 0 and "Traceback" not in result.output, result.output
    assert "Cleaning site directory" not in result.output
    assert _digest(tmp_path / "site") == before


def test_the_link_check_knows_every_feed_file():
    from storysite.feeds.channels import FORMATS
    assert FEED_FILES == tuple(fmt.file for fmt in FORMATS)


def test_make_validate_reads_the_same_markdown_settings_as_mkdocs():
    from mkdocs.config import load_config
    from storysite.stories.rendering import read_site_context
    config = load_config(str(REPO / "mkdocs.yml"))
    mine, _ = read_site_context(REPO / "mkdocs.yml")
    assert list(mine.extensions) == list(config.markdown_extensions)
    assert {k: dict(v) for k, v in mine.extension_configs.items()} == \
        {k: dict(v) for k, v in config.mdx_configs.items() if v}
