#!/usr/bin/env python3
"""Build a git ref and the working tree with the same SOURCE_DATE_EPOCH and list every file
that differs: the check that a refactoring changed no page, feed, GeoJSON or search index.

    python scripts/compare_builds.py [REF]          (default REF: HEAD; `make compare-build REF=main`)

The ref is built from a temporary `git worktree` (removed afterwards) with this checkout's
virtualenv, so both builds use the same MkDocs and Material. Exit status 1 when anything differs."""

from __future__ import annotations

import argparse
import filecmp
import os
import subprocess
import sys
import tempfile
from collections import Counter
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


def changes(old: str, new: str, limit: int = 500) -> Counter[tuple[str, str]] | None:
    """The small edits that turn `old` into `new`, counted: {(was, now): times}. Walks both texts
    once, resynchronising after each difference; None when they cannot be lined up that way."""
    found: Counter[tuple[str, str]] = Counter()
    i = j = 0
    while i < len(old) and j < len(new):
        if old[i] == new[j]:
            i, j = i + 1, j + 1
            continue
        step = next(((di, dj) for span in range(1, 40) for di in range(span + 1) for dj in (span - di,)
                     if old[i + di:i + di + 16] == new[j + dj:j + dj + 16]), None)
        if step is None or len(found) > limit:
            return None
        found[old[i:i + step[0]], new[j:j + step[1]]] += 1
        i, j = i + step[0], j + step[1]
    if old[i:] or new[j:]:
        found[old[i:][:40], new[j:][:40]] += 1
    return found


def compare(before: Path, after: Path) -> tuple[list[str], Counter[tuple[str, str]]]:
    """A report line per differing file, naming its edits, and every edit counted over all files."""
    old, new = files_of(before), files_of(after)
    report = [f"only in REF:          {p}" for p in sorted(old - new)]
    report += [f"only in working tree: {p}" for p in sorted(new - old)]
    total: Counter[tuple[str, str]] = Counter()
    for path in sorted(old & new):
        a, b = before / path, after / path
        if filecmp.cmp(a, b, shallow=False):
            continue
        try:
            edits = changes(a.read_text(encoding="utf-8"), b.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            edits = None
        if edits is None:
            report.append(f"differs:              {path}  (not a few small edits: diff the files)")
            continue
        total.update(edits)
        shown = ", ".join(f"{was!r} -> {now!r} x{n}" for (was, now), n in edits.most_common(4))
        report.append(f"differs:              {path}  ({shown}{', …' if len(edits) > 4 else ''})")
    return report, total


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
        report, total = compare(out / "before", out / "after")
    count = len(report)
    print("\n".join(report))
    if total:
        print("Edits over all files:")
        print("\n".join(f"  {was!r} -> {now!r}: {n} times" for (was, now), n in total.most_common()))
    print(f"{count} file(s) differ between {args.ref} and the working tree"
          if count else f"Identical: the working tree builds the same files as {args.ref}.")
    return 1 if count else 0


if __name__ == "__main__":
    sys.exit(main())
