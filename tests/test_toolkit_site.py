"""The campaigners' toolkit in the built site: the numbers downloads hold what the story files
state, embed pages are self-contained, and in Chromium the numbers page passes axe, embeds
fetch nothing from elsewhere and set no cookie, and a story page prints with its sources."""

from __future__ import annotations

import csv
import io
import json
import re
from html import unescape
from urllib.parse import urlsplit

import pytest
import yaml

from browser import axe_violations, describe, serve
from sitebuild import REPO
from storydata import SITE_URL, STORIES, THEMES, UNITS, read_figures

FIGURES = read_figures()
TOTALLED = {u["slug"] for u in UNITS if u["total"]}


def expected_totals() -> dict[str, tuple[float, int]]:
    """Per unit: the sum and the story count, a project (organisation) counted once per unit+label."""
    seen, sums, stories = set(), {}, {}
    for f in FIGURES:  # newest story first
        key = (f.organisation.casefold(), f.unit, f.label.casefold())
        if f.unit not in TOTALLED or key in seen:
            continue
        seen.add(key)
        sums[f.unit] = sums.get(f.unit, 0) + f.value
        stories.setdefault(f.unit, set()).add(f.slug)
    return {unit: (sums[unit], len(stories[unit])) for unit in sums}


def test_at_least_twelve_launch_stories_have_figures():
    assert len({f.slug for f in FIGURES}) >= 12


def test_numbers_json_totals_match_the_story_files(built_site):
    data = json.loads((built_site.site / "numbers.json").read_text(encoding="utf-8"))
    assert data["licence"] == "https://creativecommons.org/licenses/by/4.0/"
    got = {t["unit"]: (t["total"], t["stories"]) for t in data["totals"]}
    assert got == expected_totals()
    for total in data["totals"]:  # nations partition the stories; each nation's part adds up
        assert sum(n["total"] for n in total["by_nation"].values()) == total["total"]
    assert len(data["figures"]) == len(FIGURES)


def test_numbers_csv_has_a_row_per_figure_with_its_source(built_site):
    rows = list(csv.DictReader(io.StringIO((built_site.site / "numbers.csv").read_text(encoding="utf-8"))))
    assert [(r["story"], r["unit"], float(r["value"]), r["source_url"]) for r in rows] == \
        [(f.slug, f.unit, f.value, f.source_url) for f in FIGURES]
    assert all(r["url"] == f"{SITE_URL}stories/{r['story']}/" for r in rows)


def test_the_data_page_links_the_downloads_and_the_numbers_page_is_in_the_tabs(built_site):
    data_page = (built_site.site / "data" / "index.html").read_text(encoding="utf-8")
    assert 'href="../numbers.csv"' in data_page and 'href="../numbers.json"' in data_page
    numbers_page = (built_site.site / "numbers" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'class="md-tabs__link[^"]*"[^>]*>\s*Numbers', numbers_page) or ">Numbers<" in numbers_page
    kw_total, kw_count = expected_totals()["kw"]
    assert f"{int(kw_total):,} kW" in numbers_page and f"from {kw_count} stories" in numbers_page


def embed_paths(site):
    return sorted(p.relative_to(site).as_posix() for p in (site / "embed").rglob("index.html"))


def test_an_embed_page_for_the_site_every_theme_and_place_at_two_sizes(built_site):
    paths = embed_paths(built_site.site)
    scopes = 1 + len(THEMES) + 4 + 9
    assert len(paths) == 2 * scopes
    assert "embed/index.html" in paths and "embed/themes/energy/compact/index.html" in paths
    assert "embed/places/england/north-west/index.html" in paths


def test_embed_pages_have_no_script_and_link_only_to_this_site(built_site):
    for path in embed_paths(built_site.site):
        html = (built_site.site / path).read_text(encoding="utf-8")
        assert "<script" not in html, path
        assert "default-src 'none'" in html, path
        refs = re.findall(r'(?:href|src)="([^"]+)"', html)
        assert refs and not [r for r in refs if re.match(r"[a-z]+:", r)], (path, refs)
    latest = (built_site.site / "embed" / "index.html").read_text(encoding="utf-8")
    titles = re.findall(r'<h2><a href="[^"]+" target="_blank" rel="noopener">([^<]+)</a>', latest)
    assert [unescape(t) for t in titles] == [s.title for s in STORIES[:5]]


