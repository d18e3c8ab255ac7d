"""A story's body rendered as the build renders it (Python-Markdown with mkdocs.yml's extensions),
checked against the HTML allowlist, with each problem traced to the line that causes it.

`make validate` and the build both come here, so they check exactly the same HTML. Python-Markdown
is a plain library; MkDocs adds its three built-in extensions first, and so do we."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import markdown
import yaml

from ..model import BodyLink, Heading
from ..problems import Problem
from .allowlist import html_problems

MKDOCS_BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")  # MkDocs always loads these first
CONFIG_FILE = "mkdocs.yml"


@dataclass(frozen=True)
class SiteContext:
    """What checking a body needs to know about the site: how Markdown is rendered, which
    hand-written pages and files exist (site-relative: 'about/', 'assets/x.css'), and the path
    the site is served under ('/' or '/repo/'), for links written from the site's root."""

    extensions: tuple[str, ...]
    extension_configs: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    site_paths: frozenset[str] = frozenset()
    root_path: str = "/"

    def renderer(self) -> Callable[[str], Rendered]:
        """A function rendering Markdown to HTML; one Markdown instance, reset between bodies."""
        md = markdown.Markdown(extensions=list(self.extensions),
                               extension_configs={k: dict(v) for k, v in self.extension_configs.items()})

        def render(text: str) -> Rendered:
            md.reset()
            html = md.convert(text)
            return Rendered(html, _headings(getattr(md, "toc_tokens", [])))
        return render


@dataclass(frozen=True)
class Rendered:
    html: str
    headings: tuple[Heading, ...]


def _headings(tokens: list[dict[str, Any]]) -> tuple[Heading, ...]:
    return tuple(Heading(int(t["level"]), str(t["id"]), str(t["name"]), _headings(t.get("children", [])))
                 for t in tokens)


def site_context(extensions: list[str], extension_configs: Mapping[str, Mapping[str, Any]],
                 docs_dir: Path, site_url: str | None) -> SiteContext:
    """From MkDocs' own (validated) settings: `config.markdown_extensions`, `config.mdx_configs`."""
    return SiteContext(extensions=tuple(extensions), extension_configs=dict(extension_configs),
                       site_paths=docs_site_paths(docs_dir),
                       root_path=(urlparse(site_url or "").path or "/").rstrip("/") + "/")


def read_site_context(config_file: Path) -> tuple[SiteContext | None, list[Problem]]:
    """The same settings read straight from mkdocs.yml, for `make validate` (which runs without
    MkDocs): only markdown_extensions, docs_dir and site_url matter here."""
    data, problems = read_mkdocs_yml(config_file)
    return (None, problems) if data is None else (markdown_context(data, config_file), [])


def read_mkdocs_yml(config_file: Path) -> tuple[dict | None, list[Problem]]:
    """mkdocs.yml as data. Tags such as !ENV are read as empty values."""
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (OSError, yaml.YAMLError) as error:
        return None, [Problem(config_file.name, None, None,
                              f"could not be read to find the site's settings ({error}).")]
    return (data if isinstance(data, dict) else {}), []


def markdown_context(data: dict, config_file: Path) -> SiteContext:
    """The Markdown settings of mkdocs.yml's data, in the order MkDocs loads the extensions."""
    names: list[str] = list(MKDOCS_BUILTIN_EXTENSIONS)
    configs: dict[str, dict] = {}
    for item in data.get("markdown_extensions") or []:
        if isinstance(item, dict) and len(item) == 1:
            (name, options), = item.items()
            configs[str(name)] = dict(options or {})
        else:
            name = str(item)
        if name not in names:
            names.append(str(name))
    return site_context(names, configs, docs_dir(data, config_file), data.get("site_url"))


def docs_dir(data: dict, config_file: Path) -> Path:
    """mkdocs.yml's docs_dir (MkDocs' default: docs), beside the file."""
    return config_file.parent / str(data.get("docs_dir") or "docs")


