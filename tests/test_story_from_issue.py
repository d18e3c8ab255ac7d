"""scripts/story_from_issue.py on saved "Suggest a story" issue bodies (tests/data/issues/, in
GitHub's rendering of the form; their texts are written for the tests, not stories for the site):
each becomes a valid draft story folder, or a clear message and exit status 1."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

import story_from_issue

REPO = Path(__file__).resolve().parent.parent
ISSUES = REPO / "tests" / "data" / "issues"
DATE = "2026-01-15"
ENGLAND_SLUG = "stretfords-hall-bought-for-10-and-run-by-its-neighbours"


@pytest.fixture
def stories(tmp_path, monkeypatch) -> Path:
    """An empty stories folder with the site's vocabularies; messages name it 'stories/'."""
    monkeypatch.chdir(tmp_path)
    folder = Path("stories")
    folder.mkdir()
    for name in ("themes.yml", "legal-forms.yml"):
        shutil.copy2(REPO / "stories" / name, folder / name)
    return folder


def run(capsys, body: str | Path, stories: Path, tmp_path_factory=None) -> tuple[int, str, str]:
    if isinstance(body, str):
        path = Path("issue-body.md")
        path.write_text(body, encoding="utf-8", newline="")
    else:
        path = body
    status = story_from_issue.main([str(path), "--stories", str(stories), "--date", DATE])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


def front_matter(path: Path) -> tuple[dict, str]:
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(front), body


def story_folders(stories: Path) -> list[str]:
    return sorted(p.name for p in stories.iterdir() if p.is_dir())


def test_a_good_issue_becomes_a_valid_draft_with_every_field(capsys, stories):
    status, out, err = run(capsys, ISSUES / "good-england.md", stories)
    assert status == 0, err
    assert f"Wrote stories/{ENGLAND_SLUG}/index.md as a draft" in out
    assert "All good: 1 story checked (1 draft)" in out
    front, body = front_matter(stories / ENGLAND_SLUG / "index.md")
    assert front == {
        "title": 'Stretford\'s hall: "bought for £10" and run by its neighbours',
        "summary": "When the council put Stretford Public Hall up for sale, residents took it on. "
                   "Today it hosts a food bank, a youth theatre and a weekly dance.",
        "date": dt.date(2026, 1, 15),
        "place": {"name": "Stretford, Trafford", "latitude": 53.4466, "longitude": -2.3086,
                  "nation": "England", "region": "North West"},
        "themes": ["community-spaces", "heritage"],
        "organisation": {"name": "Stretford Public Hall", "legal_form": "charity",
                         "website": "https://www.stretfordpublichall.com/"},
        "authors": ["Jo Bloggs", "Sam Taylor"],
        "sources": [
            {"title": "Stretford Public Hall: our history", "url": "https://www.stretfordpublichall.com/history"},
            {"title": "Manchester Evening News: the hall bought for £10",
             "url": "https://www.manchestereveningnews.co.uk/news/stretford-public-hall"},
        ],
        "draft": True,
    }
    # A '### ' heading inside the story text stays in the story.
    assert body.lstrip().startswith("When the council put Stretford Public Hall up for sale")
    assert "### What came next" in body and body.rstrip().endswith("new\nones join every year.")


def test_empty_optional_fields_are_left_out_and_an_explicit_web_address_is_used(capsys, stories):
    status, out, err = run(capsys, ISSUES / "good-wales.md", stories)
    assert status == 0, err
    front, _ = front_matter(stories / "llanfair-hall" / "index.md")
    assert front["place"] == {"name": "Llanfair Caereinion", "latitude": 52.648, "longitude": -3.328,
                              "nation": "Wales"}  # a typographic minus read as '-'; no region in Wales
    assert front["organisation"] == {"name": "Cymdeithas Neuadd Llanfair", "legal_form": "community benefit society"}
    assert front["authors"] == ["Siân Ellis"]


def test_windows_line_endings_give_the_same_story(capsys, stories):
    text = (ISSUES / "good-england.md").read_text(encoding="utf-8")
    assert run(capsys, text.replace("\n", "\r\n"), stories)[0] == 0
    written = (stories / ENGLAND_SLUG / "index.md").read_bytes()
    shutil.rmtree(stories / ENGLAND_SLUG)
    assert run(capsys, ISSUES / "good-england.md", stories)[0] == 0
    assert (stories / ENGLAND_SLUG / "index.md").read_bytes() == written
    assert b"\r" not in written


def test_every_region_in_the_form_is_one_the_check_accepts(capsys, stories):
    text = (ISSUES / "good-england.md").read_text(encoding="utf-8")
    form = yaml.safe_load((REPO / ".github" / "ISSUE_TEMPLATE" / "suggest-a-story.yml").read_text(encoding="utf-8"))
    (regions,) = [f["attributes"]["options"] for f in form["body"] if f.get("id") == "region"]
    assert len(regions) == 9
    for number, region in enumerate(regions):
        body = (text.replace("North West", region)
                    .replace("Stretford's hall:", f"Part {number}, Stretford's hall:"))
        status, _, err = run(capsys, body, stories)
        assert status == 0, f"{region}: {err}"


