"""The story front matter schema: checks one story's fields and builds a `Story` from them.

Hand-written rather than JSON Schema: contributors need messages that say what to do
("add an alt: line describing the photo"), with the line of the field, and did-you-mean hints
for vocabulary words; jsonschema's messages are written for programmers."""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from collections.abc import Callable

from .body import body_structure_problems
from .characters import hidden_characters, hidden_message
from .rendering import Rendered, checked_body
from .publication_rules import publication_problems
from .reading import SplitStory, split_front_matter
from ..geo.places import ENGLISH_REGIONS, NATIONS, UK_LATITUDE, UK_LONGITUDE, in_nation_box
from ..routes import PAGED, slugify
from ..pictures.story_photos import story_photos
from ..geo.places import land_problem
from ..model import Correction, Organisation, Photo, Place, Source, Story
from ..pictures.story_photos import photo_problem
from ..problems import Problem
from ..problems import closest, did_you_mean, one_of
from .vocabulary import SLUG_PATTERN, Vocabulary
from .figures import check_figures
from .reading import ParsedYaml, parse_yaml, read_text

TOP_LEVEL = ("title", "summary", "date", "updated", "place", "themes", "organisation", "image",
             "authors", "sources", "corrections", "draft", "figures")
REQUIRED = ("title", "summary", "date", "place", "themes", "organisation", "authors", "sources")
PLACE_KEYS = ("name", "latitude", "longitude", "nation", "region")
ORGANISATION_KEYS = ("name", "legal_form", "website")
IMAGE_KEYS = ("file", "alt", "credit")
SOURCE_KEYS = ("title", "url")
CORRECTION_KEYS = ("date", "text")
TITLE_MAX = 120
SUMMARY_MAX = 300
CORRECTION_MAX = 500
EARLIEST_DATE = dt.date(1900, 1, 1)


class _Report:
    """Collects problems for one story file, pointing each at its field's line."""

    def __init__(self, shown_as: str, parsed: ParsedYaml | None) -> None:
        self.shown_as = shown_as
        self.parsed = parsed
        self.problems: list[Problem] = []

    def add(self, field: str, message: str, line: int | None = None) -> None:
        if line is None and self.parsed is not None:
            line = self.parsed.line_of(field)
        self.problems.append(Problem(self.shown_as, line, field, message))


