"""Stories checked once are reused by `mkdocs serve` only while nothing they depend on changed."""

from __future__ import annotations

import datetime as dt
import os

from storyfiles import SITE, VALID_STORY, new_stories_folder, write_story
from storysite.stories.cache import StoryCache
from storysite.stories.collection import load_collection
from storysite.stories.rendering import SiteContext

TODAY = dt.date(2026, 11, 26)


def load(folder, cache, site=SITE, today=TODAY):
    return load_collection(folder, site=site, include_unpublished=True, today=today, cache=cache)


def stories_folder(tmp_path, count=3):
    folder = new_stories_folder(tmp_path)
    for i in range(count):
        write_story(folder, f"story-{i}", VALID_STORY.replace("title: ", f"title: Number {i} ", 1))
    return folder


def test_unchanged_stories_are_reused_and_an_edited_one_is_read_again(tmp_path):
    folder = stories_folder(tmp_path)
    cache = StoryCache()
    first = load(folder, cache)
    assert cache.reused == 0
    again = load(folder, cache)
    assert cache.reused == 3
    assert again.stories == first.stories
    index = folder / "story-1" / "index.md"
    stat = index.stat()
    # The same size and modification time as before: only the bytes tell the edit apart.
    index.write_text(index.read_text(encoding="utf-8").replace("old hall", "old hale", 1), encoding="utf-8")
    os.utime(index, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert index.stat().st_size == stat.st_size
    edited = load(folder, cache)
    assert cache.reused == 2
    assert "hale" in edited.story("story-1").body and "hale" in edited.story("story-1").body_html


def test_a_new_or_changed_photo_in_the_folder_reads_the_story_again(tmp_path):
    folder = stories_folder(tmp_path, count=1)
    cache = StoryCache()
    load(folder, cache)
    (folder / "story-0" / "broken.jpg").write_bytes(b"not really a photo")  # every photo is checked
    try:
        load(folder, cache)
    except Exception as error:  # the build's InputError, naming the new photo
        assert "story-0/broken.jpg" in str(error)
    else:
        raise AssertionError("a photo added beside a cached story was not checked")


def test_a_story_that_became_broken_gives_its_message_every_time(tmp_path):
    folder = stories_folder(tmp_path, count=2)
    cache = StoryCache()
    load(folder, cache)
    (folder / "story-0" / "index.md").write_text("---\ntitle: [unclosed\n---\nText\n", encoding="utf-8")
    for _ in range(2):
        try:
            load(folder, cache)
        except Exception as error:
            assert "story-0/index.md" in str(error)
        else:
            raise AssertionError("a broken story was served from the cache")


def test_a_change_to_the_site_or_the_day_checks_every_story_again(tmp_path):
    folder = stories_folder(tmp_path)
    cache = StoryCache()
    load(folder, cache)
    load(folder, cache, today=TODAY + dt.timedelta(days=1))
    assert cache.reused == 0
    other_site = SiteContext(extensions=SITE.extensions, extension_configs=SITE.extension_configs,
                             site_paths=SITE.site_paths | {"new-page/"}, root_path=SITE.root_path)
    load(folder, cache, site=other_site, today=TODAY + dt.timedelta(days=1))
    assert cache.reused == 0
    load(folder, cache, site=other_site, today=TODAY + dt.timedelta(days=1))
    assert cache.reused == 3
