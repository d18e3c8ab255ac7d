"""Every assumption the site makes about Material's installed files, checked against them: the
blocks and partials copied from Material, the file names we look for, the header label
replaced, the classes, ids and components our templates, scripts and stylesheets look for, and the
messages Material's bundle sends its search worker. Fast: no build, no browser.

After an upgrade of Material, a failure names our file and Material's file to compare. Each copy
lists what it changes; anything else that differs is Material's change, to take into our copy."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import material
import pytest

REPO = Path(__file__).resolve().parent.parent
MATERIAL = Path(material.__file__).parent / "templates"
MATERIAL_NAME = f"Material {version('mkdocs-material')}"


@dataclass(frozen=True)
class Copy:
    """Our copy of a Material template, or of one `{% block %}` of it, and what it changes: each
    (pattern, text) replaces the pattern's one match in Material's text, whitespace collapsed."""

    ours: str  # path from the repository's root
    theirs: str  # path inside material/templates/
    block: str | None
    changes: tuple[tuple[str, str], ...]


def literal(text: str) -> str:
    return re.escape(" ".join(text.split()))


COPIES = (
    # Our search worker (Pagefind) instead of Material's, and "Top 20" as the count.
    Copy("overrides/main.html", "base.html", "config", (
        (literal('"search.result.other": lang.t("search.result.other"),'),
         '"search.result.other": "Top # matching documents",'),
        (r'"search": "assets/javascripts/workers/search\.[0-9a-f]+\.min\.js" \| url,',
         '"search": "assets/javascripts/search-worker.js" | url,'),
    )),
    # A named dialog, a named results region, the count as a status.
    Copy("overrides/partials/search.html", "partials/search.html", None, (
        (literal('data-md-component="search" role="dialog">'),
         'data-md-component="search" role="dialog" aria-label="{{ lang.t(\'search\') }}">'),
        (literal('<div class="md-search__scrollwrap" tabindex="0" data-md-scrollfix>'),
         '<div class="md-search__scrollwrap" tabindex="0" role="region" aria-label="Search results" data-md-scrollfix>'),
        (literal('<div class="md-search-result__meta">'), '<div class="md-search-result__meta" role="status">'),
    )),
    # The Corrections link beside the licence, and the footer's end mark.
    Copy("overrides/partials/copyright.html", "partials/copyright.html", None, (
        (literal("{{ config.copyright }} </div> {% endif %}"),
         "{{ config.copyright }} </div> {% endif %} "
         "<div class=\"md-copyright__corrections\"><a href=\"{{ 'corrections/' | url }}\">Corrections</a></div>"),
        (r"</div>$", '<span class="md-copyright__end" hidden></span> </div>'),
    )),
)
# Our templates that take the place of Material's of the same name: the copies above, and
# main.html, which Material leaves empty for this (it only extends base.html).
SHADOWING = {copy.ours.removeprefix("overrides/") for copy in COPIES if copy.block is None} | {"main.html"}
# Classes and ids that are ours, though they start like Material's.
OUR_NAMES = {"md-header__drawer-button", "md-copyright__corrections", "md-copyright__end"}
# The string main.html's header block replaces (it puts the keyboard's Menu button before it).
HEADER_REPLACE = re.compile(r"\{% block header %\}\s*\{\{ super\(\) \| replace\('([^']+)'")
# Files of ours that name Material's classes, ids, components and colour variables.
OUR_FILES = ("overrides/**/*.html", "docs/assets/javascripts/*.js", "docs/assets/stylesheets/*.css", "hooks/**/*.py")
MATERIAL_NAME_PATTERNS = {
    "class": re.compile(r"(?<![\w-])md-[a-z][a-z0-9_-]*[a-z0-9]"),
    "colour variable": re.compile(r"(?<![\w-])--md-[a-z][a-z0-9-]*[a-z0-9]"),
    "id": re.compile(r"(?<![\w-])__(?:drawer|search|palette|config)\b"),
    "component": re.compile(r"data-md-component=[\"']?([a-z][a-z-]*)"),
}
# Material's files our files find by pattern (their names carry a hash), and who looks.
FILE_PATTERNS = {
    "assets/javascripts/bundle.*.min.js": "tests/test_scripts_browser.py (SlowBundle) and this test",
    "assets/javascripts/workers/search.*.min.js": "overrides/main.html (the config block's search worker)",
}


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def without_comments(template: str) -> str:
    return re.sub(r"\{#.*?#\}", "", template, flags=re.S)


def block(template: str, name: str) -> str | None:
    """The text inside `{% block name %}` … its `{% endblock %}`, None if there is no such block."""
    found = re.search(r"\{%-?\s*block\s+" + re.escape(name) + r"\s*-?%\}(.*?)\{%-?\s*endblock\s*-?%\}",
                      template, flags=re.S)
    return found.group(1) if found else None


def _lines(text: str) -> list[str]:
    """Whitespace-collapsed template text cut after each tag and each comma, for a readable diff."""
    return re.sub(r"(>|%\}|\}\}|,) ", r"\1\n", text).splitlines()


def copy_problems(copy: Copy, ours: str, theirs: str) -> list[str]:
    """What keeps `ours` from being `theirs` but for `copy.changes`, each naming both files."""
    where = f"{copy.ours}" + (f" (block {copy.block})" if copy.block else "")
    original = f"{MATERIAL_NAME}'s {copy.theirs}" + (f" (block {copy.block})" if copy.block else "")
    revisit = f"revisit {where} against material/templates/{copy.theirs}"
    if copy.block:
        ours_text, theirs_text = block(ours, copy.block), block(theirs, copy.block)
        if theirs_text is None:
            return [f"{original} is gone: {revisit}."]
        if ours_text is None:
            return [f"{where} is not there: {revisit}, or take this copy out of COPIES."]
        if re.search(r"\{%-?\s*block ", theirs_text):
            return [f"{original} now holds blocks of its own: {revisit} (the copy would override them)."]
        ours, theirs = ours_text, theirs_text
    expected = " ".join(without_comments(theirs).split())
    problems = []
    for pattern, text in copy.changes:
        expected, found = re.subn(pattern, lambda _: text, expected, count=1)
        if not found:
            problems.append(f"{original} no longer has what {where} changes ({pattern!r}): {revisit}.")
    actual = " ".join(without_comments(ours).split())
    if not problems and actual != expected:
        diff = difflib.unified_diff(_lines(expected), _lines(actual),
                                    f"material/templates/{copy.theirs} with our changes", copy.ours, lineterm="", n=1)
        problems.append(f"{where} differs from {original} beyond its listed changes: {revisit} "
                        f"(take Material's change into the copy, or list ours in COPIES):\n" + "\n".join(diff))
    return problems


def material_texts() -> dict[str, str]:
    """Material's templates, stylesheets and scripts, by path inside material/templates/."""
    return {path.relative_to(MATERIAL).as_posix(): read(path) for path in sorted(MATERIAL.rglob("*"))
            if path.suffix in (".html", ".js", ".css") and path.is_file()}


