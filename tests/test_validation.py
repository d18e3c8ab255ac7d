"""What a contributor sees when a story is wrong: one test per kind of mistake, each asserting
the file, line, field and wording of the message."""

from __future__ import annotations

import datetime as dt
import io
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from storyfiles import SITE, VALID_STORY, new_stories_folder, write_story
from storysite.cli import main as validate_main
from storysite.stories.collection import load_collection
from storysite.problems import InputError

TODAY = dt.date(2026, 11, 26)


def problems_for(tmp_path: Path, text: str | bytes, slug: str = "the-story") -> list[str]:
    folder = new_stories_folder(tmp_path)
    write_story(folder, slug, text)
    with pytest.raises(InputError) as caught:
        load_collection(folder, site=SITE, include_unpublished=True, today=TODAY)
    return [str(p).replace(str(tmp_path) + "/", "") for p in caught.value.problems]


def replace(old: str, new: str) -> str:
    assert old in VALID_STORY, old
    return VALID_STORY.replace(old, new)


def test_the_valid_example_loads_with_every_field(tmp_path):
    folder = new_stories_folder(tmp_path)
    write_story(folder, "the-story")
    story = load_collection(folder, site=SITE, include_unpublished=False, today=TODAY).stories[0]
    assert story.title == "A hall for Llanfair"
    assert story.place.nation == "Wales" and story.place.region is None
    assert story.place.url == "places/wales/"
    assert story.themes == ("community-spaces",)
    assert story.date == dt.date(2026, 3, 1)
    assert story.sources[0].url == "https://news.llanfair.test/hall"
    assert story.body.strip().startswith("The story of the hall.\n\nNeighbours met")


def test_malformed_yaml_names_the_line(tmp_path):
    [message] = problems_for(tmp_path, replace("title: A hall for Llanfair", "title: [A hall"))
    assert message.startswith("stories/the-story/index.md:3: the front matter is not valid YAML")
    assert "(in the flow sequence that begins on line 2)" in message and "quotes" in message


def test_missing_front_matter(tmp_path):
    [message] = problems_for(tmp_path, "Just some text, no fields.\n")
    assert message.startswith("stories/the-story/index.md:1: has no front matter")
    assert "'---'" in message


def test_unclosed_front_matter(tmp_path):
    [message] = problems_for(tmp_path, "---\ntitle: x\n")
    assert "never closed" in message


def test_file_that_is_not_utf8(tmp_path):
    [message] = problems_for(tmp_path, VALID_STORY.replace("Llanfair Caereinion", "Llanfair Caere\u00efnion").encode("latin-1"))
    assert message.startswith("stories/the-story/index.md:6: is not UTF-8")
    assert "Save the file as UTF-8" in message


def test_front_matter_that_is_a_list(tmp_path):
    [message] = problems_for(tmp_path, "---\n- title\n- summary\n---\nText\n")
    assert "must be a set of 'field: value' lines" in message


def test_object_building_yaml_tags_are_refused(tmp_path):
    [message] = problems_for(tmp_path, replace("title: A hall for Llanfair",
                                               "title: !!python/object/apply:os.system ['echo pwned']"))
    assert message.startswith("stories/the-story/index.md:2:")
    assert "YAML tags that build objects are not allowed" in message


def test_wrong_type(tmp_path):
    [message] = problems_for(tmp_path, replace("title: A hall for Llanfair", "title: 1984"))
    assert message == ("stories/the-story/index.md:2: title: must be text, not a number (1984). "
                       "Put it in quotes if it looks like a number or date.")


def test_missing_required_field(tmp_path):
    [message] = problems_for(tmp_path, replace("summary: Residents bought their village hall and now run it together.\n", ""))
    assert message.startswith("stories/the-story/index.md:2: summary: is missing.")
    assert "one or two sentences" in message


def test_unknown_key_suggests_the_right_one(tmp_path):
    [message] = problems_for(tmp_path, replace("title: A hall", "titel: x\ntitle: A hall"))
    assert message == "stories/the-story/index.md:2: titel: is not a field a story can have. Did you mean 'title'?"


def test_unknown_nested_key(tmp_path):
    [message] = problems_for(tmp_path, replace("  nation: Wales", "  nation: Wales\n  county: Powys"))
    assert message.startswith("stories/the-story/index.md:10: place.county: is not a field")


