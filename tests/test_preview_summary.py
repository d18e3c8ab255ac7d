"""scripts/preview_summary.py: what a reviewer reads in a pull request's job summary."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import preview_summary
from preview_summary import ChangedStory, changed_slugs, describe, summary

TODAY = dt.date(2026, 3, 1)


def write(stories: Path, slug: str, front: str) -> None:
    (stories / slug).mkdir(parents=True, exist_ok=True)
    (stories / slug / "index.md").write_text(f"---\n{front}\n---\n\nText.\n", encoding="utf-8")


def test_changed_story_folders_from_changed_paths():
    paths = ["stories/a/index.md", "stories/a/photo.jpg", "stories/b/index.md", "stories/themes.yml",
             "docs/index.md", "README.md"]
    assert changed_slugs(paths) == ["a", "b"]


def test_each_story_says_whether_it_is_in_the_preview(tmp_path):
    write(tmp_path, "live", "title: Live story\ndate: 2026-02-01")
    write(tmp_path, "later", "title: Later story\ndate: 2026-04-01")
    write(tmp_path, "drafted", "title: Drafted story\ndate: 2026-02-01\ndraft: true")
    write(tmp_path, "broken", "title: [unclosed")
    assert describe(tmp_path, "live", TODAY) == ChangedStory(
        "live", "Live story", "in the preview at <http://127.0.0.1:8000/stories/live/>")
    assert "scheduled for 2026-04-01, so not in the preview" in describe(tmp_path, "later", TODAY).status
    assert "a draft, so not in the preview: run `make serve`" in describe(tmp_path, "drafted", TODAY).status
    assert describe(tmp_path, "broken", TODAY) == ChangedStory(
        "broken", None, 'could not be read: see the "Check the stories" job')
    assert describe(tmp_path, "gone", TODAY).status == "removed by this pull request"


def test_summary_says_how_to_open_the_preview():
    text = summary([], "https://github.com/o/r/actions/runs/1/artifacts/2")
    assert "[Download the built site](https://github.com/o/r/actions/runs/1/artifacts/2)" in text
    assert "unzip site-preview.zip -d site-preview" in text
    assert "python3 -m http.server 8000" in text
    assert "<http://127.0.0.1:8000/>" in text
    assert "This pull request changes no stories." in text
    assert "the **site-preview** artifact" in summary([], None)


def test_titles_from_the_pull_request_are_shown_as_text():
    text = summary([ChangedStory("x", "<img src=x onerror=alert(1)> [click](https://evil.example) *bold*",
                                 "in the preview")], None)
    assert "<img" not in text and "](https://evil" not in text
    assert "&lt;img src=x onerror=alert\\(1\\)&gt; \\[click\\]\\(https://evil.example\\) \\*bold\\*" in text


def test_a_folder_name_that_is_not_a_web_address_gets_no_link(tmp_path):
    write(tmp_path, "Bad Name", "title: T\ndate: 2026-02-01")
    assert describe(tmp_path, "Bad Name", TODAY).status.startswith("not in the preview")


def test_main_lists_the_stories_changed_since_the_base_commit(tmp_path, monkeypatch, capsys):
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t"}
    monkeypatch.chdir(tmp_path)

    def git(*args):
        subprocess.run(["git", *args], check=True, capture_output=True, env=env)

    git("init", "-q")
    write(tmp_path / "stories", "old", "title: Old story\ndate: 2026-01-01")
    git("add", ".")
    git("commit", "-qm", "base")
    write(tmp_path / "stories", "new", "title: New story\ndate: 2026-01-02")
    git("add", ".")
    git("commit", "-qm", "change")
    assert preview_summary.main(["--base", "HEAD^1", "--artifact-url", "https://example.test/a"]) == 0
    out = capsys.readouterr().out
    assert "- **New story** (stories/new): in the preview at <http://127.0.0.1:8000/stories/new/>" in out
    assert "Old story" not in out
