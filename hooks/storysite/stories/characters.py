"""Invisible and direction-changing characters in a story's text: refused, with the line, the
column and the character's Unicode name, because they make text read differently from how it
looks to a reviewer (a right-to-left override can reverse a title; a zero-width space can hide a
word from search; a run of variation selectors or tag characters can smuggle hidden text).

Refused: control characters (category Cc) other than tab and newline, format characters (Cf),
the line and paragraph separators (Zl, Zp), and Unicode's default-ignorable code points (which
include the variation selectors and Hangul fillers, not all of them Cf).

Allowed where a language or an emoji needs them, and only there:
- ZERO WIDTH JOINER inside an emoji sequence (👩‍👧, 🏳️‍🌈), between two symbols, the first
  perhaps followed by VS16 or a skin tone;
- ZERO WIDTH JOINER and ZERO WIDTH NON-JOINER between two letters or marks of a script that
  uses them to choose letter shapes (Persian and Urdu in Arabic script, Hindi, Bengali, Punjabi,
  Gujarati, Tamil, Malayalam, Sinhala and the other Brahmic scripts);
- one variation selector right after a visible character (VS16 asks for the emoji form of ❤️);
  a second in a row hides data, and is refused;
- tag characters only in an emoji flag sequence: 🏴 then lower-case tag letters then CANCEL TAG,
  which is how the flags of England, Scotland and Wales are written.
Direction marks (LRM, RLM, ALM) and overrides are always refused: in the body, `dir` on a span
sets a passage's direction; elsewhere the browser lays out right-to-left text without them."""

from __future__ import annotations

import re
import unicodedata

ZWNJ, ZWJ = "\u200c", "\u200d"
VS16 = "\ufe0f"
BLACK_FLAG, CANCEL_TAG = "\U0001f3f4", "\U000e007f"
ALLOWED_CONTROLS = frozenset("\t\n")
REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})
# Default_Ignorable_Code_Point (Unicode's DerivedCoreProperties.txt) outside the categories above.
DEFAULT_IGNORABLE = ((0x034F, 0x034F), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F),
                     (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8),
                     (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF))
