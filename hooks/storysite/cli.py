"""`python scripts/validate.py`: the contributor's check, with the same messages as the build."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .collection import load_collection
from .dates import build_today
from .problems import InputError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="validate.py",
        description="Check every story in the stories folder and report every problem at once.",
    )
    parser.add_argument("folder", nargs="?", default="stories", type=Path,
                        help="the folder of story folders (default: stories)")
    args = parser.parse_args(argv)
    try:
        collection = load_collection(args.folder, include_unpublished=True, today=build_today(),
                                     shown_dir=args.folder.as_posix().rstrip("/"))
    except InputError as error:
        print(error, file=sys.stderr)
        return 1
    count = len(collection.stories)
    drafts = sum(1 for s in collection.stories if s.draft)
    print(f"All good: {count} {'story' if count == 1 else 'stories'} checked"
          + (f" ({drafts} draft{'s' if drafts != 1 else ''})" if drafts else "") + ", no problems found.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
