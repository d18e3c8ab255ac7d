"""{% cached key %} (hooks/fragment_cache.py), which main.html puts around Material's tabs and
navigation: made once per key, made every time without one. That main.html's copy of Material's
site_nav block is Material's but for the cache is checked in test_material_coupling.py."""

from __future__ import annotations

import jinja2

from fragment_cache import FragmentCache

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
