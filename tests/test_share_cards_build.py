"""Share cards and pictures in the built site: every kind of page names a 1200x630 card with
absolute URLs that exist, a second build draws no card and gives the same bytes, listings show a
small picture, a story's photo is published at every width it has (WebP and its own format), and
bad photos and titles give a sensible card or a clear message, never a traceback."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from PIL import Image

from browser import serve
from htmltree import page as html
from sitebuild import REPO, build_env, copy_project, run_build
from sitepages import PAGE_TYPES
from storydata import STORIES, stories_with
from storyfiles import VALID_STORY, new_stories_folder, write_story
from storysite.pictures.story_photos import photo_problem
from storysite.stories.vocabulary import load_vocabulary

SITE_URL = "https://stories.communitybritain.example/"
EPOCH = "1800000000"  # January 2027: every real and test story is published


def story_text(title: str, image: str | None = None, place: str = "Llanfair Caereinion") -> str:
    text = VALID_STORY.replace("title: A hall for Llanfair", f"title: {json.dumps(title, ensure_ascii=False)}")
    text = text.replace("name: Llanfair Caereinion", f"name: {place}")
    if image:
        text = text.replace("authors:", f"image:\n  file: {image}\n  alt: The hall's green front doors\n"
                                       "  credit: Photo by Jo Bloggs, CC BY 4.0\nauthors:")
    return text


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The real stories plus: a story with a large photo, one with a photo too small for a card,
    one with a CMYK photo, one with a 16-bit photo and one with the longest title allowed, a 58-letter word and emoji.
    Built twice from one project (so the second build finds the first's cache)."""
    root = tmp_path_factory.mktemp("cards-build")
    stories = root / "input" / "stories"
    shutil.copytree(REPO / "stories", stories)
    photo = write_story(stories, "hall-with-photo", story_text("Ŵyn and the hall at Tŷ Hywel", "hall.jpg")).parent
    gradient = Image.linear_gradient("L").resize((1200, 800))
    Image.merge("RGB", (gradient, gradient.rotate(90), Image.new("L", (1200, 800), 90))).save(photo / "hall.jpg",
                                                                                            quality=85)
    small = write_story(stories, "small-photo", story_text("A hall with a small photo", "tiny.png")).parent
    Image.new("RGB", (150, 100), (200, 60, 60)).save(small / "tiny.png")
    cmyk = write_story(stories, "cmyk-photo", story_text("A hall printed in CMYK", "print.jpg")).parent
    Image.new("CMYK", (900, 700), (0, 200, 200, 0)).save(cmyk / "print.jpg")
    deep = write_story(stories, "deep-photo", story_text("A hall in sixteen bits", "deep.png")).parent
    Image.new("I", (900, 700), 30000).convert("I;16").save(deep / "deep.png")
    huge = "🎉 Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch: the community that kept its hall 🏠"
    assert len(huge) <= 120  # the longest title a story may have
    write_story(stories, "huge-title", story_text(huge))
    project = copy_project(root / "project", stories)
    env = {**build_env(), "SOURCE_DATE_EPOCH": EPOCH}
    first = run_build(project, root / "site1", env=env)
    assert first.returncode == 0, first.output
    second = run_build(project, root / "site2", env=env)
    assert second.returncode == 0, second.output
    return first, second


def meta(doc, key: str) -> str | None:
    for node in doc.find_all("meta"):
        if node.attrs.get("property") == key or node.attrs.get("name") == key:
            return node.attrs.get("content")
    return None


# A real story without a photo (its card is a map), picked by what it has, not by name.
MAP_CARD_STORY = next(s for s in STORIES if s not in stories_with("image"))
PAGES = ["", "stories/", "themes/", "places/", "map/", "subscribe/", "data/", "about/", "contribute/",
         MAP_CARD_STORY.url, "stories/hall-with-photo/", PAGE_TYPES["theme"], PAGE_TYPES["nation"],
         PAGE_TYPES["region"]]


@pytest.mark.parametrize("url", PAGES)
def test_every_kind_of_page_names_its_own_card_with_absolute_urls(built, url):
    site = built[0].site
    doc = html(site, url)
    image = meta(doc, "og:image")
    assert image and image.startswith(SITE_URL + "cards/"), image
    assert meta(doc, "twitter:image") == image
    assert meta(doc, "twitter:card") == "summary_large_image"
    assert meta(doc, "og:image:alt") and meta(doc, "twitter:image:alt") == meta(doc, "og:image:alt")
    assert (meta(doc, "og:image:width"), meta(doc, "og:image:height")) == ("1200", "630")
    file = site / image.removeprefix(SITE_URL)
    with Image.open(file) as card:
        assert card.size == (1200, 630)
        assert meta(doc, "og:image:type") == Image.MIME[card.format]


def test_pages_of_different_things_have_different_cards(built):
    site = built[0].site
    images = [meta(html(site, url), "og:image") for url in PAGES]
    assert len(set(images)) == len(images)


def test_story_pages_give_json_ld_the_card_and_the_photo(built):
    site = built[0].site
    for url, expected in ((MAP_CARD_STORY.url, [f"{SITE_URL}cards/story/{MAP_CARD_STORY.slug}.png"]),
                          ("stories/hall-with-photo/", [f"{SITE_URL}stories/hall-with-photo/hall.jpg",
                                                        f"{SITE_URL}cards/story/hall-with-photo.jpg"])):
        doc = html(site, url)
        (script,) = doc.find_all("script", type="application/ld+json")
        assert json.loads(script.text)["image"] == expected


