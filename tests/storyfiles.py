"""Writing small story folders for tests: a valid story, and ways to break it."""

from __future__ import annotations

import shutil
from pathlib import Path

from storysite.stories.rendering import read_site_context

REPO = Path(__file__).resolve().parent.parent

# A published story has 250 to 600 words (stories/publication_rules.py); this is 305.
BODY = "\n" + "\n\n".join(
    " ".join(["Neighbours met in the old hall every week and talked about what the village needed."] * 5)
    for _ in range(4)) + "\n"

VALID_STORY = """---
title: A hall for Llanfair
summary: Residents bought their village hall and now run it together.
date: 2026-03-01
place:
  name: Llanfair Caereinion
  latitude: 52.6480
  longitude: -3.3280
  nation: Wales
themes: [community-spaces]
organisation:
  name: Llanfair Hall Society
  legal_form: community benefit society
authors:
  - Jo Bloggs
sources:
  - title: Village news
    url: https://news.llanfair.test/hall
---

The story of the hall.
""" + BODY


# How the site renders and links story bodies, read from its mkdocs.yml as `make validate` reads it.
SITE = read_site_context(REPO / "mkdocs.yml")[0]


def new_stories_folder(root: Path) -> Path:
    """An empty stories folder with the site's real vocabularies."""
    folder = root / "stories"
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("themes.yml", "legal-forms.yml", "units.yml"):
        shutil.copy2(REPO / "stories" / name, folder / name)
    return folder


def write_story(folder: Path, slug: str, text: str | bytes = VALID_STORY) -> Path:
    story_dir = folder / slug
    story_dir.mkdir(parents=True, exist_ok=True)
    path = story_dir / "index.md"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def build_stories(root: Path, stories: dict[str, str], repo: str | None = None, epoch: str | None = None):
    """A copy of the project with only `stories` (slug -> index.md text), built under `root`;
    with `repo`, mkdocs.yml sets repo_url (and edit_uri) to it; with `epoch`, the build's day."""
    from sitebuild import build_env, copy_project, run_build

    folder = new_stories_folder(root / "input")
    for slug, text in stories.items():
        write_story(folder, slug, text)
    project = copy_project(root / "project", folder)
    if repo:
        config = project / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8") + f"\nrepo_url: {repo}\nedit_uri: edit/main/docs/\n",
                          encoding="utf-8")
    env = build_env()
    if epoch:
        env["SOURCE_DATE_EPOCH"] = epoch
    return run_build(project, root / "site", env=env)
