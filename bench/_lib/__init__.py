"""Helpers shared by the benchmarks in bench/ (not runnable on their own). Importing this package
puts scripts/ and tests/ on the path: the benchmarks build the site exactly as the tests do
(tests/sitebuild.py) from synthetic stories (scripts/synthetic_stories.py, which tests use too)."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
for _folder in ("tests", "scripts", "hooks"):
    if str(REPO / _folder) not in sys.path:
        sys.path.append(str(REPO / _folder))