def test_duplicate_key(tmp_path):
    messages = problems_for(tmp_path, replace("title: A hall for Llanfair", "title: A hall\ntitle: Another"))
    assert "stories/the-story/index.md:3: title: appears twice. Keep one and delete the other." in messages


@pytest.mark.parametrize("bad, why", [("2026-02-30", "day is out of range"), ("2026-13-01", "month must be in 1..12")])
def test_impossible_date(tmp_path, bad, why):
    [message] = problems_for(tmp_path, replace("date: 2026-03-01", f"date: {bad}"))
    assert message.startswith(f"stories/the-story/index.md:4: date: {bad} is not a real date")
    assert why in message


def test_date_in_another_format(tmp_path):
    [message] = problems_for(tmp_path, replace("date: 2026-03-01", "date: 1 March 2026"))
    assert message == "stories/the-story/index.md:4: date: '1 March 2026' is not a date written as YYYY-MM-DD, e.g. '2026-03-01'."


def test_updated_before_date(tmp_path):
    [message] = problems_for(tmp_path, replace("date: 2026-03-01", "date: 2026-03-01\nupdated: 2026-02-01"))
    assert "updated: 2026-02-01 is before the story's date (2026-03-01)" in message


def test_latitude_outside_the_uk(tmp_path):
    [message] = problems_for(tmp_path, replace("latitude: 52.6480", "latitude: 151.5"))
    assert message.startswith("stories/the-story/index.md:7: place.latitude: 151.5 is outside the UK (49.8 to 60.9).")


def test_point_in_the_wrong_nation(tmp_path):
    # Bristol's coordinates given for a place in Wales.
    text = replace("latitude: 52.6480", "latitude: 51.4545").replace("longitude: -3.3280", "longitude: -2.5879")
    [message] = problems_for(tmp_path, text)
    assert message.startswith("stories/the-story/index.md:7: place.latitude: 51.4545, -2.5879 is not in Wales.")


def test_unknown_theme_suggests_the_closest(tmp_path):
    [message] = problems_for(tmp_path, replace("themes: [community-spaces]", "themes: [enrgy]"))
    assert message.startswith("stories/the-story/index.md:10: themes: 'enrgy' is not a theme; did you mean 'energy'?")
    assert "stories/themes.yml" in message


def test_unknown_nation(tmp_path):
    [message] = problems_for(tmp_path, replace("nation: Wales", "nation: Cymru"))
    assert message.startswith("stories/the-story/index.md:9: place.nation: 'Cymru' is not a UK nation.")
    assert "'Northern Ireland'" in message


def test_nation_with_wrong_capitals(tmp_path):
    [message] = problems_for(tmp_path, replace("nation: Wales", "nation: wales"))
    assert "Did you mean 'Wales'?" in message


def test_unknown_region(tmp_path):
    text = (replace("nation: Wales", "nation: England\n  region: Midlands")
            .replace("latitude: 52.6480", "latitude: 52.4862").replace("longitude: -3.3280", "longitude: -1.8904"))
    [message] = problems_for(tmp_path, text)
    assert message.startswith("stories/the-story/index.md:10: place.region: 'Midlands' is not an English region.")


def test_region_outside_england(tmp_path):
    [message] = problems_for(tmp_path, replace("nation: Wales", "nation: Wales\n  region: Powys"))
    assert message == ("stories/the-story/index.md:10: place.region: is only used for places in England. "
                       "Delete the region line for a place in Wales.")


def test_england_needs_a_region(tmp_path):
    text = (replace("nation: Wales", "nation: England")
            .replace("latitude: 52.6480", "latitude: 52.4862").replace("longitude: -3.3280", "longitude: -1.8904"))
    [message] = problems_for(tmp_path, text)
    assert message.startswith("stories/the-story/index.md:5: place.region: is missing. Places in England need their region")


def test_unknown_legal_form(tmp_path):
    [message] = problems_for(tmp_path, replace("legal_form: community benefit society", "legal_form: co-op"))
    assert message.startswith("stories/the-story/index.md:13: organisation.legal_form: 'co-op' is not a legal form we know.")
    assert "stories/legal-forms.yml" in message


def test_source_url_must_be_a_web_address(tmp_path):
    [message] = problems_for(tmp_path, replace("url: https://news.llanfair.test/hall", "url: news.llanfair.test/hall"))
    assert message.startswith("stories/the-story/index.md:18: sources[0].url: 'news.llanfair.test/hall' is not a full web address.")


