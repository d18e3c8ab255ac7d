"""Which of Material's rules the one stylesheet keeps (storysite/stylesheet.py): a rule goes only
when no page or script could use it; anything it cannot judge stays."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))

from storysite.stylesheet import (Stylesheets, UsedNames, classes_in_page, palette_values,  # noqa: E402
                                  used_rules, words_in_script)

PALETTE = palette_values([{"scheme": "default", "primary": "custom", "accent": "custom"},
                          {"scheme": "slate", "primary": "custom", "accent": "custom"}])


def used(*classes: str, prefixes: tuple[str, ...] = ()) -> UsedNames:
    return UsedNames(frozenset(classes), prefixes, PALETTE)


def test_a_rule_for_a_class_no_page_carries_is_dropped_and_one_for_a_used_class_kept():
    css = ".md-header{color:red}.md-post{color:blue}h1{margin:0}"
    assert used_rules(css, used("md-header")) == ".md-header{color:red}h1{margin:0}"


def test_of_a_selector_list_only_the_selectors_that_can_match_stay():
    css = ".md-post,.md-header .md-header__title,p>a{color:red}"
    assert used_rules(css, used("md-header", "md-header__title")) == ".md-header .md-header__title,p>a{color:red}"


def test_media_queries_keep_what_they_can_use_and_go_when_empty():
    css = "@media screen and (min-width:60em){.md-post{color:red}.md-nav{color:blue}}@media print{.md-post{x:y}}"
    assert used_rules(css, used("md-nav")) == "@media screen and (min-width:60em){.md-nav{color:blue}}"


def test_what_is_inside_not_is_and_where_is_not_judged():
    css = ".md-nav:not(.md-post){a:b}.md-nav :is(.md-unknown,.other){c:d}"
    assert used_rules(css, used("md-nav")) == css


def test_palette_colours_the_site_does_not_use_are_dropped_and_other_attributes_kept():
    css = ("[data-md-color-primary=indigo]{a:b}[data-md-color-primary=custom]{c:d}"
           "[data-md-color-scheme=slate]{e:f}[dir=rtl] .md-nav{g:h}[hidden]{i:j}")
    assert used_rules(css, used("md-nav")) == ("[data-md-color-primary=custom]{c:d}[data-md-color-scheme=slate]{e:f}"
                                               "[dir=rtl] .md-nav{g:h}[hidden]{i:j}")


def test_a_class_a_script_builds_from_a_value_is_kept_by_its_prefix():
    words, prefixes = words_in_script('el.className = `md-tag--${type}`; x.classList.add("md-tooltip--active")')
    names = UsedNames(frozenset(words), tuple(prefixes), PALETTE)
    css = ".md-tag--green{a:b}.md-tooltip--active{c:d}.md-tooltip--other{e:f}"
    assert used_rules(css, names) == ".md-tag--green{a:b}.md-tooltip--active{c:d}"


def test_keyframes_and_other_at_rules_stay_as_they_are():
    css = "@keyframes spin{0%{opacity:0}to{opacity:1}}@font-face{font-family:x;src:url(x.woff2)}"
    assert used_rules(css, used()) == css


def test_a_pages_classes_are_read_from_its_class_attributes():
    assert classes_in_page('<div class="md-nav  md-nav--primary"><a class="x">y</a></div>') == {
        "md-nav", "md-nav--primary", "x"}


def test_the_palette_values_are_those_material_writes_on_the_page():
    assert palette_values([{"scheme": "slate", "primary": "Deep Purple"}]) == {
        "data-md-color-scheme": frozenset({"slate"}), "data-md-color-primary": frozenset({"deep-purple"}),
        "data-md-color-accent": frozenset({"indigo"})}


def test_the_stylesheet_is_named_by_its_sources_and_a_preview_imports_each_file_whole():
    sheets = Stylesheets(material=(("assets/stylesheets/main.abc.min.css", ".md-nav{a:b}"),),
                         own=(("assets/stylesheets/stories.css", ".story { color: red; }"),))
    changed = Stylesheets(material=sheets.material, own=(("assets/stylesheets/stories.css", ".story{color:blue}"),))
    assert sheets.url().startswith("assets/stylesheets/site.") and sheets.url() != changed.url()
    assert sheets.imports() == '@import url("main.abc.min.css");\n@import url("stories.css");\n'
    assert sheets.lean(used(), lambda text: text.replace(" ", "")) == ".story{color:red;}\n"
