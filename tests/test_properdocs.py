"""The site builds with ProperDocs, the maintained fork of MkDocs 1.x (hooks and Material work
unchanged), and gives the same site as MkDocs: the way off MkDocs 1.6 once it can no longer be
installed. ProperDocs lives in its own virtualenv under .cache/properdocs/, made on first use
from PyPI with this checkout installed in it, so the test venv keeps plain MkDocs."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from compare_builds import EPOCH, compare
from sitebuild import REPO

pytestmark = pytest.mark.network  # its own virtualenv is installed from PyPI on the first run

PROPERDOCS = "properdocs==1.6.7"
VENV = REPO / ".cache" / "properdocs"

# The one difference allowed, and why: each page's <meta name="generator"> names the engine that
# built it ("mkdocs-1.6.1, …" against "mkdocs-ProperDocs 1.6.7, …"; Material writes it, and
# `extra.generator: false` only hides the footer's "Made with" line). Feeds, GeoJSON, the search
# index, the sitemap and every other byte are the same.
GENERATOR_EDIT = ("1.6.1", "ProperDocs 1.6.7")


def properdocs_venv() -> Path:
    """.cache/properdocs/bin/properdocs, installing ProperDocs and this checkout there if needed."""
    # Named by pyproject.toml too: a dependency added there is installed here on the next run.
    project = hashlib.sha256((REPO / "pyproject.toml").read_bytes()).hexdigest()[:12]
    marker = VENV / f".installed-{PROPERDOCS}-{project}"
    executable = VENV / "bin" / "properdocs"
    if not marker.exists():
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(VENV)], check=True)
        done = subprocess.run([str(VENV / "bin" / "pip"), "install", "--quiet", PROPERDOCS, "-e", str(REPO)],
                              capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, f"could not install {PROPERDOCS}:\n{done.stdout}{done.stderr}"
        marker.touch()
    return executable


def build(command: list[str], site: Path) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([*command, "build", "--strict", "--quiet", "-f", str(REPO / "mkdocs.yml"), "-d", str(site)],
                          cwd=REPO, capture_output=True, text=True, env=env, timeout=900)
    assert done.returncode == 0, f"{command[-1]} build failed:\n{done.stdout}{done.stderr}"


@pytest.fixture(scope="module")
def both_builds(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("engines")
    build([sys.executable, "-m", "mkdocs"], root / "mkdocs")
    build([str(properdocs_venv())], root / "properdocs")
    return root / "mkdocs", root / "properdocs"


def test_properdocs_builds_the_site_mkdocs_builds(both_builds):
    mkdocs_site, properdocs_site = both_builds
    assert (properdocs_site / "stories.geojson").is_file()
    assert len(list(properdocs_site.rglob("*.html"))) == len(list(mkdocs_site.rglob("*.html"))) > 60
    report, edits = compare(mkdocs_site, properdocs_site)
    # Pages Material rendered carry the generator tag; the embed pages (our own standalone
    # template, written after the build) do not, and must be byte-identical.
    pages = sum('name="generator"' in p.read_text(encoding="utf-8") for p in mkdocs_site.rglob("*.html"))
    assert dict(edits) == {GENERATOR_EDIT: pages}, (
        "MkDocs ('REF') and ProperDocs ('working tree') builds differ:\n" + "\n".join(report[:40]))
    assert len(report) == pages, "\n".join(line for line in report if not line.endswith(".html  ('1.6.1' -> "
                                                                                      "'ProperDocs 1.6.7' x1)"))
    generator = f'<meta name="generator" content="mkdocs-ProperDocs 1.6.7, mkdocs-material-{version("mkdocs-material")}">'
    assert generator in (properdocs_site / "index.html").read_text(encoding="utf-8")


def test_properdocs_ran_the_hooks(both_builds):
    # A build that ignored hooks would still make the hand-written pages; the story pages, the
    # feeds and the map's data only exist when the hooks ran.
    _, site = both_builds
    assert len(list((site / "stories").glob("*/index.html"))) > 30
    assert (site / "feed.xml").is_file() and (site / "map" / "index.html").is_file()
