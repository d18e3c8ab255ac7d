"""Every page links one stylesheet, leaner than Material's whole one, and looks exactly as it did
with Material's stylesheets and ours linked one by one: in headless Chromium, each element of
each kind of page has the same computed style with either, in the light and dark schemes, at
phone and desktop widths, and with search open and showing results."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from browser import DESKTOP, PHONE
from sitepages import PAGE_TYPES
from test_minify import own_stylesheets
from test_search_browser import open_search

pytestmark = pytest.mark.browser

# Every computed property of every element (and of its ::before and ::after) with the page's own
# stylesheet, then again with the whole stylesheets in its place; what differs. Quotes are made
# alike: the lean stylesheet writes a custom property's 'a"b' as "a\"b", the same string.
SWAP_AND_COMPARE = """async (whole) => {
  const snapshot = () => {
    const out = new Map();
    const all = [document.documentElement, ...document.querySelectorAll('body *')];
    all.forEach((el, i) => {
      for (const pseudo of [null, '::before', '::after']) {
        const style = getComputedStyle(el, pseudo);
        if (pseudo && style.content === 'none') continue;
        const values = {};
        for (let j = 0; j < style.length; j++) values[style[j]] = style.getPropertyValue(style[j]).replaceAll('\\\\"', '"').replaceAll("'", '"');
        const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
          (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
        out.set(i + ' ' + name + (pseudo || ''), values);
      }
    });
    return out;
  };
  const lean = snapshot();
  const link = document.querySelector('link[rel=stylesheet]');
  await new Promise((resolve, reject) => { link.onload = resolve; link.onerror = reject; link.href = whole; });
  const before = snapshot();
  const found = [];
  for (const key of new Set([...lean.keys(), ...before.keys()])) {
    const a = lean.get(key) || {}, b = before.get(key) || {};
    const changed = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter(p => a[p] !== b[p]);
    if (changed.length) found.push(key + ': ' + changed.slice(0, 3).map(p => p + ' is ' + String(a[p]).slice(0, 60) + ', not ' + String(b[p]).slice(0, 60)).join('; '));
  }
  return found;
}"""
WHOLE = "/__whole-stylesheets.css"


def whole_stylesheets(site: Path) -> str:
    """What each page linked before: Material's stylesheet and palette, then ours, in that order."""
    folder = site / "assets" / "stylesheets"
    material = [next(folder.glob("main.*.min.css")), next(folder.glob("palette.*.min.css"))]
    return "\n".join(path.read_text(encoding="utf-8") for path in material + [site / p for p in own_stylesheets()])


def differences(context, url: str, dark: bool, with_search: bool) -> list[str]:
    page = context.new_page()
    page.emulate_media(color_scheme="dark" if dark else "light", reduced_motion="reduce")
    page.goto(url)  # and its scripts have started (conftest.py)
    page.wait_for_load_state("networkidle")  # the maps' code and the Map page's first points too
    page.wait_for_timeout(300)
    if with_search:
        open_search(page)
        page.keyboard.type("community energy")
        page.locator(".md-search-result__item").first.wait_for()
    found = page.evaluate(SWAP_AND_COMPARE, WHOLE)
    page.close()
    return found


def test_every_page_links_one_stylesheet_with_only_rules_the_site_can_use(built_site):
    site = built_site.site
    for kind, url in PAGE_TYPES.items():
        page = (site / (url if url.endswith(".html") else f"{url}index.html")).read_text(encoding="utf-8")
        links = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page)
        assert len(links) == 1 and re.search(r"assets/stylesheets/site\.[0-9a-f]{8}\.css$", links[0]), (kind, links)
    lean = next((site / "assets" / "stylesheets").glob("site.*.css")).read_text(encoding="utf-8")
    assert len(lean) < 0.8 * len(whole_stylesheets(site))
    assert ".md-header{" in lean  # Material's header
    assert len(own_stylesheets()) >= 5
    for path in own_stylesheets():  # ours whole, minified
        assert (site / path).read_text(encoding="utf-8").strip() in lean, path
    # Material's blog, its cookie consent and palette colours this site never shows are gone.
    assert ".md-post" not in lean and ".md-consent" not in lean and "data-md-color-primary=indigo" not in lean


@pytest.mark.parametrize(("viewport", "dark"), [(PHONE, False), (DESKTOP, True)], ids=["phone-light", "desktop-dark"])
def test_every_kind_of_page_looks_the_same_as_with_the_whole_stylesheets(chromium, built_site, site_url, viewport, dark):
    whole_css = whole_stylesheets(built_site.site)
    context = chromium.new_context(viewport=viewport)
    context.route(f"**{WHOLE}", lambda route: route.fulfill(body=whole_css, content_type="text/css"))
    problems = {}
    try:
        checks = [(kind, url, False) for kind, url in PAGE_TYPES.items()] + [("home, search open", "", True)]
        for kind, url, with_search in checks:
            found = differences(context, site_url + url, dark, with_search)
            if found:
                problems[kind] = found[:5]
    finally:
        context.close()
    assert not problems, "\n".join(f"{kind}:\n  " + "\n  ".join(found) for kind, found in problems.items())
