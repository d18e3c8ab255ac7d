#!/usr/bin/env python3
"""Write the pull request preview's job summary: how to open the built site, and which stories changed.

python scripts/preview_summary.py --base HEAD^1 --artifact-url URL >> "$GITHUB_STEP_SUMMARY"

Reads only the front matter fields it reports (title, date, draft), with yaml.safe_load; the
story check ("Check the stories") is what judges a story, so a story this cannot read is reported
as such, never as an error here."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ARTIFACT_NAME = "site-preview"


@dataclass(frozen=True)
class ChangedStory:
    slug: str
    title: str | None  # None: removed, or its front matter could not be read
    status: str        # what a reviewer will find in the preview


def changed_slugs(paths: list[str], stories_folder: str = "stories") -> list[str]:
    """Story folder names touched by a change: 'stories/x/index.md', 'stories/x/photo.jpg' -> 'x'."""
    slugs = {parts[1] for parts in (p.split("/") for p in paths)
             if len(parts) >= 3 and parts[0] == stories_folder}
    return sorted(slugs)


def describe(stories_dir: Path, slug: str, today: dt.date) -> ChangedStory:
    index_md = stories_dir / slug / "index.md"
    if not index_md.is_file():
        return ChangedStory(slug, None, "removed by this pull request")
    front = _front_matter(index_md)
    if front is None:
        return ChangedStory(slug, None, "could not be read: see the \"Check the stories\" job")
    title = front.get("title") if isinstance(front.get("title"), str) else None
    if front.get("draft") is True:
        return ChangedStory(slug, title, "a draft, so not in the preview: run `make serve` to see drafts")
    date = front.get("date")
    if isinstance(date, dt.date) and date > today:
        return ChangedStory(slug, title, f"scheduled for {date.isoformat()}, so not in the preview until then")
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug):
        return ChangedStory(slug, title, "not in the preview: its folder name is not a usable web address")
    return ChangedStory(slug, title, f"in the preview at <http://127.0.0.1:8000/stories/{slug}/>")


def summary(stories: list[ChangedStory], artifact_url: str | None) -> str:
    download = (f"[Download the built site]({artifact_url})" if artifact_url
                else f"Download the **{ARTIFACT_NAME}** artifact from the run's Summary page")
    lines = [
        "## Preview of this pull request",
        "",
        f"{download} (a zip file, kept for 14 days; you need to be signed in to GitHub), then:",
        "",
        "```sh",
        f"unzip {ARTIFACT_NAME}.zip -d {ARTIFACT_NAME}",
        f"cd {ARTIFACT_NAME}",
        "python3 -m http.server 8000",
        "```",
        "",
        "and open <http://127.0.0.1:8000/> in a browser. (Opening the HTML files directly, without"
        " the server, breaks search and the map.) The preview is built as the site would be"
        " published today.",
        "",
    ]
    if not stories:
        lines.append("This pull request changes no stories.")
    else:
        lines += ["### Stories this pull request changes", ""]
        for story in stories:
            folder = f"stories/{_markdown_text(story.slug)}"
            name = f"**{_markdown_text(story.title)}** ({folder})" if story.title else folder
            lines.append(f"- {name}: {story.status}")
    return "\n".join(lines) + "\n"


def _front_matter(index_md: Path) -> dict | None:
    try:
        text = index_md.read_text(encoding="utf-8")
        match = re.match(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*$", text, re.DOTALL | re.MULTILINE)
        data = yaml.safe_load(match.group(1)) if match else None
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    return data if isinstance(data, dict) else None


def _markdown_text(text: str) -> str:
    """A title shown as text: no HTML, links or emphasis from the pull request's content."""
    text = " ".join(text.split()).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_\[\]()#|!~])", r"\\\1", text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the commit to compare with, e.g. HEAD^1")
    parser.add_argument("--artifact-url", default="", help="the uploaded artifact's download page")
    parser.add_argument("--stories", default="stories", help="the stories folder (default: stories)")
    args = parser.parse_args(argv)
    diff = subprocess.run(["git", "diff", "--name-only", args.base, "HEAD", "--", args.stories],
                          capture_output=True, text=True)
    if diff.returncode != 0:
        print(f"Could not list the changed files: {diff.stderr.strip()}", file=sys.stderr)
        return 1
    today = dt.datetime.now(dt.timezone.utc).date()
    stories = [describe(Path(args.stories), slug, today)
               for slug in changed_slugs(diff.stdout.splitlines(), args.stories.rstrip("/"))]
    sys.stdout.write(summary(stories, args.artifact_url or None))
    return 0


if __name__ == "__main__":
    sys.exit(main())
