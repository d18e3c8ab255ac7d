"""The MkDocs adapter: each event hands the domain package (`storysite`) what MkDocs has and gives
MkDocs back what the domain made; no site logic and no markup (ARCHITECTURE.md: the event table).
MkDocs keeps this module loaded across `mkdocs serve` rebuilds: one build's state is one `_Build`
that on_config makes anew; what a preview keeps between rebuilds is in `_session`."""

from __future__ import annotations

import html
import logging
import os
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import FileSystemBytecodeCache
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from storysite.assets import minify_in_place
from storysite.build import Prepared, SiteConfig, files_after_pages, made_files, prepare
from storysite.markers import Fragment, fill_text_markers, insert_fragments
from storysite.pages.maps import story_map
from storysite.pages.meta import page_meta, story_meta, story_sharing
from storysite.pages.numbers import fact_box
from storysite.pages.report import report_problem_href
from storysite.pages.search import SearchIndexError, write_search_index
from storysite.pages.views import story_view
from storysite.pictures.card_files import write_pictures
from storysite.problems import InputError, Problem
from storysite.routes import nearest_section
from storysite.settings import build_today
from storysite.stories.allowlist import html_problems
from storysite.stories.cache import StoryCache
from storysite.stories.rendering import heading_tokens, renders_as_checked, site_context

log = logging.getLogger("mkdocs.hooks.stories")


@dataclass
class _Build:
    """What one build knows: the prepared site, and what its pages hand on to on_post_build."""

    site: Prepared
    env: Any  # the theme's Jinja environment, autoescaped, for the fragments under overrides/partials/
    templates: FileSystemBytecodeCache  # compiled templates, for MkDocs' own environment too
    drawn: dict[str, Any] = field(default_factory=dict)  # site path -> share card or thumbnail to write
    story_html: dict[str, str] = field(default_factory=dict)  # slug -> body HTML, for the feeds
    highlighted: Any = None  # the navigation page shown as current while a page outside it renders
    # Each page's marker fragments, from on_page_markdown until on_page_content puts them in.
    fragments: dict[str, dict[str, Fragment]] = field(default_factory=dict)

    def render(self, template: str, context: Mapping[str, Any]) -> str:
        return self.env.get_template(template).render(context)


@dataclass
class _Session:
    command: str = "build"
    build: _Build | None = None
    stories: StoryCache = field(default_factory=StoryCache)  # used by `mkdocs serve` only
    indexing: threading.Lock = field(default_factory=threading.Lock)  # one Pagefind run at a time

    @property
    def serving(self) -> bool:
        return self.command == "serve"


_session = _Session()


@contextmanager
def _input_errors() -> Iterator[None]:
    """Bad input becomes MkDocs' own error: a clear message and a non-zero exit, no traceback."""
    try:
        yield
    except InputError as error:
        raise PluginError(str(error)) from None


def _build() -> _Build:
    if _session.build is None:
        raise PluginError("The stories hook ran before on_config; check mkdocs.yml's hooks: list.")
    return _session.build


