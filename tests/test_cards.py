"""Share cards (storysite.pictures): the size and format platforms expect, text that stays in its
box at any length, Welsh and Irish names drawn with real glyphs, identical bytes on every run, a
cache that draws nothing the second time, and bad photos and odd characters that still give a
sensible card or a clear message."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest
from PIL import Image, ImageDraw

from sitebuild import REPO
from storysite.pictures import card_files, card_text, cards, colours, draw
from storysite.pictures.locator_map import Projection

SITE = "Stories from Community Britain"
ENERGY = cards.Chip("Community energy", "#6ee0bf")
PUBS = cards.Chip("Community pubs", "#ff9e80")
WELSH_IRISH = ("Tŷ Hywel and the Ŵyn of Llanfihangel-yng-Ngwynfa", "Tafarn Sinc, Rhos-y-bwlch", "Ynys Môn",
               "Dún na nGall", "ŴYN ŶD ÂÊÎÔÛ âêîôû ŵŷ áéíóú ÁÉÍÓÚ ẁẃẅ")
HUGE = " ".join(["The community that would not give up its hall"] * 30)
LONG_WORD = "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch" * 3


def story(title: str = "Tafarn Sinc: the corrugated-iron pub Rosebush would not let go", **kw) -> cards.Card:
    args = dict(site_name=SITE, title=title, place="Rosebush, Pembrokeshire", nation="Wales",
                latitude=51.930, longitude=-4.796, themes=(PUBS, cards.Chip("Heritage", "#e9d8a6")))
    return cards.story_card(**{**args, **kw})


def encode(image: Image.Image, fmt: str = "PNG", **options) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def panel_pixel(image: Image.Image, latitude: float, longitude: float) -> tuple[int, int, int]:
    x, y = Projection.fit(draw.PANEL_WIDTH, draw.HEIGHT, margin=24).xy(longitude, latitude)
    return image.convert("RGB").getpixel((draw.PANEL[0] + round(x), round(y)))


def ink(item: draw.TextItem) -> tuple[int, int, int, int]:
    measure = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    return measure.textbbox((item.x, item.y), item.text, font=card_text.font(item.bold, item.size), anchor="la")


def near(pixel: tuple[int, ...], colour: str, tolerance: int = 12) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colours.rgb(colour)))


# Size and format ----------------------------------------------------------------------------------

def test_a_card_is_a_1200_by_630_png_with_no_metadata():
    data = cards.draw_card(story())
    image = opened(data)
    assert (image.format, image.size) == ("PNG", (1200, 630))
    chunks, at = [], 8
    while at < len(data):  # walk the PNG chunks: nothing but the picture itself
        length = int.from_bytes(data[at:at + 4], "big")
        chunks.append(data[at + 4:at + 8].decode("ascii"))
        at += 12 + length
    assert set(chunks) <= {"IHDR", "PLTE", "IDAT", "IEND"}, chunks
    assert len(data) < 150_000


def test_a_card_with_a_photo_is_a_jpeg_without_exif():
    photo = Image.linear_gradient("L").resize((1600, 1200)).convert("RGB")
    exif = Image.Exif()
    exif[0x0110] = "Phone 12"  # camera model: must not reach the card
    card = story(photo=cards.Photo(encode(photo, "JPEG", exif=exif), "stories/tafarn-sinc/bar.jpg"))
    assert cards.card_format(card) == "JPEG"
    data = cards.draw_card(card)
    image = opened(data)
    assert (image.format, image.size) == ("JPEG", (1200, 630))
    assert "exif" not in image.info and b"Phone 12" not in data
    assert cards.card_problems(card) == ()


def test_every_kind_of_page_has_a_card():
    points = ((51.93, -4.796), (56.9, -6.16), (51.497, -2.672))
    specs = [
        story(),
        cards.theme_card(SITE, "Community energy", "Wind, sun and water power owned by the people who live beside it.",
                         "#6ee0bf", points),
        cards.place_card(SITE, "Wales", points[:1]),
        cards.place_card(SITE, "England", points[2:], region="South West"),
        cards.page_card(SITE, "True stories of community-led change", "Across the UK.", points),
        cards.page_card(SITE, "Every story on one map", "", points),
        cards.page_card(SITE, "Subscribe", "Feeds for every theme and place.", panel="feed"),
        cards.page_card(SITE, "Open data", "Every story as GeoJSON.", points),
    ]
    for spec in specs:
        assert opened(cards.draw_card(spec)).size == (1200, 630)
    assert specs[2].chips[0].label == "1 story" and specs[1].chips[0].label == "3 stories"


# Text in its box ----------------------------------------------------------------------------------

@pytest.mark.parametrize("title", [
    "Tafarn Sinc: the corrugated-iron pub Rosebush would not let go",
    "Eigg",
    *WELSH_IRISH,
    HUGE,
    LONG_WORD,
    f"A {LONG_WORD} in a sentence with other words",
])
def test_text_lies_inside_its_box_and_the_canvas(title):
    plan = draw.layout(story(title=title, place="Llanfihangel-yng-Ngwynfa, Powys " * 6))
    assert plan.texts
    for item in (*plan.texts, *(c.label for c in plan.chips)):
        left, top, right, bottom = ink(item)
        bl, bt, br, bb = item.box
        assert bl <= left and right <= br and bt <= top and bottom <= bb, (item.text, (left, top, right, bottom), item.box)
        assert 0 <= left and right <= draw.PANEL[0] and 0 <= top and bottom <= draw.HEIGHT
    title_items = [t for t in plan.texts if t.fill == colours.WHITE]
    assert all(t.size >= 1 for t in title_items)


def test_a_title_is_wrapped_at_spaces_and_shrunk_step_by_step():
    short, long_ = draw.layout(story(title="Eigg")), draw.layout(story(title="The community " * 8))
    short_size = {t.size for t in short.texts if t.fill == colours.WHITE}
    long_size = {t.size for t in long_.texts if t.fill == colours.WHITE}
    assert short_size == {draw.TITLE_SIZES[0]} and max(long_size) < min(short_size)
    lines = [t.text for t in long_.texts if t.fill == colours.WHITE]
    assert len(lines) > 1 and " ".join(lines).split() == ("The community " * 8).split()


def test_a_huge_title_is_cut_at_a_whole_word_with_an_ellipsis():
    lines = [t.text for t in draw.layout(story(title=HUGE)).texts if t.fill == colours.WHITE]
    drawn = " ".join(lines)
    assert drawn.endswith("\u2026")
    words = drawn.removesuffix("\u2026").split()
    assert words == HUGE.split()[:len(words)], "cut inside a word"


def test_a_word_too_long_for_the_line_is_shrunk_whole():
    plan = draw.layout(story(title=LONG_WORD))
    (item,) = [t for t in plan.texts if t.fill == colours.WHITE]
    assert item.text == LONG_WORD and item.size < draw.TITLE_SIZES[-1]
    assert ink(item)[2] <= draw.TEXT_RIGHT


def test_many_themes_fit_in_two_rows_with_a_count_of_the_rest():
    themes = tuple(cards.Chip(f"Theme number {i}", colours.theme_colour(i)) for i in range(14))
    plan = draw.layout(story(themes=themes))
    rows = {c.box[1] for c in plan.chips}
    assert len(rows) <= 2
    assert plan.chips[-1].label.text.startswith("+")
    shown = len(plan.chips) - 1
    assert plan.chips[-1].label.text == f"+{14 - shown}"
    for chip in plan.chips:
        assert draw.TEXT_X <= chip.box[0] and chip.box[2] <= draw.TEXT_RIGHT and chip.box[3] <= draw.HEIGHT


# Glyphs ---------------------------------------------------------------------------------------------

def test_welsh_and_irish_letters_are_real_glyphs_not_notdef():
    assert not card_text.has_glyph("\U0001F600"), "the .notdef check must be able to fail"
    for title in WELSH_IRISH:
        for bold in (True, False):
            missing = [c for c in title if not c.isspace() and not card_text.has_glyph(c, bold)]
            assert missing == [], f"{title!r} ({'bold' if bold else 'regular'}) lacks {missing}"
        plan = draw.layout(story(title=title))
        assert " ".join(t.text for t in plan.texts if t.fill == colours.WHITE) == title


def test_a_diacritic_typed_as_a_combining_mark_is_drawn_as_one_letter():
    assert card_text.drawable("Ty\u0302 Hywel") == "Tŷ Hywel"


def test_emoji_and_letters_the_font_lacks_are_dropped_not_drawn_as_boxes():
    title = "Solar on the roof \u2600\ufe0f\U0001F31E of the hall \u65e5\u672c \u2014 and \ufb01ne"
    assert card_text.missing_glyphs(title)  # emoji and CJK really are missing
    drawn = card_text.drawable(title)
    assert drawn == "Solar on the roof of the hall \u2014 and fine"
    plan = draw.layout(story(title=title, themes=(cards.Chip("Energy \u26a1", "#6ee0bf"),)))
    for item in (*plan.texts, *(c.label for c in plan.chips)):
        assert card_text.missing_glyphs(item.text) == [], item.text
    assert plan.chips[0].label.text == "Energy"
    assert opened(cards.draw_card(story(title="\U0001F600\U0001F600"))).size == (1200, 630)  # falls back to the site name


# Colours --------------------------------------------------------------------------------------------

def test_text_colours_meet_wcag_aa():
    for colour in (colours.WHITE, colours.LAVENDER, colours.MINT):
        assert colours.contrast(colour, colours.PURPLE) >= 4.5, colour
    for chip in colours.DEFAULT_THEME_COLOURS:
        assert colours.contrast(colours.text_on(chip), chip) >= 4.5, chip
        assert colours.contrast(chip, colours.PURPLE) >= 3, chip  # the chip itself is seen (WCAG 1.4.11)


def test_a_dark_theme_colour_gets_white_text_and_an_outline():
    plan = draw.layout(story(themes=(cards.Chip("Community pubs", "#2a1450"),)))
    assert plan.chips[0].label.fill == colours.WHITE and plan.chips[0].outline is not None
    with pytest.raises(ValueError, match="#rrggbb"):
        colours.rgb("red")


# The map --------------------------------------------------------------------------------------------

def test_the_story_point_and_nation_are_marked_on_the_map():
    image = opened(cards.draw_card(story()))
    assert near(panel_pixel(image, 51.930, -4.796), colours.MARKER)  # the pin on Rosebush
    assert near(panel_pixel(image, 52.4, -3.5), colours.HIGHLIGHT)  # Wales (mid Wales) highlighted
    assert near(panel_pixel(image, 52.5, -1.5), colours.PURPLE_LIGHT)  # England (Birmingham) not


def test_a_region_card_highlights_england_and_marks_the_region_stories():
    image = opened(cards.draw_card(cards.place_card(SITE, "England", ((53.41, -2.96),), region="North West")))
    assert near(panel_pixel(image, 53.41, -2.96), colours.MINT)
    assert near(panel_pixel(image, 52.5, -1.5), colours.HIGHLIGHT)
    assert near(panel_pixel(image, 52.4, -3.5), colours.PURPLE_LIGHT)  # Wales is not the subject


def test_the_map_card_shows_every_story_as_a_dot():
    points = ((51.497, -2.672), (56.9, -6.16), (54.6, -5.93), (53.8, -1.55))
    image = opened(cards.draw_card(cards.page_card(SITE, "Every story on one map", "", points)))
    for lat, lon in points:
        assert near(panel_pixel(image, lat, lon), colours.MINT), (lat, lon)


# Same bytes, and the cache ---------------------------------------------------------------------------

def test_the_same_card_is_the_same_bytes_twice_and_in_a_fresh_process():
    first, second = cards.draw_card(story()), cards.draw_card(story())
    assert first == second
    script = ("import sys; from storysite.pictures import cards; sys.stdout.buffer.write(cards.draw_card("
              "cards.story_card('Stories from Community Britain', "
              "'Tafarn Sinc: the corrugated-iron pub Rosebush would not let go', 'Rosebush, Pembrokeshire', "
              "'Wales', 51.930, -4.796, (cards.Chip('Community pubs', '#ff9e80'), cards.Chip('Heritage', '#e9d8a6')))))")
    env = {**os.environ, "PYTHONPATH": str(REPO / "hooks")}
    fresh = subprocess.run([sys.executable, "-c", script], capture_output=True, check=True, env=env).stdout
    assert fresh == first


def test_a_second_run_draws_nothing_and_gives_the_same_bytes(tmp_path, monkeypatch):
    specs = [story(), story(title="Ynys Môn"), cards.page_card(SITE, "Subscribe", panel="feed")]
    first = [cards.cached_card(s, tmp_path) for s in specs]
    assert sum(c.drew for c in first) == 3
    second = [cards.cached_card(s, tmp_path) for s in specs]
    assert sum(c.drew for c in second) == 0
    assert [c.data for c in second] == [c.data for c in first] == [cards.draw_card(s) for s in specs]
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".png"] * 3  # no partial files left
    assert cards.cached_card(story(title="Ynys Môn, Gwynedd"), tmp_path).drew  # a changed input draws again
    monkeypatch.setattr(card_files, "DRAWING_VERSION", "test-next")
    assert cards.cached_card(specs[0], tmp_path).drew  # new drawing code: cached cards are stale


def test_the_cache_key_covers_photo_bytes_not_the_photo_name():
    a = cards.Photo(encode(Image.new("RGB", (900, 900), "red"), "JPEG"), "stories/x/a.jpg")
    b = cards.Photo(encode(Image.new("RGB", (900, 900), "blue"), "JPEG"), "stories/x/a.jpg")
    renamed = cards.Photo(a.data, "stories/x/renamed.jpg")
    assert cards.card_key(story(photo=a)) != cards.card_key(story(photo=b))
    assert cards.card_key(story(photo=a)) == cards.card_key(story(photo=renamed))


# Bad photos -----------------------------------------------------------------------------------------

def photo_card(image: Image.Image, fmt: str = "PNG", **options) -> cards.Card:
    return story(photo=cards.Photo(encode(image, fmt, **options), "stories/tafarn-sinc/bar.png"))


def panel_centre(card: cards.Card) -> tuple[int, int, int]:
    image = opened(cards.draw_card(card)).convert("RGB")
    return image.getpixel((draw.PANEL[0] + draw.PANEL_WIDTH // 2, draw.HEIGHT // 2))


def test_cmyk_photo_is_converted():
    card = photo_card(Image.new("CMYK", (900, 900), (0, 255, 255, 0)), "JPEG")
    assert cards.card_format(card) == "JPEG" and near(panel_centre(card), "#ff0000", 20)


def test_16_bit_photo_is_scaled_not_clipped_to_white():
    grey = Image.new("I", (900, 900), 128 * 256).convert("I;16")
    card = photo_card(grey)
    assert opened(card.photo.data).mode == "I;16"
    assert near(panel_centre(card), "#808080", 6)


@pytest.mark.parametrize("mode", ["P", "P-transparent", "LA", "RGBA"])
def test_palette_and_transparent_photos_are_laid_on_the_card_colour(mode):
    if mode == "P":
        image, options = Image.new("RGB", (900, 900), "blue").convert("P"), {}
        expected = "#0000ff"
    elif mode == "P-transparent":
        image = Image.new("P", (900, 900), 0)
        image.putpalette([255, 0, 0, 0, 255, 0])
        options, expected = {"transparency": 0}, colours.PURPLE_DARK
    else:
        image, options = Image.new(mode, (900, 900), (200, 0) if mode == "LA" else (255, 0, 0, 0)), {}
        expected = colours.PURPLE_DARK  # fully transparent: the card's colour, not black
    card = photo_card(image, **options)
    assert cards.card_format(card) == "JPEG"
    assert near(panel_centre(card), expected, 6), panel_centre(card)


def test_a_phone_photo_is_turned_upright():
    stored = Image.new("RGB", (1200, 800), "red")
    stored.paste(Image.new("RGB", (600, 800), "blue"), (600, 0))  # left red, right blue, as stored
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: shown turned 90 degrees clockwise, so left becomes top
    card = photo_card(stored, "JPEG", exif=exif)
    image = opened(cards.draw_card(card)).convert("RGB")
    x = draw.PANEL[0] + draw.PANEL_WIDTH // 2
    assert near(image.getpixel((x, 60)), "#ff0000", 30) and near(image.getpixel((x, 570)), "#0000ff", 30)


def test_a_photo_too_small_gives_the_map_card_and_a_message_naming_the_file():
    card = photo_card(Image.new("RGB", (120, 90), "red"))
    assert cards.card_format(card) == "PNG"
    (problem,) = cards.card_problems(card)
    assert problem.startswith("stories/tafarn-sinc/bar.png (image.file): 120x90 px is too small")
    assert "at least 220x315 px" in problem
    assert near(panel_pixel(opened(cards.draw_card(card)), 51.930, -4.796), colours.MARKER)


def test_a_photo_that_is_not_an_image_gives_the_map_card_and_a_message():
    card = story(photo=cards.Photo(b"<html>not a photo</html>", "stories/tafarn-sinc/bar.jpg"))
    (problem,) = cards.card_problems(card)
    assert problem.startswith("stories/tafarn-sinc/bar.jpg (image.file): cannot be read as an image")
    assert opened(cards.draw_card(card)).format == "PNG"
