"""'Did you mean …?' hints for misspelt keys and vocabulary words."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice a contributor most likely meant: same word in other capitals, or a near spelling."""
    options = list(choices)
    for option in options:
        if option.casefold() == word.casefold():
            return option
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A hint sentence naming the closest choice, or an empty string when nothing is close."""
    match = closest(word, choices)
    return f" Did you mean '{match}'?" if match else ""


def one_of(choices: Iterable[str]) -> str:
    return ", ".join(f"'{c}'" for c in choices)
