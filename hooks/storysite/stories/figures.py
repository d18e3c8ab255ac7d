"""Structured figures in a story: the units vocabulary (stories/units.yml) and the checks of a
story's `figures:` list (value, unit, label, source), worded for the contributor.

A story may list each unit+label once: the numbers page adds figures up per unit, so the same
thing written twice would be counted twice."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..model import Figure, Unit
from ..problems import Problem, closest, one_of
from .reading import parse_yaml, read_text

UNITS_FILE = "units.yml"
FIGURE_KEYS = ("value", "unit", "label", "source")
UNIT_KEYS = ("slug", "name", "symbol", "description", "total", "whole", "aliases")
LABEL_MAX = 80
YEARS = (1000, 2100)

Add = Callable[[str, str], None]  # (field, message): how the schema records a problem


def load_units(stories_dir: Path, shown_dir: str = "stories") -> tuple[tuple[Unit, ...], list[Problem]]:
    """The units vocabulary. A missing file means no story may have figures (an old stories folder)."""
    path, shown_as = stories_dir / UNITS_FILE, f"{shown_dir}/{UNITS_FILE}"
    if not path.is_file():
        return (), []
    text, problems = read_text(path, shown_as)
    if text is None:
        return (), problems
    parsed, problems = parse_yaml(text, shown_as)
    if parsed is None or problems:
        return (), problems
    if not isinstance(parsed.data, list):
        return (), [Problem(shown_as, 1, None, "must be a YAML list of units ('- slug: ...' entries).")]
    units: list[Unit] = []
    for index, entry in enumerate(parsed.data):
        where = f"[{index}]"

        def problem(key: str, message: str) -> None:
            problems.append(Problem(shown_as, parsed.line_of(f"{where}.{key}"), f"{where}.{key}", message))

        if not isinstance(entry, dict):
            problems.append(Problem(shown_as, parsed.line_of(where), where,
                                    "each unit must be a mapping with slug, name, description, total and whole."))
            continue
        for key in entry:
            if str(key) not in UNIT_KEYS:
                problem(str(key), f"is not a unit field. A unit has {one_of(UNIT_KEYS)}.")
        text_values = {}
        for key in ("slug", "name", "description"):
            value = entry.get(key)
            if not isinstance(value, str) or not value.strip():
                problem(key, f"is missing. Give every unit a {key} (a line of text).")
            text_values[key] = str(value or "").strip()
        for key in ("total", "whole"):
            if not isinstance(entry.get(key), bool):
                problem(key, "must be true or false.")
        symbol = entry.get("symbol")
        if symbol is not None and not isinstance(symbol, str):
            problem("symbol", "must be text, e.g. 'symbol: kW'.")
        aliases = entry.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            problem("aliases", "must be a list of words, e.g. 'aliases: [MW, megawatts]'.")
            aliases = []
        if text_values["slug"] in {u.slug for u in units}:
            problem("slug", f"'{text_values['slug']}' is used by two units. Give each its own slug.")
        units.append(Unit(slug=text_values["slug"], name=text_values["name"],
                          symbol=symbol if isinstance(symbol, str) else None,
                          description=text_values["description"], total=entry.get("total") is True,
                          whole=entry.get("whole") is True, aliases=tuple(aliases)))
    return (tuple(units), []) if not problems else ((), problems)


def check_figures(value: Any, source_count: int, units: tuple[Unit, ...], add: Add) -> tuple[Figure, ...]:
    """The story's figures, each checked; problems go to `add` with the field they are in."""
    if value is None:
        return ()
    if not isinstance(value, list):
        add("figures", "must be a list of figures, each a '- value:' line with 'unit:' and 'source:' "
                       "under it. See docs/contribute.md.")
        return ()
    figures: list[Figure] = []
    seen: dict[tuple[str, str], int] = {}
    for index, item in enumerate(value):
        field = f"figures[{index}]"
        if not isinstance(item, dict):
            add(field, "must have 'value:', 'unit:' and 'source:' lines, e.g. '- value: 4200' then "
                       "'  unit: kw' and '  source: 1'.")
            continue
        for key in item:
            if str(key) not in FIGURE_KEYS:
                hint = closest(str(key), FIGURE_KEYS)
                add(f"{field}.{key}", "is not a field a figure can have."
                    + (f" Did you mean '{hint}'?" if hint else f" Allowed: {one_of(FIGURE_KEYS)}."))
        unit = _unit(item.get("unit"), f"{field}.unit", units, add)
        number = _value(item.get("value"), f"{field}.value", unit, add)
        label = _label(item.get("label"), f"{field}.label", add)
        source = _source(item.get("source"), f"{field}.source", source_count, add)
        if unit is None or number is None or source is None or label is False:
            continue
        key = (unit.slug, (label or "").casefold())
        if key in seen:
            add(field, f"repeats figure {seen[key] + 1} (unit '{unit.slug}'"
                       + (f", label '{label}'" if label else ", no label")
                       + "), so totals would count it twice. Delete one, or give each a label saying what it counts.")
            continue
        seen[key] = index
        figures.append(Figure(value=number, unit=unit, label=label, source=source))
    return tuple(figures)