def load_story(index_md: Path, slug: str, vocabulary: Vocabulary, shown_as: str,
               render: Callable[[str], Rendered], *, today: dt.date) -> tuple[Story | None, list[Problem]]:
    """Read and check one story file, its body as `render` (the site's Markdown) turns it into
    HTML. Returns the story, or None with every problem found. `today` is the build's day
    (settings.build_today): a correction may not be dated after it."""
    if not SLUG_PATTERN.match(slug):
        return None, [Problem(shown_as, None, None,
                              f"the folder name '{slug}' is used as the story's web address, so it must be "
                              f"lower-case letters, digits and hyphens only, e.g. '{_suggest_slug(slug)}'. "
                              "Rename the folder.")]
    if slug == PAGED:
        return None, [Problem(shown_as, None, None,
                              f"the folder name '{slug}' is taken: the Stories page's later pages are at "
                              f"/stories/{PAGED}/2/ and on. Rename the folder, e.g. '{slug}-story'.")]
    text, problems = read_text(index_md, shown_as)
    if text is None:
        return None, problems
    split, problems = split_front_matter(text, shown_as)
    if split is None:
        return None, problems
    parsed, problems = parse_yaml(split.front_matter, shown_as, split.front_matter_line)
    if parsed is None:
        return None, problems + _hidden_character_problems(split, None, shown_as)
    report = _Report(shown_as, parsed)
    report.problems.extend(problems)
    report.problems.extend(_hidden_character_problems(split, parsed, shown_as))
    data = parsed.data
    if not isinstance(data, dict):
        report.add("", "the front matter must be a set of 'field: value' lines (a YAML mapping), "
                       "not a list or a single value. See docs/contribute.md for an example.",
                   line=split.front_matter_line)
        return None, report.problems

    _unknown_keys(report, data, "", TOP_LEVEL)
    for key in REQUIRED:
        if data.get(key) is None:
            report.add(key, f"is missing. {_HOW_TO_ADD[key]}", line=split.front_matter_line)

    title = _text(report, data, "title", max_length=TITLE_MAX)
    summary = _text(report, data, "summary", max_length=SUMMARY_MAX)
    date = _date(report, data, "date")
    updated = _date(report, data, "updated") if data.get("updated") is not None else None
    if date and updated and updated < date:
        report.add("updated", f"{updated.isoformat()} is before the story's date ({date.isoformat()}). "
                              "'updated' is when the story was last changed, so it cannot come first.")
    place = _place(report, data.get("place"))
    themes = _themes(report, data.get("themes"), vocabulary)
    organisation = _organisation(report, data.get("organisation"), vocabulary)
    image = _image(report, data.get("image"), index_md.parent) if data.get("image") is not None else None
    authors = _text_list(report, data, "authors", "a name")
    sources = _sources(report, data.get("sources"))
    corrections = _corrections(report, data.get("corrections"), date, today)
    figures = _figures(report, data, vocabulary)
    draft = data.get("draft", False)
    if not isinstance(draft, bool):
        report.add("draft", f"must be true or false, not '{draft}'.")

    # Every photo in the folder is published, so each must be readable, not just the hero.
    folder_shown = shown_as.rsplit("/", 1)[0]
    hero_file = data["image"].get("file") if isinstance(data.get("image"), dict) else None
    for other in story_photos(index_md.parent):
        if other.name == hero_file:  # already checked, with the image.file field named
            continue
        problem = photo_problem(index_md.parent, other.name)
        if problem:
            report.problems.append(Problem(f"{folder_shown}/{other.name}", None, None,
                                           problem.replace(f"'{other.name}' is", "this file is", 1)))

    checked = checked_body(split.body, split.body_line, render)
    for line, message in checked.problems + body_structure_problems(split.body, split.body_line):
        report.add("body", message, line=line)

    if report.problems:
        return None, report.problems
    story = Story(
        slug=slug, source_path=index_md, title=title, summary=summary, date=date, updated=updated,
        place=place, themes=themes, organisation=organisation, image=image, authors=authors,
        sources=sources, draft=bool(draft), body=split.body, corrections=corrections, figures=figures,
        body_links=checked.links, body_html=checked.rendered.html, body_headings=checked.rendered.headings,
    )
    for field, message in publication_problems(story):
        report.add(field, message, line=split.body_line if field == "body" else None)
    return (None, report.problems) if report.problems else (story, [])


def _hidden_character_problems(split: SplitStory, parsed: ParsedYaml | None, shown_as: str) -> list[Problem]:
    """Invisible and direction-changing characters (stories/characters.py) anywhere in the file:
    as written on each line, and in front matter values that spell one with a YAML escape
    ("\\u202e"), which only the parsed value shows."""
    problems: list[Problem] = []
    fields = sorted((line, path) for path, line in parsed.lines.items() if path) if parsed else []
    front_lines = split.front_matter.split("\n")
    for offset, column, char in hidden_characters(split.front_matter):
        line = split.front_matter_line + offset
        comment = front_lines[offset].lstrip().startswith("#")  # a YAML comment belongs to no field
        field = None if comment else next((path for at, path in reversed(fields) if at <= line), None)
        problems.append(Problem(shown_as, line, field, hidden_message(char, column)))
    for offset, column, char in hidden_characters(split.body):
        problems.append(Problem(shown_as, split.body_line + offset, "body", hidden_message(char, column)))
    if parsed is not None:
        for path, value in _strings(parsed.data, ""):
            for char in dict.fromkeys(char for _, _, char in hidden_characters(value)):
                if char not in split.front_matter:  # spelt with an escape such as "\\u202e"
                    problems.append(Problem(shown_as, parsed.line_of(path), path or None,
                                            hidden_message(char, None).replace(
                                                "character,", "character, written as a YAML escape,", 1)))
    return problems