VARIATION_SELECTORS = ((0xFE00, 0xFE0F), (0xE0100, 0xE01EF), (0x180B, 0x180D), (0x180F, 0x180F))
DIRECTION = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Scripts whose letters ZWJ and ZWNJ shape (the first word of their letters' Unicode names).
JOINING_SCRIPTS = frozenset({
    "ARABIC", "SYRIAC", "NKO", "MANDAIC", "DEVANAGARI", "BENGALI", "GURMUKHI", "GUJARATI", "ORIYA",
    "TAMIL", "TELUGU", "KANNADA", "MALAYALAM", "SINHALA", "KHMER", "MYANMAR", "TIBETAN", "MONGOLIAN",
})


def _printable_hidden() -> re.Pattern[str]:
    """The refused characters that str.isprintable() lets through (it rejects Cc, Cf, Zl, Zp, Zs and
    unassigned ones): the marks and fillers among the default ignorables (variation selectors, Hangul fillers)."""
    codes = sorted({code for low, high in DEFAULT_IGNORABLE + VARIATION_SELECTORS
                    for code in range(low, high + 1) if chr(code).isprintable()})
    ranges: list[list[int]] = []
    for code in codes:  # as ranges: a class of single astral characters is ten times slower
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return re.compile("[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in ranges) + "]")


_PRINTABLE_HIDDEN = _printable_hidden()

_CONTROL_NAMES = {"\x00": "NULL", "\x08": "BACKSPACE", "\x0b": "LINE TABULATION", "\x0c": "FORM FEED",
                  "\x1b": "ESCAPE", "\x7f": "DELETE", "\x85": "NEXT LINE"}


def _in(ranges: tuple[tuple[int, int], ...], char: str) -> bool:
    return any(low <= ord(char) <= high for low, high in ranges)


def is_hidden(char: str) -> bool:
    """Whether a character is invisible or changes the direction of text (whatever its context)."""
    if char in ALLOWED_CONTROLS:
        return False
    return unicodedata.category(char) in REFUSED_CATEGORIES or _in(DEFAULT_IGNORABLE, char) \
        or _in(VARIATION_SELECTORS, char)


def character_name(char: str) -> str:
    """'U+202E RIGHT-TO-LEFT OVERRIDE'; control characters have no name in unicodedata."""
    name = unicodedata.name(char, "") or _CONTROL_NAMES.get(char) or "a control character"
    return f"U+{ord(char):04X} {name}"


def _visible(char: str) -> bool:
    return not char.isspace() and not is_hidden(char)


def _is_symbol(char: str) -> bool:
    return unicodedata.category(char) == "So"


def _joins_letters(before: str, after: str) -> bool:
    """Both neighbours are letters or marks of one of the scripts that use joiners."""
    def script(char: str) -> str | None:
        if unicodedata.category(char)[0] not in "LM":
            return None
        return unicodedata.name(char, "").split(" ", 1)[0] or None
    return script(before) in JOINING_SCRIPTS and script(after) in JOINING_SCRIPTS


def _allowed_here(text: str, index: int) -> bool:
    """Whether the hidden character at `index` is one a language or an emoji needs there."""
    char = text[index]
    before = text[index - 1] if index else ""
    after = text[index + 1] if index + 1 < len(text) else ""
    if char in (ZWJ, ZWNJ) and before and after:
        if _joins_letters(before, after):
            return True
        if char == ZWJ and _is_symbol(after):
            base = text[index - 2] if before == VS16 and index >= 2 else before
            return _is_symbol(base) or 0x1F3FB <= ord(base) <= 0x1F3FF
        return False
    if _in(VARIATION_SELECTORS, char):
        return bool(before) and _visible(before)
    if 0xE0020 <= ord(char) <= 0xE007F:
        return _in_flag_sequence(text, index)
    return False


def _in_flag_sequence(text: str, index: int) -> bool:
    """🏴 + tag letters/digits + CANCEL TAG (the flags of England, Scotland and Wales)."""
    start = index
    while start > 0 and 0xE0020 <= ord(text[start - 1]) <= 0xE007E:
        start -= 1
    if start == 0 or text[start - 1] != BLACK_FLAG:
        return False
    end = index if text[index] == CANCEL_TAG else index + 1
    while end < len(text) and 0xE0020 <= ord(text[end]) <= 0xE007E:
        end += 1
    letters = text[start:end]
    return end < len(text) and text[end] == CANCEL_TAG and 0 < len(letters) <= 6 and all(
        0xE0030 <= ord(c) <= 0xE0039 or 0xE0061 <= ord(c) <= 0xE007A for c in letters)


def _advice(char: str) -> str:
    if char in DIRECTION:
        return ("It changes the direction text is shown in, so the text can read differently from how it "
                "was written. Delete it; to mark a passage in a right-to-left language in the story's text, "
                "put it in an HTML span with the attributes lang and dir (for Urdu, lang ur and dir rtl).")
    if char in (ZWJ, ZWNJ):
        return ("It is kept only inside an emoji or between two letters of a script that joins them "
                "(such as Persian, Urdu or Hindi), and it is not there here. Delete it.")
    return ("It cannot be seen, so reviewers and readers cannot tell it is there. Delete it (it often comes "
            "with pasted text; retyping the words around it removes it).")


def hidden_message(char: str, column: int | None) -> str:
    where = f" at column {column}" if column else ""
    return f"has an invisible character, {character_name(char)}{where}. " + _advice(char)


def hidden_characters(text: str) -> list[tuple[int, int, str]]:
    """(0-based line, 1-based column, character) for each invisible or direction-changing
    character in `text` that no language or emoji needs where it is; each character once per
    line, at its first column."""
    found: list[tuple[int, int, str]] = []
    for number, line in enumerate(text.split("\n")):
        if line.isprintable() and not _PRINTABLE_HIDDEN.search(line):
            continue  # the usual line, checked in C: no Cc, Cf, Zl or Zp, no printable ignorable
        seen: set[str] = set()
        for index, char in enumerate(line):
            if char in seen or not is_hidden(char) or _allowed_here(line, index):
                continue
            seen.add(char)
            found.append((number, index + 1, char))
    return found
