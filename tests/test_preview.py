"""`make serve` (`mkdocs serve`): saving a story shows it, and every page that shows that story,
updated; a removed story's page goes, and so does every card of it. Run against a copy of the
project, with stories chosen by what they show (never by name)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

from sitebuild import REPO, build_env, copy_project
from storyfiles import SITE
from storysite.settings import build_today
from storysite.pages.listings import prepare_browse
from storysite.stories.collection import load_collection
from test_build import _free_port

DEADLINE = 300  # seconds: generous, only so that a broken preview fails instead of hanging


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except OSError:  # not serving yet
        return 0, ""


def wait_for(check, what: str, log: list[str]) -> None:
    end = time.monotonic() + DEADLINE
    while time.monotonic() < end:
        if check():
            return
        time.sleep(0.5)
    raise AssertionError(f"the preview never showed {what}:\n" + "".join(log[-40:]))


def test_saving_a_story_updates_every_page_that_shows_it(tmp_path):
    collection = load_collection(REPO / "stories", site=SITE, include_unpublished=True, today=build_today())
    related = prepare_browse(collection).related
    edited = collection.stories[0]  # the newest: on the home page too
    shown_by = next(s for s in collection.stories if edited in related[s.slug])
    removed = next(s for s in reversed(collection.stories) if s not in (edited, shown_by))
    showed_removed = next(s for s in collection.stories if removed in related[s.slug] and s is not edited)
    project = copy_project(tmp_path / "project")
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen([*[sys.executable, "-m", "mkdocs"], "serve", "-a", f"127.0.0.1:{port}",
                               "-f", str(project / "mkdocs.yml")], cwd=project, env=build_env(),
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    log: list[str] = []
    threading.Thread(target=lambda: log.extend(iter(server.stdout.readline, "")), daemon=True).start()
    try:
        wait_for(lambda: fetch(base + edited.url)[0] == 200, "the first build", log)
        source = project / "stories" / edited.slug / "index.md"
        new_title = "A title saved while the preview ran"
        source.write_text(re.sub(r"^title: .*$", f"title: {new_title}", source.read_text(encoding="utf-8"),
                                 count=1, flags=re.M), encoding="utf-8")
        wait_for(lambda: new_title in fetch(base + edited.url)[1], "the edited story's new title", log)
        for page in ("", "stories/", shown_by.url, "stories.geojson"):  # home, the listing, a related card, the data
            assert new_title in fetch(base + page)[1], page

        # A sentence added to the body: the story shows it, and the pages that showed its new
        # title still do.
        sentence = "A sentence saved while the preview ran."
        source.write_text(source.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")
        wait_for(lambda: sentence in fetch(base + edited.url)[1], "the story's new sentence", log)
        for page in ("", "stories/", shown_by.url):  # what they showed of the story is still there
            assert new_title in fetch(base + page)[1], page

        shutil.rmtree(project / "stories" / removed.slug)
        wait_for(lambda: fetch(base + removed.url)[0] == 404, "the removed story's page gone", log)
        for page in ("stories/", showed_removed.url, "stories.geojson"):  # the listing, a page that had its card
            assert removed.url.split("/")[-2] not in fetch(base + page)[1], page
    finally:
        server.terminate()
        server.wait(timeout=30)
