"""Colours of the share cards: the site's own, a default palette for theme chips, and WCAG contrast."""

from __future__ import annotations

import re

RGB = tuple[int, int, int]

# The site's colours (docs/assets/stylesheets/stories.css): cards look like the site they link to.
PURPLE = "#3b1d6e"  # --md-primary-fg-color: the card's background
PURPLE_DARK = "#2a1450"  # --md-primary-fg-color--dark: the sea behind the map
PURPLE_LIGHT = "#5b3a91"  # --md-primary-fg-color--light: land on the map
LAVENDER = "#e6dcfa"  # --story-chip-fg in the dark scheme: secondary text
MINT = "#6ee0bf"  # --md-accent-fg-color in the dark scheme: the site name, dots on the map
WHITE = "#ffffff"
INK = "#1b1030"  # text on light chips
NEIGHBOUR = "#352060"  # Ireland and the Isle of Man: there, but not the subject
HIGHLIGHT = "#9a7fd1"  # the nation a place page is about
MARKER = "#ffd166"  # the story's own point: warm, so it stands out from purple and mint

# Theme chips when a theme has no colour of its own: light tints that carry INK text at AA
# (>= 4.5:1) and stand out from the purple background (>= 3:1, WCAG 1.4.11).
DEFAULT_THEME_COLOURS: tuple[str, ...] = (
    "#6ee0bf",  # mint
    "#ffd166",  # sun
    "#ff9e80",  # coral
    "#9ecbff",  # sky
    "#d4b8ff",  # lilac
    "#b8e986",  # lime
    "#ffb3d1",  # pink
    "#ffd8a8",  # peach
    "#a0e7e5",  # aqua
    "#e9d8a6",  # sand
)

_HEX = re.compile(r"^#([0-9a-fA-F]{6})$")


def is_colour(text: str) -> bool:
    return bool(_HEX.match(text))


def rgb(colour: str) -> RGB:
    """'#3b1d6e' -> (59, 29, 110). Only #rrggbb: the one form a contributor's YAML needs."""
    match = _HEX.match(colour)
    if not match:
        raise ValueError(f"{colour!r} is not a colour: write it as #rrggbb, for example #6ee0bf")
    value = match.group(1)
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def luminance(colour: str) -> float:
    """Relative luminance as WCAG 2.2 defines it."""
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio, 1 to 21."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


AA_TEXT = 4.5  # WCAG 2.2 AA contrast for normal-size text


def best_text_contrast(background: str) -> float:
    """The contrast of the chip text (INK or WHITE, whichever is better) on `background`."""
    return contrast(text_on(background), background)


def text_on(background: str) -> str:
    """INK or WHITE, whichever reads better on `background`."""
    return INK if contrast(INK, background) >= contrast(WHITE, background) else WHITE


def theme_colour(index: int) -> str:
    """A default chip colour for the index-th theme in the vocabulary."""
    return DEFAULT_THEME_COLOURS[index % len(DEFAULT_THEME_COLOURS)]
