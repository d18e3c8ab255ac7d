"""`{% cached key %}…{% endcached %}` for the theme's templates (beside the hook, not in storysite/:
it is Jinja, which the domain package never imports): the part between rendered once per
build for each key and reused. main.html wraps Material's tabs and navigation in it: on every page
outside the navigation (each story, each theme and place page) they come out the same, and making
them afresh was a fifth of the time spent in templates. A false key (None, or a variable the page
does not set, as on the 404 page) renders the part every time.

A Jinja extension of a dozen lines, the pattern of the fragment cache Jinja's documentation gives
as an example (Jinja ships none); Flask-Caching's needs a Flask app and a cache backend, and here
the store is the build's own environment, made anew for each build."""

from __future__ import annotations

from collections.abc import Callable, Hashable

from jinja2 import nodes
from jinja2.ext import Extension
from jinja2.parser import Parser


class FragmentCache(Extension):
    tags = {"cached"}

    def __init__(self, environment) -> None:
        super().__init__(environment)
        environment.extend(fragment_cache={})

    def parse(self, parser: Parser) -> nodes.Node:
        lineno = next(parser.stream).lineno
        key = parser.parse_expression()
        body = parser.parse_statements(("name:endcached",), drop_needle=True)
        return nodes.CallBlock(self.call_method("_fragment", [key]), [], [], body).set_lineno(lineno)

    def _fragment(self, key: Hashable | None, caller: Callable[[], str]) -> str:
        if not key:
            return caller()
        store = self.environment.fragment_cache
        if key not in store:
            store[key] = caller()
        return store[key]
