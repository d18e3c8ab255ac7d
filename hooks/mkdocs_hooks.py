"""The MkDocs adapter: each event hands the domain package (`storysite`) what MkDocs has and
gives MkDocs back what the domain built. No site logic lives here.

MkDocs keeps this module loaded across `mkdocs serve` rebuilds, so all per-build state is kept
in one `_Build` object that `on_config` makes anew."""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from storysite.browse_pages import Browse, prepare_browse
from storysite.collection import Collection, load_collection
from storysite.dates import build_today
from storysite.metadata import page_meta, story_meta
from storysite.pages import RENDERERS, expand_markers, story_page_markdown, story_view
from storysite.problems import InputError
from storysite.search_text import with_search_text, without_search_text
from storysite.settings import Settings, parse_settings
from storysite.sharing import story_sharing

log = logging.getLogger("mkdocs.hooks.stories")


@dataclass
class _Build:
    settings: Settings
    collection: Collection
    serving: bool
    browse: Browse  # theme and place pages, related stories, browse markers


_command = "build"
_build: _Build | None = None


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _build
    settings, problems = parse_settings(config.extra)
    if settings is None:
        raise PluginError(str(InputError(problems)))
    serving = _command == "serve"
    if not config.site_url:
        raise PluginError("mkdocs.yml: site_url: is missing. Set it to the site's address, e.g. "
                          "'site_url: https://stories.example.org/': share links, Open Graph tags and "
                          "the sitemap need absolute URLs.")
    stories_dir = Path(config.config_file_path).parent / settings.folder
    try:
        collection = load_collection(stories_dir, include_unpublished=serving, today=build_today(),
                                     shown_dir=settings.folder)
        browse = prepare_browse(collection, settings.folder)
    except InputError as error:
        raise PluginError(str(error)) from None
    _build = _Build(settings=settings, collection=collection, serving=serving, browse=browse)
    log.info("Loaded %d stories from %s/", len(collection.stories), settings.folder)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    build = _require_build()
    for story in build.collection.stories:
        inclusion = InclusionLevel.DRAFT if story.draft else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, f"{story.url}index.md", content=story_page_markdown(story),
                                    inclusion=inclusion))
        if story.image:
            files.append(File.generated(config, f"{story.url}{story.image.file}",
                                        abs_src_path=str(story.image.path), inclusion=inclusion))
    for generated in build.browse.pages:  # theme and place pages
        files.append(File.generated(config, generated.path, content=generated.markdown,
                                    inclusion=InclusionLevel.NOT_IN_NAV))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    build = _require_build()
    try:
        return expand_markers(markdown, page.url, build.collection, f"{config.docs_dir}/{page.file.src_uri}",
                              renderers={**RENDERERS, **build.browse.renderers})
    except InputError as error:
        raise PluginError(str(error)) from None


def on_page_content(html_text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    build = _require_build()
    generated = build.browse.page_html(page.file.src_uri)  # a theme or place page, built as HTML
    if generated is not None:
        return generated
    slug = _story_slug(page)
    # For Material's search only: taken off again in on_page_context (see storysite/search_text.py).
    return with_search_text(html_text, build.collection.story(slug)) if slug else html_text


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav) -> dict:
    build = _require_build()
    page.content = without_search_text(page.content)  # hooks run after plugins: search has read it
    slug = _story_slug(page)
    if slug:
        story = build.collection.story(slug)
        context["story"] = story_view(story, build.collection, related=build.browse.related[slug])
        context["share"] = story_sharing(story.title, story.summary, page.canonical_url)
        context["page_meta"] = story_meta(story, build.collection.themes_of(story), config.site_name,
                                          config.site_url, page.canonical_url)
    else:
        context["page_meta"] = page_meta(config.site_name, *_page_text(page, config), page.canonical_url)
    return context


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


def _require_build() -> _Build:
    if _build is None:
        raise PluginError("The stories hook ran before on_config; check mkdocs.yml's hooks: list.")
    return _build