def test_story_page_shows_a_fact_box_with_each_figure_and_its_source(built_site):
    # How each unit's value is written is test_figures.py's; here, that every figure is shown.
    slug = FIGURES[0].slug  # the newest story with figures
    figures = [f for f in FIGURES if f.slug == slug]
    html = (built_site.site / "stories" / slug / "index.html").read_text(encoding="utf-8")
    box = html.split('class="story-figures"')[1].split("</aside>")[0]
    assert box.count("<dt>") == len(figures), box
    for figure in figures:
        assert figure.label in unescape(box), (slug, figure.label)
        assert f'href="{figure.source_url}"' in box, (slug, figure.source_url)


# In Chromium ---------------------------------------------------------------------------------

def test_numbers_page_charts_pass_axe_and_have_text_alternatives(page, site_url):
    page.goto(site_url + "numbers/")
    charts = page.locator("svg.numbers-chart")
    assert charts.count() >= 10
    first = charts.first
    assert first.get_attribute("role") == "img"
    assert first.locator("title").text_content() == "Generating capacity by nation"
    assert "England:" in first.locator("desc").text_content()
    violations = axe_violations(page)
    assert not violations, describe(violations)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_embed_page_fetches_nothing_elsewhere_sets_no_cookie_and_passes_axe(chromium, site_url, scheme, tmp_path):
    context = chromium.new_context(viewport={"width": 390, "height": 700}, color_scheme=scheme, bypass_csp=True)
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    # The way another site shows it: in an <iframe> on a page of its own.
    # Another site (another origin: a second server on this machine; Chromium refuses a
    # loopback frame in a page that is not itself served from this machine).
    (tmp_path / "host.html").write_text(
        f'<!doctype html><html lang="en"><title>Host</title><iframe title="Stories" '
        f'src="{site_url}embed/themes/energy/" width="100%" height="640"></iframe>', encoding="utf-8")
    with serve(tmp_path) as other_site:
        host = other_site + "host.html"
        page.goto(host)
        frame = page.frame_locator("iframe")
        frame.locator("h2 a").first.wait_for()
        page.wait_for_load_state("networkidle")
        assert frame.locator("h2 a").first.get_attribute("target") == "_blank"
    assert [u for u in requests if not u.startswith((site_url, host))] == []
    assert context.cookies() == []
    embed = context.new_page()
    embed.goto(site_url + "embed/themes/energy/")
    assert embed.evaluate("document.cookie") == ""
    violations = axe_violations(embed)
    assert not violations, describe(violations)
    context.close()


def test_the_subscribe_page_links_to_the_standalone_embed_page(page, site_url):
    """The link to an embed page from the Subscribe page loads the standalone page, without the
    site's header (it is made for an iframe)."""
    page.goto(site_url + "subscribe/")
    page.wait_for_load_state("networkidle")
    page.locator(".embed-code a", has_text="see it").first.click()
    page.wait_for_url(site_url + "embed/")
    assert page.locator("h1").text_content() == "Latest stories"
    assert page.locator(".md-header").count() == 0


def test_subscribe_page_embed_code_copies_with_its_button(page, site_url):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(site_url + "subscribe/")
    block = page.locator(".embed-code .embed-code__block").first
    code = block.locator("code").text_content()
    assert code.startswith(f'<iframe src="{SITE_URL}embed/"') and code.endswith("</iframe>")
    button = block.locator("button[data-copy-code]")
    button.scroll_into_view_if_needed()
    button.click()
    assert page.evaluate("navigator.clipboard.readText()").strip() == code


def test_a_printed_story_fits_the_page_and_lists_its_sources(chromium, site_url, tmp_path):
    from pypdf import PdfReader

    context = chromium.new_context()
    page = context.new_page()
    story = STORIES[0]
    source = yaml.safe_load((REPO / "stories" / story.slug / "index.md").read_text(encoding="utf-8")
                            .split("---\n")[1])["sources"][0]
    page.goto(site_url + story.url)
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible() and not page.locator(".story-share").is_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    pdf = tmp_path / "story.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=False)
    context.close()
    reader = PdfReader(str(pdf))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    words = " ".join(text.split())
    assert " ".join(story.title.split()) in words and "Sources" in words
    assert " ".join(source["title"].split()) in words
    assert urlsplit(source["url"]).netloc in words  # the link's address, printed after its text
    assert "Share this story" not in text and "Search" not in text.split(story.title.split()[0])[0]
    assert len(reader.pages) <= 4
    for p in reader.pages:  # nothing wider than the paper
        assert float(p.mediabox.width) < 600
    assert overflow <= 0