def on_startup(command: str, dirty: bool) -> None:
    _session.command = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Everything read and checked before MkDocs empties site/ (storysite/build.py)."""
    docs_dir = Path(config.docs_dir)
    site_config = SiteConfig(
        project_dir=Path(config.config_file_path).parent, docs_dir=docs_dir, extra=config.extra,
        markdown=site_context(config.markdown_extensions, config.mdx_configs, docs_dir, config.site_url),
        site_url=config.site_url, site_name=config.site_name, site_description=config.site_description or "",
        favicon=config.theme.get("favicon"),
        stylesheets=tuple(str(getattr(entry, "path", entry)) for entry in config.extra_css))
    with _input_errors():
        site = prepare(site_config, include_unpublished=_session.serving, today=build_today(),
                       story_cache=_session.stories if _session.serving else None, minify=not _session.serving)
    config.extra_css = [site.stylesheet.path]  # base.html links the one stylesheet
    templates = _template_cache(site.cache_dir)
    _session.build = _Build(site=site, env=config.theme.get_env().overlay(autoescape=True, bytecode_cache=templates),
                            templates=templates, drawn=site.pictures.all_paths() if site.settings.share_cards else {})
    reused = f" ({_session.stories.reused} unchanged since the last build)" if _session.stories.reused else ""
    log.info("Loaded %d stories from %s/%s", len(site.collection.stories), site.settings.folder, reused)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """The pages and files made from the stories, added beside the hand-written ones."""
    build = _build()
    for made in made_files(build.site, build.render, config.site_url, config.site_name):
        inclusion = InclusionLevel.DRAFT if made.draft else InclusionLevel.NOT_IN_NAV
        file = File.generated(config, made.path, content=made.content, inclusion=inclusion,
                              abs_src_path=str(made.source) if made.source else None)
        if made.story_file:  # MkDocs' edit link (repo_url + edit_uri + this) opens the story's own
            # file beside docs/: 'edit/main/docs/../stories/<slug>/index.md' resolves to it.
            file.edit_uri = os.path.relpath(made.story_file, config.docs_dir).replace(os.sep, "/")
        files.append(file)
    stylesheet = build.site.stylesheet
    for path in stylesheet.sources:  # published inside the one stylesheet instead
        if (own := files.get_file_from_path(path)) is not None:
            files.remove(own)
    files.append(File.generated(config, stylesheet.path, content=stylesheet.text))
    return files


def on_env(env, config: MkDocsConfig, files: Files):
    build = _build()
    env.bytecode_cache = build.templates
    env.globals["feed_head_links"] = build.site.feed_links.head_links  # partials/feed-links.html
    return env


def _template_cache(cache_dir: Path) -> FileSystemBytecodeCache:
    """Material's and our templates compiled once, not on every build and preview rebuild (most of
    a rebuild's time at a few dozen stories). Jinja keys each by its source's checksum and its own
    and Python's versions, so an edited template is compiled afresh."""
    (cache_dir / "templates").mkdir(parents=True, exist_ok=True)
    return FileSystemBytecodeCache(str(cache_dir / "templates"))


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    build = _build()
    # Pagefind indexes the built pages (on_post_build). Material's search plugin stays for its
    # search box and writes search/search_index.json with its settings only, no page in it.
    page.meta["search"] = {"exclude": True}
    slug = _story_slug(page)
    if slug and renders_as_checked(build.site.collection.story(slug).body_links):
        return ""  # rendered once already, in on_config: on_page_content puts that HTML in
    with _input_errors():
        before = fill_text_markers(markdown, page.url, build.site.markers,
                                   shown_as=f"{Path(config.docs_dir).name}/{page.file.src_uri}")
    build.fragments[page.file.src_uri] = before.fragments
    return before.markdown


def on_page_content(html_text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    build = _build()
    html_text = insert_fragments(html_text, build.fragments.pop(page.file.src_uri, {}), build.render)
    term_page = build.site.browse.pages.get(page.file.src_uri) if page.file.generated_by else None
    if term_page is not None:  # a theme or place page, rendered from its template
        return build.render("partials/term-page.html",
                            {"page_view": term_page, "subscribe": build.site.feed_links.subscribe(term_page.url)})
    slug = _story_slug(page)
    if not slug:
        return html_text
    story = build.site.collection.story(slug)
    if renders_as_checked(story.body_links):  # the HTML on_config rendered and checked
        html_text = story.body_html
        page.toc = get_toc(heading_tokens(story.body_headings))
    else:
        # MkDocs rendered it (to turn links to Markdown sources into page links): the same
        # allowlist again on what it made.
        unsafe = html_problems(html_text)
        if unsafe:
            shown_as = f"{build.site.settings.folder}/{slug}/index.md"
            raise PluginError(str(InputError([Problem(shown_as, None, "body", message) for message in unsafe])))
    build.story_html[slug] = html_text  # for the feeds: the story as MkDocs rendered it, rendered once
    return html_text


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav) -> dict:
    build = _build()
    site = build.site
    _highlight_section(build, page, nav)
    slug = _story_slug(page)
    if slug:
        story = site.collection.story(slug)
        view = story_view(story, site.collection, related=site.browse.related[slug], hero=site.heroes.get(slug),
                          thumbs=site.browse.thumbs, report_href=report_problem_href(
                              config.repo_url, page.canonical_url or story.url, story.title, story.url))
        card = site.pictures.stories[slug] if site.settings.share_cards else None
        context.update(
            story=view, story_map=story_map(story, site.settings), figures=fact_box(story),
            related_cards=Markup(build.render("partials/story-cards.html", {"cards": view.related, "heading_level": 3})),
            share=story_sharing(story.title, story.summary, page.canonical_url),
            page_meta=story_meta(story, view.themes, config.site_name, config.site_url, page.canonical_url, card=card))
        page.update_date = story.last_modified.isoformat()  # the sitemap's <lastmod>, not the build day
        return context
    title, description = _page_text(page, config)
    card = site.page_share(page.file.src_uri, page.url, title, description) if site.settings.share_cards else None
    if card is not None:
        build.drawn[card.path] = card.card
    context["page_meta"] = page_meta(config.site_name, title, description, page.canonical_url, card=card,
                                     site_url=config.site_url)
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    build = _build()
    if build.highlighted is not None:  # undo _highlight_section's mark, as MkDocs undoes its own
        build.highlighted.active = False
        build.highlighted = None
    return output


