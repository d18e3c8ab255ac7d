"""One stylesheet for every page: the rules of Material's stylesheets that this site can use, then
our own, in the order Material links them.

Why: on a phone's first visit, fetching and matching stylesheets was most of the wait before
anything showed. Material's 140 KB holds the rules of all its features (blog, versions, cookie
consent, content tabs …) and each page linked seven files, each a request.

What is dropped: a Material rule whose every selector names a class that no built page carries
and no script of the site's could add (a script's words are all taken as class names, so a class
Material's bundle sets at run time is kept), or a palette colour the site does not use. Selectors
inside :not(), :is(), :where() and :has() are not judged, and other attribute selectors are kept:
dropping a rule a page needs would be a visible bug, keeping one it does not need costs bytes.
Our own stylesheets are kept whole. tinycss2 parses the CSS; only the choice of rules is ours
(no maintained Python library prunes CSS against a site's pages; PurgeCSS needs Node)."""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import tinycss2
from tinycss2.ast import FunctionBlock, IdentToken, LiteralToken, SquareBracketsBlock, StringToken

_CLASS_ATTRIBUTE = re.compile(r'class="([^"]*)"')
_WORD = re.compile(r"[A-Za-z_][\w-]*")
# "md-source__fact--${t}" in a script, "md-tag--{{ … }}" in a template: a class built at run time.
_BUILT_PREFIX = re.compile(r"([A-Za-z_][\w-]*?[-_])(?:\$\{|\{\{)")
_GROUPING_RULES = frozenset({"media", "supports", "container", "layer"})


@dataclass(frozen=True)
class UsedNames:
    """The class names the site's pages and scripts can use, and the values the palette attributes
    (data-md-color-scheme, -primary, -accent) can take."""

    classes: frozenset[str]
    class_prefixes: tuple[str, ...]  # classes ending in a run-time value: any class starting so is kept
    attribute_values: Mapping[str, frozenset[str]]

    def knows_class(self, name: str) -> bool:
        return name in self.classes or name.startswith(self.class_prefixes)

    def knows_attribute(self, name: str, value: str) -> bool:
        values = self.attribute_values.get(name)
        return values is None or value in values


def classes_in_page(html: str) -> set[str]:
    """Every class an HTML page's elements carry."""
    names: set[str] = set()
    for value in set(_CLASS_ATTRIBUTE.findall(html)):
        names.update(value.split())
    return names


def words_in_script(text: str) -> tuple[set[str], set[str]]:
    """Every word of a script (any could be a class it sets) and the prefixes of the classes it
    builds from a value, as `md-tag--${type}`."""
    return set(_WORD.findall(text)), set(_BUILT_PREFIX.findall(text))


def palette_values(palette: Iterable[Mapping[str, object]]) -> dict[str, frozenset[str]]:
    """The values Material sets on <body> (and its bundle when a reader switches) for mkdocs.yml's
    palette entries: only these colour schemes and colours are ever shown."""
    entries = list(palette)
    def values(key: str, default: str) -> frozenset[str]:
        return frozenset(str(entry.get(key) or default).replace(" ", "-").lower() for entry in entries)
    return {"data-md-color-scheme": values("scheme", "default"),
            "data-md-color-primary": values("primary", "indigo"),
            "data-md-color-accent": values("accent", "indigo")}


def used_rules(css: str, used: UsedNames) -> str:
    """`css` without the rules no page can match, minified as it came (tinycss2 writes back what it read)."""
    rules = tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True)
    return "".join(_kept(rules, used))


def _kept(rules: list, used: UsedNames) -> list[str]:
    out: list[str] = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [s for s in _split_on_commas(rule.prelude) if _may_match(s, used)]
            if selectors:
                prelude = ",".join(tinycss2.serialize(s).strip() for s in selectors)
                out.append(f"{prelude}{{{tinycss2.serialize(rule.content)}}}")
        elif rule.type == "at-rule" and rule.lower_at_keyword in _GROUPING_RULES and rule.content is not None:
            inner = _kept(tinycss2.parse_rule_list(rule.content, skip_whitespace=True, skip_comments=True), used)
            if inner:
                out.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{''.join(inner)}}}")
        elif rule.type == "at-rule":  # @keyframes, @font-face, @property, @import …: kept as they are
            out.append(tinycss2.serialize([rule]))
    return out


def _split_on_commas(prelude: list) -> list[list]:
    selectors: list[list] = [[]]
    for token in prelude:  # tinycss2 nests (…) and […], so a comma here separates selectors
        if isinstance(token, LiteralToken) and token.value == ",":
            selectors.append([])
        else:
            selectors[-1].append(token)
    return [s for s in selectors if any(t.type not in ("whitespace", "comment") for t in s)]


def _may_match(selector: list, used: UsedNames) -> bool:
    # Ids are not judged (Material's stylesheets have no id selectors), nor what is inside a
    # function such as :not(…) or :is(…): tinycss2 keeps that inside the FunctionBlock token.
    for before, token in zip([None, *selector], selector):
        if isinstance(token, IdentToken) and isinstance(before, LiteralToken) and before.value == ".":
            if not used.knows_class(token.value):
                return False
        elif isinstance(token, SquareBracketsBlock):
            attribute = _attribute(token)
            if attribute is not None and not used.knows_attribute(*attribute):
                return False
    return True


def _attribute(block: SquareBracketsBlock) -> tuple[str, str] | None:
    """(name, value) of an `[name=value]` selector; None for any other form ([name], [name^=…])."""
    parts = [t for t in block.content if t.type not in ("whitespace", "comment")]
    if (len(parts) == 3 and isinstance(parts[0], IdentToken) and isinstance(parts[1], LiteralToken)
            and parts[1].value == "=" and isinstance(parts[2], (IdentToken, StringToken))):
        return parts[0].value.lower(), parts[2].value
    return None


def joined(stylesheets: Iterable[str]) -> str:
    """Stylesheets one after another, as separate <link>s would apply them."""
    return "".join(f"{text.strip()}\n" for text in stylesheets if text.strip())



@dataclass(frozen=True)
class Stylesheets:
    """What the one stylesheet is made of, as files: Material's and ours, each with the path it
    has in the built site, in the order Material's base.html links them."""

    material: tuple[tuple[str, str], ...]  # (site path, text): main, then the palette when one is set
    own: tuple[tuple[str, str], ...]  # mkdocs.yml's extra_css

    def url(self) -> str:
        """Its site path, named by what it is made from, so a changed stylesheet is fetched anew
        (which rules are kept depends on the pages too; a new class alone keeps the name)."""
        digest = hashlib.sha256(repr((self.material, self.own)).encode()).hexdigest()[:8]
        return f"assets/stylesheets/site.{digest}.css"

    def lean(self, used: UsedNames, minify: Callable[[str], str]) -> str:
        """The stylesheet a published site links: Material's rules some page can use, ours minified."""
        return joined([*(used_rules(text, used) for _, text in self.material),
                       *(minify(text) for _, text in self.own)])

    def imports(self) -> str:
        """For `mkdocs serve`: every file whole, each by its own name in the browser's tools."""
        here = posixpath.dirname(self.url())
        return "".join(f'@import url("{posixpath.relpath(path, here)}");\n' for path, _ in (*self.material, *self.own))
