#!/usr/bin/env python3
"""Turn a "Suggest a story" issue into a draft story folder: python scripts/story_from_issue.py ISSUE_BODY_FILE

Reads the issue body (a file, or - for standard input) that GitHub makes from the issue form
.github/ISSUE_TEMPLATE/suggest-a-story.yml, writes stories/<slug>/index.md with `draft: true`,
then runs the project's story check on it and prints the same file:line messages. Exit status:
0 written and valid, 1 a problem (message on standard error), 2 wrong usage."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
FORM = REPO / ".github" / "ISSUE_TEMPLATE" / "suggest-a-story.yml"
NO_RESPONSE = "_No response_"  # what GitHub writes for a field left empty
SLUG_MAX = 60


def validate_stories(stories_dir: Path) -> int:
    """The project's story check, exactly as `make validate` runs it: prints every problem as
    file:line: field: message on standard error and returns its exit status.

    The only place this script uses the domain package: if the check moves, change this import."""
    sys.path.insert(0, str(REPO / "hooks"))
    from storysite.cli import main as validate_main
    # Bodies are rendered with the site's own Markdown settings, read from this repository's mkdocs.yml.
    return validate_main([stories_dir.as_posix(), "--config", str(REPO / "mkdocs.yml")])


class IssueProblem(Exception):
    """Something in the issue itself (not the story's fields) that stops a draft being written."""


@dataclass(frozen=True)
class Draft:
    slug: str
    front_matter: dict
    body: str


def form_labels(form_path: Path = FORM) -> dict[str, str]:
    """Field id -> the label GitHub prints as '### Label' in the issue body, in the form's order."""
    form = yaml.safe_load(form_path.read_text(encoding="utf-8"))
    return {item["id"]: item["attributes"]["label"] for item in form["body"] if "id" in item}


def issue_sections(body: str, labels: dict[str, str]) -> dict[str, str | None]:
    """The value of each field. Headings are looked for in the form's order, each after the
    previous one, so a '### ' line inside the story text (the last field) stays story text."""
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    starts: list[tuple[str, int, int]] = []
    position = 0
    for field_id, label in labels.items():
        match = re.compile(rf"^###[ \t]+{re.escape(label)}[ \t]*$", re.MULTILINE).search(text, position)
        if not match:
            raise IssueProblem(f"the issue has no '### {label}' section. It must be made with the "
                               "\"Suggest a story\" form; if the form's headings were edited, restore them.")
        starts.append((field_id, match.start(), match.end()))
        position = match.end()
    values: dict[str, str | None] = {}
    for index, (field_id, _, end) in enumerate(starts):
        stop = starts[index + 1][1] if index + 1 < len(starts) else len(text)
        value = text[end:stop].strip()
        values[field_id] = None if value in ("", NO_RESPONSE) else value
    return values


def slugify(text: str) -> str:
    """"Môn's Tafarn, Llŷn!" -> 'mons-tafarn-llyn', cut at a hyphen to SLUG_MAX characters."""
    folded = unicodedata.normalize("NFKD", re.sub(r"['\u2019]", "", text)).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    if len(slug) > SLUG_MAX:
        slug = slug[:SLUG_MAX + 1].rsplit("-", 1)[0] if "-" in slug[:SLUG_MAX + 1] else slug[:SLUG_MAX]
    return slug


def draft_from_issue(values: dict[str, str | None], today: dt.date) -> Draft:
    """The story's front matter and text. Values are passed on as written (a latitude that is not
    a number stays text), so that the story check, not this script, says what is wrong."""
    if values.get("agreement") is not None and "[ ]" in values["agreement"]:
        raise IssueProblem("Publishing: both boxes must be ticked before a story can be published.")
    slug = slugify(values.get("slug") or values.get("title") or "")
    if not slug:
        raise IssueProblem("Title: is empty, and the story needs one (its web address is made from it). "
                           "Edit the issue and write the headline under Title.")
    place: dict = {"name": _line(values.get("place_name")),
                   "latitude": _number(values.get("latitude")),
                   "longitude": _number(values.get("longitude")),
                   "nation": _line(values.get("nation"))}
    if values.get("region"):
        place["region"] = _line(values["region"])
    organisation: dict = {"name": _line(values.get("organisation")),
                          "legal_form": _line(values.get("legal_form"))}
    if values.get("website"):
        organisation["website"] = _line(values["website"])
    front_matter = {
        "title": _line(values.get("title")),
        "summary": _line(values.get("summary")),
        "date": today,
        "place": place,
        "themes": _themes(values.get("themes")),
        "organisation": organisation,
        "authors": _lines(values.get("authors")),
        "sources": _sources(values.get("sources")),
        "draft": True,
    }
    return Draft(slug=slug, front_matter=front_matter, body=(values.get("story") or "").strip() + "\n")


def story_text(draft: Draft) -> str:
    """index.md: the front matter written by yaml.safe_dump, so any text the issue holds is quoted
    and escaped as YAML needs, never able to add a field or end the front matter early."""
    # A missing field is left out rather than written as null, so the check says "is missing".
    front = {key: value for key, value in draft.front_matter.items() if value is not None}
    for key in ("place", "organisation"):
        front[key] = {k: v for k, v in front[key].items() if v is not None}
    dumped = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)
    return f"---\n{dumped}---\n\n{draft.body}"