def test_a_second_build_draws_no_card_and_writes_the_same_bytes(built):
    first, second = built
    drawn = [int(m) for m in re.findall(r"Share cards and thumbnails: (\d+) drawn", first.output)]
    again = re.findall(r"Share cards and thumbnails: (\d+) drawn, (\d+) from the cache", second.output)
    assert drawn and drawn[0] > 100, first.output
    assert again == [("0", str(drawn[0] + int(re.search(r"drawn, (\d+) from", first.output).group(1))))]

    def digests(site: Path) -> dict[str, str]:
        return {str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted((site / "cards").rglob("*")) if p.is_file()}

    assert digests(first.site) == digests(second.site)
    assert len(digests(first.site)) > 100


def test_listings_show_a_small_picture_with_its_size_and_lazy_loading(built):
    site = built[0].site
    for url in ("", "stories/", "themes/energy/", "places/wales/"):
        pictures = html(site, url).find_all("img", cls="story-card__picture")
        assert pictures, url
        for node in pictures:
            assert node.attrs["loading"] == "lazy" and node.attrs["width"] == node.attrs["height"] == "176"
            with Image.open(site / url / node.attrs["src"]) as thumb:
                assert thumb.size == (176, 176)
    wales = html(site, "places/wales/")
    photo_thumb = [n for n in wales.find_all("img") if n.attrs.get("src", "").endswith("hall-with-photo.jpg")]
    assert photo_thumb and photo_thumb[0].attrs["alt"] == "The hall's green front doors"


def test_the_hero_photo_is_published_at_each_width_it_has_in_webp_and_its_own_format(built):
    site = built[0].site
    folder = site / "stories" / "hall-with-photo"
    doc = html(site, "stories/hall-with-photo/")
    (picture,) = doc.find_all("picture")
    (source,) = picture.find_all("source")
    (img,) = picture.find_all("img")
    assert source.attrs["type"] == "image/webp"
    assert source.attrs["srcset"] == "hall-480.webp 480w, hall-960.webp 960w, hall-1200.webp 1200w"
    assert img.attrs["srcset"] == "hall-480.jpg 480w, hall-960.jpg 960w, hall.jpg 1200w"  # 1200 wide: never 1600
    assert (img.attrs["src"], img.attrs["width"], img.attrs["height"]) == ("hall.jpg", "1200", "800")
    assert img.attrs["fetchpriority"] == "high" and "loading" not in img.attrs and img.attrs["sizes"]
    for name, size, image_format in (("hall-480.webp", (480, 320), "WEBP"), ("hall-960.jpg", (960, 640), "JPEG"),
                                     ("hall-1200.webp", (1200, 800), "WEBP"), ("hall.jpg", (1200, 800), "JPEG")):
        with Image.open(folder / name) as image:
            assert (image.size, image.format) == (size, image_format), name
            assert not image.getexif()


def test_bad_photos_and_titles_give_a_card_or_a_message_naming_file_and_field(built):
    first, _ = built
    assert "Traceback" not in first.output
    assert ("stories/small-photo/tiny.png (image.file): 150x100 px is too small for a share card"
            in first.output), first.output
    site = first.site
    with Image.open(site / "cards/story/small-photo.png") as card:  # the map instead
        assert card.size == (1200, 630)
    for slug in ("cmyk-photo", "deep-photo"):
        with Image.open(site / f"cards/story/{slug}.jpg") as card:
            assert (card.size, card.mode) == ((1200, 630), "RGB")
    with Image.open(site / "cards/story/huge-title.png") as card:
        assert card.size == (1200, 630)


def test_a_heic_photo_is_refused_with_a_way_to_fix_it(tmp_path):
    (tmp_path / "hall.heic").write_bytes(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64)
    problem = photo_problem(tmp_path, "hall.heic")
    assert problem.startswith("'hall.heic' is a HEIC photo") and "Most Compatible" in problem


@pytest.mark.parametrize("colour, message", [
    ("red", "'red' is not a colour. Write it as \"#rrggbb\""),
    ("#777777", "'#777777' is too mid-toned: neither dark nor white chip text on it reaches 4.5:1"),
])
def test_a_theme_colour_that_is_not_a_colour_or_too_mid_toned_is_refused(tmp_path, colour, message):
    folder = new_stories_folder(tmp_path)
    themes = yaml.safe_load((folder / "themes.yml").read_text(encoding="utf-8"))
    themes[2]["colour"] = colour
    (folder / "themes.yml").write_text(yaml.safe_dump(themes, allow_unicode=True, sort_keys=False), encoding="utf-8")
    vocabulary, problems = load_vocabulary(folder)
    assert vocabulary is None
    (problem,) = problems
    assert str(problem).startswith("stories/themes.yml:") and "[2].colour" in str(problem)
    assert message in str(problem)


def test_every_theme_has_a_colour_that_chip_text_reads_on():
    vocabulary, problems = load_vocabulary(REPO / "stories")
    assert problems == []
    raw = yaml.safe_load((REPO / "stories" / "themes.yml").read_text(encoding="utf-8"))
    assert [t["colour"] for t in raw] == [t.colour for t in vocabulary.themes]


@pytest.mark.browser
@pytest.mark.parametrize("width, expected", [(390, "hall-480.webp"), (1280, "hall-960.webp")])
def test_a_browser_loads_the_photo_size_its_screen_needs(built, chromium, width, expected):
    # The session's one Chromium (conftest): a second Playwright inside the same run is refused.
    with serve(built[0].site) as url:
        context = chromium.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1)
        try:
            page = context.new_page()
            loaded: list[str] = []
            page.on("requestfinished", lambda request: loaded.append(request.url.rsplit("/", 1)[-1]))
            page.goto(url + "stories/hall-with-photo/")
            page.wait_for_load_state("networkidle")
            photos = [name for name in loaded if name.startswith("hall")]
            assert photos == [expected], loaded
            assert page.locator(".story__hero img").evaluate("i => i.currentSrc").endswith(expected)
        finally:
            context.close()
