"""Building the site as a contributor would (`mkdocs build --strict` in a subprocess), either
from this repository or from a copy with a different stories folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MKDOCS = [sys.executable, "-m", "mkdocs"]
PROJECT_PARTS = ("mkdocs.yml", "docs", "overrides", "hooks")


@dataclass(frozen=True)
class BuildResult:
    returncode: int
    output: str  # stdout and stderr together, as a contributor sees them
    site: Path


def build_env() -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.pop("SOURCE_DATE_EPOCH", None)
    return env


def run_build(project: Path, site: Path, *extra: str, env: dict[str, str] | None = None) -> BuildResult:
    done = subprocess.run(
        [*MKDOCS, "build", "--strict", "--clean", "-f", str(project / "mkdocs.yml"), "-d", str(site), *extra],
        cwd=project, capture_output=True, text=True, env=env or build_env(), timeout=900,
    )
    return BuildResult(done.returncode, done.stdout + done.stderr, site)


def copy_project(destination: Path, stories: Path | None = None) -> Path:
    """A copy of the site's sources in `destination`, with `stories` (default: the real ones)."""
    destination.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, destination / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, destination / part)
    shutil.copytree(stories or REPO / "stories", destination / "stories")
    return destination
