"""No broken internal link anywhere in the built site: pages, assets, #anchors, feeds, the sitemap
and the GeoJSON, read from the files in site/ (see linkcrawl.py); and the crawler itself finds
each kind of broken link it is meant to."""

from __future__ import annotations

from linkcrawl import broken, crawl
from storydata import SITE_URL


def test_the_built_site_has_no_broken_internal_link(built_site):
    links, pages = crawl(built_site.site, SITE_URL)
    kinds = {link.source.rsplit(".", 1)[-1] for link in links}
    # The crawl reached every kind of file that holds links (a crawl that read nothing would pass).
    assert {"html", "xml", "json", "geojson"} <= kinds, kinds
    assert len(pages) >= 60 and len(links) > 5000
    assert sum("#" in link.target for link in links) > 100
    problems = broken(built_site.site, links, pages)
    assert problems == [], f"{len(problems)} broken of {len(links)} links:\n" + "\n".join(problems[:50])


def test_the_crawler_finds_each_kind_of_broken_link(tmp_path):
    site = tmp_path / "site"
    (site / "stories" / "a").mkdir(parents=True)
    (site / "assets").mkdir()
    (site / "assets" / "site.css").write_text("body{background:url('../img/missing.png')}")
    (site / "index.html").write_text(
        '<h1 id="top">Home</h1><a href="stories/a/">fine</a> <a href="#top">fine</a>'
        '<a href="stories/b/">missing page</a> <a href="stories/a/#nowhere">missing anchor</a>'
        '<img src="photo.jpg" alt=""> <img srcset="stories/a/x.webp 2x" alt="">'
        f'<a href="{SITE_URL}about/">absolute, missing</a> <a href="https://example.org/">outside</a>'
        '<a href="javascript:alert(1)">script</a>')
    (site / "stories" / "a" / "index.html").write_text('<a href="../../">home</a>')
    (site / "feed.xml").write_text(f"<rss><item><link>{SITE_URL}stories/gone/</link></item></rss>")
    (site / "stories.geojson").write_text(
        '{"features": [{"properties": {"url": "' + SITE_URL + 'stories/lost/"}}]}')
    links, pages = crawl(site, SITE_URL)
    found = broken(site, links, pages)
    assert found == [
        "assets/site.css: ../img/missing.png -> no such file",
        "feed.xml: " + SITE_URL + "stories/gone/ -> no such file",
        "index.html: stories/b/ -> no such file",
        "index.html: stories/a/#nowhere -> stories/a/index.html has no id 'nowhere'",
        "index.html: photo.jpg -> no such file",
        "index.html: stories/a/x.webp -> no such file",
        "index.html: " + SITE_URL + "about/ -> no such file",
        "index.html: javascript:alert(1) -> not a link a reader can follow",
        "stories.geojson: " + SITE_URL + "stories/lost/ -> no such file",
    ]
