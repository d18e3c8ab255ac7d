"""Drawing a Card: where each piece goes (layout, pure and measurable) and the pixels and file
bytes that come out (draw_card), identical on every machine.

A 1200x630 card (the size Open Graph, Mastodon, Bluesky, WhatsApp and LinkedIn all crop least):
text on the site's purple on the left, a 440 px picture panel on the right (the locator map, a
story's photo, or the feed symbol). PNG when the card is flat colour and text (crisp, and small
once reduced to a palette); JPEG when it carries a photo (a photo in PNG is five to ten times
larger, and some apps give up on previews over a few hundred kB)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from PIL import Image, ImageDraw

from . import colours
from .card_text import drawable, font
from .locator_map import draw_locator, load_land
from .card_photo import Photo, cover, decode
from .card_content import Card
from .card_text import Fitted, fit, overhang

WIDTH, HEIGHT = 1200, 630
MARGIN = 64
PANEL_WIDTH = 440
PANEL = (WIDTH - PANEL_WIDTH, 0, WIDTH, HEIGHT)
TEXT_X = MARGIN
TEXT_RIGHT = PANEL[0] - 56
TEXT_WIDTH = TEXT_RIGHT - TEXT_X
TOP = 52
BOTTOM = HEIGHT - 52
CHIP_HEIGHT = 48
CHIP_PAD = 20
CHIP_GAP = 12
CHIP_ROWS = 2
TITLE_SIZES = tuple(range(80, 39, -4))
SUBTITLE_SIZES = (34, 32, 30, 28, 26, 24)
SITE_SIZES = (30, 28, 26, 24, 22, 20)
CHIP_SIZES = (26, 24, 22, 20, 18, 16)
MARKER_INDENT = 34  # room for the small pin before a story's place line
JPEG_OPTIONS = {"quality": 86, "optimize": True, "subsampling": 0}  # 4:4:4 keeps the text edges clean

Box = tuple[int, int, int, int]  # left, top, right, bottom


@dataclass(frozen=True)
class TextItem:
    text: str
    x: int
    y: int  # top of the line's ascent (Pillow anchor 'la')
    size: int
    bold: bool
    fill: str
    box: Box  # the box the ink must stay inside


@dataclass(frozen=True)
class ChipItem:
    box: Box
    fill: str
    outline: str | None  # for a chip too close in colour to the background
    label: TextItem


@dataclass(frozen=True)
class Layout:
    texts: tuple[TextItem, ...]
    chips: tuple[ChipItem, ...]
    place_dot: tuple[int, int] | None  # centre of the small pin before the place line
    photo: Image.Image | None  # cropped to the panel, when the photo is usable
    problems: tuple[str, ...]  # for the build to report: a photo it could not use


def layout(card: Card) -> Layout:
    """Where everything on the card goes. Pure: the same card gives the same layout."""
    texts: list[TextItem] = []
    site = fit(drawable(card.site_name), TEXT_WIDTH, 60, SITE_SIZES, max_lines=1)
    site_box = (TEXT_X, TOP, TEXT_RIGHT, TOP + site.height)
    texts += _lines(site, TEXT_X, TOP, colours.MINT, site_box)

    chips = _chips(card)
    chips_top = min((c.box[1] for c in chips), default=BOTTOM + 1)
    area_top, area_bottom = site_box[3] + 28, chips_top - 36

    subtitle_text = drawable(card.subtitle)
    indent = MARKER_INDENT if card.place_marker and subtitle_text else 0
    subtitle = fit(subtitle_text, TEXT_WIDTH - indent, (area_bottom - area_top) // 2, SUBTITLE_SIZES,
                   bold=False, leading=1.25, max_lines=3)
    gap = 22 if subtitle.lines else 0
    title_text = drawable(card.title) or drawable(card.site_name) or "Untitled"
    title = fit(title_text, TEXT_WIDTH, area_bottom - area_top - subtitle.height - gap, TITLE_SIZES, leading=1.1,
                max_lines=5)
    # The title and place line sit together, centred in the space between site name and chips.
    block = title.height + gap + subtitle.height
    y = area_top + max(0, (area_bottom - area_top - block) // 2)
    texts += _lines(title, TEXT_X, y, colours.WHITE, (TEXT_X, area_top, TEXT_RIGHT, area_bottom))
    y += title.height + gap
    texts += _lines(subtitle, TEXT_X + indent, y, colours.LAVENDER, (TEXT_X, area_top, TEXT_RIGHT, area_bottom))
    place_dot = None
    if indent:
        ascent = font(False, subtitle.size).getmetrics()[0]
        place_dot = (TEXT_X + 11, y + round(ascent * 0.62))

    photo, problems = None, ()
    if card.photo is not None:
        decoded = _decoded(card.photo)
        if decoded.image is not None:
            photo = cover(decoded.image, (PANEL_WIDTH, HEIGHT))
        else:
            problems = (decoded.problem,)
    return Layout(tuple(texts), chips, place_dot, photo, problems)


def card_format(card: Card) -> Literal["PNG", "JPEG"]:
    """JPEG when the card shows a photo, else PNG; the same answer draw_card acts on."""
    return "JPEG" if card.photo is not None and _decoded(card.photo).image is not None else "PNG"


def card_problems(card: Card) -> tuple[str, ...]:
    """What the build should tell the contributor (a photo it could not use, with file and field)."""
    return layout(card).problems


def render(card: Card) -> Image.Image:
    """The card as an RGB image."""
    plan = layout(card)
    image = Image.new("RGB", (WIDTH, HEIGHT), colours.rgb(colours.PURPLE))
    image.paste(plan.photo if plan.photo is not None else _panel(card), PANEL[:2])
    draw = ImageDraw.Draw(image)
    for chip in plan.chips:
        _rounded(image, chip.box, chip.fill, chip.outline)
    if plan.place_dot:
        _dot(image, plan.place_dot)
    for item in (*plan.texts, *(c.label for c in plan.chips)):
        draw.text((item.x, item.y), item.text, font=font(item.bold, item.size), fill=colours.rgb(item.fill),
                  anchor="la")
    return image


def draw_card(card: Card) -> bytes:
    """The card's file: PNG or JPEG (see card_format), with no timestamp or other metadata, so
    the same card is the same bytes on every machine and every run."""
    image = render(card)
    out = io.BytesIO()
    if card_format(card) == "JPEG":
        image.save(out, "JPEG", **JPEG_OPTIONS)
    else:
        # 256 colours hold a flat card and its anti-aliased text in under half the bytes of RGB.
        # (Fast octree: quicker and smaller here than median cut; PNG optimize costs more time
        # than the 10% it saves.)
        image.quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(out, "PNG")
    return out.getvalue()


def _lines(fitted: Fitted, x: int, y: int, fill: str, box: Box) -> list[TextItem]:
    return [TextItem(line, x + overhang(line, fitted.size, fitted.bold), y + i * fitted.line_height, fitted.size,
                     fitted.bold, fill, box)
            for i, line in enumerate(fitted.lines)]


def _chips(card: Card) -> tuple[ChipItem, ...]:
    """Chips left to right in up to CHIP_ROWS rows that end at the bottom margin; any that do
    not fit are summed up in a last '+N' chip."""
    labels = [(drawable(c.label), c.colour) for c in card.chips if drawable(c.label)]
    for keep in range(len(labels), -1, -1):
        shown = labels[:keep]
        if keep < len(labels):
            shown = shown + [(f"+{len(labels) - keep}", colours.LAVENDER)]
        rows = _rows(shown)
        if rows is not None:
            break
    else:
        rows = []  # not reached: no chips always fit
    items = []
    top = BOTTOM - len(rows) * CHIP_HEIGHT - (len(rows) - 1) * CHIP_GAP
    for r, row in enumerate(rows):
        y = top + r * (CHIP_HEIGHT + CHIP_GAP)
        for x, width, label, colour, size in row:
            ascent, descent = font(True, size).getmetrics()
            ty = y + (CHIP_HEIGHT - ascent - descent) // 2 + round(descent * 0.25)
            box = (x, y, x + width, y + CHIP_HEIGHT)
            outline = colours.LAVENDER if colours.contrast(colour, colours.PURPLE) < 3 else None
            items.append(ChipItem(box, colour, outline,
                                  TextItem(label, x + CHIP_PAD, ty, size, True, colours.text_on(colour), box)))
    return tuple(items)


def _rows(chips: list[tuple[str, str]]) -> list[list[tuple[int, int, str, str, int]]] | None:
    """Pack chips into rows, or None when they need more than CHIP_ROWS."""
    rows: list[list[tuple[int, int, str, str, int]]] = [[]] if chips else []
    x = TEXT_X
    for label, colour in chips:
        fitted = fit(label, TEXT_WIDTH - 2 * CHIP_PAD, CHIP_HEIGHT, CHIP_SIZES, max_lines=1)
        label, size = fitted.lines[0], fitted.size
        width = round(font(True, size).getlength(label)) + 2 * CHIP_PAD
        if x > TEXT_X and x + width > TEXT_RIGHT:
            rows.append([])
            x = TEXT_X
        rows[-1].append((x, width, label, colour, size))
        x += width + CHIP_GAP
    return rows if len(rows) <= CHIP_ROWS else None


def _panel(card: Card) -> Image.Image:
    if card.panel == "feed":
        return _feed_symbol(PANEL_WIDTH, HEIGHT)
    return draw_locator(PANEL_WIDTH, HEIGHT, load_land(), card.points, card.highlight, card.marker)


@lru_cache(maxsize=8)
def _decoded(photo: Photo):
    return decode(photo, (PANEL_WIDTH, HEIGHT))


@lru_cache(maxsize=1)
def _feed_symbol(width: int, height: int) -> Image.Image:
    """The web-feed symbol (a dot and two arcs), drawn large for the Subscribe card."""
    s = 4
    image = Image.new("RGB", (width * s, height * s), colours.rgb(colours.PURPLE_DARK))
    draw = ImageDraw.Draw(image)
    size = 220 * s
    x0, y0 = (width * s - size) // 2, (height * s - size) // 2
    bottom_left = (x0, y0 + size)
    mint = colours.rgb(colours.MINT)
    r = 26 * s
    draw.ellipse((x0, y0 + size - 2 * r, x0 + 2 * r, y0 + size), fill=mint)
    for radius in (size * 0.58, size):
        w = 34 * s
        cx, cy = bottom_left
        draw.arc((cx - radius, cy - radius, cx + radius, cy + radius), 270, 360, fill=mint, width=w)
    return image.reduce(s)


def _rounded(image: Image.Image, box: Box, fill: str, outline: str | None) -> None:
    """A pill, anti-aliased by drawing its mask at 4x and scaling it down."""
    s = 4
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    for colour, inset in ((outline, 0), (fill, 2 if outline else 0)):
        if colour is None:
            continue
        mask = Image.new("L", (w * s, h * s), 0)
        ImageDraw.Draw(mask).rounded_rectangle((inset * s, inset * s, (w - inset) * s - 1, (h - inset) * s - 1),
                                               radius=(h // 2 - inset) * s, fill=255)
        image.paste(Image.new("RGB", (w, h), colours.rgb(colour)), (x0, y0), mask.reduce(s))


def _dot(image: Image.Image, centre: tuple[int, int]) -> None:
    """The small pin before a story's place line, in the map marker's colour."""
    s, r = 4, 10
    mask = Image.new("L", (2 * r * s, 2 * r * s), 0)
    ImageDraw.Draw(mask).ellipse((0, 0, 2 * r * s - 1, 2 * r * s - 1), fill=255)
    image.paste(Image.new("RGB", (2 * r, 2 * r), colours.rgb(colours.MARKER)), (centre[0] - r, centre[1] - r),
                mask.reduce(s))