def our_files() -> list[Path]:
    return sorted({path for pattern in OUR_FILES for path in REPO.glob(pattern) if path.is_file()})


def names_problems(ours: dict[str, str], theirs: dict[str, str]) -> list[str]:
    """Each Material class, colour variable, id or component one of our files names that none of
    Material's files has any more."""
    known = {word for text in theirs.values() for word in re.findall(r"[\w-]+", text)}
    problems = []
    for path, text in ours.items():
        for kind, pattern in MATERIAL_NAME_PATTERNS.items():
            for name in sorted(set(pattern.findall(text)) - OUR_NAMES - known):
                problems.append(f"{path} uses the {kind} {name}, which no file of {MATERIAL_NAME} "
                                f"(material/templates/) has: revisit {path}.")
    return problems


@pytest.mark.parametrize("copy", COPIES, ids=lambda c: f"{c.ours}:{c.block or 'whole'}")
def test_each_copy_is_materials_but_for_its_listed_changes(copy: Copy):
    problems = copy_problems(copy, read(REPO / copy.ours), read(MATERIAL / copy.theirs))
    assert not problems, "\n".join(problems)


def test_a_changed_copy_fails_naming_both_files():
    """The check above can fail: Material's config block with a line of its own that our copy lacks."""
    config = next(copy for copy in COPIES if copy.block == "config")
    theirs = read(MATERIAL / "base.html").replace('"base": base_url,', '"base": base_url,\n"new": 1,')
    problems = copy_problems(config, read(REPO / "overrides/main.html"), theirs)
    assert len(problems) == 1
    assert problems[0].startswith("overrides/main.html (block config) differs from Material ")
    assert "revisit overrides/main.html (block config) against material/templates/base.html" in problems[0]
    assert '-"new": 1,' in problems[0]
    # A line our copy changes that Material no longer has is named too.
    gone = read(MATERIAL / "base.html").replace('lang.t("search.result.other")', 'lang.t("search.result.many")')
    (problem,) = copy_problems(config, read(REPO / "overrides/main.html"), gone)
    assert "no longer has what overrides/main.html (block config) changes" in problem


