"""The package's public face: everything the build needs to make share cards, in one import."""

from __future__ import annotations

from .card_files import DRAWING_VERSION, CachedCard, cached_card, cached_thumb, card_key
from .draw import HEIGHT, WIDTH, card_format, card_problems, draw_card, layout, render
from .card_text import drawable, missing_glyphs
from .colours import DEFAULT_THEME_COLOURS, is_colour, theme_colour
from .card_photo import Photo
from .card_content import Card, Chip, page_card, place_card, stories_count, story_card, theme_card
from .thumbs import Thumb, draw_thumb, thumb_format

__all__ = [
    "DEFAULT_THEME_COLOURS", "DRAWING_VERSION", "HEIGHT", "WIDTH", "CachedCard", "Card", "Chip", "Photo",
    "Thumb", "cached_card", "cached_thumb", "draw_thumb", "thumb_format", "card_format", "card_key", "card_problems", "draw_card", "drawable", "is_colour", "layout",
    "missing_glyphs", "page_card", "place_card", "render", "stories_count", "story_card", "theme_card",
    "theme_colour",
]
