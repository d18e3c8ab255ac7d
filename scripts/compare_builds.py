#!/usr/bin/env python3
"""Build a git ref and the working tree with the same SOURCE_DATE_EPOCH and list every file
that differs: the check that a refactoring changed no page, feed, GeoJSON or search index.

    python scripts/compare_builds.py [REF]          (default REF: HEAD; `make compare-build REF=main`)

The ref is built from a temporary `git worktree` (removed afterwards) with this checkout's
virtualenv, so both builds use the same MkDocs and Material. Exit status 1 when anything differs."""

from __future__ import annotations

import argparse
import difflib
import filecmp
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EPOCH = "1798761600"  # 2027-01-01: after every launch story, so all are published; both builds get it


def build(project: Path, site_dir: Path, epoch: str) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch, "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = Path(sys.executable).parent / "mkdocs"
    subprocess.run([str(mkdocs), "build", "--strict", "--quiet", "-f", str(project / "mkdocs.yml"),
                    "-d", str(site_dir)], check=True, env=env, cwd=project)


def files_of(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def compare(before: Path, after: Path, show: int = 12) -> list[str]:
    """A report line per differing file (with the first changed lines of text files)."""
    old, new = files_of(before), files_of(after)
    report = [f"only in REF:          {p}" for p in sorted(old - new)]
    report += [f"only in working tree: {p}" for p in sorted(new - old)]
    for path in sorted(old & new):
        a, b = before / path, after / path
        if filecmp.cmp(a, b, shallow=False):
            continue
        report.append(f"differs:              {path}")
        try:
            lines = list(difflib.unified_diff(a.read_text().splitlines(), b.read_text().splitlines(),
                                              lineterm="", n=0))[2:]
        except UnicodeDecodeError:
            continue
        report += ["    " + line[:300] for line in lines[:show]]
        if len(lines) > show:
            report.append(f"    … {len(lines) - show} more diff lines")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ref", nargs="?", default="HEAD", help="git ref to compare with (default HEAD)")
    parser.add_argument("--epoch", default=os.environ.get("SOURCE_DATE_EPOCH", EPOCH))
    parser.add_argument("--keep", type=Path, help="keep both builds under this folder")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="compare-build-") as tmp:
        out = args.keep or Path(tmp)
        checkout = Path(tmp) / "ref"
        subprocess.run(["git", "worktree", "add", "--detach", "--quiet", str(checkout), args.ref],
                       cwd=REPO, check=True)
        try:
            build(checkout, out / "before", args.epoch)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(checkout)], cwd=REPO, check=False)
        build(REPO, out / "after", args.epoch)
        report = compare(out / "before", out / "after")
    count = sum(1 for line in report if not line.startswith("    "))
    print("\n".join(report))
    print(f"{count} file(s) differ between {args.ref} and the working tree"
          if count else f"Identical: the working tree builds the same files as {args.ref}.")
    return 1 if count else 0


if __name__ == "__main__":
    sys.exit(main())