def test_plain_text_only_in_titles(tmp_path):
    [message] = problems_for(tmp_path, replace("title: A hall for Llanfair", "title: A hall <b>for</b> Llanfair"))
    assert "title: must be plain text: '<' and '>' are not allowed" in message


@pytest.mark.parametrize("code", [
    "\nWrite `<script>` tags carefully.\n\n```html\n<script></script>\n```\n",
    "\n~~~~html\n<svg onload=x>\n~~~~\n\nUse `<a href=\"javascript:x\">`.\n",
], ids=["backticks", "tildes"])
def test_html_in_code_is_just_text(tmp_path, code):
    folder = new_stories_folder(tmp_path)
    write_story(folder, "the-story", VALID_STORY + code)
    assert load_collection(folder, site=SITE, include_unpublished=True, today=TODAY).stories


def test_missing_photo(tmp_path):
    [message] = problems_for(tmp_path, replace("authors:", "image:\n  file: hall.jpg\n  alt: The hall\n  credit: Jo\nauthors:"))
    assert message == ("stories/the-story/index.md:15: image.file: 'hall.jpg' is not in the story's folder. "
                       "The folder has no other files. Check the spelling, capitals included.")


def test_photo_path_leaving_the_folder(tmp_path):
    [message] = problems_for(tmp_path, replace("authors:", "image:\n  file: ../other/hall.jpg\n  alt: The hall\n  credit: Jo\nauthors:"))
    assert "image.file: '../other/hall.jpg' points outside the story's folder" in message


def test_photo_needs_alt_text(tmp_path):
    folder = new_stories_folder(tmp_path)
    path = write_story(folder, "the-story", replace("authors:", "image:\n  file: hall.png\n  credit: Jo\nauthors:"))
    from PIL import Image
    Image.new("RGB", (8, 8)).save(path.parent / "hall.png")
    with pytest.raises(InputError) as caught:
        load_collection(folder, site=SITE, include_unpublished=True, today=TODAY)
    assert [p.field for p in caught.value.problems] == ["image.alt"]
    assert "Describe what the photo shows" in caught.value.problems[0].message


def test_folder_name_must_be_a_slug(tmp_path):
    [message] = problems_for(tmp_path, VALID_STORY, slug="My Story")
    assert message.startswith("stories/My Story/index.md: the folder name 'My Story'")
    assert "'my-story'" in message


def test_duplicate_titles_across_stories(tmp_path):
    folder = new_stories_folder(tmp_path)
    write_story(folder, "first")
    write_story(folder, "second")
    with pytest.raises(InputError) as caught:
        load_collection(folder, site=SITE, include_unpublished=True, today=TODAY)
    [problem] = caught.value.problems
    assert problem.path == "stories/second/index.md" and problem.field == "title"
    assert "also the title of stories/first/index.md" in problem.message