class _TolerantLoader(yaml.SafeLoader):
    pass


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def docs_site_paths(docs_dir: Path) -> frozenset[str]:
    """The site path of every hand-written page ('about/', '' for the home page) and file in docs/."""
    paths: set[str] = set()
    if not docs_dir.is_dir():
        return frozenset()
    for path in docs_dir.rglob("*"):
        if not path.is_file():
            continue
        relative = path.relative_to(docs_dir).as_posix()
        if relative.endswith(".md"):
            stem = relative[:-3]
            paths.add("" if stem == "index" else (stem[:-len("index")] if stem.endswith("/index") else stem + "/"))
        else:
            paths.add(relative)
    return frozenset(paths)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href") and "footnote" not in (values.get("class") or "") \
                and "headerlink" not in (values.get("class") or ""):
            self.found.append((values["href"] or "", False))
        elif tag == "img" and values.get("src"):
            self.found.append((values["src"] or "", True))


@dataclass(frozen=True)
class CheckedBody:
    problems: list[tuple[int, str]]  # (line, message) for everything the allowlist refuses
    links: tuple[BodyLink, ...]  # to pages and files of this site, checked once every story is known
    rendered: Rendered


def checked_body(body: str, first_line: int, render: Callable[[str], Rendered]) -> CheckedBody:
    """The body rendered, what the allowlist refuses in it, and its links to this site."""
    rendered = render(body)
    html = rendered.html
    problems = html_problems(html)
    lines = body.split("\n")
    found = [(first_line + _first_line_with(problem, lines, render), problem) for problem in problems]
    parser = _Links()
    parser.feed(html)
    parser.close()
    links = tuple(BodyLink(first_line + _line_of_text(url, lines), url, is_image)
                  for url, is_image in parser.found if _is_site_link(url))
    return CheckedBody(found, links, rendered)


def _first_line_with(problem: str, lines: list[str], render: Callable[[str], Rendered]) -> int:
    """The 0-based line whose addition to the body first brings `problem` about: exact for
    anything written on one line, the closing line for HTML spread over several."""
    for count in range(1, len(lines) + 1):
        if problem in html_problems(render("\n".join(lines[:count])).html):
            return count - 1
    return 0


def _line_of_text(url: str, lines: list[str]) -> int:
    for index, line in enumerate(lines):
        if url in line or url.replace("&", "&amp;") in line:
            return index
    return 0


def _is_site_link(url: str) -> bool:
    """A link to this site's pages or files: no scheme, not just a #fragment on this page."""
    parsed = urlparse(url)
    return not parsed.scheme and not parsed.netloc and bool(parsed.path)


def resolve(url: str, page_url: str, root_path: str) -> str | None:
    """The site path a link from `page_url` ('stories/x/') points at ('themes/energy/'), or None
    when it climbs above the site's root."""
    path = urlparse(url).path
    if path.startswith("/"):
        if not path.startswith(root_path):
            return None
        joined = path[len(root_path):]
    else:
        joined = posixpath.join(page_url, path)
    normal = posixpath.normpath(joined) if joined else "."
    if normal == ".." or normal.startswith("../"):
        return None
    normal = "" if normal == "." else normal
    if path.endswith("/") and normal:
        normal += "/"
    return normal


def renders_as_checked(links: tuple[BodyLink, ...]) -> bool:
    """Whether the body as checked is the body to publish. MkDocs rewrites links to Markdown
    sources ('../other/index.md') into page links as it renders; a body with such links is left to
    MkDocs, every other body is published as rendered once, in the check."""
    return not any(urlparse(link.url).path.endswith(".md") for link in links)


def heading_tokens(headings: tuple[Heading, ...]) -> list[dict[str, Any]]:
    """Headings back in Python-Markdown's `toc_tokens` shape, which MkDocs' get_toc() reads."""
    return [{"level": h.level, "id": h.id, "name": h.name, "children": heading_tokens(h.children)}
            for h in headings]
