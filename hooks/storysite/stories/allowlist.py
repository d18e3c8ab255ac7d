"""The one checker of story HTML: an allowlist of tags, attributes and link schemes, enforced by nh3.

A story's body is rendered from Markdown, which passes raw HTML through (and attr_list lets
`{: … }` set any attribute), so the rendered HTML is what we check. nh3 (the Rust Ammonia
sanitiser) parses it as a browser does and says what it would keep; if it would remove anything
the story is refused, never silently cleaned, and each removal is named with what to write
instead. Our own listing of the tags and attributes (Python's HTMLParser) only words the
messages: the verdict is nh3's, so a parser trick that fools the listing still fails the check."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

import nh3

from ..pictures.story_photos import REMOTE_IMAGE_FIX

# What Markdown and the site's extensions (abbr, admonition, attr_list, md_in_html, footnotes,
# tables, toc, smartsymbols, fenced code) produce, plus the harmless inline tags a writer may type.
TAGS = frozenset({
    "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "a", "img", "em", "strong", "b", "i", "code", "pre",
    "kbd", "samp", "small", "mark", "s", "del", "ins", "sub", "sup", "abbr", "blockquote",
    "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
    "div", "span", "figure", "figcaption",
})
# Any tag may carry these (attr_list's `{: #id .class title="…" lang="cy" }`); none carries a URL,
# a script or a style.
GLOBAL_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir"})
TAG_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "th": frozenset({"style", "align", "colspan", "rowspan"}),  # style: Markdown's column alignment only
    "td": frozenset({"style", "align", "colspan", "rowspan"}),
    "ol": frozenset({"start"}),
}
URL_ATTRIBUTES = frozenset({"href", "src"})  # the only URL-bearing attributes the allowlist has
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
# None: a story shows only photos from its own folder. An image from another site would be fetched
# by every reader's browser, telling that site who reads the story (a "tracking pixel"), and a
# data: address is a way round the same rule (and round the photo checks).
IMAGE_SCHEMES: frozenset[str] = frozenset()

_VALUE_RULES: dict[str, re.Pattern[str]] = {
    # Letters first: '__search' or 'md-…' would reach into Material's own page furniture.
    "id": re.compile(r"[A-Za-z][\w:.-]*"),
    "lang": re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*"),
    "dir": re.compile(r"ltr|rtl|auto"),
    "width": re.compile(r"\d{1,4}"), "height": re.compile(r"\d{1,4}"),
    "colspan": re.compile(r"\d{1,3}"), "rowspan": re.compile(r"\d{1,3}"), "start": re.compile(r"\d{1,6}"),
    "align": re.compile(r"left|right|center"),
    "style": re.compile(r"text-align:\s*(?:left|right|center);?"),
}
_CLASS = re.compile(r"(?!md-)[A-Za-z][\w-]*")
_SCHEME = re.compile(r"(?![#?])([^/]*?):")  # text before the first ':' of the first segment

_TAG_HINT = {
    "script": "Stories cannot run code.",
    "style": "The site's stylesheet styles every story.",
    "form": "To collect answers, link to the form: [Answer the survey](https://...).",
}
_EMBED_HINT = "To show a video, map or document, link to it instead: [What it shows](https://...)."
_PHOTO_HINT = "To show a photo, put it beside index.md and write ![What it shows](photo.jpg)."
_PLAIN_HINT = "Write the text in plain Markdown: *emphasis*, **bold**, [links](https://...), lists and tables."


def _url_problem(tag: str, value: str) -> str | None:
    """What is wrong with a link or image address, or None. Read as a browser reads it: entities
    decoded, spaces around and tabs and newlines inside dropped."""
    url = re.sub(r"[\t\n\r]", "", value).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
                                                  "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
    allowed = IMAGE_SCHEMES if tag == "img" else LINK_SCHEMES
    if tag == "img" and (url.startswith(("//", "\\", "/\\")) or _SCHEME.match(url)):
        return remote_image_problem(value)
    if url.startswith(("//", "\\", "/\\")):
        return (f"the address '{value}' leaves out 'https:'. Write the full address, starting https://.")
    if "\\" in url:
        return f"the address '{value}' has a backslash. Use '/' between the parts of an address."
    match = _SCHEME.match(url)
    if match and match.group(1).lower() not in allowed:
        shown = match.group(1)[:20]
        return (f"a link to '{shown}:…' is not allowed. Addresses must start https://, http:// or mailto:, "
                "or be a relative link to a page or photo of this site, e.g. '../other-story/' or 'hall.jpg'.")
    if match and url.lower().startswith(("http:", "https:")) and not re.match(r"https?://[^/?#\s]+", url, re.I):
        return f"the address '{value}' has no site name. Write the full address, e.g. https://example.org/page."
    return None


def remote_image_problem(address: str) -> str:
    """Why an image from another site (or a data: or other scheme address) is refused."""
    shown = address if len(address) <= 60 else address[:57] + "..."
    return (f"the image '{shown}' is not a photo in this story's folder: readers' browsers would fetch it "
            "from elsewhere, which tells that site who reads the story, and the site promises readers no "
            f"requests to other sites. {REMOTE_IMAGE_FIX}")


def attribute_problem(tag: str, name: str, value: str) -> str | None:
    """Why an attribute may not stay on a tag in a story, or None."""
    if name.startswith("on"):
        return (f"the attribute '{name}=' runs code, and stories cannot run code. Delete it. "
                + _PLAIN_HINT)
    if name == "style" and (tag not in ("th", "td") or not _VALUE_RULES["style"].fullmatch(value.strip())):
        return ("the attribute 'style=' is not allowed: the site's stylesheet styles every story. Delete it "
                "(to align a table column, use ':---:' in the Markdown table's dashes).")
    if name not in GLOBAL_ATTRIBUTES | TAG_ATTRIBUTES.get(tag, frozenset()):
        allowed = sorted(GLOBAL_ATTRIBUTES | TAG_ATTRIBUTES.get(tag, frozenset()))
        return (f"the attribute '{name}=' is not allowed on <{tag}>. Delete it; a story's tags may carry "
                f"only {', '.join(allowed)}.")
    if name in URL_ATTRIBUTES:
        return _url_problem(tag, value)
    if name == "class":
        bad = [word for word in value.split() if not _CLASS.fullmatch(word)]
        if bad:
            return (f"the class '{bad[0]}' is not allowed: classes are letters, digits, '-' and '_', starting "
                    "with a letter, and never 'md-' (the theme's own). Rename or delete it.")
    elif name in _VALUE_RULES and not _VALUE_RULES[name].fullmatch(value.strip()):
        return f"'{name}=\"{value}\"' is not a value this attribute may have here. Delete it or correct it."
    return None


def tag_problem(tag: str) -> str:
    if tag == "h1":
        return ("a '#' heading is a second page title: the story's title already heads the page. "
                "Use '## ' for the story's section headings.")
    hint = _TAG_HINT.get(tag) or (_PHOTO_HINT if tag in {"picture", "source", "image"} else _EMBED_HINT if tag in {
        "iframe", "object", "embed", "video", "audio", "frame", "frameset", "applet", "svg", "math", "canvas",
        "map", "area"} else _PLAIN_HINT)
    return f"a <{tag}> tag is not allowed in a story. Delete it. {hint}"


class _Listing(HTMLParser):
    """Every start tag with its attributes (values decoded) and every piece of text, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[tuple] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tokens.append(("tag", tag, tuple(sorted((name, value or "") for name, value in attrs))))

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if not text:
            return
        if self.tokens and self.tokens[-1][0] == "text":
            self.tokens[-1] = ("text", self.tokens[-1][1] + " " + text)
        else:
            self.tokens.append(("text", text))


