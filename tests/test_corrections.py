"""Corrections as news sites publish them: the validator's messages for the `corrections:` field,
the note at the end of a corrected story, the Corrections page, and the dates that follow a
correction (JSON-LD dateModified, feed entries' updated) while the published date and the feed
id stay as they were. Also the story page's "Edit this story" link (from repo_url/edit_uri)."""

from __future__ import annotations

import datetime as dt
import json
import re
from html import unescape
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import pytest

from storyfiles import SITE, VALID_STORY, build_stories, new_stories_folder, write_story
from storysite.problems import InputError
from storysite.stories.collection import load_collection

TODAY = dt.date(2026, 11, 29)
EPOCH = str(int(dt.datetime(2026, 11, 29, tzinfo=dt.timezone.utc).timestamp()))


def with_corrections(block: str, story: str = VALID_STORY) -> str:
    return story.replace("---\n\nThe story", block + "---\n\nThe story")


def problems_for(tmp_path: Path, text: str) -> list[str]:
    folder = new_stories_folder(tmp_path)
    write_story(folder, "the-story", text)
    with pytest.raises(InputError) as caught:
        load_collection(folder, include_unpublished=True, today=TODAY, site=SITE)
    return [str(p) for p in caught.value.problems]


# The validator -------------------------------------------------------------------------------

def test_corrections_load_oldest_first_and_move_the_last_modified_day(tmp_path):
    folder = new_stories_folder(tmp_path)
    write_story(folder, "the-story", with_corrections(
        "corrections:\n  - date: 2026-04-02\n    text: We corrected the hall's opening year.\n"
        "  - date: 2026-03-05\n    text: >-\n      We corrected the   society's name.\n"))
    story = load_collection(folder, include_unpublished=True, today=TODAY, site=SITE).stories[0]
    assert [(c.date.isoformat(), c.text) for c in story.corrections] == [
        ("2026-03-05", "We corrected the society's name."), ("2026-04-02", "We corrected the hall's opening year.")]
    assert story.date == dt.date(2026, 3, 1) and story.last_modified == dt.date(2026, 4, 2)


@pytest.mark.parametrize("block, expected", [
    ("corrections:\n  - date: 29/11/2026\n    text: Fixed.\n",
     "stories/the-story/index.md:20: corrections[0].date: '29/11/2026' is not a date written as YYYY-MM-DD"),
    ("corrections:\n  - date: 2026-02-30\n    text: Fixed.\n",
     "stories/the-story/index.md:20: corrections[0].date: 2026-02-30 is not a real date"),
    ("corrections:\n  - date: 2026-11-30\n    text: Fixed.\n",
     "stories/the-story/index.md:20: corrections[0].date: 2026-11-30 is after today (2026-11-29)"),
    ("corrections:\n  - date: 2026-02-28\n    text: Fixed.\n",
     "stories/the-story/index.md:20: corrections[0].date: 2026-02-28 is before the story's date (2026-03-01)"),
    ("corrections:\n  - date: 2026-03-05\n    text: '  '\n",
     "stories/the-story/index.md:21: corrections[0].text: is empty. Write some text after the colon."),
    ("corrections:\n  - date: 2026-03-05\n",
     "stories/the-story/index.md:20: corrections[0].text: is missing. Say what was wrong"),
    ("corrections:\n  - text: Fixed.\n",
     "stories/the-story/index.md:20: corrections[0].date: is missing. Give the day the story was corrected"),
    ("corrections:\n  - date: 2026-03-05\n    text: Fixed.\n    txt: Fixed again.\n",
     "stories/the-story/index.md:22: corrections[0].txt: is not a field a story can have. Did you mean 'text'?"),
    ("corrections:\n  - date: 2026-03-05\n    text: The <b>year</b> was wrong.\n",
     "stories/the-story/index.md:21: corrections[0].text: must be plain text"),
    ("corrections:\n  - 2026-03-05 we fixed the year\n",
     "stories/the-story/index.md:20: corrections[0]: must have a 'date:' and a 'text:' line"),
    ("corrections: We fixed the year.\n",
     "stories/the-story/index.md:19: corrections: must list one or more corrections, each with a date and a text"),
    ("correction:\n  - date: 2026-03-05\n    text: Fixed.\n",
     "stories/the-story/index.md:19: correction: is not a field a story can have. Did you mean 'corrections'?"),
])
def test_each_mistake_in_a_correction_names_its_line_and_field(tmp_path, block, expected):
    [message] = problems_for(tmp_path, with_corrections(block))
    assert message.startswith(expected), message


