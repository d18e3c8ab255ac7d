"""Problems found in contributors' input, worded for the contributor who has to fix them, with
'did you mean …?' hints."""

from __future__ import annotations

from dataclasses import dataclass
import difflib
from collections.abc import Iterable


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file: where it is, which field, what is wrong and how to fix it."""

    path: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class InputError(Exception):
    """Raised with every problem found, so that one run reports them all."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.path, p.line or 0, p.field or "", p.message))
        super().__init__(format_report(self.problems))


def format_report(problems: list[Problem]) -> str:
    files = len({p.path for p in problems})
    noun = "problem" if len(problems) == 1 else "problems"
    fnoun = "file" if files == 1 else "files"
    lines = [f"Found {len(problems)} {noun} in {files} {fnoun}. Please fix these and try again:"]
    lines += [f"  {p}" for p in problems]
    return "\n".join(lines)


# Did you mean -----------------------------------------------------------------------------------

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
