"""Site-wide gates in headless Chromium, on one page of every kind: axe-core with every rule it
has (not only the WCAG tags) at 390 and 1280 px, in the light and the dark scheme, with Material's
search closed and open; and privacy: no cookies, no request leaving 127.0.0.1, and only the
browser-storage keys Material needs (the About page lists them)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from browser import AXE_JS, block_outside_requests
from sitepages import PAGE_TYPES

pytestmark = pytest.mark.browser

WIDTHS = {"390": {"width": 390, "height": 844}, "1280": {"width": 1280, "height": 800}}
SCHEMES = ("light", "dark")
SEARCH_QUERY = "energy"

# What Material keeps in the reader's browser, keyed by the site's path ('/.__palette' on
# 127.0.0.1): the colour scheme the reader picked, and the search query and index it restores.
# The About page ("What your browser keeps") lists the same names.
ALLOWED_LOCAL_STORAGE = {"/.__palette"}
ALLOWED_SESSION_STORAGE: set[str] = set()


@dataclass
class PageVisit:
    """What one page showed in one browser set-up."""

    violations: dict[str, list[dict]] = field(default_factory=dict)  # 'closed'/'open' -> axe result
    local_storage: set[str] = field(default_factory=set)
    session_storage: set[str] = field(default_factory=set)
    search_results: int = 0


@dataclass
class Sweep:
    visits: dict[tuple[str, str, str], PageVisit] = field(default_factory=dict)  # (width, scheme, page)
    cookies: dict[tuple[str, str], list[dict]] = field(default_factory=dict)
    outside_requests: dict[tuple[str, str], list[str]] = field(default_factory=dict)


def all_rules_axe(page, within: str | None = None) -> list[dict]:
    """axe-core with every rule it ships, experimental ones included, on the page or the part of it
    `within` selects; once transitions have ended (a fading-in tooltip has a contrast of 1.9:1)."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        """async (within) => {
            await Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)));
            const rules = axe.getRules().map(r => r.ruleId);
            const result = await axe.run(within ? {include: [[within]]} : document,
                                         {runOnly: {type: 'rule', values: rules}});
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + n.failureSummary)}));
        }""", within)


def storage_keys(page) -> tuple[set[str], set[str]]:
    keys = page.evaluate("() => [Object.keys(localStorage), Object.keys(sessionStorage)]")
    return set(keys[0]), set(keys[1])


def open_search(page) -> int:
    """Open Material's search as a reader does (on a phone the header's search button, on a
    desktop the search box in the header), type a query and wait for the results; the number of
    results."""
    button = page.locator("label.md-header__button[for='__search']")
    search_box = page.locator("input.md-search__input")
    (button if button.is_visible() else search_box).click()
    search_box.wait_for(state="visible")
    # Material says "Initializing search" until its index has loaded; a query typed before then
    # is sometimes never run. Typed key by key: Material reads the query on keyup.
    page.wait_for_function("() => document.querySelector('.md-search-result__meta').textContent.trim()"
                           " === 'Type to start searching'")
    search_box.press_sequentially(SEARCH_QUERY)
    page.locator(".md-search-result__item").first.wait_for()
    return page.locator(".md-search-result__item").count()


@pytest.fixture(scope="module")
def sweep(chromium, site_url) -> Sweep:
    """Every page kind in each width and scheme: one fresh browser context per width and scheme,
    its pages visited in turn, each checked whole with the search closed, then its header (where
    the search dialog lives) with the search open and showing results."""
    result = Sweep()
    for width, viewport in WIDTHS.items():
        for scheme in SCHEMES:
            context = chromium.new_context(viewport=viewport, color_scheme=scheme)
            outside = block_outside_requests(context)
            page = context.new_page()
            for name, url in PAGE_TYPES.items():
                visit = PageVisit()
                page.goto(site_url + url)
                page.wait_for_load_state("networkidle")
                visit.local_storage, visit.session_storage = storage_keys(page)
                visit.violations["closed"] = all_rules_axe(page)
                visit.search_results = open_search(page)
                # The page behind is as checked closed; what opening changes is the header's search.
                visit.violations["open"] = all_rules_axe(page, within=".md-header")
                local, session = storage_keys(page)
                visit.local_storage |= local
                visit.session_storage |= session
                result.visits[width, scheme, name] = visit
            result.cookies[width, scheme] = context.cookies()
            result.outside_requests[width, scheme] = list(outside.urls)
            context.close()
    return result


def describe_all(found: dict[str, list[dict]]) -> str:
    return "\n".join(f"{where}: {v['id']} ({v['impact']}): {v['help']}\n      " + "\n      ".join(v["nodes"][:3])
                     for where, violations in found.items() for v in violations)


@pytest.mark.parametrize("search", ["closed", "open"])
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_kind_passes_every_axe_rule(sweep, width, scheme, search):
    found = {name: sweep.visits[width, scheme, name].violations[search] for name in PAGE_TYPES}
    found = {name: v for name, v in found.items() if v}
    assert not found, f"axe-core (all rules) at {width}px, {scheme}, search {search}:\n{describe_all(found)}"


def test_the_search_was_open_with_results_when_checked(sweep):
    # A search that never opened would make the 'open' checks above pass for nothing.
    assert all(visit.search_results > 0 for visit in sweep.visits.values())


def test_no_page_sets_a_cookie(sweep):
    assert {k: v for k, v in sweep.cookies.items() if v} == {}


def test_no_page_makes_a_request_leaving_the_site(sweep):
    assert {k: v for k, v in sweep.outside_requests.items() if v} == {}


def test_browser_storage_holds_only_what_material_needs(sweep):
    local = set().union(*(v.local_storage for v in sweep.visits.values()))
    session = set().union(*(v.session_storage for v in sweep.visits.values()))
    assert local <= ALLOWED_LOCAL_STORAGE, local - ALLOWED_LOCAL_STORAGE
    assert session <= ALLOWED_SESSION_STORAGE, session - ALLOWED_SESSION_STORAGE
