"""Our own stylesheets and scripts reach readers minified, and the readable sources stay."""

from __future__ import annotations

from pathlib import Path

import yaml

from storysite.minify import minified

REPO = Path(__file__).resolve().parent.parent


def own_config() -> dict:
    return yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def own_stylesheets() -> list[str]:
    """mkdocs.yml's extra_css, in its order: the pages get them inside their one stylesheet."""
    return own_config()["extra_css"]


def own_assets() -> list[str]:
    loaded = ["assets/javascripts/maps.js"]  # fetched by stories-map.js on pages with a map
    return [*own_stylesheets(), *own_config()["extra_javascript"], *loaded]


def test_every_own_stylesheet_and_script_is_served_minified(built_site):
    assert len(own_assets()) >= 5
    for path in own_assets():
        source = (REPO / "docs" / path).read_text(encoding="utf-8")
        served = (built_site.site / path).read_text(encoding="utf-8")
        assert "/*" in source and "\n  " in source, f"{path}: the readable source has comments and indentation"
        assert served == minified(path, source), path
        assert "/*" not in served and len(served) < 0.8 * len(source), path


def test_minifying_keeps_what_the_browser_reads():
    css = "/* a comment */\n.a  >  .b {\n  color : red ;\n}\n"
    js = "// a comment\nvar  a = 1 ;\n/*! licence */\nfunction f ( x ) {\n  return x + a ;\n}\n"
    assert minified("x.css", css) == ".a>.b{color:red}"
    assert minified("x.js", js) == "var a=1;/*! licence */function f(x){return x+a;}"
    assert minified("x.html", "<p>  a</p>") is None
