"""{% cached key %} (hooks/fragment_cache.py), which main.html puts around Material's tabs and
navigation: made once per key, made every time without one."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import material

from fragment_cache import FragmentCache
from sitebuild import REPO

TEMPLATE = "{% cached key %}[{{ made() }} {{ label }}]{% endcached %}"


def environment() -> tuple[jinja2.Environment, list[int]]:
    made: list[int] = []

    def make() -> int:
        made.append(len(made) + 1)
        return len(made)
    env = jinja2.Environment(extensions=[FragmentCache], autoescape=True)
    env.globals["made"] = make
    return env, made


def test_the_same_key_reuses_what_was_made_and_another_key_makes_its_own():
    env, made = environment()
    template = env.from_string(TEMPLATE)
    first = template.render(key=("stories", "stories/"), label="a")
    again = template.render(key=("stories", "stories/"), label="b")  # what differs inside is not looked at
    other = template.render(key=("themes", "themes/"), label="c")
    assert first == again == "[1 a]" and other == "[2 c]" and made == [1, 2]


def test_without_a_key_the_part_is_made_every_time():
    env, made = environment()
    template = env.from_string(TEMPLATE)
    assert [template.render(key=None, label="a"), template.render(label="b"), template.render(key=None, label="c")] \
        == ["[1 a]", "[2 b]", "[3 c]"]  # None, a variable the page does not set, None again
    assert made == [1, 2, 3]


def test_a_new_environment_starts_with_nothing_kept():
    # MkDocs makes a new environment for each build, so a rebuild never reuses a part
    for label in ("first build", "second build"):
        env, made = environment()
        assert env.from_string(TEMPLATE).render(key="k", label=label) == f"[1 {label}]"
        assert made == [1]


def test_what_it_keeps_is_escaped_once():
    env, _ = environment()
    template = env.from_string("{% cached key %}<b>{{ label }}</b>{% endcached %}")
    assert template.render(key="k", label="<i>") == "<b>&lt;i&gt;</b>"
    assert template.render(key="k", label="other") == "<b>&lt;i&gt;</b>"


def block(template: str, name: str) -> str:
    """The text of `{% block name %}` … its `{% endblock %}` (blocks here hold no nested blocks)."""
    start = template.index(f"{{% block {name} %}}")
    return template[start:template.index("{% endblock %}", start)]


def test_main_html_copies_materials_navigation_block_but_for_the_cache():
    """overrides/main.html repeats Material's site_nav block to put {% cached %} around the
    navigation alone: after an upgrade of Material, the copy must still be Material's block."""
    theirs = block((Path(material.__file__).parent / "templates" / "base.html").read_text(encoding="utf-8"), "site_nav")
    ours = block((REPO / "overrides" / "main.html").read_text(encoding="utf-8"), "site_nav")
    assert ours.count("{% cached ") == 1 and ours.count("{% endcached %}") == 1
    ours = re.sub(r"\{% cached [^%]*%\}|\{% endcached %\}", "", ours)
    assert " ".join(ours.split()) == " ".join(theirs.split())