def _unit(value: Any, field: str, units: tuple[Unit, ...], add: Add) -> Unit | None:
    slugs = tuple(u.slug for u in units)
    if value is None:
        add(field, f"is missing. Use one of {one_of(slugs)} (stories/units.yml).")
        return None
    text = str(value).strip()
    for unit in units:
        if text == unit.slug:
            return unit
    alias = next((u for u in units if text.casefold() in (a.casefold() for a in (u.slug, *u.aliases))), None)
    if alias is None:
        match = closest(text, slugs + tuple(a for u in units for a in u.aliases))
        alias = next((u for u in units if match in (u.slug, *u.aliases)), None) if match else None
    hint = f" Did you mean '{alias.slug}' ({alias.description})?" if alias else ""
    add(field, f"'{text}' is not a unit.{hint} Use one of {one_of(slugs)} from stories/units.yml.")
    return None


def _value(value: Any, field: str, unit: Unit | None, add: Add) -> int | float | None:
    example = f" in {unit.symbol or unit.slug}" if unit else ""
    if value is None:
        add(field, f"is missing. Give the number alone{example}, e.g. 'value: 4200'.")
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        add(field, f"'{value}' is not a number. Write the number alone{example}, with no '£', commas, "
                   "units or words: '£4m' is 'value: 4000000' with 'unit: pounds'; '4.2 MW' is "
                   "'value: 4200' with 'unit: kw'.")
        return None
    if not math.isfinite(value) or value <= 0:
        add(field, f"{value} must be a number above zero.")
        return None
    if unit and unit.whole and value != int(value):
        add(field, f"{value} must be a whole number for the unit '{unit.slug}'.")
        return None
    if unit and unit.slug == "year" and not YEARS[0] <= value <= YEARS[1]:
        add(field, f"{value} is not a year; write it in full, e.g. 'value: 2006'.")
        return None
    return int(value) if value == int(value) else float(value)


def _label(value: Any, field: str, add: Add) -> str | None | bool:
    """The label as one line of text; None when absent; False when wrong."""
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        add(field, "must be a few words of text saying what the figure counts, e.g. "
                   "'label: raised in community shares'.")
        return False
    text = " ".join(value.split())
    if len(text) > LABEL_MAX or "<" in text or ">" in text:
        add(field, f"must be plain text of at most {LABEL_MAX} characters, without '<' or '>'.")
        return False
    return text


def _source(value: Any, field: str, source_count: int, add: Add) -> int | None:
    if value is None:
        add(field, "is missing. Give the number of the source that states the figure, counting the "
                   "story's sources from 1, e.g. 'source: 1' for the first.")
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        add(field, f"must be the number of a source (1 for the first in 'sources:'), not '{value}'.")
        return None
    if not 1 <= value <= source_count:
        listed = f"lists {source_count} source{'s' if source_count != 1 else ''}" if source_count else "lists no sources"
        add(field, f"is {value}, but the story {listed}. Count the sources from 1.")
        return None
    return value


def format_value(value: int | float) -> str:
    """'4,200', '1,540,000', '37.5': thousands separated, no trailing zeros."""
    if isinstance(value, int) or value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def format_figure(value: int | float, unit: Unit) -> str:
    """'4,200 kW', '£255,000', '1,000', '2006' (years unseparated)."""
    if unit.slug == "year":
        return str(int(value))
    number = format_value(value)
    if unit.symbol == "£":
        return f"£{number}"
    return f"{number} {unit.symbol}" if unit.symbol else number
