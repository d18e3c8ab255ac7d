"""The build cache the deploy and the preview keep between runs (actions/cache of .cache/photos
and .cache/cards): a build with a cache restored from an earlier run, even one made from other
stories, publishes the same bytes as a build with no cache at all."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from PIL import Image

from compare_builds import EPOCH
from sitebuild import REPO, build_env, copy_project, run_build
from storyfiles import write_story
from test_share_cards_build import story_text
from test_workflows import CACHE_PATHS

LEFT_OUT = "hall-with-photo"  # missing from the older cache: its photo and cards are made on the warm build


def digests(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> tuple[Path, Path, Path]:
    """A cold build; and, in another copy, a build of the stories without one (the cache an older
    run would restore), then of all of them over that cache. Returns both sites and that copy."""
    root = tmp_path_factory.mktemp("cache")
    stories = root / "stories"
    shutil.copytree(REPO / "stories", stories)
    story = write_story(stories, LEFT_OUT, story_text("The hall with a photo", "hall.jpg")).parent
    Image.linear_gradient("L").resize((1400, 900)).convert("RGB").save(story / "hall.jpg", quality=85)
    env = {**build_env(), "SOURCE_DATE_EPOCH": EPOCH}
    cold = run_build(copy_project(root / "cold", stories), root / "site-cold", env=env)
    assert cold.returncode == 0, cold.output

    warm_project = copy_project(root / "warm", stories)
    held = root / "held" / LEFT_OUT
    shutil.move(warm_project / "stories" / LEFT_OUT, held)
    older = run_build(warm_project, root / "site-older", env=env)
    assert older.returncode == 0, older.output
    shutil.move(held, warm_project / "stories" / LEFT_OUT)
    warm = run_build(warm_project, root / "site-warm", env=env)
    assert warm.returncode == 0, warm.output
    assert "Share cards and thumbnails: 0 drawn" not in warm.output, "the left-out story's cards are drawn"
    return cold.site, warm.site, warm_project


def test_a_build_over_an_older_cache_publishes_the_same_bytes_as_a_cold_one(builds):
    cold, warm, _ = builds
    cold_files, warm_files = digests(cold), digests(warm)
    assert len(cold_files) > 100
    differ = sorted(name for name in cold_files.keys() | warm_files.keys()
                    if cold_files.get(name) != warm_files.get(name))
    assert not differ, f"{len(differ)} files differ between the cold and the cached build: {differ[:20]}"


def test_the_workflows_cache_every_folder_the_build_reuses(builds):
    *_, project = builds
    made = {f".cache/{p.name}" for p in (project / ".cache").iterdir() if p.is_dir()}
    assert made == CACHE_PATHS, "the deploy and preview cache (.github/workflows) must list what the build keeps"
    for folder in made:
        assert any((project / folder).iterdir()), f"{folder} is empty after a build"
