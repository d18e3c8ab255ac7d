"""`python scripts/validate.py`: the contributor's check, with the same messages as the build."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .build import prepare, read_site_config
from .problems import InputError, Problem
from .settings import build_today
from .stories.rendering import CONFIG_FILE


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="validate.py",
        description="Check every story in the stories folder and report every problem at once.",
    )
    parser.add_argument("folder", nargs="?", default="stories", type=Path,
                        help="the folder of story folders (default: stories)")
    parser.add_argument("--config", type=Path, default=None,
                        help="the site's mkdocs.yml, whose Markdown settings bodies are rendered with "
                             "(default: beside the stories folder, else in the current folder)")
    parser.add_argument("--github", action="store_true", default=os.environ.get("GITHUB_ACTIONS") == "true",
                        help="also print GitHub Actions annotations, so problems show on the pull request's "
                             "lines (on by default inside GitHub Actions)")
    args = parser.parse_args(argv)
    try:
        config, problems = read_site_config(_config_file(args.folder, args.config))
        if config is None:
            raise InputError(problems)
        # The build's own prepare step, drafts included: photos go into the same cache, so the
        # build reuses them.
        collection = prepare(config, include_unpublished=True, today=build_today(), stories_dir=args.folder,
                             shown_dir=args.folder.as_posix().rstrip("/")).collection
    except InputError as error:
        print(error, file=sys.stderr)
        if args.github:
            for problem in error.problems:
                print(github_annotation(problem))
        return 1
    count = len(collection.stories)
    drafts = sum(1 for s in collection.stories if s.draft)
    print(f"All good: {count} {'story' if count == 1 else 'stories'} checked"
          + (f" ({drafts} draft{'s' if drafts != 1 else ''})" if drafts else "") + ", no problems found.")
    return 0


def _config_file(folder: Path, given: Path | None) -> Path:
    """mkdocs.yml beside the stories folder (as in this repository), else in the current folder."""
    if given is not None:
        return given
    beside = folder.resolve().parent / CONFIG_FILE
    return beside if beside.is_file() else Path(CONFIG_FILE)


def github_annotation(problem: Problem) -> str:
    """A workflow command that GitHub shows beside the line of the pull request it is about."""
    where = f"file={problem.path}" + (f",line={problem.line}" if problem.line else "")
    text = f"{problem.field}: {problem.message}" if problem.field else problem.message
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return f"::error {where},title=Story check::{text}"


if __name__ == "__main__":
    sys.exit(main())