def test_a_long_correction_is_refused(tmp_path):
    [message] = problems_for(tmp_path, with_corrections(f"corrections:\n  - date: 2026-03-05\n    text: {'word ' * 120}\n"))
    assert message.startswith("stories/the-story/index.md:21: corrections[0].text: is 599 characters long; "
                              "keep it to 500 or fewer.")


# The built site ------------------------------------------------------------------------------

STORY_A = with_corrections(
    "corrections:\n  - date: 2026-04-02\n    text: We corrected the year the hall opened, from 1921 to 1912.\n"
    "  - date: 2026-03-05\n    text: We corrected the society's name.\n")
STORY_B = VALID_STORY.replace("A hall for Llanfair", "A pub for Llanfair").replace("2026-03-01", "2026-03-10")
STORY_B_CORRECTED = with_corrections(
    "corrections:\n  - date: 2026-03-20\n    text: We corrected the number of members to 212.\n", STORY_B)
STORY_C = VALID_STORY.replace("A hall for Llanfair", "A shop for Llanfair").replace("2026-03-01", "2026-03-15")


def build(root: Path, stories: dict[str, str], repo: str | None = None, epoch: str = EPOCH):
    return build_stories(root, stories, repo, epoch)


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The same three stories built twice: without corrections and no repository address, then with
    two stories corrected and repo_url set."""
    root = tmp_path_factory.mktemp("corrections")
    before = build(root / "before", {"hall": VALID_STORY, "pub": STORY_B, "shop": STORY_C})
    after = build(root / "after", {"hall": STORY_A, "pub": STORY_B_CORRECTED, "shop": STORY_C},
                  repo="https://github.com/example/community-stories")
    assert before.returncode == 0, before.output
    assert after.returncode == 0, after.output
    return before.site, after.site


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_a_corrected_story_shows_its_corrections_after_its_text(sites):
    _, after = sites
    html = (after / "stories/hall/index.html").read_text(encoding="utf-8")
    section = html[html.index('<section class="story__corrections"'):]
    section = section[: section.index("</section>")]
    assert html.index("The story of the hall.") < html.index('<section class="story__corrections"') \
        < html.index('id="sources-heading"')
    assert [text_of(li) for li in re.findall(r"<li>(.*?)</li>", section)] == [
        "Corrected on 5 March 2026 : We corrected the society's name.",
        "Corrected on 2 April 2026 : We corrected the year the hall opened, from 1921 to 1912.",
    ]
    assert '<time datetime="2026-04-02">2 April 2026</time>' in section
    assert '<a href="../../corrections/">' in section
    facts = html[html.index("<dt>Published</dt>"):]
    assert text_of(facts[: facts.index("</dd>")]) == "Published 1 March 2026 ; corrected 2 April 2026"
    shop = (after / "stories/shop/index.html").read_text(encoding="utf-8")
    assert "story__corrections" not in shop and "corrected" not in text_of(shop[shop.index("<dt>Published"):][:200])


def test_the_corrections_page_lists_every_correction_newest_first_with_its_story(sites):
    _, after = sites
    html = (after / "corrections/index.html").read_text(encoding="utf-8")
    listing = html[html.index('<div class="corrections-list">'):]
    listing = listing[: listing.index("</div>")]
    entries = re.findall(r'<li><p class="corrections-list__story"><a href="([^"]+)">([^<]+)</a></p>\s*<p>(.*?)</p></li>',
                         listing)
    assert [(urljoin("corrections/", href), title, text_of(note)) for href, title, note in entries] == [
        ("stories/hall/", "A hall for Llanfair", "Corrected on 2 April 2026 : We corrected the year the hall opened, from 1921 to 1912."),
        ("stories/pub/", "A pub for Llanfair", "Corrected on 20 March 2026 : We corrected the number of members to 212."),
        ("stories/hall/", "A hall for Llanfair", "Corrected on 5 March 2026 : We corrected the society's name."),
    ]
    assert 'href="../corrections/"' in (after / "about/index.html").read_text(encoding="utf-8")
    before, _ = sites
    assert "No story has been corrected yet." in (before / "corrections/index.html").read_text(encoding="utf-8")


def json_ld(site: Path, slug: str) -> dict:
    html = (site / f"stories/{slug}/index.html").read_text(encoding="utf-8")
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


def test_json_ld_date_modified_follows_the_latest_correction(sites):
    before, after = sites
    assert (json_ld(before, "hall")["datePublished"], json_ld(before, "hall")["dateModified"]) == ("2026-03-01", "2026-03-01")
    data = json_ld(after, "hall")
    assert (data["datePublished"], data["dateModified"]) == ("2026-03-01", "2026-04-02")
    assert data["correction"] == [
        {"@type": "CorrectionComment", "datePublished": "2026-03-05", "text": "We corrected the society's name."},
        {"@type": "CorrectionComment", "datePublished": "2026-04-02",
         "text": "We corrected the year the hall opened, from 1921 to 1912."}]
    assert "correction" not in json_ld(after, "shop")


def entries(site: Path, name: str) -> dict[str, tuple[str, str, str | None]]:
    """Each feed's items by slug, in feed order: (id, published day, updated day)."""
    if name.endswith(".json"):
        items = json.loads((site / name).read_text(encoding="utf-8"))["items"]
        return {i["url"].rstrip("/").rsplit("/", 1)[1]: (i["id"], i["date_published"][:10], i["date_modified"][:10])
                for i in items}
    return {e.link.rstrip("/").rsplit("/", 1)[1]: (e.id, day(e.published_parsed), day(e.updated_parsed) if name == "atom.xml" else None)
            for e in feedparser.parse(str(site / name)).entries}


