"""The MkDocs adapter: each event hands the domain package (`storysite`) what MkDocs has and
gives MkDocs back what the domain built. No site logic lives here.

MkDocs keeps this module loaded across `mkdocs serve` rebuilds, so all per-build state is kept
in one `_Build` object that `on_config` makes anew."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from storysite.collection import Collection, load_collection
from storysite.dates import build_today
from storysite.geojson import published_stories
from storysite.map_page import map_files
from storysite.pages import expand_markers, story_page_markdown, story_view
from storysite.problems import InputError
from storysite.settings import Settings, parse_settings
from storysite.story_map import story_map

log = logging.getLogger("mkdocs.hooks.stories")


@dataclass
class _Build:
    settings: Settings
    collection: Collection
    serving: bool


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
    stories_dir = Path(config.config_file_path).parent / settings.folder
    try:
        collection = load_collection(stories_dir, include_unpublished=serving, today=build_today(),
                                     shown_dir=settings.folder)
    except InputError as error:
        raise PluginError(str(error)) from None
    _build = _Build(settings=settings, collection=collection, serving=serving)
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
    try:  # the map page, /stories.geojson and the land outline the map draws on
        for item in map_files(published_stories(build.collection, build_today()), build.collection.vocabulary,
                              build.settings, config.site_url):
            files.append(File.generated(config, item.path, content=item.content,
                                        abs_src_path=str(item.source) if item.source else None))
    except InputError as error:
        raise PluginError(str(error)) from None
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    build = _require_build()
    try:
        return expand_markers(markdown, page.url, build.collection, f"{config.docs_dir}/{page.file.src_uri}")
    except InputError as error:
        raise PluginError(str(error)) from None


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav) -> dict:
    build = _require_build()
    slug = _story_slug(page)
    if slug:
        story = build.collection.story(slug)
        context["story"] = story_view(story, build.collection)
        context["story_map"] = story_map(story, build.settings)
    return context


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
