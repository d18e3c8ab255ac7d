"""The controlled vocabularies kept as data files beside the stories: themes, legal forms and units."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..model import Theme, Unit
from ..pictures.colours import AA_TEXT, best_text_contrast, is_colour, theme_colour
from ..problems import Problem
from .figures import load_units
from .reading import parse_yaml, read_text

THEMES_FILE = "themes.yml"
LEGAL_FORMS_FILE = "legal-forms.yml"
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Vocabulary:
    themes: tuple[Theme, ...]
    legal_forms: tuple[str, ...]
    units: tuple[Unit, ...] = ()  # stories/units.yml, for figures (stories/figures.py)

    def theme(self, slug: str) -> Theme:
        return next(t for t in self.themes if t.slug == slug)

    @property
    def theme_slugs(self) -> tuple[str, ...]:
        return tuple(t.slug for t in self.themes)


def load_vocabulary(stories_dir: Path, shown_dir: str = "stories") -> tuple[Vocabulary | None, list[Problem]]:
    themes, theme_problems = _load_themes(stories_dir / THEMES_FILE, f"{shown_dir}/{THEMES_FILE}")
    forms, form_problems = _load_legal_forms(stories_dir / LEGAL_FORMS_FILE, f"{shown_dir}/{LEGAL_FORMS_FILE}")
    units, unit_problems = load_units(stories_dir, shown_dir)
    problems = theme_problems + form_problems + unit_problems
    if problems:
        return None, problems
    return Vocabulary(themes=tuple(themes), legal_forms=tuple(forms), units=units), []


def _load_list(path: Path, shown_as: str):
    if not path.is_file():
        return None, [Problem(shown_as, None, None,
                              f"is missing. The stories folder needs it: restore it with "
                              f"'git checkout main -- {shown_as}'.")]
    text, problems = read_text(path, shown_as)
    if text is None:
        return None, problems
    parsed, problems = parse_yaml(text, shown_as)
    if parsed is None or problems:
        return None, problems
    if not isinstance(parsed.data, list) or not parsed.data:
        return None, [Problem(shown_as, 1, None, "must be a YAML list with at least one entry ('- ...' lines).")]
    return parsed, []


def _load_themes(path: Path, shown_as: str) -> tuple[list[Theme], list[Problem]]:
    parsed, problems = _load_list(path, shown_as)
    if parsed is None:
        return [], problems
    themes: list[Theme] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(parsed.data):
        where = f"[{index}]"
        line = parsed.line_of(where)
        if not isinstance(entry, dict):
            problems.append(Problem(shown_as, line, where, "each theme must be a mapping with slug, name and description."))
            continue
        unknown = sorted(set(map(str, entry)) - {"slug", "name", "description", "colour"})
        for key in unknown:
            problems.append(Problem(shown_as, parsed.line_of(f"{where}.{key}"), f"{where}.{key}",
                                    "is not a theme field. A theme has only slug, name, description and colour."))
        values = {}
        for key in ("slug", "name", "description"):
            value = entry.get(key)
            if value is not None and not isinstance(value, str):
                problems.append(Problem(shown_as, parsed.line_of(f"{where}.{key}") or line, f"{where}.{key}",
                                        f"must be a line of text, not {value!r}. Put it in quotes."))
            elif not isinstance(value, str) or not value.strip():
                slug = entry.get("slug")
                which = f" for the theme '{slug}'" if key != "slug" and isinstance(slug, str) and slug.strip() else ""
                problems.append(Problem(shown_as, parsed.line_of(f"{where}.{key}") or line, f"{where}.{key}",
                                        f"is missing{which}. Give every theme a {key} (a line of text)."))
            elif "<" in value or ">" in value:
                # Theme names become page titles, which the theme prints without escaping.
                problems.append(Problem(shown_as, parsed.line_of(f"{where}.{key}") or line, f"{where}.{key}",
                                        "must be plain text: '<' and '>' are not allowed."))
            values[key] = value.strip() if isinstance(value, str) else ""
        slug = values["slug"]
        if slug and not SLUG_PATTERN.match(slug):
            problems.append(Problem(shown_as, parsed.line_of(f"{where}.slug"), f"{where}.slug",
                                    f"'{slug}' must be lower-case letters, digits and hyphens, e.g. 'community-energy'."))
        if slug in seen:
            problems.append(Problem(shown_as, parsed.line_of(f"{where}.slug"), f"{where}.slug",
                                    f"'{slug}' is used by two themes (also at line {seen[slug]}). Give each theme its own slug."))
        elif slug:
            seen[slug] = parsed.line_of(f"{where}.slug") or 0
        colour, problem = _colour(entry.get("colour"), index)
        if problem:
            problems.append(Problem(shown_as, parsed.line_of(f"{where}.colour") or line, f"{where}.colour", problem))
        themes.append(Theme(**values, colour=colour))
    return themes, problems


def _colour(value: object, index: int) -> tuple[str, str | None]:
    """The theme's chip colour ('#rrggbb', lower-case), or the default palette's when left out;
    a colour that neither dark nor white chip text can be read on at AA is refused."""
    if value is None:
        return theme_colour(index), None
    if not isinstance(value, str) or not is_colour(value.strip()):
        return theme_colour(index), (f"'{value}' is not a colour. Write it as \"#rrggbb\" in quotes, "
                                     "for example colour: \"#6ee0bf\".")
    colour = value.strip().lower()
    best = best_text_contrast(colour)
    if best < AA_TEXT:
        return colour, (f"'{value}' is too mid-toned: neither dark nor white chip text on it reaches "
                        f"{AA_TEXT}:1 contrast (the better is {best:.1f}:1). Choose a lighter or a darker "
                        "colour, for example \"#6ee0bf\".")
    return colour, None


def _load_legal_forms(path: Path, shown_as: str) -> tuple[list[str], list[Problem]]:
    parsed, problems = _load_list(path, shown_as)
    if parsed is None:
        return [], problems
    forms: list[str] = []
    for index, entry in enumerate(parsed.data):
        if not isinstance(entry, str) or not entry.strip():
            problems.append(Problem(shown_as, parsed.line_of(f"[{index}]"), f"[{index}]",
                                    "each legal form must be a line of text, e.g. '- community benefit society'."))
        elif entry.strip() in forms:
            problems.append(Problem(shown_as, parsed.line_of(f"[{index}]"), f"[{index}]",
                                    f"'{entry.strip()}' is listed twice. Delete one."))
        else:
            forms.append(entry.strip())
    return forms, problems
