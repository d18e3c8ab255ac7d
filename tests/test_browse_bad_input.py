"""Browsing and sharing with unusual input, through a real build of a copied project: stories
whose theme or place would have no page, a broken theme vocabulary, a missing site_url, and the
edge cases the real stories do not have yet (a photo, quotes in a summary, a website address
that contains '</script>', a theme nobody has written about)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image

from htmltree import page
from sitebuild import REPO, copy_project, run_build
from storyfiles import BODY

STORY = """---
title: {title}
summary: {summary}
date: 2026-03-0{day}
place:
  name: {place}
  latitude: {lat}
  longitude: {lon}
  nation: {nation}
{region}themes: [{themes}]
organisation:
  name: {organisation}
  legal_form: community benefit society
{extra}authors:
  - Jo Bloggs
sources:
  - title: Village news
    url: https://news.llanfair.test/hall
---

The story of {title}.
""" + BODY.replace("{", "{{").replace("}", "}}")


def write_story(stories: Path, slug: str, **fields) -> Path:
    values = dict(title=f"Story {slug}", summary=f"What happened in {slug}.", day=1, place="Llanfair Caereinion",
                  lat=52.648, lon=-3.328, nation="Wales", region="", themes="energy",
                  organisation=f"{slug} Society", extra="")
    values.update(fields)
    folder = stories / slug
    folder.mkdir(parents=True)
    (folder / "index.md").write_text(STORY.format(**values), encoding="utf-8")
    return folder


def stories_folder(root: Path) -> Path:
    folder = root / "stories"
    folder.mkdir(parents=True)
    for name in ("themes.yml", "legal-forms.yml"):
        shutil.copy2(REPO / "stories" / name, folder / name)
    return folder


def build(tmp_path: Path, stories: Path):
    return run_build(copy_project(tmp_path / "project", stories), tmp_path / "site")


def test_stories_whose_theme_or_place_has_no_page_fail_the_build_naming_file_and_field(tmp_path):
    stories = stories_folder(tmp_path / "in")
    write_story(stories, "good")
    write_story(stories, "typo-theme", themes="enrgy")
    write_story(stories, "no-such-nation", nation="Cornwall", lat=50.3, lon=-4.9)
    write_story(stories, "no-such-region", nation="England", region="  region: Cornwall\n", lat=50.3, lon=-4.9)
    result = build(tmp_path, stories)
    assert result.returncode != 0
    assert "Traceback" not in result.output
    assert re.search(r"stories/typo-theme/index\.md:\d+: themes: 'enrgy' is not a theme; did you mean 'energy'\?",
                     result.output), result.output
    assert re.search(r"stories/no-such-nation/index\.md:\d+: place\.nation: 'Cornwall' is not a UK nation",
                     result.output), result.output
    assert re.search(r"stories/no-such-region/index\.md:\d+: place\.region: 'Cornwall' is not an English region",
                     result.output), result.output
    assert "stories/good/index.md" not in result.output


def test_a_broken_theme_vocabulary_fails_the_build_naming_the_entry(tmp_path):
    stories = stories_folder(tmp_path / "in")
    write_story(stories, "good")
    (stories / "themes.yml").write_text(
        "- slug: energy\n  name: Community energy\n  description: Power owned locally.\n"
        "- slug: pubs\n  name: Community pubs\n"
        "- slug: energy\n  name: Energy again\n  description: A second theme with the same slug.\n"
        "- slug: food\n  name: Food <b>co-ops</b>\n  description: Shops.\n",
        encoding="utf-8")
    result = build(tmp_path, stories)
    assert result.returncode != 0
    assert "Traceback" not in result.output
    assert re.search(r"stories/themes\.yml:\d+: \[1\]\.description: is missing for the theme 'pubs'", result.output), result.output
    assert re.search(r"stories/themes\.yml:6: \[2\]\.slug: 'energy' is used by two themes \(also at line 1\)",
                     result.output), result.output
    assert re.search(r"stories/themes\.yml:\d+: \[3\]\.name: must be plain text", result.output), result.output


def test_a_site_without_site_url_fails_with_a_clear_message(tmp_path):
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(re.sub(r"^site_url:.*\n", "", config.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "mkdocs.yml: site_url: is missing" in result.output
    assert "Traceback" not in result.output


@pytest.fixture(scope="module")
def edge_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("edge")
    stories = stories_folder(root / "in")
    photo = write_story(stories, "hall-with-photo", title="The hall & the \"village\" doors", day=3,
                        summary='Residents said "yes" & bought the hall for £1.',
                        organisation="Hall & Co",
                        extra="  website: https://hall.example.org/</script><script>alert(1)</script>\n"
                              "image:\n  file: hall.jpg\n  alt: Volunteers painting the hall's doors\n"
                              "  credit: Photo by Jo Bloggs, CC BY 4.0\n")
    Image.new("RGB", (1200, 630), (90, 120, 60)).save(photo / "hall.jpg", quality=80)
    write_story(stories, "pub-in-leeds", themes="pubs", nation="England", region="  region: Yorkshire and the Humber\n",
                lat=53.8, lon=-1.55, day=2)
    write_story(stories, "glasgow-energy", nation="Scotland", lat=55.86, lon=-4.25, day=1)
    result = build(root, stories)
    assert result.returncode == 0, result.output
    return result.site


def test_a_story_photo_becomes_an_absolute_open_graph_image_that_exists(edge_site):
    doc = page(edge_site, "stories/hall-with-photo/")
    tags = {m.attrs.get("property") or m.attrs.get("name"): m.attrs.get("content") for m in doc.find_all("meta")}
    site_url = "https://stories.communitybritain.example/"
    # The share card carries the photo (cropped beside the title); the photo itself is published too.
    assert tags["og:image"] == tags["twitter:image"] == site_url + "cards/story/hall-with-photo.jpg"
    with Image.open(edge_site / "cards" / "story" / "hall-with-photo.jpg") as card:
        assert (card.format, card.size) == ("JPEG", (1200, 630))
    assert (edge_site / "stories" / "hall-with-photo" / "hall.jpg").is_file()
    assert "Volunteers painting the hall's doors" in tags["og:image:alt"]
    assert tags["twitter:card"] == "summary_large_image"
    # Quotes and ampersands survive every attribute they pass through.
    assert tags["description"] == tags["og:description"] == 'Residents said "yes" & bought the hall for £1.'
    assert tags["og:title"] == 'The hall & the "village" doors'


def test_json_ld_with_a_hostile_website_address_stays_inside_its_script(edge_site):
    html = (edge_site / "stories" / "hall-with-photo" / "index.html").read_text(encoding="utf-8")
    head = html.split("</head>")[0]
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', head, re.S)
    assert len(scripts) == 1
    data = json.loads(scripts[0])
    assert data["about"]["url"] == "https://hall.example.org/</script><script>alert(1)</script>"
    images = data["image"] if isinstance(data["image"], list) else [data["image"]]
    assert images[0].endswith("/stories/hall-with-photo/hall.jpg")
    assert "<script>alert(1)" not in html


def test_with_few_stories_each_has_the_others_as_related_and_empty_themes_say_so(edge_site):
    doc = page(edge_site, "stories/glasgow-energy/")
    related = [li.find("a").text for li in doc.find("section", cls="story-related").find_all("li", cls="story-card")]
    assert related == ['The hall & the "village" doors', "Story pub-in-leeds"]  # shares a theme, then nearer
    empty = page(edge_site, "themes/housing/")
    assert "There are no stories about community-led housing yet" in empty.find("p", cls="browse-empty").text
    assert not empty.find_all("li", cls="story-card")
    assert page(edge_site, "places/northern-ireland/").find("p", cls="browse-empty")
