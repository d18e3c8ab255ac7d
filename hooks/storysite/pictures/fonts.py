"""The vendored card font: loading it the same way on every machine, and making text drawable
with it (characters the font lacks are substituted or dropped, never drawn as tofu boxes)."""

from __future__ import annotations

import hashlib
import unicodedata
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

FONT_DIR = Path(__file__).parent / "fonts"
REGULAR = FONT_DIR / "AtkinsonHyperlegibleNext_400Regular.ttf"
BOLD = FONT_DIR / "AtkinsonHyperlegibleNext_700Bold.ttf"
FONT_FILES: tuple[Path, ...] = (REGULAR, BOLD)

# Characters outside the font that have a close, honest stand-in inside it.
_STAND_INS = {
    "\u2212": "-",  # minus sign
    "\u2011": "-",  # non-breaking hyphen
    "\u00a0": " ",  # no-break space
    "\u202f": " ",  # narrow no-break space
    "\u2009": " ",  # thin space
}
# A code point no font maps: whatever FreeType draws for it is the font's .notdef glyph.
_NEVER_MAPPED = "\U0010fffd"


@lru_cache(maxsize=64)
def font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    """The card font at `size` px. Basic layout on purpose: Pillow uses libraqm when a machine has
    it and FreeType's own layout when not, and the two place glyphs differently; basic layout is
    the same everywhere, so cards are the same bytes everywhere."""
    return ImageFont.truetype(str(BOLD if bold else REGULAR), size, layout_engine=ImageFont.Layout.BASIC)


@lru_cache(maxsize=1)
def font_digest() -> str:
    """sha256 of every font file, in order: part of each card's cache key."""
    digest = hashlib.sha256()
    for path in FONT_FILES:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _signature(face: ImageFont.FreeTypeFont, char: str) -> tuple[tuple[int, int], bytes, float]:
    mask = face.getmask(char)
    return mask.size, bytes(mask), face.getlength(char)


@lru_cache(maxsize=4096)
def has_glyph(char: str, bold: bool = True) -> bool:
    """Does the font draw `char` itself, rather than its .notdef box? Pillow has no cmap lookup,
    so compare what FreeType draws with what it draws for a code point no font maps."""
    face = font(bold, 48)
    return _signature(face, char) != _signature(face, _NEVER_MAPPED)


def missing_glyphs(text: str) -> list[str]:
    """The characters of `text` that the font cannot draw, each once, in order."""
    seen: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        if char not in seen and not char.isspace() and not has_glyph(char):
            seen.append(char)
    return seen


def drawable(text: str) -> str:
    """`text` as the font can draw it: composed (w + combining circumflex -> ŵ), stand-ins for a
    few typographic characters, a letter without its accent when only the accent is missing,
    and anything else the font lacks (emoji, other scripts) dropped; spaces tidied after."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        char = _STAND_INS.get(char, char)
        if char.isspace():
            out.append(" ")
        elif has_glyph(char):
            out.append(char)
        else:
            # Compatibility forms ('ﬁ' -> 'fi', '①' -> '1') and accented letters the font lacks
            # ('ǹ' -> 'n'); emoji and variation selectors decompose to nothing drawable.
            base = "".join(c for c in unicodedata.normalize("NFKD", char)
                           if not unicodedata.combining(c) and has_glyph(c))
            out.append(base)
    return " ".join("".join(out).split())
