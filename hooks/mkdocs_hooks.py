"""The MkDocs adapter: each event hands the domain package (`storysite`) what MkDocs has and
gives MkDocs back what the domain built. No site logic lives here.

MkDocs keeps this module loaded across `mkdocs serve` rebuilds, so all per-build state is kept
in one `_Build` object that `on_config` makes anew."""

from __future__ import annotations

import datetime as dt
import html
import logging
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from storysite.browse_pages import Browse, prepare_browse
from storysite.body_safety import rendered_html_problems
from storysite.collection import Collection, load_collection
from storysite.dates import build_today
from storysite.feed_channels import channels as feed_channels, feed_site
from storysite.feed_links import FeedLinks, expand_feed_markers
from storysite.feeds import feed_files
from storysite.geojson import published_stories
from storysite.images import PreparedPhoto, prepare_photo, story_photos
from storysite.map_page import map_files
from storysite.metadata import page_meta, story_meta
from storysite.pages import RENDERERS, Renderer, expand_markers, latest_stories, story_page_markdown, story_view
from storysite.problems import InputError, Problem
from storysite.search_text import with_search_text, without_search_text
from storysite.settings import Settings, parse_settings
from storysite.sharing import story_sharing
from storysite.story_map import story_map

log = logging.getLogger("mkdocs.hooks.stories")


@dataclass
class _Build:
    settings: Settings
    collection: Collection
    today: dt.date
    cache_dir: Path
    browse: Browse  # theme and place pages, related stories, browse markers
    feed_links: FeedLinks
    renderers: dict[str, Renderer]  # every `<!-- stories:NAME -->` marker hand-written pages may use
    photos: dict[tuple[str, str], PreparedPhoto] = field(default_factory=dict)  # by (slug, file name)
    story_html: dict[str, str] = field(default_factory=dict)  # slug -> body HTML, for the feeds


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
                          "'site_url: https://stories.example.org/': share links, Open Graph tags, "
                          "feeds and the sitemap need absolute URLs.")
    project_dir = Path(config.config_file_path).parent
    today = build_today()
    try:
        collection = load_collection(project_dir / settings.folder, include_unpublished=serving, today=today,
                                     shown_dir=settings.folder)
        site = feed_site(config.site_url, config.site_name, config.site_description, config.theme.get("favicon"))
        feed_links = FeedLinks(site, feed_channels(collection.vocabulary, site))
        browse = prepare_browse(collection, settings.folder, subscribe_line=feed_links.subscribe_line)
    except InputError as error:
        raise PluginError(str(error)) from None
    _build = _Build(settings=settings, collection=collection, today=today,
                    cache_dir=project_dir / ".cache" / "photos", browse=browse, feed_links=feed_links,
                    renderers={**RENDERERS, "latest": latest_stories(settings.latest_on_home), **browse.renderers})
    log.info("Loaded %d stories from %s/", len(collection.stories), settings.folder)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    build = _require_build()
    for story in build.collection.stories:
        inclusion = InclusionLevel.DRAFT if story.draft else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, f"{story.url}index.md", content=story_page_markdown(story),
                                    inclusion=inclusion))
        for source in story_photos(story.source_path.parent):
            photo = build.photos[story.slug, source.name] = prepare_photo(source, build.cache_dir)
            files.append(File.generated(config, f"{story.url}{source.name}",
                                        abs_src_path=str(photo.path), inclusion=inclusion))
    for generated in build.browse.pages:  # theme and place pages
        files.append(File.generated(config, generated.path, content=generated.markdown,
                                    inclusion=InclusionLevel.NOT_IN_NAV))
    try:  # the map page, /stories.geojson and the land outline the map draws on
        for item in map_files(published_stories(build.collection, build.today), build.collection.vocabulary,
                              build.settings, config.site_url):
            files.append(File.generated(config, item.path, content=item.content,
                                        abs_src_path=str(item.source) if item.source else None))
    except InputError as error:
        raise PluginError(str(error)) from None
    return files


def on_env(env, config: MkDocsConfig, files: Files):
    links = _require_build().feed_links
    env.globals["feed_head_links"] = links.head_links  # used by overrides/partials/feed-links.html
    return env


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    build = _require_build()
    shown_as = f"{config.docs_dir}/{page.file.src_uri}"
    try:
        markdown = expand_feed_markers(markdown, page.url, build.feed_links, shown_as)
        return expand_markers(markdown, page.url, build.collection, shown_as, renderers=build.renderers)
    except InputError as error:
        raise PluginError(str(error)) from None


def on_page_content(html_text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    build = _require_build()
    generated = build.browse.page_html(page.file.src_uri)  # a theme or place page, built as HTML
    if generated is not None:
        return generated
    slug = _story_slug(page)
    if not slug:
        return html_text
    unsafe = rendered_html_problems(html_text)  # what Markdown really made, checked again
    if unsafe:
        shown_as = f"{build.settings.folder}/{slug}/index.md"
        raise PluginError(str(InputError([Problem(shown_as, None, "body", message) for message in unsafe])))
    build.story_html[slug] = html_text  # for the feeds: the story as MkDocs rendered it, rendered once
    # For Material's search only: taken off again in on_page_context (see storysite/search_text.py).
    return with_search_text(html_text, build.collection.story(slug))


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav) -> dict:
    build = _require_build()
    page.content = without_search_text(page.content)  # hooks run after plugins: search has read it
    slug = _story_slug(page)
    if slug:
        story = build.collection.story(slug)
        hero = build.photos.get((story.slug, story.image.file)) if story.image else None
        context["story"] = story_view(story, build.collection, related=build.browse.related[slug], hero=hero)
        context["story_map"] = story_map(story, build.settings)
        context["share"] = story_sharing(story.title, story.summary, page.canonical_url)
        context["page_meta"] = story_meta(story, build.collection.themes_of(story), config.site_name,
                                          config.site_url, page.canonical_url)
        page.update_date = story.last_modified.isoformat()  # the sitemap's <lastmod>, not the build day
    else:
        context["page_meta"] = page_meta(config.site_name, *_page_text(page, config), page.canonical_url)
    return context


def on_post_build(config: MkDocsConfig) -> None:
    build = _require_build()
    site_dir = Path(config.site_dir)
    try:
        feeds = feed_files(build.feed_links.site, build.collection, today=build.today,
                           limit=build.settings.feed_items, story_html=build.story_html,
                           site_dir=site_dir, shown_dir=build.settings.folder,
                           all_channels=build.feed_links.channels)
    except InputError as error:
        raise PluginError(str(error)) from None
    for path, data in feeds.items():
        (site_dir / path).parent.mkdir(parents=True, exist_ok=True)
        (site_dir / path).write_bytes(data)


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