def test_story_file_outside_a_folder(tmp_path):
    folder = new_stories_folder(tmp_path)
    (folder / "loose.md").write_text(VALID_STORY, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_collection(folder, site=SITE, include_unpublished=True, today=TODAY)
    assert "Move this file to stories/loose/index.md" in str(caught.value)


def test_every_problem_in_every_story_is_reported_at_once(tmp_path):
    folder = new_stories_folder(tmp_path)
    write_story(folder, "one", replace("date: 2026-03-01", "date: 2026-02-30").replace("nation: Wales", "nation: Walse"))
    write_story(folder, "two", replace("themes: [community-spaces]", "themes: [enrgy]").replace("title: A hall", "title: Another hall"))
    with pytest.raises(InputError) as caught:
        load_collection(folder, site=SITE, include_unpublished=True, today=TODAY)
    report = str(caught.value)
    assert report.startswith("Found 3 problems in 2 files.")
    assert "stories/one/index.md:4: date:" in report
    assert "stories/one/index.md:9: place.nation: 'Walse' is not a UK nation. Did you mean 'Wales'?" in report
    assert "stories/two/index.md:10: themes: 'enrgy'" in report


def test_unusual_but_valid_input_works(tmp_path):
    """A byte-order mark, Windows line endings and Welsh and Irish diacritics are all fine."""
    folder = new_stories_folder(tmp_path)
    text = (replace("name: Llanfair Caereinion", "name: Ynys Môn, Llŷn and Dún")
            .replace("title: A hall for Llanfair", "title: 'Neuadd y pentref: a hall for Llŷn'"))
    write_story(folder, "the-story", ("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8"))
    story = load_collection(folder, site=SITE, include_unpublished=True, today=TODAY).stories[0]
    assert story.place.name == "Ynys Môn, Llŷn and Dún"
    assert story.title == "Neuadd y pentref: a hall for Llŷn"
    assert "\r" not in story.body


def test_drafts_and_future_stories_are_left_out_of_a_build(tmp_path):
    folder = new_stories_folder(tmp_path)
    write_story(folder, "published")
    write_story(folder, "draft", replace("title: A hall", "title: Draft hall").replace("date: 2026-03-01", "date: 2026-03-01\ndraft: true"))
    write_story(folder, "scheduled", replace("title: A hall", "title: Future hall").replace("date: 2026-03-01", "date: 2027-01-01"))
    built = load_collection(folder, site=SITE, include_unpublished=False, today=TODAY)
    served = load_collection(folder, site=SITE, include_unpublished=True, today=TODAY)
    assert [s.slug for s in built.stories] == ["published"]
    assert [s.slug for s in served.stories] == ["scheduled", "draft", "published"]


def run_cli(folder: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = validate_main([str(folder)])
    return code, out.getvalue(), err.getvalue()


def test_contributor_command_reports_problems_and_fails(tmp_path):
    folder = new_stories_folder(tmp_path)
    write_story(folder, "the-story", replace("themes: [community-spaces]", "themes: [enrgy]"))
    code, out, err = run_cli(folder)
    assert code == 1
    assert "themes: 'enrgy' is not a theme; did you mean 'energy'?" in err
    assert "Traceback" not in err + out


def test_contributor_command_passes_the_shipped_stories():
    code, out, _ = run_cli(Path(__file__).resolve().parent.parent / "stories")
    assert code == 0
    assert out.startswith("All good: ")


def test_every_photo_in_the_folder_must_be_readable(tmp_path):
    folder = new_stories_folder(tmp_path)
    path = write_story(folder, "the-story")
    (path.parent / "broken.jpg").write_bytes(b"\xff\xd8 not a jpeg")
    with pytest.raises(InputError) as caught:
        load_collection(folder, site=SITE, include_unpublished=True, today=TODAY)
    [problem] = caught.value.problems
    assert problem.path.endswith("stories/the-story/broken.jpg")
    assert problem.message.startswith("this file is not an image that can be read.")


def test_problems_become_pull_request_annotations_on_github(tmp_path):
    folder = new_stories_folder(tmp_path)
    write_story(folder, "the-story", replace("themes: [community-spaces]", "themes: [enrgy]"))
    out = io.StringIO()
    with redirect_stdout(out), redirect_stderr(io.StringIO()):
        code = validate_main([str(folder), "--github"])
    assert code == 1
    [annotation] = out.getvalue().splitlines()
    assert annotation.startswith(f"::error file={folder}/the-story/index.md,line=10,title=Story check::themes: 'enrgy'")


def test_libyaml_reads_every_real_story_exactly_as_the_line_numbered_loader_does():
    # The build reads front matter with libyaml for speed; the pure loader stays the rule book.
    from storysite.stories import reading

    stories = sorted((Path(__file__).parent.parent / "stories").glob("*/index.md"))
    assert len(stories) > 10
    for path in stories:
        split, _ = reading.split_front_matter(path.read_text(encoding="utf-8"), str(path))
        fast = reading._parse_fast(split.front_matter, split.front_matter_line)
        checked, problems = reading._parse_checked(split.front_matter, str(path), split.front_matter_line)
        assert fast is not None and not problems, path
        assert fast.data == checked.data and fast.lines == checked.lines, path


@pytest.mark.parametrize("front", [
    "title: x\ntitle: y\n",  # duplicate key
    "a: &a [1]\nb: *a\n",  # alias
    "<<: {a: 1}\n",  # merge key
    "? [a]\n: 1\n",  # non-word key
    "date: 2025-02-30\nn: !!float abc\n",  # unreadable number
    "a: [1, 2\nb: 3\n",  # malformed
])
def test_anything_unusual_is_left_to_the_line_numbered_loader(front):
    from storysite.stories import reading

    assert reading._parse_fast(front, 2) is None
    assert reading.parse_yaml(front, "f.md", 2) == reading._parse_checked(front, "f.md", 2)