def test_only_the_listed_copies_take_the_place_of_materials_templates():
    ours = {path.relative_to(REPO / "overrides").as_posix() for path in (REPO / "overrides").rglob("*") if path.is_file()}
    shadowing = {name for name in ours if (MATERIAL / name).is_file()}
    assert shadowing == SHADOWING, (
        f"overrides/ replaces these templates of {MATERIAL_NAME}: {sorted(shadowing ^ SHADOWING)} "
        "(compare each with material/templates/ and list it in COPIES in tests/test_material_coupling.py)")
    assert " ".join(without_comments(read(MATERIAL / "main.html")).split()) == '{% extends "base.html" %}', (
        f"{MATERIAL_NAME}'s main.html now adds to base.html, and overrides/main.html takes its place: "
        "revisit overrides/main.html against material/templates/main.html")


def test_every_block_main_html_fills_is_one_of_materials():
    ours = set(re.findall(r"\{%-?\s*block\s+(\w+)", read(REPO / "overrides/main.html")))
    theirs = set(re.findall(r"\{%-?\s*block\s+(\w+)", read(MATERIAL / "base.html")))
    assert ours - theirs == set(), (f"overrides/main.html fills blocks {sorted(ours - theirs)} that "
                                    f"{MATERIAL_NAME}'s base.html no longer has: revisit overrides/main.html "
                                    "against material/templates/base.html")


def test_every_template_we_include_is_ours_or_materials():
    missing = []
    for path in sorted((REPO / "overrides").rglob("*.html")):
        for name in re.findall(r"\{%-?\s*(?:include|extends|import)\s+\"([^\"]+)\"", read(path)):
            if not name.endswith("/") and not (REPO / "overrides" / name).is_file() and not (MATERIAL / name).is_file():
                missing.append(f"{path.relative_to(REPO)} includes {name}, which neither overrides/ nor "
                               f"{MATERIAL_NAME} (material/templates/) has: revisit {path.relative_to(REPO)}")
    assert not missing, "\n".join(missing)


def test_the_header_label_main_html_replaces_is_materials():
    found = HEADER_REPLACE.search(read(REPO / "overrides/main.html"))
    assert found, "overrides/main.html's header block no longer replaces Material's drawer label: update HEADER_REPLACE"
    count = read(MATERIAL / "partials/header.html").count(found.group(1))
    assert count == 1, (f"{MATERIAL_NAME}'s partials/header.html has {found.group(1)!r} {count} times, not once: "
                        "revisit the header block of overrides/main.html (the Menu button) against "
                        "material/templates/partials/header.html")
    base = read(MATERIAL / "base.html")
    assert re.search(r"\{% block header %\}\s*\{% include \"partials/header.html\" %\}", base), (
        f"{MATERIAL_NAME}'s base.html no longer includes partials/header.html in its header block: "
        "revisit the header block of overrides/main.html against material/templates/base.html")


