"""The search index step (storysite/pages/search.py) on small sites of its own: the same pages
give the same bytes, listings marked data-pagefind-ignore stay out, and a missing Pagefind is
named with how to install it."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
from pathlib import Path

import pytest

from storysite.pages import search
from storysite.pages.search import SearchIndexError, write_search_index

PAGE = """<!doctype html><html lang="en"><head><title>{title}</title></head><body>
<header><nav>Home Stories Themes</nav></header>
<div class="md-content"><article class="md-content__inner md-typeset">
<h1 id="t">{title}<a class="headerlink" href="#t">¶</a></h1><p>{text}</p>
<div class="story-cards" data-pagefind-ignore="all"><img src="cards/thumb/elsewhere.png" alt=""><p>Listed elsewhere</p></div>
</article></div><footer>Site code MIT licensed.</footer></body></html>"""


def small_site(folder: Path) -> Path:
    pages = {"": ("Home", "Stories of community-led change."),
             "stories/tafarn-sinc/": ("Tafarn Sinc", "The corrugated-iron pub Rosebush would not let go."),
             "stories/ynni-ogwen/": ("Ynni Ogwen", "A hydro beside the quarry's pneumatic tools.")}
    for url, (title, text) in pages.items():
        (folder / url).mkdir(parents=True, exist_ok=True)
        (folder / url / "index.html").write_text(PAGE.format(title=title, text=text), encoding="utf-8")
    return folder


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_same_pages_give_the_same_index_bytes(tmp_path):
    one = small_site(tmp_path / "one")
    two = tmp_path / "two"
    shutil.copytree(one, two)
    first, second = write_search_index(one), write_search_index(two)
    assert first.pages == second.pages == 3
    assert digest(one / "pagefind") == digest(two / "pagefind")
    assert not (one / "pagefind" / "pagefind-ui.js").exists()  # Pagefind's own UI is not used


def test_only_the_article_is_indexed_without_listings_or_heading_links(tmp_path):
    site = small_site(tmp_path / "site")
    write_search_index(site)
    records = [json.loads(gzip.decompress(p.read_bytes())[len(b"pagefind_dcd"):])
               for p in (site / "pagefind" / "fragment").glob("*.pf_fragment")]
    story = next(r for r in records if r["url"] == "/stories/ynni-ogwen/")
    assert story["meta"] == {"title": "Ynni Ogwen"}  # no picture borrowed from a listing
    assert "pneumatic" in story["content"]
    for left_out in ("Listed elsewhere", "¶", "MIT licensed", "Themes"):
        assert left_out not in story["content"]


def test_a_missing_pagefind_says_how_to_install_it(tmp_path, monkeypatch):
    import pagefind_bin

    def missing():
        raise FileNotFoundError("no binary")

    monkeypatch.setattr(pagefind_bin, "get_executable", missing)
    with pytest.raises(SearchIndexError, match=r"pip install -e \."):
        write_search_index(small_site(tmp_path / "site"))


def test_a_failing_pagefind_is_reported_with_its_words(tmp_path):
    with pytest.raises(SearchIndexError, match="Pagefind could not index"):
        write_search_index(tmp_path / "no-such-site", binary=search.pagefind_binary())
