#!/usr/bin/env python3
"""Check every story before you open a pull request: python scripts/validate.py [stories-folder]"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))

from storysite.cli import main  # noqa: E402

sys.exit(main())
