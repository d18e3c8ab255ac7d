"""Our own stylesheets and scripts reach readers minified, the stylesheets as one file every page
links, and the readable sources stay."""

from __future__ import annotations

from pathlib import Path

import re

import yaml

from storysite.assets import minified, site_stylesheet

REPO = Path(__file__).resolve().parent.parent


def own_config() -> dict:
    return yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def own_stylesheets() -> list[str]:
    """mkdocs.yml's extra_css, in its order: the pages get them inside their one stylesheet."""
    return own_config()["extra_css"]


def own_scripts() -> list[str]:
    loaded = ["assets/javascripts/maps.js"]  # fetched by stories-map.js on pages with a map
    return [*own_config()["extra_javascript"], *loaded]


def test_every_own_script_is_served_minified(built_site):
    assert len(own_scripts()) >= 3
    for path in own_scripts():
        source = (REPO / "docs" / path).read_text(encoding="utf-8")
        served = (built_site.site / path).read_text(encoding="utf-8")
        assert "/*" in source and "\n  " in source, f"{path}: the readable source has comments and indentation"
        assert served == minified(path, source), path
        assert "/*" not in served and len(served) < 0.8 * len(source), path


def test_every_page_links_our_stylesheets_as_one_minified_file_named_by_its_content(built_site):
    sources = [(path, (REPO / "docs" / path).read_text(encoding="utf-8")) for path in own_stylesheets()]
    assert len(sources) >= 5
    joined = site_stylesheet(sources, minify=True)
    served = (built_site.site / joined.path).read_text(encoding="utf-8")
    assert served == "".join(minified(path, text).strip() + "\n" for path, text in sources)
    assert "/*" not in served and len(served) < 0.8 * sum(len(text) for _, text in sources)
    for page in ("index.html", "stories/index.html", "map/index.html"):
        links = re.findall(r'<link rel="stylesheet" href="([^"]+)"', (built_site.site / page).read_text(encoding="utf-8"))
        ours = [link for link in links if "/site." in link or link.startswith("assets/stylesheets/site.")]
        assert len(ours) == 1 and ours[0].endswith(joined.path), (page, links)
        assert not any(Path(path).name in link for path, _ in sources for link in links), (page, links)
    for path, _ in sources:  # published only inside the joined file
        assert not (built_site.site / path).exists(), path
    edited = site_stylesheet([*sources[:-1], (sources[-1][0], sources[-1][1] + ".x{color:red}")], minify=True)
    assert edited.path != joined.path, "an edited stylesheet must get a new name, or browsers keep the old one"


def test_minifying_keeps_what_the_browser_reads():
    css = "/* a comment */\n.a  >  .b {\n  color : red ;\n}\n"
    js = "// a comment\nvar  a = 1 ;\n/*! licence */\nfunction f ( x ) {\n  return x + a ;\n}\n"
    assert minified("x.css", css) == ".a>.b{color:red}"
    assert minified("x.js", js) == "var a=1;/*! licence */function f(x){return x+a;}"
    assert minified("x.html", "<p>  a</p>") is None