def _line(value: str | None) -> str | None:
    return " ".join(value.split()) if value else None


def _lines(value: str | None) -> list[str]:
    """One entry per line; a leading '- ' or '* ' (a Markdown list) is dropped."""
    items = (re.sub(r"^\s*[-*]\s+", "", line).strip() for line in (value or "").splitlines())
    return [item for item in items if item]


def _number(value: str | None) -> float | str | None:
    if value is None:
        return None
    text = value.strip().replace("\u2212", "-")  # a typographic minus, as some maps copy it
    try:
        return float(text)
    except ValueError:
        return text


def _themes(value: str | None) -> list[str]:
    """Ticked boxes, '- [X] Community energy (energy)', give the slug in brackets."""
    themes = []
    for line in (value or "").splitlines():
        ticked = re.match(r"^\s*[-*]\s+\[[xX]\]\s+(.*)$", line)
        if ticked:
            named = re.search(r"\(([^()]+)\)\s*$", ticked.group(1))
            themes.append((named.group(1) if named else ticked.group(1)).strip())
    return themes


def _sources(value: str | None) -> list[dict[str, str]]:
    sources = []
    for number, line in enumerate(_lines(value), start=1):
        title, bar, url = line.rpartition("|")
        if not bar or not title.strip() or not url.strip():
            raise IssueProblem(f"Sources, line {number}: '{line}' is not written as 'title | address'. "
                               "Write each source on its own line, e.g. "
                               "'Bristol Post: the turbine turns | https://www.bristolpost.co.uk/...'.")
        sources.append({"title": " ".join(title.split()), "url": url.strip().strip("<>")})
    return sources


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="story_from_issue.py", description=__doc__.splitlines()[0])
    parser.add_argument("issue_body", help="a file holding the issue's body, or - to read standard input")
    parser.add_argument("--stories", default="stories", type=Path,
                        help="the folder of story folders (default: stories)")
    parser.add_argument("--date", type=dt.date.fromisoformat, default=None,
                        help="the story's date, YYYY-MM-DD (default: today)")
    args = parser.parse_args(argv)
    try:
        body = sys.stdin.read() if args.issue_body == "-" else Path(args.issue_body).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        print(f"{args.issue_body}: cannot read the issue body ({error}).", file=sys.stderr)
        return 2
    try:
        draft = draft_from_issue(issue_sections(body, form_labels()), args.date or dt.date.today())
    except IssueProblem as problem:
        print(f"issue: {problem}", file=sys.stderr)
        return 1
    folder = args.stories / draft.slug
    shown = f"{args.stories.as_posix().rstrip('/')}/{draft.slug}"
    if folder.exists() or folder.is_symlink():
        print(f"issue: {shown}/ already exists, so this story needs another web address. Write one "
              "under 'Web address' in the issue (e.g. the title with the place added).", file=sys.stderr)
        return 1
    folder.mkdir(parents=True)
    (folder / "index.md").write_text(story_text(draft), encoding="utf-8")
    status = validate_stories(args.stories)
    if status != 0:
        print(f"The draft is in {shown}/index.md. Fix the issue's fields and run this again "
              "(delete the folder first), or fix the file itself.", file=sys.stderr)
        return 1
    print(f"Wrote {shown}/index.md as a draft. Read it, check it against its sources, "
          "then remove 'draft: true' to publish it.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