def _listing(html: str) -> list[tuple]:
    parser = _Listing()
    parser.feed(html)
    parser.close()
    # The HTML parser adds <tbody> to a table written without one: that adds nothing a story wrote.
    return [t for t in parser.tokens if t[:2] != ("tag", "tbody")]


def _keep(tag: str, name: str, value: str) -> str | None:
    return None if attribute_problem(tag, name, unescape(value)) else value


def sanitized(html: str) -> str:
    """The HTML as the allowlist would leave it (what nh3 keeps)."""
    attributes = {"*": set(GLOBAL_ATTRIBUTES)} | {tag: set(names) for tag, names in TAG_ATTRIBUTES.items()}
    return nh3.clean(html, tags=set(TAGS), attributes=attributes, attribute_filter=_keep,
                     url_schemes=set(LINK_SCHEMES), link_rel=None, strip_comments=True)


def html_problems(html: str) -> list[str]:
    """What the allowlist refuses in a piece of rendered HTML, each with what to write instead;
    empty when nh3 would keep every tag, attribute and word of it."""
    found: list[str] = []
    listing = _listing(html)
    for token in listing:
        if token[0] != "tag":
            continue
        _, tag, attrs = token
        if tag not in TAGS:
            found.append(tag_problem(tag))
            continue
        found += [p for name, value in attrs if (p := attribute_problem(tag, name, value))]
    if not found and _listing(sanitized(html)) != listing:
        # nh3 read it differently from the listing above (a parser trick): refuse it all the same.
        found.append("this part of the story is HTML that a browser would read differently from how it looks. "
                     + _PLAIN_HINT)
    return sorted(set(found))