def _highlight_section(build: _Build, page: Page, nav) -> None:
    """A page outside the navigation (a story, a theme, the Stories page's page 2) shows the tab it
    belongs under as current: MkDocs marks only the page itself, which is in no tab."""
    if page in nav.pages:
        return
    url = nearest_section(page.url, [item.url for item in nav.pages])
    section = next((item for item in nav.pages if item.url == url), None) if url else None
    if section is not None and not section.active:
        section.active = True
        build.highlighted = section


def on_post_build(config: MkDocsConfig) -> None:
    """What needs the built pages: feeds (they carry each story's HTML), embeds, the share cards
    the pages named, minified scripts, and last the search index, which reads every page."""
    build = _build()
    site, site_dir = build.site, Path(config.site_dir)
    with _input_errors():
        made = files_after_pages(site, build.story_html, site_dir, build.render, config.site_name)
    for path, data in made.items():
        (site_dir / path).parent.mkdir(parents=True, exist_ok=True)
        (site_dir / path).write_bytes(data)
    if not _session.serving:  # a preview keeps the readable scripts, for the browser's developer tools
        docs = Path(config.docs_dir)
        minify_in_place(site_dir, [*map(str, (getattr(e, "path", e) for e in config.extra_javascript)),
                                   *(str(p.relative_to(docs)) for p in sorted((docs / "assets/javascripts").glob("*.js")))])
    if site.settings.share_cards:
        stats = write_pictures(build.drawn, site_dir, site.cache_dir / "cards")
        for problem in stats.problems:  # the card shows the map: worth knowing, not worth failing the build
            log.info("Share card: %s", problem)
        log.info("Share cards and thumbnails: %d drawn, %d from the cache (.cache/cards/)", stats.drawn, stats.cached)
    if _session.serving:  # the preview shows the saved page at once; its search catches up just after
        threading.Thread(target=_index_search, args=(site_dir,), daemon=True).start()
    else:
        _index_search(site_dir)


def _index_search(site_dir: Path) -> None:
    with _session.indexing:
        try:
            index = write_search_index(site_dir, background=_session.serving)
        except SearchIndexError as error:
            if _session.serving:  # in a background thread: say it, the preview goes on
                log.error("%s", error)
                return
            raise PluginError(str(error)) from None
    log.info("Search index (Pagefind): %d pages, %d files, %d KiB", index.pages, index.files, index.size // 1024)


def _page_text(page: Page, config: MkDocsConfig) -> tuple[str, str]:
    """A page's title and description as plain text (generated pages carry theirs HTML-escaped
    for Material's unescaped <meta name="description">)."""
    title = config.site_name if page.is_homepage else (page.meta.get("title") or page.title or config.site_name)
    description = page.meta.get("description") or config.site_description or ""
    if page.file.generated_by is not None:
        description = html.unescape(description)
    return str(title), str(description)


def _story_slug(page: Page) -> str | None:
    if page.file.generated_by is None:  # a hand-written page, not one made from a story
        return None
    parts = page.file.src_uri.split("/")
    if len(parts) == 3 and parts[0] == "stories" and parts[2] == "index.md":
        return parts[1]
    return None