def day(parsed) -> str | None:
    return dt.date(*parsed[:3]).isoformat() if parsed else None


def test_feed_entries_are_updated_by_a_correction_not_republished(sites):
    before, after = sites
    for name in ("atom.xml", "feed.json", "feed.xml"):
        old, new = entries(before, name), entries(after, name)
        assert list(new) == list(old) == ["shop", "pub", "hall"], name  # same order: nothing looks new
        assert [(i, published) for i, published, _ in new.values()] == \
            [(i, published) for i, published, _ in old.values()], name  # same ids, same published days
        assert new["hall"][1] == "2026-03-01"
    for name in ("atom.xml", "feed.json"):  # RSS items have no updated date
        old, new = entries(before, name), entries(after, name)
        assert (old["hall"][2], new["hall"][2]) == ("2026-03-01", "2026-04-02"), name
        assert (old["pub"][2], new["pub"][2]) == ("2026-03-10", "2026-03-20"), name
        assert old["shop"][2] == new["shop"][2] == "2026-03-15", name
    atom = feedparser.parse(str(after / "atom.xml")).entries[2].content[0].value
    assert "Corrected on 2 April 2026:</strong> We corrected the year the hall opened" in atom


def test_a_correction_dated_after_the_builds_day_stops_the_build(tmp_path):
    early = str(int(dt.datetime(2026, 3, 10, tzinfo=dt.timezone.utc).timestamp()))
    result = build(tmp_path, {"hall": STORY_A}, epoch=early)
    assert result.returncode != 0
    assert "stories/hall/index.md:20: corrections[0].date: 2026-04-02 is after today (2026-03-10)" in result.output
    assert "Traceback" not in result.output


# "Edit this story" ---------------------------------------------------------------------------

def test_each_story_links_to_its_source_file_when_the_repository_is_set(sites):
    before, after = sites
    for slug in ("hall", "pub", "shop"):
        html = (after / f"stories/{slug}/index.html").read_text(encoding="utf-8")
        assert re.findall(r'<a href="([^"]+)" rel="edit">Edit this story</a>', html) == [
            f"https://github.com/example/community-stories/edit/main/stories/{slug}/index.md"]
        assert "Edit this story" not in (before / f"stories/{slug}/index.html").read_text(encoding="utf-8")
    # Hand-written pages get Material's own edit button, into docs/.
    about = (after / "about/index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/example/community-stories/edit/main/docs/about.md"' in about
    assert 'rel="edit"' not in (before / "about/index.html").read_text(encoding="utf-8")
