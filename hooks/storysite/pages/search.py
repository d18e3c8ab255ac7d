"""The site's search index: Pagefind run over the built site, once, with fixed options.

Pagefind splits the index into small files a reader's browser fetches only as a query needs
them (a first search at 3,000 stories costs well under the 8 MB Material's one-file index
did). Material's search box stays; its worker is swapped for docs/assets/javascripts/
search-worker.js, which asks Pagefind. Same site in, same bytes out: Pagefind names its files
by content and writes them the same way each time (tests/test_search_build.py checks it)."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from storysite.routes import SEARCH_DIR

# What a reader searches: the article of every page (Material's <article>), not the header,
# navigation, tabs or footer every page repeats. Listings, share links, maps and the like carry
# data-pagefind-ignore in their templates. ".headerlink" is Markdown's "¶" beside each heading.
ROOT_SELECTOR = ".md-content__inner"
EXCLUDE_SELECTORS = (".headerlink",)
# Every page is an index.html (use_directory_urls); 404.html and the feeds' XSL are not pages to find.
PAGE_GLOB = "**/index.html"
LANGUAGE = "en"  # one index, whatever a page's lang says (mkdocs.yml's theme language)
# Pagefind's own search interfaces and its page-side worker: this site asks Pagefind from its own
# worker through Material's box, so these would only be dead weight in every deploy.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
          "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js", "pagefind-worker.js",
          "wasm.unknown.pagefind")  # the index is English (LANGUAGE): its wasm is wasm.en.pagefind


class SearchIndexError(Exception):
    """Pagefind could not index the site: missing, or it failed. The message says what to do."""


@dataclass(frozen=True)
class SearchIndex:
    pages: int  # pages Pagefind indexed
    files: int  # files it wrote under SEARCH_DIR
    size: int  # their bytes on disk


def pagefind_binary() -> Path:
    """The Pagefind program from the pinned `pagefind-bin` wheel (pyproject.toml)."""
    try:
        from pagefind_bin import get_executable
        return Path(get_executable())
    except (ImportError, FileNotFoundError):
        raise SearchIndexError("Pagefind, which builds the search index, is not installed. Run "
                               "`make build` (or `pip install -e .`) to install the pinned pagefind-bin.") from None


def pagefind_command(binary: Path, site_dir: Path) -> list[str]:
    command = [str(binary), "--site", str(site_dir), "--output-subdir", SEARCH_DIR.rstrip("/"),
               "--root-selector", ROOT_SELECTOR, "--glob", PAGE_GLOB, "--force-language", LANGUAGE]
    for selector in EXCLUDE_SELECTORS:
        command += ["--exclude-selectors", selector]
    return command


def write_search_index(site_dir: Path, binary: Path | None = None, background: bool = False) -> SearchIndex:
    """Index the built site in `site_dir`; the index is written to site_dir/SEARCH_DIR. In the
    `background` (a preview's index, made while the next save may already be rebuilding) Pagefind
    runs at a lower priority, so the page being previewed comes first."""
    command = pagefind_command(binary or pagefind_binary(), site_dir)
    nice = shutil.which("nice") if background else None
    done = subprocess.run([nice, "-n", "10", *command] if nice else command,
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SearchIndexError(f"Pagefind could not index {site_dir}/ (exit {done.returncode}):\n"
                               f"{(done.stderr or done.stdout).strip()[-2000:]}")
    for name in UNUSED:
        (site_dir / SEARCH_DIR / name).unlink(missing_ok=True)
    pages = re.search(r"Indexed (\d+) pages?", done.stdout)
    files = [p for p in (site_dir / SEARCH_DIR).rglob("*") if p.is_file()]
    return SearchIndex(pages=int(pages.group(1)) if pages else 0, files=len(files),
                       size=sum(p.stat().st_size for p in files))
