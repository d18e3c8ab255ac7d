"""Hostile and careless input a public pull request can bring: each case gets one exact message
naming the file, the line or field, and the fix, and never a traceback or a hang."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from PIL import Image

from storyfiles import SITE, VALID_STORY, new_stories_folder, write_story
from storysite.stories.collection import load_collection
from storysite.problems import InputError

TODAY = dt.date(2026, 11, 26)
FILE = "stories/the-story/index.md"
WITH_PHOTO = VALID_STORY.replace("authors:", "image:\n  file: hall.jpg\n  alt: The hall\n  credit: Jo\nauthors:")


def problems_in(tmp_path: Path, folder: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_collection(folder, site=SITE, include_unpublished=True, today=TODAY)
    return [str(p).replace(str(tmp_path) + "/", "") for p in caught.value.problems]


def problems_for(tmp_path: Path, text: str) -> list[str]:
    folder = new_stories_folder(tmp_path)
    write_story(folder, "the-story", text)
    return problems_in(tmp_path, folder)


def replace(old: str, new: str, text: str = VALID_STORY) -> str:
    assert old in text, old
    return text.replace(old, new)


def line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


ALIAS = "YAML aliases ('*{}') are not allowed. Write the value out in full instead of referring to an '&' anchor."


def test_a_billion_laughs_is_refused_at_the_first_alias_without_expanding(tmp_path):
    laughs = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"{b}: &{b} [{', '.join(['*' + a] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi"))
    text = replace("authors:", laughs + "authors:")
    assert problems_for(tmp_path, text) == [f"{FILE}:{line_of(text, 'b: &b')}: " + ALIAS.format("a")]


def test_a_self_referring_alias_is_refused(tmp_path):
    assert problems_for(tmp_path, "---\na: &a [*a]\n---\nText\n") == [f"{FILE}:2: " + ALIAS.format("a")]


def test_a_merge_key_is_refused(tmp_path):
    text = replace("authors:", "<<: {title: Other}\nauthors:")
    assert problems_for(tmp_path, text) == [
        f"{FILE}:{line_of(text, '<<')}: '<<' (a YAML merge key) is not allowed. Write each field out in full."]


@pytest.mark.parametrize("key", ["yes", "true", "1", "~"])
def test_keys_that_yaml_reads_as_booleans_numbers_or_null_are_named_as_typed(tmp_path, key):
    text = replace("authors:", f"{key}: x\nauthors:")
    [message] = problems_for(tmp_path, text)
    assert message.startswith(f"{FILE}:{line_of(text, key + ': x')}: {key}: is not a field a story can have.")


def test_a_key_that_is_a_list_is_not_called_an_object_building_tag(tmp_path):
    text = replace("authors:", "? [a, b]\n: x\nauthors:")
    assert problems_for(tmp_path, text) == [
        f"{FILE}:{line_of(text, '? [a')}: a field name must be a plain word such as 'title', not a list or a group "
        "of fields. Check that the line starts with the field name and a colon."]


@pytest.mark.parametrize("value, shown", [("9" * 5000, "'" + "9" * 20 + "…'"), ("!!float abc", "'abc'")])
def test_numbers_python_cannot_read_name_their_line(tmp_path, value, shown):
    text = replace("latitude: 52.6480", f"latitude: {value}")
    assert problems_for(tmp_path, text) == [
        f"{FILE}:{line_of(text, 'latitude')}: {shown} cannot be read as a number. Write numbers as plain decimals "
        "such as 51.4970 (at most a few digits), and remove any '!!' tag."]


def test_front_matter_nested_thousands_deep_is_refused(tmp_path):
    text = replace("authors:", "x: " + "[" * 5000 + "]" * 5000 + "\nauthors:")
    assert problems_for(tmp_path, text) == [
        f"{FILE}:2: the front matter nests lists or groups too deeply to read. Fields need at most a few levels: "
        "see docs/contribute.md for the shape of each one."]


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf"])
def test_latitude_that_is_not_a_finite_number(tmp_path, value):
    text = replace("latitude: 52.6480", f"latitude: {value}")
    shown = value.lstrip(".").replace("-.", "-")
    assert problems_for(tmp_path, text) == [
        f"{FILE}:{line_of(text, 'latitude')}: place.latitude: must be a number in decimal degrees such as 51.4970, "
        f"not {shown}."]


@pytest.mark.parametrize("old, new, expected", [
    ("nation: Wales", "nation: [Wales]",
     "place.nation: must be the nation's name as text, not a list. Use one of 'England', 'Scotland', 'Wales', "
     "'Northern Ireland'."),
    ("themes: [community-spaces]", "themes: [[energy]]",
     "themes: each theme must be a slug written as text, not a list. Write them as 'themes: [energy, housing]'."),
    ("date: 2026-03-01", "date: [2026-03-01]",
     "date: must be a date written as YYYY-MM-DD, e.g. 'date: 2026-03-01', not a list."),
])
def test_a_list_where_one_word_is_expected_is_not_offered_a_did_you_mean(tmp_path, old, new, expected):
    text = replace(old, new)
    assert problems_for(tmp_path, text) == [f"{FILE}:{line_of(text, new)}: {expected}"]


def test_a_legal_form_given_as_a_group(tmp_path):
    text = replace("legal_form: community benefit society", "legal_form: {x: y}")
    [message] = problems_for(tmp_path, text)
    assert message.startswith(f"{FILE}:{line_of(text, 'legal_form')}: organisation.legal_form: must be one legal "
                              "form written as text, not a group of fields. Use one of 'co-operative',")


@pytest.mark.parametrize("value, shown", [("[a.jpg]", "a list"), ("12", "a number (12)")])
def test_photo_file_that_is_not_text_is_not_called_missing(tmp_path, value, shown):
    text = replace("file: hall.jpg", f"file: {value}", WITH_PHOTO)
    assert problems_for(tmp_path, text) == [
        f"{FILE}:{line_of(text, 'file:')}: image.file: must be the photo's file name written as text, not {shown}, "
        "e.g. 'file: hall.jpg'."]


def test_photo_file_with_a_null_byte(tmp_path):
    text = replace("file: hall.jpg", 'file: "hall\\0.jpg"', WITH_PHOTO)
    assert problems_for(tmp_path, text) == [
        f"{FILE}:{line_of(text, 'file:')}: image.file: 'hall\\x00.jpg' contains an invisible control character. "
        "Type the photo's file name again, e.g. 'file: hall.jpg'.",
        # and, as in every text field, the character named (stories/characters.py)
        f"{FILE}:{line_of(text, 'file:')}: image.file: has an invisible character, written as a YAML escape, "
        "U+0000 NULL. It cannot be seen, so reviewers and readers cannot tell it is there. Delete it (it often "
        "comes with pasted text; retyping the words around it removes it)."]


def story_with_photo(tmp_path: Path, name: str = "hall.jpg") -> Path:
    folder = new_stories_folder(tmp_path)
    return write_story(folder, "the-story", WITH_PHOTO.replace("hall.jpg", name)).parent


def test_a_decompression_bomb_is_refused_without_decoding_it(tmp_path):
    story = story_with_photo(tmp_path)
    Image.new("1", (20000, 20000)).save(story / "hall.png")  # 400 million pixels, 50 kB on disk
    (story / "hall.png").rename(story / "hall.jpg")
    assert problems_in(tmp_path, story.parent) == [
        f"{FILE}:{line_of(WITH_PHOTO, 'file:')}: image.file: 'hall.jpg' is far too large (over 80 million pixels). "
        "Resize it to at most 4000 pixels on its longest side and add it again."]


def test_a_photo_just_over_the_pixel_limit(tmp_path):
    story = story_with_photo(tmp_path, "hall.png")
    Image.new("1", (10000, 9000)).save(story / "hall.png")
    assert problems_in(tmp_path, story.parent) == [
        f"{FILE}:{line_of(WITH_PHOTO, 'file:')}: image.file: 'hall.png' is 10000 by 9000 pixels, too large to "
        "publish (the limit is 80 million pixels). Resize it to at most 4000 pixels on its longest side and add it again."]


def _half_a_jpeg() -> bytes:
    out = io.BytesIO()
    Image.effect_noise((400, 300), 60).convert("RGB").save(out, "JPEG", quality=90)
    return out.getvalue()[: len(out.getvalue()) // 2]


@pytest.mark.parametrize("content", [b"not really a photo", _half_a_jpeg()], ids=["text", "half-uploaded jpeg"])
def test_a_photo_that_cannot_be_read_is_caught_before_the_build_trips_on_it(tmp_path, content):
    story = story_with_photo(tmp_path)
    (story / "hall.jpg").write_bytes(content)
    assert problems_in(tmp_path, story.parent) == [
        f"{FILE}:{line_of(WITH_PHOTO, 'file:')}: image.file: 'hall.jpg' is not an image that can be read. "
        "Save it as a JPEG, PNG or WebP photo and add it again."]


def test_photo_names_that_break_a_web_address(tmp_path):
    story = story_with_photo(tmp_path, '"my hall #1?.jpg"')
    Image.new("RGB", (40, 30)).save(story / "my hall #1?.jpg")
    Image.new("RGB", (40, 30)).save(story / "Neuadd ŵyl.JPG")
    assert problems_in(tmp_path, story.parent) == [
        "stories/the-story/Neuadd ŵyl.JPG: 'Neuadd ŵyl.JPG' has characters that do not work in a web address. "
        "Rename the photo using only letters, digits, hyphens and underscores, e.g. 'Neuadd-wyl.jpg', "
        "and change 'file:' to match if it names this photo.",
        f"{FILE}:{line_of(WITH_PHOTO, 'file:')}: image.file: 'my hall #1?.jpg' has characters that do not work in "
        "a web address. Rename the photo using only letters, digits, hyphens and underscores, e.g. 'my-hall-1.jpg', "
        "and change 'file:' to match if it names this photo.",
    ]


def test_symbolic_links_for_a_story_folder_or_its_text_are_refused(tmp_path):
    folder = new_stories_folder(tmp_path)
    outside = tmp_path / "outside"
    write_story(outside, "elsewhere")
    (folder / "linked-folder").symlink_to(outside / "elsewhere")
    (folder / "linked-text").mkdir()
    (folder / "linked-text" / "index.md").symlink_to(outside / "elsewhere" / "index.md")
    assert problems_in(tmp_path, folder) == [
        "stories/linked-folder: is a symbolic link. Put the story's real files in its folder instead.",
        "stories/linked-text/index.md: is a symbolic link. Put the story's real files in its folder instead.",
    ]


def test_a_missing_vocabulary_file_says_how_to_restore_it(tmp_path):
    folder = new_stories_folder(tmp_path)
    write_story(folder, "the-story")
    (folder / "legal-forms.yml").unlink()
    assert problems_in(tmp_path, folder) == [
        "stories/legal-forms.yml: is missing. The stories folder needs it: restore it with "
        "'git checkout main -- stories/legal-forms.yml'."]


def test_a_theme_slug_that_is_a_number_is_not_called_missing(tmp_path):
    folder = new_stories_folder(tmp_path)
    write_story(folder, "the-story")
    themes = folder / "themes.yml"
    themes.write_text("- slug: 12\n  name: Twelve\n  description: A number.\n" + themes.read_text(encoding="utf-8"),
                      encoding="utf-8")
    assert problems_in(tmp_path, folder) == [
        "stories/themes.yml:1: [0].slug: must be a line of text, not 12. Put it in quotes."]


def test_the_build_reports_hostile_stories_without_a_traceback(tmp_path):
    from sitebuild import copy_project, run_build

    folder = new_stories_folder(tmp_path / "in")
    write_story(folder, "laughs", replace("authors:", "a: &a [lol, lol]\nb: [*a, *a]\nauthors:"))
    bomb = write_story(folder, "bomb", WITH_PHOTO.replace("A hall", "Another hall")).parent
    Image.new("1", (20000, 20000)).save(bomb / "hall.png")
    (bomb / "hall.png").rename(bomb / "hall.jpg")
    write_story(folder, "entity-link", VALID_STORY.replace("A hall", "A third hall")
                + '\n<a href="jav&#x61;script:alert(1)">x</a>\n')
    result = run_build(copy_project(tmp_path / "project", folder), tmp_path / "site")
    assert result.returncode != 0
    assert "Traceback" not in result.output
    assert f"stories/laughs/index.md:{line_of(VALID_STORY, 'authors:') + 1}: " + ALIAS.format("a") in result.output
    assert "stories/bomb/index.md:15: image.file: 'hall.jpg' is far too large" in result.output
    assert f"stories/entity-link/index.md:{VALID_STORY.count(chr(10)) + 2}: body: a link to 'javascript:…' is not allowed." in result.output


H1 = ("a '#' heading is a second page title: the story's title already heads the page. "
      "Use '## ' for the story's section headings.")


@pytest.mark.parametrize("body, expected", [
    ("# A heading", H1),
    ("A heading\n=========", H1),
    ("<!-- stories:latest -->", "'<!-- stories:latest -->' is a marker for the site's own pages; in a story it "
                                "would insert a site listing into the text. Delete it."),
    ("<!-- feeds:subscribe -->", "'<!-- feeds:subscribe -->' is a marker for the site's own pages; in a story it "
                                 "would insert a site listing into the text. Delete it."),
])
def test_a_body_cannot_add_a_page_title_or_a_site_listing(tmp_path, body, expected):
    text = VALID_STORY + "\n" + body + "\n"
    last = text.count("\n", 0, text.index(body)) + 1 + body.count("\n")
    assert problems_for(tmp_path, text) == [f"{FILE}:{last}: body: {expected}"]


def test_section_headings_and_headings_in_code_are_fine(tmp_path):
    folder = new_stories_folder(tmp_path)
    write_story(folder, "the-story", VALID_STORY + "\n## Section\n\n```sh\n# a shell comment\n```\n")
    assert load_collection(folder, site=SITE, include_unpublished=True, today=TODAY).stories
