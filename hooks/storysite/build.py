"""The one prepare-and-check step, shared by the build (the hook's on_config) and `make validate`
(cli.py), so the two cannot drift: every story read and checked, every photo processed, every
marker in the hand-written pages known, and everything the pages, feeds and cards are made from
assembled. Bad input anywhere raises one InputError listing every problem, before MkDocs empties
site/.

`SiteConfig` is what the step needs from mkdocs.yml: the hook fills it from MkDocs' validated
config, `read_site_config` from the file itself (for `make validate`, which runs without MkDocs)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .assets import Stylesheet, site_stylesheet, stylesheet_problems
from .feeds.channels import FeedLinks, channels as feed_channels, feed_site
from .feeds.files import feed_files
from .markers import Marker, marker_problems, markers_in, site_markers, toolkit_markers
from .model import Render
from .pages.embeds import embed_pages
from .pages.listings import Browse, prepare_browse
from .pages.maps import map_files
from .pages.numbers import numbers_csv, numbers_json
from .pages.pagination import LaterPage, later_pages
from .pages.sharecards import SharePictures, ShareImage, listing_thumbs, prepare_pictures
from .pages.views import story_page_markdown
from .pictures.story_photos import PhotoSet, PreparedPhoto, photo_set, prepare_story_photos, published_files, story_photos
from .problems import InputError, Problem
from .routes import NUMBERS_CSV, NUMBERS_JSON, page_url, source_path
from .settings import Settings, parse_settings, site_url_problems
from .stories.cache import StoryCache
from .stories.collection import Collection, load_collection
from .stories.rendering import SiteContext, docs_dir, markdown_context, read_mkdocs_yml


@dataclass(frozen=True)
class SiteConfig:
    """What preparing the site needs from mkdocs.yml."""

    project_dir: Path  # the folder mkdocs.yml is in
    docs_dir: Path
    extra: Mapping[str, Any]  # mkdocs.yml's extra:, where the project's own settings are
    markdown: SiteContext  # the Markdown settings story bodies are rendered with
    site_url: str | None
    site_name: str
    site_description: str = ""
    favicon: str | None = None
    stylesheets: tuple[str, ...] = ()  # extra_css: our stylesheets, by their path in docs_dir


@dataclass(frozen=True)
class Prepared:
    """Everything the pages, feeds, map and cards are made from, checked."""

    settings: Settings
    collection: Collection
    browse: Browse  # theme and place pages, related stories, listing thumbnails
    feed_links: FeedLinks
    markers: dict[str, Marker]  # every `<!-- stories:… -->` / `<!-- feeds:… -->` marker
    pictures: SharePictures  # every page's share card and every story's listing thumbnail
    photos: dict[tuple[str, str], PreparedPhoto]  # by (slug, file name): every photo, processed
    heroes: dict[str, PhotoSet]  # by slug: the hero photo at every width
    later_pages: dict[str, LaterPage]  # the Stories page's page 2 on, by URL
    cache_dir: Path  # .cache/ beside mkdocs.yml: processed photos and drawn cards, keyed by content
    stylesheet: Stylesheet  # our stylesheets joined into one (assets.py)

    def page_share(self, src_uri: str, url: str, title: str, description: str) -> ShareImage:
        """The share card of a page that is no story: a theme or place page shows its listing's
        (a theme in a nation, its theme's), the Stories page's later pages show page 1's, and any
        other page its own."""
        term_page = self.browse.pages.get(src_uri)
        if term_page is not None and term_page.share_url in self.pictures.terms:
            return self.pictures.terms[term_page.share_url]
        later = self.later_pages.get(url)
        if later is not None:
            return self.pictures.page(later.first_url, later.first_title, later.first_description)
        return self.pictures.page(url, title, description)


def prepare(config: SiteConfig, *, include_unpublished: bool, today: dt.date,
            stories_dir: Path | None = None, shown_dir: str | None = None,
            story_cache: StoryCache | None = None, minify: bool = True) -> Prepared:
    """Read and check everything; raise InputError listing every problem. `stories_dir` (default:
    the settings' folder beside mkdocs.yml) is shown in messages as `shown_dir`; `minify`: our
    stylesheets as readers get them (a preview keeps them readable)."""
    settings, problems = parse_settings(config.extra)
    problems += site_url_problems(config.site_url)
    problems += [Problem("mkdocs.yml", None, "extra_css", message)
                 for message in stylesheet_problems(config.stylesheets, config.docs_dir)]
    if settings is None or problems:
        raise InputError(problems)
    stories_dir = stories_dir or config.project_dir / settings.folder
    shown_dir = shown_dir or settings.folder
    collection = load_collection(stories_dir, include_unpublished=include_unpublished, today=today,
                                 site=config.markdown, shown_dir=shown_dir, cache=story_cache)
    site_url = config.site_url or ""
    feeds = feed_site(site_url, config.site_name, config.site_description, config.favicon)
    feed_links = FeedLinks(feeds, feed_channels(collection.vocabulary, feeds))
    thumbs = listing_thumbs(collection, shown_dir) if settings.share_cards else {}
    browse = prepare_browse(collection, thumbs)
    markers = {**site_markers(collection, browse, feed_links, settings.latest_on_home),
               **toolkit_markers(collection, browse, site_url)}
    cache_dir = config.project_dir / ".cache"
    photos, problems = prepare_story_photos(collection.stories, cache_dir / "photos", shown_dir)
    later: dict[str, LaterPage] = {}
    docs_shown = config.docs_dir.name
    for page in sorted(config.docs_dir.rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        relative = page.relative_to(config.docs_dir).as_posix()
        problems += marker_problems(text, markers, f"{docs_shown}/{relative}")
        if "stories:all" in markers_in(text):  # the Stories page: its listing goes on over later pages
            later.update({p.url: p for p in later_pages(text, page_url(relative), len(collection.stories))})
    if problems:
        raise InputError(problems)
    heroes = {story.slug: photo_set(story.source_path.parent / story.image.file, cache_dir / "photos")
              for story in collection.stories if story.image}
    stylesheet = site_stylesheet([(path, (config.docs_dir / path).read_text(encoding="utf-8"))
                                  for path in config.stylesheets], minify=minify)
    return Prepared(settings=settings, collection=collection, browse=browse, feed_links=feed_links,
                    markers=markers, pictures=prepare_pictures(collection, browse.taxonomy, config.site_name, thumbs),
                    photos=photos, heroes=heroes, later_pages=later, cache_dir=cache_dir, stylesheet=stylesheet)


@dataclass(frozen=True)
class MadeFile:
    """A page or file the build adds to the site: text it made, or a copy of a file on disk."""

    path: str  # a page's source path ('stories/x/index.md') or a file's site path
    content: str | None = None
    source: Path | None = None
    draft: bool = False  # shown by `mkdocs serve` only, never published
    story_file: Path | None = None  # a story page's index.md, for the page's "edit" link


def made_files(site: Prepared, render: Render, site_url: str, site_name: str) -> list[MadeFile]:
    """Every page and file made from the stories: story pages and their photos, theme and place
    pages (their content is rendered from views later), the Stories page's later pages, the map
    page with its data, and the numbers downloads."""
    made: list[MadeFile] = []
    for story in site.collection.stories:
        made.append(MadeFile(source_path(story.url), content=story_page_markdown(story), draft=story.draft,
                             story_file=story.source_path))
        hero = site.heroes.get(story.slug)
        if hero and story.image:  # the hero: every width, WebP and original
            made += [MadeFile(f"{story.url}{name}", source=variant.path, draft=story.draft)
                     for name, variant in published_files(story.image.file, hero)]
        made += [MadeFile(f"{story.url}{photo.name}", source=site.photos[story.slug, photo.name].path, draft=story.draft)
                 for photo in story_photos(story.source_path.parent)  # photos in the body
                 if not (story.image and photo.name == story.image.file)]
    made += [MadeFile(path, content=page.markdown) for path, page in site.browse.pages.items()]
    made += [MadeFile(source_path(url), content=later.markdown) for url, later in site.later_pages.items()]
    made += [MadeFile(item.path, content=item.content, source=item.source)
             for item in map_files(site.collection.published, site.collection.vocabulary, site.settings, site_url,
                                   render, site.collection.published_groups)]
    made.append(MadeFile(NUMBERS_CSV, content=numbers_csv(site.collection, site_url)))
    made.append(MadeFile(NUMBERS_JSON, content=numbers_json(site.collection, site_url, site_name)))
    return made


def read_site_config(config_file: Path) -> tuple[SiteConfig | None, list[Problem]]:
    """SiteConfig read straight from mkdocs.yml, for `make validate`; MkDocs' defaults where the
    file says nothing."""
    data, problems = read_mkdocs_yml(config_file)
    if data is None:
        return None, problems
    project = config_file.resolve().parent
    theme = data.get("theme") if isinstance(data.get("theme"), dict) else {}
    extra = data.get("extra")
    return SiteConfig(project_dir=project, docs_dir=docs_dir(data, config_file.resolve()),
                      extra=extra if isinstance(extra, dict) else {},
                      markdown=markdown_context(data, config_file.resolve()), site_url=data.get("site_url"),
                      site_name=str(data.get("site_name") or ""),
                      site_description=str(data.get("site_description") or ""),
                      favicon=theme.get("favicon"),
                      stylesheets=tuple(str(path) for path in data.get("extra_css") or ())), []


def files_after_pages(site: Prepared, story_html: Mapping[str, str], site_dir: Path, render: Render,
                      site_name: str) -> dict[str, bytes]:
    """The files made once every page is built, by site path: each feed (it carries its stories'
    HTML as MkDocs rendered it, and measures the published photos) and each embed page (written
    as a file, not a page: MkDocs would render an .html page again and list it in the sitemap)."""
    files = feed_files(site.feed_links.site, site.collection, limit=site.settings.feed_items, story_html=story_html,
                       site_dir=site_dir, render=render, shown_dir=site.settings.folder,
                       all_channels=site.feed_links.channels)
    for page in embed_pages(site.browse.taxonomy, site.collection.stories, site_name):
        files[page.path] = render("partials/embed-page.html", {"page": page}).encode()
    return files