def test_the_forms_choices_are_the_projects_vocabularies():
    form = yaml.safe_load((REPO / ".github" / "ISSUE_TEMPLATE" / "suggest-a-story.yml").read_text(encoding="utf-8"))
    fields = {f["id"]: f["attributes"] for f in form["body"] if "id" in f}
    themes = yaml.safe_load((REPO / "stories" / "themes.yml").read_text(encoding="utf-8"))
    assert [o["label"] for o in fields["themes"]["options"]] == [f"{t['name']} ({t['slug']})" for t in themes]
    legal_forms = yaml.safe_load((REPO / "stories" / "legal-forms.yml").read_text(encoding="utf-8"))
    assert fields["legal_form"]["options"] == legal_forms
    assert fields["nation"]["options"] == ["England", "Scotland", "Wales", "Northern Ireland"]
    # The script knows every field by its id; the story text comes last, so '### ' in it is safe.
    assert list(story_from_issue.form_labels()) == list(fields)
    assert list(fields)[-2:] == ["story", "agreement"]


def test_a_missing_title_is_a_message_and_writes_nothing(capsys, stories):
    status, out, err = run(capsys, ISSUES / "bad-missing-title.md", stories)
    assert status == 1
    assert "issue: Title: is empty" in err and "write the headline under Title" in err
    assert story_folders(stories) == []


def test_a_bad_latitude_gets_the_checks_message_with_file_and_line(capsys, stories):
    status, out, err = run(capsys, ISSUES / "bad-latitude.md", stories)
    assert status == 1
    assert (f"stories/{ENGLAND_SLUG}/index.md:8: place.latitude: must be a number in decimal degrees "
            "such as 51.4970, not '53,4466'.") in err
    assert f"The draft is in stories/{ENGLAND_SLUG}/index.md" in err


def test_an_unknown_theme_gets_a_did_you_mean(capsys, stories):
    status, _, err = run(capsys, ISSUES / "bad-unknown-theme.md", stories)
    assert status == 1
    assert "themes: 'enrgy' is not a theme; did you mean 'energy'?" in err


def test_a_source_without_a_title_says_how_to_write_it(capsys, stories):
    status, _, err = run(capsys, ISSUES / "bad-sources.md", stories)
    assert status == 1
    assert ("issue: Sources, line 1: 'https://www.stretfordpublichall.com/history' is not written as "
            "'title | address'.") in err
    assert story_folders(stories) == []


def test_an_existing_story_folder_is_never_overwritten(capsys, stories):
    assert run(capsys, ISSUES / "good-england.md", stories)[0] == 0
    path = stories / ENGLAND_SLUG / "index.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Jo Bloggs", "Edited By Hand"), encoding="utf-8")
    status, _, err = run(capsys, ISSUES / "good-england.md", stories)
    assert status == 1
    assert f"issue: stories/{ENGLAND_SLUG}/ already exists" in err and "'Web address'" in err
    assert "Edited By Hand" in path.read_text(encoding="utf-8")


def test_hostile_text_stays_text(capsys, stories):
    """Markup and YAML in the issue can neither add a field, end the front matter, nor run: the
    draft keeps every value as written, and the check refuses the script tags."""
    status, _, err = run(capsys, ISSUES / "hostile.md", stories)
    assert status == 1
    (slug,) = story_folders(stories)
    shown = f"stories/{slug}/index.md"
    assert f"{shown}:2: title: must be plain text: '<' and '>' are not allowed." in err
    assert f"{shown}:63: body: a <script> tag is not allowed in a story." in err
    front, body = front_matter(stories / slug / "index.md")
    assert set(front) == {"title", "summary", "date", "place", "themes", "organisation", "authors",
                          "sources", "draft"}
    assert front["draft"] is True
    assert front["title"] == "<script>alert('title')</script>"
    assert front["summary"].startswith("A summary draft: false --- that tries to end the front matter")
    assert "!!python/object/apply:os.system ['id']" in front["summary"]
    assert front["place"]["name"] == "Stretford # not a comment: really"
    assert front["authors"] == ["!!python/object/apply:os.system ['id']", "*alias", "'quoted"]
    assert "<script>fetch(" in body


def test_unreadable_body_file_is_a_usage_error(capsys, stories):
    assert story_from_issue.main(["no-such-file.md", "--stories", str(stories)]) == 2
    assert "no-such-file.md: cannot read the issue body" in capsys.readouterr().err


def test_a_body_not_made_by_the_form_is_refused(capsys, stories):
    status, _, err = run(capsys, "Please add our pub!\n\nIt is great.", stories)
    assert status == 1
    assert "issue: the issue has no '### Title' section" in err
    assert story_folders(stories) == []
