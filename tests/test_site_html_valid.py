"""Every page of the built site is valid HTML by the Nu HTML Checker (vnu.jar, the W3C's
validator, from npm's vnu-jar; it needs Java), apart from the errors listed below that come from
Material's own templates, and one where the checker lags the HTML standard."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from sitebuild import REPO
from sitepages import PAGE_TYPES, page_file

pytestmark = pytest.mark.vnu

VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Material's own markup, which the Nu checker refuses; the About page ("Valid HTML") says the same.
MATERIAL_ERRORS = {
    # base.html puts autocomplete="off" on its two hidden checkboxes (the drawer and the search
    # toggle), so that Firefox does not reopen them on reload; HTML allows autocomplete only on
    # text-like inputs.
    "Attribute “autocomplete” is only allowed when the input type is": ("md-toggle",),
    # partials/toc.html labels its title for the "__toc" checkbox, which partials/nav-item.html
    # renders only for a page that is in the navigation: story, theme and place pages are not.
    "The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control.":
        ('class="md-nav__title" for="__toc"',),
}


# Our markup that the HTML standard allows and the checker (26.9.27) does not know yet; the About
# page says so too.
CHECKER_BEHIND_THE_STANDARD = {
    # partials/paint-from-content.html: the standard's "expect" link type, whose one use is
    # blocking="render" (https://html.spec.whatwg.org/multipage/links.html#link-type-expect).
    "A “link” element with a “blocking” attribute must have a “rel” attribute whose value is “stylesheet”.":
        ('<link rel="expect" href="#__content-start" blocking="render">',),
}
KNOWN_ERRORS = MATERIAL_ERRORS | CHECKER_BEHIND_THE_STANDARD


def is_known(message: dict) -> bool:
    return any(message["message"].startswith(start) and all(part in message.get("extract", "") for part in parts)
               for start, parts in KNOWN_ERRORS.items())


def java() -> str:
    path = shutil.which("java")
    if not path:
        raise RuntimeError("Java is not installed: run 'apt-get install -y default-jre-headless' "
                           "(make test does this for you).")
    return path


@pytest.fixture(scope="module")
def checker_messages(built_site) -> list[dict]:
    """The Nu checker's errors on every HTML page of the built site, in one run of the checker."""
    pages = sorted(str(p) for p in built_site.site.rglob("*.html"))
    done = subprocess.run([java(), "-Xss8m", "-jar", str(VNU_JAR), "--format", "json", "--errors-only",
                           "--exit-zero-always", *pages], capture_output=True, text=True, timeout=900)
    messages = json.loads(done.stderr)["messages"]
    for message in messages:
        message["page"] = message.get("url", "").removeprefix("file:" + str(built_site.site) + "/")
    return messages


def test_every_page_kind_was_checked(checker_messages):
    # A checker that never read a page would find no errors. Material's checkbox error is on
    # every page, so a page without it was not read.
    assert not [m for m in checker_messages if m["type"] == "non-document-error"], checker_messages[:3]
    read = {m["page"] for m in checker_messages if m["message"].startswith(next(iter(MATERIAL_ERRORS)))}
    assert {page_file(url) for url in PAGE_TYPES.values()} <= read


def test_no_page_has_an_html_error_from_our_templates(checker_messages):
    ours = [m for m in checker_messages if m["type"] == "error" and not is_known(m)]
    assert ours == [], "\n".join(f"{m['page']}:{m.get('lastLine')}: {m['message']}\n    {m.get('extract', '')!r}"
                                 for m in ours[:40])


def test_each_listed_error_still_occurs(checker_messages):
    # When a Material upgrade fixes one, or the checker learns the standard, drop it from the list
    # (and from the About page).
    for start in KNOWN_ERRORS:
        assert any(m["message"].startswith(start) for m in checker_messages), start


def test_the_checker_finds_errors(tmp_path):
    page = tmp_path / "bad.html"
    page.write_text('<!doctype html><html lang="en"><title>x</title><p><div id="a"></div><span id="a"></span>')
    done = subprocess.run([java(), "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", str(page)],
                          capture_output=True, text=True, timeout=300)
    messages = [m["message"] for m in json.loads(done.stderr)["messages"] if m["type"] == "error"]
    assert any("Duplicate ID" in m for m in messages), messages
