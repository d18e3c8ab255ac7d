"""What a reader sees in a real browser on the home page and a story page, at phone and desktop
widths, with axe-core checking WCAG 2.2 A and AA."""

from __future__ import annotations

import pytest
from PIL import Image

from browser import axe_violations, describe, serve
from sitebuild import REPO, copy_project, run_build
from storyfiles import SITE, VALID_STORY, new_stories_folder, write_story
from storysite.stories.collection import load_collection
from storysite.settings import build_today

COLLECTION = load_collection(REPO / "stories", site=SITE, include_unpublished=False, today=build_today())
# A story with more than one theme (so the theme links are a list), picked by what it has.
STORY = next((s for s in COLLECTION.stories if len(s.themes) > 1), COLLECTION.stories[0])


@pytest.fixture(scope="module")
def photo_site_url(tmp_path_factory):
    """A small site whose one story has a photo (the launch stories have none yet)."""
    root = tmp_path_factory.mktemp("photo-site")
    stories = new_stories_folder(root / "input")
    text = VALID_STORY.replace(
        "authors:", "image:\n  file: hall.jpg\n  alt: Volunteers painting the hall's green front doors\n"
                    "  credit: Photo by Jo Bloggs, CC BY 4.0\nauthors:")
    path = write_story(stories, "hall-with-photo", text)
    Image.new("RGB", (1200, 800), (90, 120, 60)).save(path.parent / "hall.jpg", quality=80)
    result = run_build(copy_project(root / "project", stories), root / "site")
    assert result.returncode == 0, result.output
    with serve(result.site) as url:
        yield url


def test_home_page(page, site_url):
    page.goto(site_url)
    assert page.locator("h1").inner_text().rstrip("¶") == "Stories from Community Britain"
    cards = page.locator(".story-card")
    assert cards.count() >= 3
    first = cards.first.locator(".story-card__title a")
    assert first.inner_text() == COLLECTION.stories[0].title
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_story_page(page, site_url):
    page.goto(site_url + STORY.url)
    assert page.locator("h1").inner_text() == STORY.title
    assert page.locator(".story__summary").inner_text() == STORY.summary
    theme_links = page.locator(".story__themes a")
    assert theme_links.all_inner_texts() == [t.name for t in COLLECTION.themes_of(STORY)]
    assert theme_links.first.is_visible()
    assert page.locator(".story__sources li").count() == len(STORY.sources)
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_following_a_story_card_from_the_home_page(page, site_url):
    page.goto(site_url)
    newest = COLLECTION.stories[0]
    page.get_by_role("link", name=newest.title).first.click()
    page.wait_for_url(f"**/{newest.url}")
    assert page.locator("h1").inner_text() == newest.title


def test_story_photo_has_its_alt_text_and_credit(page, photo_site_url):
    page.goto(photo_site_url + "stories/hall-with-photo/")
    photo = page.get_by_role("img", name="Volunteers painting the hall's green front doors")
    photo.wait_for()
    assert photo.evaluate("img => img.complete && img.naturalWidth > 0")
    assert page.locator(".story__hero figcaption").inner_text() == "Photo by Jo Bloggs, CC BY 4.0"
    violations = axe_violations(page)
    assert violations == [], describe(violations)
