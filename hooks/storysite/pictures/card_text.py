"""The vendored card font: loading it the same way on every machine, and making text drawable
with it (characters the font lacks are substituted or dropped, never drawn as tofu boxes);
and fitting text into a box: wrap at spaces (never inside a word), step the size down until the
lines fit, and shrink a single word that is wider than the box on its own."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
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

ELLIPSIS = "\u2026"


@dataclass(frozen=True)
class Fitted:
    lines: tuple[str, ...]
    size: int  # px
    line_height: int  # px from one line's top to the next
    bold: bool

    @property
    def height(self) -> int:
        return block_height(len(self.lines), self.size, self.line_height, self.bold)


def line_height(size: int, leading: float) -> int:
    return round(size * leading)


def block_height(lines: int, size: int, leading_px: int, bold: bool) -> int:
    """From the first line's top to the last line's lowest descender (the font's ascent plus
    descent, which also clears accents on capitals such as Ŵ)."""
    if lines == 0:
        return 0
    ascent, descent = font(bold, size).getmetrics()
    return (lines - 1) * leading_px + ascent + descent


@lru_cache(maxsize=8192)
def text_width(text: str, size: int, bold: bool) -> float:
    """The room the line needs: its advance, widened by any ink that overhangs it at either end
    (a 'Y' or 'W' reaches left of its origin at large sizes). Only the end glyphs can overhang,
    so only they are measured for ink: a whole-line bounding box costs twice the advance."""
    face = font(bold, size)
    if not text:
        return 0.0
    return face.getlength(text) + overhang(text, size, bold) + _right_overhang(text[-1], size, bold)


@lru_cache(maxsize=4096)
def _left_bearing(char: str, size: int, bold: bool) -> int:
    return font(bold, size).getbbox(char, anchor="la")[0]


@lru_cache(maxsize=4096)
def _right_overhang(char: str, size: int, bold: bool) -> float:
    face = font(bold, size)
    return max(0.0, face.getbbox(char, anchor="la")[2] - face.getlength(char))


def overhang(text: str, size: int, bold: bool) -> int:
    """How far the ink reaches left of the line's origin: the line is drawn this much further right."""
    return -min(0, _left_bearing(text[0], size, bold)) if text else 0


def wrap(words: list[str], size: int, bold: bool, width: int, limit: int = 10_000) -> list[str]:
    """Greedy wrapping at spaces; a word wider than `width` gets a line of its own (the caller
    shrinks it). Stops once there are more than `limit` lines: enough to know they do not fit."""
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if current and text_width(candidate, size, bold) > width:
            lines.append(current)
            if len(lines) > limit:
                return lines
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def fit(text: str, width: int, height: int, sizes: tuple[int, ...], *, bold: bool = True,
        leading: float = 1.15, max_lines: int = 99) -> Fitted:
    """The largest size in `sizes` (largest first) at which `text` wraps into at most `max_lines`
    lines inside width x height. Past the smallest size: a word too wide for the line is drawn
    smaller still, just small enough to fit; lines that still do not fit are cut at the last
    whole word that fits, with an ellipsis."""
    words = text.split()
    if not words:
        return Fitted((), sizes[-1], line_height(sizes[-1], leading), bold)
    for size in sizes:
        lines = wrap(words, size, bold, width, limit=max_lines)
        fits_height = (len(lines) <= max_lines
                       and block_height(len(lines), size, line_height(size, leading), bold) <= height)
        if fits_height and all(text_width(line, size, bold) <= width for line in lines):
            return Fitted(tuple(lines), size, line_height(size, leading), bold)
    size = sizes[-1]
    widest = max(text_width(word, size, bold) for word in words)
    if widest > width:  # one word longer than the line: shrink it to the width, never overflow
        size = max(1, int(size * width / widest))
        while size > 1 and max(text_width(word, size, bold) for word in words) > width:
            size -= 1
    while size > 1 and block_height(1, size, line_height(size, leading), bold) > height:
        size -= 1  # a box lower than one line at the smallest size: still never overflow
    lh = line_height(size, leading)
    room = 1
    while room < max_lines and block_height(room + 1, size, lh, bold) <= height:
        room += 1
    lines = wrap(words, size, bold, width, limit=room)
    if len(lines) > room:
        lines = lines[:room]
        lines[-1] = _with_ellipsis(lines[-1], size, bold, width)
    return Fitted(tuple(lines), size, lh, bold)


def _with_ellipsis(line: str, size: int, bold: bool, width: int) -> str:
    """The line, shortened by whole words until '…' fits after it (a lone word keeps its place
    and goes without the ellipsis rather than being cut)."""
    words = line.split()
    while words:
        candidate = " ".join(words) + ELLIPSIS
        if text_width(candidate, size, bold) <= width:
            return candidate
        if len(words) == 1:
            return words[0]
        words.pop()
    return line
