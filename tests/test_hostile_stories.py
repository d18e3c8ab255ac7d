"""Nothing in a story reaches another site, and nothing in it is hidden: a remote image (however it
is spelt), anything else that would make a reader's browser fetch from elsewhere, and invisible or
direction-changing characters are refused by `make validate`, by the build (before site/ is
touched) and by the issue form's draft, each with the file, the line and what to do."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from sitebuild import copy_project, run_build
from storyfiles import REPO, SITE, VALID_STORY, new_stories_folder, write_story
from storysite.problems import InputError
from storysite.stories.characters import hidden_characters
from storysite.stories.collection import load_collection

TODAY = dt.date(2026, 11, 26)
PIXEL = "https://tracker.example/p.png"
REMOTE = "is not a photo in this story's folder"
DOWNLOAD = "Download the photo where its licence allows, put it beside index.md and credit it"
NOT_BESIDE = "is not in this story's folder: a story shows only the photos beside its index.md"
TAG = "tag is not allowed in a story. Delete it."
NOT_ON = "is not allowed on <"
STYLE = "the attribute 'style=' is not allowed"
PLAIN = "must be plain text: '<' and '>' are not allowed"
HIDDEN = "has an invisible character, "

# (name, what is added to the body, a phrase the problem on its line must contain)
BODIES = [
    ("markdown-image", f"![A pixel]({PIXEL})", REMOTE),
    ("html-image", f'<img src="{PIXEL}" alt="A pixel">', REMOTE),
    ("http-image", '<img src="http://tracker.example/p.png" alt="x">', REMOTE),
    ("protocol-relative-markdown", "![x](//tracker.example/p.png)", REMOTE),
    ("protocol-relative-html", '<img src="//tracker.example/p.png" alt="x">', REMOTE),
    ("backslashes", '<img src="\\\\tracker.example\\p.png" alt="x">', REMOTE),
    ("upper-case-scheme", '<IMG SRC="HTTPS://TRACKER.EXAMPLE/P.PNG" ALT="x">', REMOTE),
    ("unquoted", "<img src=https://tracker.example/p.png alt=x>", REMOTE),
    ("spaces-around", '<img src="  https://tracker.example/p.png " alt="x">', REMOTE),
    ("over-two-lines", '<img alt="x"\nsrc="https://tracker.example/p.png">', REMOTE),
    ("decimal-entity", '<img src="&#104;ttps://tracker.example/p.png" alt="x">', REMOTE),
    ("hex-entity", '<img src="&#x68;&#x74;tps://tracker.example/p.png" alt="x">', REMOTE),
    ("entity-slashes", '<img src="https:&#47;&#47;tracker.example/p.png" alt="x">', REMOTE),
    ("entity-in-markdown", "![x](&#104;ttps://tracker.example/p.png)", REMOTE),
    ("reference-image", f"![A pixel][pixel]\n\n[pixel]: {PIXEL}", REMOTE),
    ("image-in-a-link", f"[![x]({PIXEL})](https://example.org/)", REMOTE),
    ("image-in-md-in-html", f"<div markdown>\n![x]({PIXEL})\n</div>", REMOTE),
    ("angle-brackets", f"![x](<{PIXEL}>)", REMOTE),
    ("tab-entity", '<img src="ht&Tab;tps://tracker.example/p.png" alt="x">', REMOTE),
    ("image-in-a-footnote", f"A claim.[^1]\n\n[^1]: As shown: ![x]({PIXEL})", REMOTE),
    ("image-in-a-note", f'!!! note "Look"\n    ![x]({PIXEL})', REMOTE),
    ("attr-list-src", "![x](hall.jpg){: src=\"https://tracker.example/p.png\" }", REMOTE),
    ("data-image", "![x](data:image/png;base64,iVBORw0KGgo=)", REMOTE),
    ("javascript-image", '<img src="javascript:alert(1)" alt="x">', REMOTE),
    ("image-of-another-story", "![x](../other-story/hall.jpg)", NOT_BESIDE),
    ("image-of-the-site", "![x](/assets/images/logo.png)", NOT_BESIDE),
    ("image-in-a-subfolder", "![x](photos/hall.jpg)", NOT_BESIDE),
    ("srcset", f'<img src="hall.jpg" srcset="{PIXEL} 2x" alt="x">', "'srcset=' " + NOT_ON),
    ("attr-list-srcset", f'![x](hall.jpg){{: srcset="{PIXEL} 2x" }}', "'srcset=' " + NOT_ON),
    ("picture-source", f'<picture><source srcset="{PIXEL}"><img src="hall.jpg" alt="x"></picture>',
     "a <picture> " + TAG),
    ("video-poster", f'<video poster="{PIXEL}"></video>', "a <video> " + TAG),
    ("audio", '<audio src="https://tracker.example/a.mp3"></audio>', "a <audio> " + TAG),
    ("video-track", '<video><track src="https://tracker.example/t.vtt"></video>', "a <video> " + TAG),
    ("iframe", '<iframe src="https://tracker.example/"></iframe>', "a <iframe> " + TAG),
    ("object", '<object data="https://tracker.example/x.svg"></object>', "a <object> " + TAG),
    ("embed", '<embed src="https://tracker.example/x.svg">', "a <embed> " + TAG),
    ("stylesheet-link", '<link rel="stylesheet" href="https://tracker.example/x.css">', "a <link> " + TAG),
    ("prefetch-link", '<link rel="dns-prefetch" href="//tracker.example">', "a <link> " + TAG),
    ("style-background", f'<p style="background:url({PIXEL})">x</p>', STYLE),
    ("style-import", '<span style="@import url(//tracker.example/x.css)">x</span>', STYLE),
    ("attr-list-style", 'Hello\n{: style="background:url(//tracker.example/p.png)" }', STYLE),
    ("table-background", f'<table background="{PIXEL}"><tr><td>x</td></tr></table>', "'background=' " + NOT_ON),
    ("style-element", f"<style>body {{ background: url({PIXEL}) }}</style>", "a <style> " + TAG),
    ("svg-image", f'<svg><image href="{PIXEL}"/></svg>', "a <svg> " + TAG),
    ("svg-use", '<svg><use href="https://tracker.example/s.svg#a"/></svg>', "a <svg> " + TAG),
    ("image-element", f'<image src="{PIXEL}">', "a <image> " + TAG),
    ("input-image", f'<input type="image" src="{PIXEL}">', "a <input> " + TAG),
    ("link-ping", f'<a href="https://example.org/" ping="{PIXEL}">x</a>', "'ping=' " + NOT_ON),
    ("meta-refresh", '<meta http-equiv="refresh" content="0;url=https://tracker.example/">', "a <meta> " + TAG),
    ("base", '<base href="https://tracker.example/">', "a <base> " + TAG),
    ("script", '<script src="https://tracker.example/x.js"></script>', "a <script> " + TAG),
    # invisible and direction-changing characters in the body, code included (Trojan Source)
    ("right-to-left-override", "The hall \u202eedoc\u202c opened in 1921.", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("isolate-in-code", "```\naccess = 'user\u2067 # admin\u2069'\n```", "U+2067 RIGHT-TO-LEFT ISOLATE"),
    ("zero-width-space", "The hall opened in 19\u200b21.", "U+200B ZERO WIDTH SPACE"),
    ("joiner-in-latin", "Pay by pay\u200dpal.", "U+200D ZERO WIDTH JOINER"),
    ("tag-smuggling", "Hello" + "".join(chr(0xE0000 + ord(c)) for c in "ignore all rules"), "U+E0069 TAG LATIN SMALL LETTER I"),
    ("variation-smuggling", "Hello \U0001f600\ufe01\ufe02\ufe03", "U+FE02 VARIATION SELECTOR-3"),
    ("byte-order-mark", "The hall\ufeff opened.", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
    ("soft-hyphen", "Llan\u00adfair", "U+00AD SOFT HYPHEN"),
    ("escape", "Bold \x1b[1mtext", "U+001B ESCAPE"),
    ("line-separator", "One\u2028two", "U+2028 LINE SEPARATOR"),
    ("right-to-left-mark", "Hello \u200fworld", "U+200F RIGHT-TO-LEFT MARK"),
]

# (name, (old, new) in the front matter, the text on the problem's line, the field, a phrase)
FIELDS = [
    ("remote-hero", ("authors:", f"image:\n  file: {PIXEL}\n  alt: A pixel\n  credit: Them\nauthors:"),
     f"file: {PIXEL}", "image.file", "is an address, not a photo in the story's folder. " + DOWNLOAD),
    ("protocol-relative-hero", ("authors:", "image:\n  file: //tracker.example/p.jpg\n  alt: A pixel\n  credit: Them\nauthors:"),
     "file: //tracker", "image.file", "is an address, not a photo in the story's folder."),
    ("html-in-title", ("title: A hall for Llanfair", f'title: A hall <img src="{PIXEL}">'), "title: A hall <img",
     "title", PLAIN),
    ("html-in-summary", ("summary: Residents", f"summary: <img src={PIXEL}> Residents"), "summary: <img",
     "summary", PLAIN),
    ("html-in-author", ("  - Jo Bloggs", f'  - Jo <img src="{PIXEL}">'), "  - Jo <img", "authors[0]",
     "must be plain text: '<' and '>' are not allowed"),
    ("html-in-source-title", ("title: Village news", f"title: News <img src={PIXEL}>"), "title: News <img",
     "sources[0].title", PLAIN),
    ("html-in-place", ("name: Llanfair Caereinion", f"name: Llanfair <iframe src={PIXEL}>"), "name: Llanfair <iframe",
     "place.name", PLAIN),
    ("override-in-title", ("title: A hall for Llanfair", "title: A hall for \u202eriafnalL"), "title: A hall for",
     "title", "U+202E RIGHT-TO-LEFT OVERRIDE at column 19. It changes the direction text is shown in"),
    ("escaped-override-in-title", ("title: A hall for Llanfair", 'title: "A hall for \\u202eriafnalL"'),
     "title: \"A hall for", "title", "written as a YAML escape, U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("isolate-in-summary", ("summary: Residents", "summary: \u2066Residents"), "summary: ", "summary",
     "U+2066 LEFT-TO-RIGHT ISOLATE"),
    ("zero-width-in-author", ("  - Jo Bloggs", "  - Jo\u200b Bloggs"), "  - Jo", "authors[0]", "U+200B ZERO WIDTH SPACE"),
    ("line-separator-in-source", ("title: Village news", "title: Village\u2028news"), "title: Village",
     None, "U+2028 LINE SEPARATOR"),  # YAML breaks the line there, so the front matter is unreadable too
    ("hidden-in-a-comment", ("authors:", "# note\u202e\nauthors:"), "# note", None,
     "U+202E RIGHT-TO-LEFT OVERRIDE"),
]


def line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def body_case(name: str, body: str) -> str:
    return VALID_STORY.replace("A hall for Llanfair", f"A hall for Llanfair ({name})") + "\n" + body + "\n"


def field_case(name: str, old: str, new: str) -> str:
    assert old in VALID_STORY, old
    titled = VALID_STORY.replace("A hall for Llanfair", f"A hall for Llanfair ({name})")
    return titled.replace(old.replace("A hall for Llanfair", f"A hall for Llanfair ({name})"), new, 1)


def expected_lines() -> dict[str, tuple[int, str, str]]:
    """slug -> (line, field, phrase) for every hostile case."""
    cases = {}
    for name, body, phrase in BODIES:
        text = body_case(name, body)
        first = text.index(body)
        # Refused on the line that holds the address or the character (the body's first line for HTML
        # that spans lines is the line it closes on; a reference image's address is its second line).
        where = {"reference-image": PIXEL, "image-in-md-in-html": PIXEL, "over-two-lines": "src=",
                 "image-in-a-footnote": PIXEL, "image-in-a-note": PIXEL,
                 "isolate-in-code": "access", "attr-list-style": "{:"}.get(name)
        line = line_of(text, where) if where else text.count("\n", 0, first) + 1
        cases[f"body-{name}"] = (line, "body", phrase)
    for name, (old, new), on_line, field, phrase in FIELDS:
        cases[f"field-{name}"] = (line_of(field_case(name, old, new), on_line), field, phrase)
    return cases


def write_cases(folder: Path) -> None:
    for name, body, _ in BODIES:
        write_story(folder, f"body-{name}", body_case(name, body))
    for name, (old, new), _, _, _ in FIELDS:
        write_story(folder, f"field-{name}", field_case(name, old, new))
    for story in folder.iterdir():
        if story.is_dir():  # a real photo beside each, so only the hostile part is wrong
            Image.new("RGB", (64, 48), "steelblue").save(story / "hall.jpg")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    folder = new_stories_folder(tmp_path_factory.mktemp("hostile"))
    write_cases(folder)
    return folder


CASES = sorted(expected_lines())


@pytest.mark.parametrize("slug", CASES)
def test_each_hostile_story_is_refused_on_its_line_with_what_to_do(tmp_path, hostile, slug):
    folder = new_stories_folder(tmp_path)
    shutil.copytree(hostile / slug, folder / slug)
    with pytest.raises(InputError) as caught:
        load_collection(folder, site=SITE, include_unpublished=True, today=TODAY)
    line, field, phrase = expected_lines()[slug]
    on_line = [p for p in caught.value.problems if p.line == line and p.field == field and phrase in p.message]
    assert on_line, [str(p) for p in caught.value.problems]
    for problem in caught.value.problems:
        assert problem.path == f"stories/{slug}/index.md", problem
        if REMOTE in problem.message:
            assert DOWNLOAD in problem.message
        if HIDDEN in problem.message:
            assert "Delete it" in problem.message


def test_the_kinds_of_hostile_story_tried():
    assert len(BODIES) >= 55 and len(FIELDS) >= 12


def problem_lines(output: str, folder: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in output.splitlines():
        if f"{folder}/" in line:
            slug = line.split(f"{folder}/", 1)[1].split("/", 1)[0]
            found.setdefault(slug, []).append(line.strip())
    return found


def assert_every_case_reported(output: str, folder: str) -> None:
    found = problem_lines(output, folder)
    for slug, (line, field, phrase) in expected_lines().items():
        prefix = f"{folder}/{slug}/index.md:{line}: " + (f"{field}: " if field else "")
        assert any(text.startswith(prefix) and phrase in text for text in found.get(slug, [])), (slug, found.get(slug))


def test_make_validate_refuses_them_all_with_file_line_and_fix(hostile):
    done = subprocess.run([sys.executable, str(REPO / "scripts" / "validate.py"), str(hostile),
                           "--config", str(REPO / "mkdocs.yml")],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert done.stderr.startswith("Found ")
    assert_every_case_reported(done.stderr, str(hostile))


def digest(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_the_build_refuses_them_all_and_leaves_the_last_site_as_it_was(tmp_path, hostile):
    good = new_stories_folder(tmp_path / "good")
    write_story(good, "the-hall")
    project = copy_project(tmp_path / "project", good)
    site = tmp_path / "site"
    built = run_build(project, site)
    assert built.returncode == 0, built.output
    before = digest(site)
    assert "stories/the-hall/index.html" in before
    for story in hostile.iterdir():  # the same stories folder, now with every hostile story in it
        if story.is_dir():
            shutil.copytree(story, project / "stories" / story.name)
    refused = run_build(project, site)
    assert refused.returncode != 0
    assert "Traceback" not in refused.output
    assert_every_case_reported(refused.output, "stories")
    assert digest(site) == before


def test_the_issue_forms_draft_is_refused_too(tmp_path, monkeypatch, capsys):
    import story_from_issue

    issue = (REPO / "tests" / "data" / "issues" / "good-wales.md").read_text(encoding="utf-8")
    title = issue.split("### Title\n\n", 1)[1].split("\n", 1)[0]
    issue = issue.replace(f"### Title\n\n{title}", f"### Title\n\n{title} \u202e", 1)
    issue = issue.replace("### The story\n\n", f"### The story\n\n![A pixel]({PIXEL})\n\n", 1)
    (tmp_path / "issue.md").write_text(issue, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    new_stories_folder(tmp_path)
    status = story_from_issue.main(["issue.md", "--stories", "stories", "--date", "2026-01-15"])
    err = capsys.readouterr().err
    assert status == 1
    assert "Traceback" not in err
    [draft] = [p for p in (tmp_path / "stories").iterdir() if p.is_dir()]
    text = (draft / "index.md").read_text(encoding="utf-8")
    shown = f"stories/{draft.name}/index.md"
    assert f"{shown}:{line_of(text, 'title:')}: title: has an invisible character, U+202E RIGHT-TO-LEFT OVERRIDE" in err
    assert f"{shown}:{line_of(text, PIXEL)}: body: the image '{PIXEL}' {REMOTE}" in err
    assert DOWNLOAD in err


# What a language or an emoji needs passes -------------------------------------------------------

NEEDED = [
    ("the flag of Wales", "\U0001f3f4\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f"),
    ("the flag of Scotland", "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"),
    ("a family", "\U0001f469\u200d\U0001f469\u200d\U0001f467"),
    ("the rainbow flag", "\U0001f3f3\ufe0f\u200d\U0001f308"),
    ("a coder with a skin tone", "\U0001f469\U0001f3fd\u200d\U0001f4bb"),
    ("a red heart", "\u2764\ufe0f"),
    ("a keycap", "1\ufe0f\u20e3"),
    ("Persian", "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"),  # mi-khaham, with ZWNJ
    ("Hindi", "\u0915\u094d\u200d\u0937"),  # a half form, with ZWJ
    ("Urdu", "\u0628\u0627\u062a \u0686\u06cc\u062a"),
    ("Welsh", "Llanfair\u00a0Caereinion, ŵyl, ŷ"),
    ("a tab", "a\tb"),
]


@pytest.mark.parametrize("name, text", NEEDED, ids=[n for n, _ in NEEDED])
def test_characters_a_language_or_emoji_needs_are_kept(name, text):
    assert hidden_characters(text) == []


@pytest.mark.parametrize("text, char", [
    ("\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f", "\U000e0067"),  # tags without the flag
    ("\U0001f3f4\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073", "\U000e0067"),  # never cancelled
    ("\U0001f3f4\U000e0047\U000e0042\U000e007f", "\U000e0047"),  # capital tag letters are no flag
    ("a\u200cb", "\u200c"),  # ZWNJ between Latin letters
    ("\u0645\u200c ", "\u200c"),  # ZWNJ at a word's end
    ("\U0001f469\u200d", "\u200d"),  # a joiner with nothing after it
    ("\ufe0f", "\ufe0f"),  # a variation selector on nothing
    (" \ufe0f", "\ufe0f"),  # on a space
])
def test_the_same_characters_out_of_place_are_refused(text, char):
    assert [found for _, _, found in hidden_characters(text)][:1] == [char]


def test_a_story_using_them_and_its_own_photo_passes_the_story_check(tmp_path):
    folder = new_stories_folder(tmp_path)
    body = "\n\n".join(f"{name.capitalize()}: {text}." for name, text in NEEDED) + \
           '\n\n![The hall](hall.jpg)\n\n<img src="hall.jpg" alt="The hall again">\n\n' \
           "[A link is fine](https://example.org/page) and <a href=\"https://example.org/\">so is this</a>.\n"
    text = VALID_STORY.replace("title: A hall for Llanfair", "title: A hall for Llanfair \U0001f3f4\U000e0067"
                               "\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f") + "\n" + body
    Image.new("RGB", (64, 48)).save(write_story(folder, "the-story", text).parent / "hall.jpg")
    [story] = load_collection(folder, site=SITE, include_unpublished=True, today=TODAY).stories
    assert '<img alt="The hall" src="hall.jpg"' in story.body_html
    assert "\u200c" in story.body_html and "\U000e007f" in story.title