@pytest.mark.parametrize("pattern", FILE_PATTERNS)
def test_each_file_name_we_look_for_is_one_of_materials_and_linked_by_base_html(pattern: str):
    found = sorted(MATERIAL.glob(pattern))
    assert len(found) == 1, (f"{MATERIAL_NAME} has {len(found)} files {pattern}, not one: revisit "
                             f"{FILE_PATTERNS[pattern]} against material/templates/{Path(pattern).parent}/")
    name = found[0].relative_to(MATERIAL).as_posix()
    assert f"'{name}'" in read(MATERIAL / "base.html") or f'"{name}"' in read(MATERIAL / "base.html"), (
        f"{MATERIAL_NAME}'s base.html does not link {name}: revisit {FILE_PATTERNS[pattern]} "
        "against material/templates/base.html")


def test_every_material_name_our_files_use_is_still_materials():
    ours = {path.relative_to(REPO).as_posix(): read(path) for path in our_files()}
    assert "docs/assets/stylesheets/stories.css" in ours and "overrides/main.html" in ours
    problems = names_problems(ours, material_texts())
    assert not problems, "\n".join(problems)


def test_a_name_material_dropped_fails_naming_our_file():
    theirs = {"base.html": '<div class="md-header"></div>'}
    problems = names_problems({"docs/assets/stylesheets/x.css": ".md-header, .md-gone-now { color: red }"}, theirs)
    assert problems == [f"docs/assets/stylesheets/x.css uses the class md-gone-now, which no file of {MATERIAL_NAME} "
                        "(material/templates/) has: revisit docs/assets/stylesheets/x.css."]


def _bundle() -> str:
    return read(next(MATERIAL.glob("assets/javascripts/bundle.*.min.js")))


def test_materials_bundle_speaks_the_messages_our_search_worker_answers():
    """docs/assets/javascripts/search-worker.js answers Material's bundle in its worker protocol
    (src/templates/assets/javascripts/integrations/search/worker/message/index.ts)."""
    worker = read(REPO / "docs/assets/javascripts/search-worker.js")
    types = dict(re.findall(r"\b(SETUP|READY|QUERY|RESULT) = (\d)", worker))
    assert set(types) == {"SETUP", "READY", "QUERY", "RESULT"}, "search-worker.js no longer declares the four message types"
    bundle = _bundle()
    expected = {
        "SETUP carries config, docs and options.suggest": r"\{type:%s,data:\{config:\w+,docs:\w+,options:\{suggest:" % types["SETUP"],
        "READY is awaited": r"\.type===%s\b" % types["READY"],
        "QUERY carries the query": r"\{type:%s,data:\w+\}" % types["QUERY"],
        "RESULT is read": r"\.type===%s\b" % types["RESULT"],
        "RESULT's data has items": r"\{items:\w+\}",
        "each item's terms are read": r"\.terms\b",
        "the worker is the config's search": r"\w+\(\w+\.search,\w+\)",
        "the count's text is search.result.other with #": r"\"search\.result\.other\"",
    }
    missing = [what for what, pattern in expected.items() if not re.search(pattern, bundle)]
    assert not missing, (f"{MATERIAL_NAME}'s bundle no longer shows: {missing}. Revisit "
                         "docs/assets/javascripts/search-worker.js against Material's search worker "
                         "(material/templates/assets/javascripts/workers/search.*.min.js and its .map)")


def test_materials_bundle_does_what_our_head_scripts_and_stylesheets_expect():
    bundle = _bundle()
    expectations = {
        # partials/search-defer.html holds this request back until the reader reaches for search.
        "overrides/partials/search-defer.html": [r'new URL\("search/search_index\.json"', r"new XMLHttpRequest"],
        # stories.css shows the search button from the first paint while <html> is still no-js.
        "docs/assets/stylesheets/stories.css": [r'classList\.remove\("no-js"\)'],
    }
    problems = [f"{MATERIAL_NAME}'s bundle no longer matches {pattern!r}: revisit {ours} against "
                "material/templates/assets/javascripts/bundle.*.min.js"
                for ours, patterns in expectations.items() for pattern in patterns if not re.search(pattern, bundle)]
    assert 'class="no-js"' in read(MATERIAL / "base.html"), "revisit stories.css: base.html's <html> is not no-js"
    assert not problems, "\n".join(problems)