def _strings(value: Any, path: str):
    """Every text value (and field name) in parsed YAML, with its field path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            child = f"{path}.{key}" if path else str(key)
            yield child, str(key)
            yield from _strings(item, child)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}[{index}]")


_HOW_TO_ADD = {
    "title": "Add a line such as 'title: The turbine a Bristol estate built'.",
    "summary": "Add 'summary:' with one or two sentences saying what the story is about; it is shown "
               "on story cards, in feeds and to search engines.",
    "date": "Add 'date:' with the day the story is published, as YYYY-MM-DD, e.g. 'date: 2026-03-01'.",
    "place": "Add 'place:' with name, latitude, longitude, nation and (in England) region. "
             "See docs/contribute.md.",
    "themes": "Add 'themes:' with one or more theme slugs from stories/themes.yml, e.g. 'themes: [energy]'.",
    "organisation": "Add 'organisation:' with the name and legal_form of the group the story is about.",
    "authors": "Add 'authors:' with at least one name, e.g. 'authors: [Jo Bloggs]'.",
    "sources": "Add 'sources:' listing at least one page (title and url) that backs the story's facts.",
}


def _suggest_slug(name: str) -> str:
    return slugify(name) or "my-story"


def _unknown_keys(report: _Report, mapping: dict, prefix: str, allowed: tuple[str, ...]) -> None:
    for key in mapping:
        if str(key) not in allowed:
            field = f"{prefix}.{key}" if prefix else str(key)
            hint = did_you_mean(str(key), allowed)
            report.add(field, f"is not a field a story can have.{hint or ' Allowed here: ' + one_of(allowed) + '.'}")


def _text(report: _Report, data: dict, key: str, field: str | None = None, max_length: int | None = None) -> str:
    field = field or key
    value = data.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        report.add(field, f"must be text, not {_describe(value)}. Put it in quotes if it looks like a number or date.")
        return ""
    value = " ".join(value.split())
    if not value:
        report.add(field, "is empty. Write some text after the colon.")
    elif max_length and len(value) > max_length:
        report.add(field, f"is {len(value)} characters long; keep it to {max_length} or fewer.")
    if "<" in value or ">" in value:
        # The theme prints titles and descriptions without escaping them, so a tag here would
        # become live HTML on every page that shows it.
        report.add(field, "must be plain text: '<' and '>' are not allowed. Write 'less than' or use "
                          "other punctuation.")
    return value


def _date(report: _Report, data: dict, key: str, field: str | None = None) -> dt.date | None:
    field = field or key
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        report.add(field, f"must be a date written as YYYY-MM-DD, e.g. '{key}: 2026-03-01', not {_describe(value)}.")
        return None
    text = str(value).strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        report.add(field, f"'{text}' is not a date written as YYYY-MM-DD, e.g. '2026-03-01'.")
        return None
    try:
        date = dt.date.fromisoformat(text)
    except ValueError as error:
        report.add(field, f"{text} is not a real date ({error}). Check the day and the month.")
        return None
    if date < EARLIEST_DATE:
        report.add(field, f"{text} is before {EARLIEST_DATE.year}; check the year.")
        return None
    return date


def _mapping(report: _Report, value: Any, field: str, keys: tuple[str, ...]) -> dict | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        report.add(field, f"must be a group of indented fields ({', '.join(keys)}), not {_describe(value)}.")
        return None
    _unknown_keys(report, value, field, keys)
    return value


def _number(report: _Report, mapping: dict, key: str, field: str) -> float | None:
    value = mapping.get(key)
    if value is None:
        report.add(field, "is missing. Give it in decimal degrees, e.g. 51.4970 (find it on openstreetmap.org).")
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        report.add(field, f"must be a number in decimal degrees such as 51.4970, not {_describe(value)}.")
        return None
    if not math.isfinite(value):  # .nan and .inf are YAML numbers, but not places
        report.add(field, f"must be a number in decimal degrees such as 51.4970, not {str(value).lower()}.")
        return None
    return float(value)


def _place(report: _Report, value: Any) -> Place | None:
    mapping = _mapping(report, value, "place", PLACE_KEYS)
    if mapping is None:
        return None
    name = _text(report, mapping, "name", "place.name")
    if mapping.get("name") is None:
        report.add("place.name", "is missing. Name the town, village or neighbourhood, e.g. 'Stretford, Manchester'.")
    latitude = _number(report, mapping, "latitude", "place.latitude")
    longitude = _number(report, mapping, "longitude", "place.longitude")
    if latitude is not None and not UK_LATITUDE[0] <= latitude <= UK_LATITUDE[1]:
        report.add("place.latitude", f"{latitude} is outside the UK ({UK_LATITUDE[0]} to {UK_LATITUDE[1]}). "
                                     "Latitude is the first of the two numbers a map gives.")
        latitude = None
    if longitude is not None and not UK_LONGITUDE[0] <= longitude <= UK_LONGITUDE[1]:
        report.add("place.longitude", f"{longitude} is outside the UK ({UK_LONGITUDE[0]} to {UK_LONGITUDE[1]}). "
                                      "Places west of Greenwich have a negative longitude, e.g. -2.6720.")
        longitude = None
    nation = mapping.get("nation")
    if nation is not None and not isinstance(nation, str):
        report.add("place.nation", f"must be the nation's name as text, not {_describe(nation)}. Use one of {one_of(NATIONS)}.")
        nation = None
    elif nation is None:
        report.add("place.nation", f"is missing. Use one of {one_of(NATIONS)}.")
    elif nation not in NATIONS:
        report.add("place.nation", f"'{nation}' is not a UK nation.{did_you_mean(str(nation), NATIONS)} "
                                   f"Use one of {one_of(NATIONS)}.")
        nation = None
    region = mapping.get("region")
    if region is not None and not isinstance(region, str):
        report.add("place.region", f"must be the region's name as text, not {_describe(region)}. "
                                   f"Use one of {one_of(ENGLISH_REGIONS)}.")
        region = None
    elif nation == "England":
        if region is None:
            report.add("place.region", f"is missing. Places in England need their region: one of {one_of(ENGLISH_REGIONS)}.")
        elif region not in ENGLISH_REGIONS:
            report.add("place.region", f"'{region}' is not an English region.{did_you_mean(str(region), ENGLISH_REGIONS)} "
                                       f"Use one of {one_of(ENGLISH_REGIONS)}.")
            region = None
    elif nation and region is not None:
        report.add("place.region", f"is only used for places in England. Delete the region line for a place in {nation}.")
        region = None
    if nation and latitude is not None and longitude is not None and not in_nation_box(nation, latitude, longitude):
        report.add("place.latitude", f"{latitude}, {longitude} is not in {nation}. Check the coordinates "
                                     "(latitude first, then longitude; west of Greenwich is negative) "
                                     "and the nation.")
    elif nation and latitude is not None and longitude is not None:
        problem = land_problem(nation, latitude, longitude)  # in the sea, or over a border
        if problem:
            report.add("place.latitude", problem)
    if None in (latitude, longitude, nation) or not name:
        return None
    return Place(name=name, latitude=latitude, longitude=longitude, nation=nation, region=region)


def _themes(report: _Report, value: Any, vocabulary: Vocabulary) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        report.add("themes", "must list one or more theme slugs, e.g. 'themes: [energy, housing]'.")
        return ()
    themes: list[str] = []
    for index, theme in enumerate(value):
        field = f"themes[{index}]"
        if not isinstance(theme, str):
            report.add("themes", f"each theme must be a slug written as text, not {_describe(theme)}. "
                                 f"Write them as 'themes: [energy, housing]'.", line=report.parsed.line_of(field))
        elif theme not in vocabulary.theme_slugs:
            match = closest(str(theme), vocabulary.theme_slugs)
            hint = f"; did you mean '{match}'?" if match else "."
            report.add("themes", f"'{theme}' is not a theme{hint} "
                                 f"Use slugs from stories/themes.yml: {one_of(vocabulary.theme_slugs)}.",
                       line=report.parsed.line_of(field))
        elif theme in themes:
            report.add("themes", f"'{theme}' is listed twice. Delete one.", line=report.parsed.line_of(field))
        else:
            themes.append(theme)
    return tuple(themes)


def _organisation(report: _Report, value: Any, vocabulary: Vocabulary) -> Organisation | None:
    mapping = _mapping(report, value, "organisation", ORGANISATION_KEYS)
    if mapping is None:
        return None
    name = _text(report, mapping, "name", "organisation.name")
    if mapping.get("name") is None:
        report.add("organisation.name", "is missing. Give the name of the group, co-op or trust.")
    form = mapping.get("legal_form")
    if form is not None and not isinstance(form, str):
        report.add("organisation.legal_form", f"must be one legal form written as text, not {_describe(form)}. "
                                              f"Use one of {one_of(vocabulary.legal_forms)}.")
        form = None
    elif form is None:
        report.add("organisation.legal_form", f"is missing. Use one of {one_of(vocabulary.legal_forms)}.")
    elif form not in vocabulary.legal_forms:
        report.add("organisation.legal_form",
                   f"'{form}' is not a legal form we know.{did_you_mean(str(form), vocabulary.legal_forms)} "
                   f"Use one of {one_of(vocabulary.legal_forms)}, or add it to stories/legal-forms.yml.")
        form = None
    website = mapping.get("website")
    if website is not None and not _is_web_url(website):
        report.add("organisation.website", f"'{website}' is not a full web address. Write it as https://example.org/.")
        website = None
    if not name or not form:
        return None
    return Organisation(name=name, legal_form=form, website=website)


def _image(report: _Report, value: Any, story_dir: Path) -> Photo | None:
    mapping = _mapping(report, value, "image", IMAGE_KEYS)
    if mapping is None:
        return None
    file = mapping.get("file")
    alt = _text(report, mapping, "alt", "image.alt")
    credit = _text(report, mapping, "credit", "image.credit")
    if mapping.get("alt") is None:
        report.add("image.alt", "is missing. Describe what the photo shows for readers who cannot see it, "
                                "e.g. 'alt: Volunteers painting the hall's front doors'.")
    if mapping.get("credit") is None:
        report.add("image.credit", "is missing. Say who took the photo and its licence, "
                                   "e.g. 'credit: Photo by Jo Bloggs, CC BY 4.0'.")
    if file is not None and not isinstance(file, str):
        report.add("image.file", f"must be the photo's file name written as text, not {_describe(file)}, "
                                 "e.g. 'file: hall.jpg'.")
        return None
    if not isinstance(file, str) or not file.strip():
        report.add("image.file", "is missing. Name the photo file that sits beside index.md, e.g. 'file: hall.jpg'.")
        return None
    problem = photo_problem(story_dir, file)
    if problem:
        report.add("image.file", problem)
        return None
    if not alt or not credit:
        return None
    return Photo(file=file, path=(story_dir / file).resolve(), alt=alt, credit=credit)


def _text_list(report: _Report, data: dict, key: str, what: str) -> tuple[str, ...]:
    value = data.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        report.add(key, f"must list at least one {what.split()[-1]}, e.g. '{key}: [Jo Bloggs]'.")
        return ()
    items = []
    for index, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            report.add(f"{key}[{index}]", f"must be {what} written as text.")
        elif "<" in item or ">" in item:  # as in every other text field: no HTML anywhere in front matter
            report.add(f"{key}[{index}]", "must be plain text: '<' and '>' are not allowed. Write the name alone.")
        else:
            items.append(" ".join(item.split()))
    return tuple(items)


def _entries(report: _Report, value: Any, name: str, keys: tuple[str, ...], not_a_list: str,
             not_a_mapping: str) -> list[tuple[str, dict]]:
    """A field that lists mappings (sources, corrections): each entry with its field name
    ('sources[0]'), unknown keys reported; a field that is not a non-empty list, or an entry that
    is not a mapping, is reported with the given words and skipped."""
    if value is None:
        return []
    if not isinstance(value, list) or not value:
        report.add(name, not_a_list)
        return []
    entries = []
    for index, item in enumerate(value):
        field = f"{name}[{index}]"
        if not isinstance(item, dict):
            report.add(field, not_a_mapping)
            continue
        _unknown_keys(report, item, field, keys)
        entries.append((field, item))
    return entries


def _sources(report: _Report, value: Any) -> tuple[Source, ...]:
    sources = []
    for field, item in _entries(report, value, "sources", SOURCE_KEYS,
                                "must list at least one source, each with a title and a url.",
                                "must have a 'title:' and a 'url:' line, e.g. '- title: Annual report 2024' "
                                "then '  url: https://example.org/report'."):
        title = _text(report, item, "title", f"{field}.title")
        if item.get("title") is None:
            report.add(f"{field}.title", "is missing. Say what the page is, e.g. 'title: BBC News, 3 May 2024'.")
        url = item.get("url")
        if url is None:
            report.add(f"{field}.url", "is missing. Give the page's full address, starting https://.")
        elif not _is_web_url(url):
            report.add(f"{field}.url", f"'{url}' is not a full web address. Copy it from the browser's address "
                                       "bar, starting https://.")
        elif not url.strip().lower().startswith("https://"):
            report.add(f"{field}.url", f"'{url}' is not a secure (https://) address. Open the page and copy its "
                                       "https:// address; most sites have one. If it has none, find another source.")
        elif title:
            sources.append(Source(title=title, url=url))
    return tuple(sources)


def _corrections(report: _Report, value: Any, story_date: dt.date | None,
                 today: dt.date) -> tuple[Correction, ...]:
    """Corrections as a newsroom publishes them: each says when and what changed. Returned oldest
    first, whatever order they were written in."""
    corrections = []
    for field, item in _entries(report, value, "corrections", CORRECTION_KEYS,
                                "must list one or more corrections, each with a date and a text, e.g. "
                                "'- date: 2026-03-05' then '  text: We corrected the year the hall opened.' "
                                "Delete the line if there are none.",
                                "must have a 'date:' and a 'text:' line, e.g. '- date: 2026-03-05' then "
                                "'  text: We corrected the year the hall opened from 1921 to 1912.'"):
        if item.get("date") is None:
            report.add(f"{field}.date", "is missing. Give the day the story was corrected, as YYYY-MM-DD.")
        if item.get("text") is None:
            report.add(f"{field}.text", "is missing. Say what was wrong and what the story says now.")
        date = _date(report, item, "date", f"{field}.date")
        text = _text(report, item, "text", f"{field}.text", max_length=CORRECTION_MAX)
        if date and date > today:
            report.add(f"{field}.date", f"{date.isoformat()} is after today ({today.isoformat()}). Date a "
                                        "correction the day it is published, not before it happens.")
            date = None
        elif date and story_date and date < story_date:
            report.add(f"{field}.date", f"{date.isoformat()} is before the story's date ({story_date.isoformat()}). "
                                        "A story can only be corrected after it is published.")
            date = None
        if date and text:
            corrections.append(Correction(date=date, text=text))
    return tuple(sorted(corrections, key=lambda c: c.date))


def _figures(report: _Report, data: dict, vocabulary: Vocabulary):
    """`figures:` (stories/figures.py); a source is referred to by its position in `sources:` as written."""
    sources = data.get("sources")
    return check_figures(data.get("figures"), len(sources) if isinstance(sources, list) else 0,
                         vocabulary.units, report.add)


def _is_web_url(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    parsed = urlparse(value.strip())
    return parsed.scheme in ("http", "https") and "." in parsed.netloc and " " not in value.strip()


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    return f"'{value}'"
