"""The MkDocs adapter: each event hands the domain package (`storysite`) what MkDocs has and
gives MkDocs back what the domain built. No site logic and no markup lives here.

MkDocs keeps this module loaded across `mkdocs serve` rebuilds, so all per-build state is kept
in one `_Build` object that `on_config` makes anew. Input is checked there, once; everything
after trusts it."""

from __future__ import annotations

import hashlib
import html
import logging
import os
import posixpath
import shutil
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from fragment_cache import FragmentCache  # beside this file: the theme's {% cached %}, Jinja only
from storysite.feeds.channels import FeedLinks, channels as feed_channels, feed_site
from storysite.feeds.files import FeedMemo, feed_files
from storysite.pages.maps import map_files, story_map
from storysite.markers import (Fragment, Marker, fill_text_markers, insert_fragments, marker_problems,
                               markers_in, site_markers, toolkit_markers)
from storysite.minify import minified
from storysite.pictures.card_files import write_pictures
from storysite.pictures.story_photos import (PhotoSet, PreparedPhoto, photo_set, prepare_story_photos, published_files,
                                     story_photos)
from storysite.problems import InputError, Problem
from storysite.routes import NUMBERS_CSV, NUMBERS_JSON, nearest_section, page_url, source_path, story_url
from storysite.settings import Settings, build_today, parse_settings, site_url_problems
from storysite.pages.embeds import embed_pages
from storysite.pages.meta import page_meta, story_meta, story_sharing
from storysite.pages.sharecards import SharePictures, listing_thumbs, prepare_pictures
from storysite.pages.numbers import fact_box, numbers_csv, numbers_json
from storysite.pages.pagination import LaterPage, later_pages
from storysite.pages.search import SearchIndexError, write_search_index
from storysite.pages.listings import Browse, prepare_browse
from storysite.pages.views import story_page_markdown, story_view
from storysite.stories.allowlist import html_problems
from storysite.stories.cache import StoryCache
from storysite.stories.collection import Collection, load_collection
from storysite.stories.rendering import heading_tokens, renders_as_checked, site_context
from storysite.stylesheet import Stylesheets, UsedNames, classes_in_page, palette_values, words_in_script

log = logging.getLogger("mkdocs.hooks.stories")


@dataclass
class _Build:
    settings: Settings
    site_url: str
    collection: Collection
    browse: Browse  # theme and place pages, related stories
    feed_links: FeedLinks
    markers: dict[str, Marker]  # every `<!-- stories:… -->` / `<!-- feeds:… -->` marker
    env: Any  # the theme's Jinja environment, autoescaped, for the fragments under overrides/partials/
    cache_dir: Path
    pictures: SharePictures  # every page's share card and every story's listing thumbnail
    stylesheets: Stylesheets  # Material's and ours, linked as one (storysite/stylesheet.py)
    drawn: dict[str, Any] = field(default_factory=dict)  # site path -> card or thumbnail to write
    photos: dict[tuple[str, str], PreparedPhoto] = field(default_factory=dict)  # by (slug, file name)
    heroes: dict[str, PhotoSet] = field(default_factory=dict)  # by slug: the hero photo at every width
    story_html: dict[str, str] = field(default_factory=dict)  # slug -> body HTML, for the feeds
    # Page 2 on of a hand-written page with the `<!-- stories:all -->` listing (the Stories page), by URL.
    later_pages: dict[str, LaterPage] = field(default_factory=dict)
    highlighted: Any = None  # the navigation page shown as current while a page outside it renders
    page_classes: set[str] = field(default_factory=set)  # every class a built page carries
    # Each page's marker fragments, from on_page_markdown until on_page_content puts them in.
    fragments: dict[str, dict[str, Fragment]] = field(default_factory=dict)

    def render(self, template: str, context: Mapping[str, Any]) -> str:
        return self.env.get_template(template).render(context)


_command = "build"
_build: _Build | None = None
# Stories already read and checked: `mkdocs serve` keeps this module, and so this cache, from one
# rebuild to the next, and reuses a story only while its files are unchanged (stories/cache.py).
_checked_stories = StoryCache()


class _TrackedFile(File):
    """A page or file the hook makes. In `make serve` (`mkdocs serve --dirty`) MkDocs rebuilds a
    page, or writes a file, only when its file says it changed; such a page has changed when
    anything it shows has (see _Preview), not only its own text."""

    changed: bool = True

    def is_modified(self) -> bool:
        return self.changed


@dataclass
class _Preview:
    """`make serve` (`mkdocs serve --dirty`) keeps its site folder between rebuilds; this is what
    the last build wrote there, so the next rebuilds only the story pages that show a change."""

    built: dict[str, str] = field(default_factory=dict)  # story slug -> fingerprint of its page
    story_html: dict[str, str] = field(default_factory=dict)  # for the feeds of pages not rebuilt
    pictures: dict[str, Any] = field(default_factory=dict)  # share cards and thumbnails written, by path
    feeds: FeedMemo = field(default_factory=FeedMemo)  # feed items and files made from equal inputs
    site_key: str = ""  # _site_fingerprint of the last build: templates or code changed, start afresh
    pending: dict[str, str] = field(default_factory=dict)  # this build's fingerprints, once written
    # Theme and place pages, hand-written pages and the Stories page's later pages: source path -> fingerprint
    listings: dict[str, str] = field(default_factory=dict)
    pending_listings: dict[str, str] = field(default_factory=dict)
    digests: dict[str, str] = field(default_factory=dict)  # this build's, of each story's content
    # The last build's digests, with what each was made from (compared by identity: the story
    # cache and the browse memo give back the same objects while nothing in them changed).
    earlier_digests: dict[str, tuple[Any, Any, Any, str]] = field(default_factory=dict)
    earlier_listings: dict[str, tuple[Any, str]] = field(default_factory=dict)
    # Files made from their text (the map's, the numbers downloads): site path -> (text, where written)
    files: dict[str, tuple[str, str]] = field(default_factory=dict)
    pending_files: dict[str, tuple[str, str]] = field(default_factory=dict)
    finished: bool = True  # False while a build runs: one that failed part-way wrote an unknown part

    def start(self, site_key: str) -> None:
        if site_key != self.site_key or not self.finished:
            self.site_key, self.pictures, self.feeds = site_key, {}, FeedMemo()
            self.earlier_digests, self.earlier_listings = {}, {}
        if not self.finished:  # what the failed build wrote is unknown: every page is made again
            self.built, self.listings, self.files = {}, {}, {}
        self.finished = False
        self.pending, self.digests, self.pending_listings, self.pending_files = {}, {}, {}, {}

    def file_changed(self, file: File, text: str) -> bool:
        """Whether a file made from `text` must be written again (a thousand of the map's files
        written anew took a second of every rebuild)."""
        keyed = self.site_key + text  # a page among them shows the site around it too
        self.pending_files[file.src_uri] = (keyed, file.abs_dest_path)
        return self.files.get(file.src_uri, ("", ""))[0] != keyed or not os.path.isfile(file.abs_dest_path)

    def story_changed(self, build: _Build, story: Any) -> bool:
        """Whether the story's page shows anything that changed since the last build: the story,
        its related stories' cards, its photos and thumbnails, or anything site-wide."""
        related = build.browse.related[story.slug]
        shown = [self._digest(build, one) for one in (story, *related)]
        fingerprint = self.pending[story.slug] = self._fingerprint(shown)
        changed = self.built.get(story.slug) != fingerprint
        if not changed:  # not rendered this time: the feeds take its last HTML
            build.story_html[story.slug] = self.story_html[story.slug]
        return changed

    def marker_page_changed(self, path: str, shown: Any) -> bool:
        """Whether a hand-written page, or a later page of the Stories page, changed: `shown` is its
        text and the view of every fragment its markers ask for."""
        fingerprint = self.pending_listings[path] = self._fingerprint(shown)
        return self.listings.get(path) != fingerprint

    def listing_changed(self, path: str, term_page: Any) -> bool:
        """Whether a theme or place page (its view holds every card it shows) changed."""
        earlier = self.earlier_listings.get(path)
        if earlier is not None and earlier[0] is term_page:
            fingerprint = earlier[1]
        else:
            fingerprint = self._fingerprint(term_page)
            self.earlier_listings[path] = (term_page, fingerprint)
        self.pending_listings[path] = fingerprint
        return self.listings.get(path) != fingerprint

    def _fingerprint(self, shown: Any) -> str:
        """A page's fingerprint: what it shows, and the site around it."""
        return hashlib.sha256(repr((self.site_key, shown)).encode()).hexdigest()

    def _digest(self, build: _Build, story: Any) -> str:  # each story once, however many pages show it
        if story.slug not in self.digests:
            hero, thumb = build.heroes.get(story.slug), build.browse.thumbs.get(story.slug)
            earlier = self.earlier_digests.get(story.slug)
            if earlier is not None and earlier[0] is story and earlier[1] == hero and earlier[2] == thumb:
                self.digests[story.slug] = earlier[3]
            else:
                self.digests[story.slug] = hashlib.sha256(repr((story, hero, thumb)).encode()).hexdigest()
                self.earlier_digests[story.slug] = (story, hero, thumb, self.digests[story.slug])
        return self.digests[story.slug]

    def finish(self, site_dir: Path, story_html: dict[str, str], pictures: dict[str, Any]) -> None:
        """Record what this build wrote; take away the pages of stories that are gone."""
        for slug in self.built.keys() - self.pending.keys():
            shutil.rmtree(site_dir / story_url(slug), ignore_errors=True)
        for path in self.listings.keys() - self.pending_listings.keys():  # e.g. a page 3 no longer needed
            (site_dir / page_url(path) / "index.html").unlink(missing_ok=True)
        for path in self.files.keys() - self.pending_files.keys():  # e.g. a map tile no story is in now
            Path(self.files[path][1]).unlink(missing_ok=True)
        self.files, self.pending_files = self.pending_files, {}
        rebuilt = sum(self.built.get(slug) != fingerprint for slug, fingerprint in self.pending.items())
        listings = sum(self.listings.get(path) != fingerprint for path, fingerprint in self.pending_listings.items())
        log.info("Preview: %d of %d story pages and %d of %d other pages (theme, place and hand-written) rebuilt, "
                 "the others show nothing that changed", rebuilt, len(self.pending), listings, len(self.pending_listings))
        self.built, self.pending = self.pending, {}
        self.listings, self.pending_listings = self.pending_listings, {}
        # Forget what was made from stories and pages that are gone.
        self.earlier_digests = {slug: e for slug, e in self.earlier_digests.items() if slug in self.digests}
        self.earlier_listings = {path: e for path, e in self.earlier_listings.items() if path in self.listings}
        self.story_html, self.pictures = dict(story_html), dict(pictures)
        self.finished = True


_preview: _Preview | None = None  # only under `mkdocs serve --dirty`


class _TemplateCodeCache(jinja2.BytecodeCache):
    """Compiled templates, kept in memory across `mkdocs serve` rebuilds: MkDocs makes a new
    Jinja environment for every rebuild, and compiling Material's templates again was most of a
    rebuild's time at a few dozen stories. Jinja checks each template's source checksum, so an
    edited template is compiled afresh."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_compiled_templates = _TemplateCodeCache()


@contextmanager
def _input_errors() -> Iterator[None]:
    """Bad input becomes MkDocs' own error: a clear message and a non-zero exit, no traceback."""
    try:
        yield
    except InputError as error:
        raise PluginError(str(error)) from None


def on_startup(command: str, dirty: bool) -> None:
    global _command, _preview
    _command = command
    if command == "serve" and dirty:
        _preview = _Preview()
        # MkDocs warns that a dirty build may leave pages out of date; here every page that
        # shows a story is rebuilt when that story changes, so the warning would only mislead.
        logging.getLogger("mkdocs.commands.build").addFilter(
            lambda record: "'dirty' build is being performed" not in record.getMessage())


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _build
    with _input_errors():
        settings, problems = parse_settings(config.extra)
        problems += site_url_problems(config.site_url)
        if settings is None or problems:
            raise InputError(problems)
        project_dir = Path(config.config_file_path).parent
        # Bodies are rendered with the site's own Markdown settings and checked here, before
        # MkDocs empties site/, exactly as `make validate` checks them.
        site = site_context(config.markdown_extensions, config.mdx_configs, Path(config.docs_dir), config.site_url)
        collection = load_collection(project_dir / settings.folder, include_unpublished=_command == "serve",
                                     today=build_today(), site=site, shown_dir=settings.folder,
                                     cache=_checked_stories if _command == "serve" else None)
        feeds = feed_site(config.site_url, config.site_name, config.site_description, config.theme.get("favicon"))
        feed_links = FeedLinks(feeds, feed_channels(collection.vocabulary, feeds))
        thumbs = listing_thumbs(collection, settings.folder) if settings.share_cards else {}
        browse = prepare_browse(collection, thumbs)
        pictures = prepare_pictures(collection, browse.taxonomy, config.site_name, thumbs)
        markers = {**site_markers(collection, browse, feed_links, settings.latest_on_home),
                   **toolkit_markers(collection, browse, config.site_url)}
        # Everything else that could fail on bad input, also before MkDocs empties site/: every
        # photo processed (the hero at every width), every marker in the hand-written pages known.
        cache_dir = project_dir / ".cache"
        photos, problems = prepare_story_photos(collection.stories, cache_dir / "photos", settings.folder)
        docs = Path(config.docs_dir)
        later: dict[str, LaterPage] = {}
        for page in sorted(docs.rglob("*.md")):
            text = page.read_text(encoding="utf-8")
            problems += marker_problems(text, markers, f"{config.docs_dir}/{page.relative_to(docs).as_posix()}")
            if "stories:all" in markers_in(text):  # the Stories page: its listing goes on over later pages
                url = page_url(page.relative_to(docs).as_posix())
                later.update({p.url: p for p in later_pages(text, url, len(collection.stories))})
        if problems:
            raise InputError(problems)
        heroes = {story.slug: photo_set(story.source_path.parent / story.image.file, cache_dir / "photos")
                  for story in collection.stories if story.image}
        stylesheets = _stylesheets(config)
    config.extra_css = []  # linked as one stylesheet instead (overrides/main.html), not each by base.html
    _build = _Build(settings=settings, site_url=config.site_url, collection=collection, browse=browse,
                    feed_links=feed_links, markers=markers, photos=photos, heroes=heroes,
                    env=config.theme.get_env().overlay(autoescape=True, bytecode_cache=_compiled_templates),
                    cache_dir=cache_dir,
                    pictures=pictures, drawn=pictures.all_paths() if settings.share_cards else {},
                    later_pages=later, stylesheets=stylesheets)
    reused = f" ({_checked_stories.reused} unchanged since the last build)" if _checked_stories.reused else ""
    log.info("Loaded %d stories from %s/%s", len(collection.stories), settings.folder, reused)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    build = _require_build()
    if _preview:
        _preview.start(_site_fingerprint(config, build))
        for file in files.documentation_pages():  # hand-written pages: rebuilt when what they list changed
            if file.abs_src_path:
                text = Path(file.abs_src_path).read_text(encoding="utf-8")
                if (_preview.marker_page_changed(file.src_uri, _marker_page_view(build, text, file.url))
                        and os.path.isfile(file.abs_dest_path)):
                    os.remove(file.abs_dest_path)
    for story in build.collection.stories:
        inclusion = InclusionLevel.DRAFT if story.draft else InclusionLevel.NOT_IN_NAV
        changed = _preview.story_changed(build, story) if _preview else True
        # A page the preview does not rebuild is never read: its text need not be made.
        page_file = _TrackedFile.generated(config, source_path(story.url), inclusion=inclusion,
                                           content=story_page_markdown(story) if changed else "")
        page_file.changed = changed
        # MkDocs' edit link (repo_url + edit_uri + this) then points at the story's own file,
        # which sits beside docs/: 'edit/main/docs/../stories/<slug>/index.md' resolves to it.
        page_file.edit_uri = os.path.relpath(story.source_path, config.docs_dir).replace(os.sep, "/")
        files.append(page_file)
        hero = build.heroes.get(story.slug)
        if hero and story.image:  # the hero: every width, WebP and original
            build.photos[story.slug, story.image.file] = hero.largest
            for name, variant in published_files(story.image.file, hero):
                files.append(File.generated(config, f"{story.url}{name}", abs_src_path=str(variant.path),
                                            inclusion=inclusion))
        for source in story_photos(story.source_path.parent):
            if story.image and source.name == story.image.file:
                continue
            photo = build.photos[story.slug, source.name]  # processed in on_config
            files.append(File.generated(config, f"{story.url}{source.name}",
                                        abs_src_path=str(photo.path), inclusion=inclusion))
    for path, term_page in build.browse.pages.items():  # theme and place pages: content in on_page_content
        term_file = _TrackedFile.generated(config, path, content=term_page.markdown,
                                           inclusion=InclusionLevel.NOT_IN_NAV)
        if _preview:
            term_file.changed = _preview.listing_changed(path, term_page)
        files.append(term_file)
    for url, later in build.later_pages.items():  # the Stories page's page 2 on: its markers do the rest
        later_file = _TrackedFile.generated(config, source_path(url), content=later.markdown,
                                            inclusion=InclusionLevel.NOT_IN_NAV)
        if _preview:
            later_file.changed = _preview.marker_page_changed(later_file.src_uri,
                                                              _marker_page_view(build, later.markdown, url))
        files.append(later_file)
    # The map page, /stories.geojson and the land outline the map draws on.
    for item in map_files(build.collection.published, build.collection.vocabulary, build.settings,
                          build.site_url, build.render, build.collection.published_groups):
        if item.content is None:
            files.append(File.generated(config, item.path, abs_src_path=str(item.source)))
        else:
            files.append(_made_file(config, item.path, item.content))
    _add_toolkit_files(files, config, build)
    return files


def _made_file(config: MkDocsConfig, path: str, content: str) -> File:
    """A file (or page) made from its text; a preview writes it only when the text changed."""
    file = _TrackedFile.generated(config, path, content=content)
    if _preview:
        file.changed = _preview.file_changed(file, content)
    return file


def _marker_page_view(build: _Build, text: str, url: str) -> tuple[Any, ...]:
    """What a page with markers shows, to tell whether a preview must rebuild it: its text, and
    the view each of its fragments is rendered from (markers were checked in on_config)."""
    with _input_errors():
        before = fill_text_markers(text, url, build.markers, shown_as=url)
    return (build.collection.today, before.markdown,
            sorted((name, fragment.template, fragment.context) for name, fragment in before.fragments.items()))


def _add_toolkit_files(files: Files, config: MkDocsConfig, build: _Build) -> None:
    """The numbers downloads (the embed pages are written after the build: see on_post_build)."""
    collection = build.collection
    files.append(_made_file(config, NUMBERS_CSV, numbers_csv(collection, build.site_url)))
    files.append(_made_file(config, NUMBERS_JSON, numbers_json(collection, build.site_url, config.site_name)))


def on_env(env, config: MkDocsConfig, files: Files):
    env.bytecode_cache = _compiled_templates
    env.add_extension(FragmentCache)  # {% cached %} in main.html; a new environment, so a new store, each build
    build = _require_build()
    env.globals["feed_head_links"] = build.feed_links.head_links  # partials/feed-links.html
    env.globals["site_stylesheet"] = build.stylesheets.url()  # main.html
    return env


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    build = _require_build()
    # Pagefind indexes the built pages (on_post_build). Material's search plugin stays for its
    # search box and writes search/search_index.json with its settings only, no page in it.
    page.meta["search"] = {"exclude": True}
    slug = _story_slug(page)
    if slug and renders_as_checked(build.collection.story(slug).body_links):
        return ""  # rendered once already, in on_config: on_page_content puts that HTML in
    with _input_errors():
        before = fill_text_markers(markdown, page.url, build.markers, shown_as=f"{config.docs_dir}/{page.file.src_uri}")
    build.fragments[page.file.src_uri] = before.fragments
    return before.markdown


def on_page_content(html_text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    build = _require_build()
    html_text = insert_fragments(html_text, build.fragments.pop(page.file.src_uri, {}), build.render)
    term_page = build.browse.pages.get(page.file.src_uri) if page.file.generated_by else None
    if term_page is not None:  # a theme or place page, rendered from its template
        return build.render("partials/term-page.html",
                            {"page_view": term_page, "subscribe": build.feed_links.subscribe(term_page.url)})
    slug = _story_slug(page)
    if not slug:
        return html_text
    story = build.collection.story(slug)
    if renders_as_checked(story.body_links):  # the HTML on_config rendered and checked
        html_text = story.body_html
        page.toc = get_toc(heading_tokens(story.body_headings))
    else:
        # MkDocs rendered it (to turn links to Markdown sources into page links): the same
        # allowlist again on what it made.
        unsafe = html_problems(html_text)
        if unsafe:
            shown_as = f"{build.settings.folder}/{slug}/index.md"
            raise PluginError(str(InputError([Problem(shown_as, None, "body", message) for message in unsafe])))
    build.story_html[slug] = html_text  # for the feeds: the story as MkDocs rendered it, rendered once
    return html_text


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav) -> dict:
    build = _require_build()
    _highlight_section(build, page, nav)
    context["nav_cache_key"] = _nav_cache_key(build, page, nav)
    slug = _story_slug(page)
    if slug:
        story = build.collection.story(slug)
        hero = build.heroes.get(story.slug)
        view = story_view(story, build.collection, related=build.browse.related[slug], hero=hero,
                          thumbs=build.browse.thumbs)
        context["story"] = view
        context["related_cards"] = Markup(build.render("partials/story-cards.html",
                                                       {"cards": view.related, "heading_level": 3}))
        context["story_map"] = story_map(story, build.settings)
        context["figures"] = fact_box(story)
        context["share"] = story_sharing(story.title, story.summary, page.canonical_url)
        card = build.pictures.stories[slug] if build.settings.share_cards else None
        context["page_meta"] = story_meta(story, view.themes, config.site_name, config.site_url, page.canonical_url,
                                          card=card)
        page.update_date = story.last_modified.isoformat()  # the sitemap's <lastmod>, not the build day
    else:
        card = _listing_card(build, page) if build.settings.share_cards else None
        if card is None and build.settings.share_cards:  # a hand-written page (or the map): drawn with the others
            card = build.pictures.page(page.url, *_page_text(page, config))
        if card is not None:
            build.drawn[card.path] = card.card
        context["page_meta"] = page_meta(config.site_name, *_page_text(page, config), page.canonical_url,
                                         card=card, site_url=config.site_url)
    return context


def _listing_card(build: _Build, page: Page):
    """Every page of a listing shows its first page's card, drawn once (a theme in a nation shows
    its theme's); None for a page that is no listing."""
    if page.file.generated_by is None:
        return None
    term_page = build.browse.pages.get(page.file.src_uri)
    if term_page is not None:
        return build.pictures.terms.get(term_page.share_url)
    later = build.later_pages.get(page.url)  # the Stories page's page 2 on
    return build.pictures.page(later.first_url, later.first_title, later.first_description) if later else None


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    build = _require_build()
    if build.highlighted is not None:
        build.highlighted.active = False
        build.highlighted = None
    if _command != "serve":  # a preview links every stylesheet whole (and rebuilds only some pages)
        build.page_classes.update(classes_in_page(output))
    return output


def _highlight_section(build: _Build, page: Page, nav) -> None:
    """A page outside the navigation (a story, a theme, the Stories page's page 2) shows the tab it
    belongs under as current: MkDocs marks only the page itself, which is in no tab. Undone in
    on_post_page, as MkDocs undoes its own mark after each page."""
    if page in nav.pages:
        return
    url = nearest_section(page.url, [item.url for item in nav.pages])
    section = next((item for item in nav.pages if item.url == url), None) if url else None
    if section is not None and not section.active:
        section.active = True
        build.highlighted = section


def _nav_cache_key(build: _Build, page: Page, nav) -> tuple[str, str | None] | None:
    """What Material's tabs and navigation depend on for a page outside the navigation: its folder
    (their links are relative to the page, and pages in one folder link alike) and the section
    shown as current. None for a page in the navigation (it is marked in them itself) or one with
    a navigation page below its own address (a link the folder alone would not make right)."""
    if page in nav.pages or any(item.url.startswith(page.url) for item in nav.pages):
        return None
    return posixpath.dirname(page.url.rstrip("/")), build.highlighted.url if build.highlighted else None


def on_post_build(config: MkDocsConfig) -> None:
    build = _require_build()
    site_dir = Path(config.site_dir)
    with _input_errors():
        feeds = feed_files(build.feed_links.site, build.collection, limit=build.settings.feed_items,
                           story_html=build.story_html, site_dir=site_dir, render=build.render,
                           shown_dir=build.settings.folder, all_channels=build.feed_links.channels,
                           memo=_preview.feeds if _preview else None)
    # Embed pages are written here, not added as files: MkDocs would treat an .html file as a
    # template page, render it again and list it in the sitemap (where instant navigation and
    # search engines would pick it up).
    embeds = {page.path: build.render("partials/embed-page.html", {"page": page}).encode()
              for page in embed_pages(build.browse.taxonomy, build.collection.stories, config.site_name)}
    for path, data in {**feeds, **embeds}.items():
        (site_dir / path).parent.mkdir(parents=True, exist_ok=True)
        (site_dir / path).write_bytes(data)
    if _command != "serve":  # a preview keeps the readable files, for the browser's developer tools
        _minify_own_assets(config, site_dir, build.stylesheets)
    _write_stylesheet(config, build, site_dir)
    if build.settings.share_cards:
        _write_share_pictures(build, site_dir)
    if _command == "serve":  # the preview shows the saved page at once; its search catches up just after
        threading.Thread(target=_index_search, args=(site_dir,), daemon=True).start()
    else:  # last: Pagefind reads every page written above
        _index_search(site_dir)
    if _preview:
        _preview.finish(site_dir, build.story_html, build.drawn if build.settings.share_cards else {})


_indexing = threading.Lock()  # one Pagefind run at a time, should saves follow quickly


def _index_search(site_dir: Path) -> None:
    with _indexing:
        try:
            index = write_search_index(site_dir, background=_command == "serve")
        except SearchIndexError as error:
            if _command == "serve":  # in a background thread: say it, the preview goes on
                log.error("%s", error)
                return
            raise PluginError(str(error)) from None
    log.info("Search index (Pagefind): %d pages, %d files, %d KiB", index.pages, index.files, index.size // 1024)


def _site_fingerprint(config: MkDocsConfig, build: _Build) -> str:
    """Everything besides the stories that every page shows: settings, vocabulary, templates,
    hand-written pages (titles in the navigation), the hooks' own code."""
    project = Path(config.config_file_path).parent
    files = [Path(config.config_file_path), *(project / build.settings.folder).glob("*.yml")]
    for folder in (Path(config.docs_dir), project / "overrides", project / "hooks"):
        files += sorted(path for path in folder.rglob("*") if path.is_file() and "__pycache__" not in path.parts)
    stats = [(str(path), path.stat().st_size, path.stat().st_mtime_ns) for path in files]
    # Hashed: every page's fingerprint includes it, and the whole text is long.
    return hashlib.sha256(repr((config.site_url, config.site_name, build.settings, build.collection.vocabulary,
                                stats)).encode()).hexdigest()


def _write_share_pictures(build: _Build, site_dir: Path) -> None:
    stats = write_pictures(build.drawn, site_dir, build.cache_dir / "cards")
    for problem in stats.problems:  # the card shows the map: worth knowing, not worth failing the build
        log.info("Share card: %s", problem)
    log.info("Share cards and thumbnails: %d drawn, %d from the cache (.cache/cards/)", stats.drawn, stats.cached)


def _stylesheets(config: MkDocsConfig) -> Stylesheets:
    """Material's stylesheets, as its base.html links them, and ours from mkdocs.yml's extra_css."""
    theme_dir = next((Path(d) for d in config.theme.dirs if any(Path(d).glob("assets/stylesheets/main.*.min.css"))), None)
    if theme_dir is None:
        raise InputError([Problem("mkdocs.yml", None, "theme", "Material's stylesheet (assets/stylesheets/"
                                  "main.*.min.css) is not in the theme. Is mkdocs-material installed?")])
    names = ["main", "palette"] if config.theme.get("palette") else ["main"]
    material = [next(theme_dir.glob(f"assets/stylesheets/{name}.*.min.css")) for name in names]
    own = [str(getattr(entry, "path", entry)) for entry in config.extra_css]
    missing = [path for path in own if not (Path(config.docs_dir) / path).is_file()]
    if missing:
        raise InputError([Problem("mkdocs.yml", None, "extra_css", f"'{path}' is not in {config.docs_dir}/. "
                                  "List stylesheets by their path inside it, e.g. assets/stylesheets/stories.css.")
                          for path in missing])
    return Stylesheets(
        material=tuple((path.relative_to(theme_dir).as_posix(), path.read_text(encoding="utf-8")) for path in material),
        own=tuple((path, (Path(config.docs_dir) / path).read_text(encoding="utf-8")) for path in own))


def _write_stylesheet(config: MkDocsConfig, build: _Build, site_dir: Path) -> None:
    """The one stylesheet every page links: under `mkdocs serve` each file whole; otherwise only
    the rules a built page or one of the site's scripts can use."""
    sheets = build.stylesheets
    path = site_dir / sheets.url()
    path.parent.mkdir(parents=True, exist_ok=True)
    if _command == "serve":
        path.write_text(sheets.imports(), encoding="utf-8")
        return
    classes, prefixes = set(build.page_classes), set()
    static_pages = [site_dir / "404.html"]  # rendered from a theme template, not through on_post_page
    scripts = [*site_dir.glob("assets/javascripts/bundle.*.min.js"), *(Path(config.docs_dir) / "assets" / "javascripts").glob("*.js")]
    for file in static_pages + scripts:
        if file.is_file():
            text = file.read_text(encoding="utf-8")
            if file.suffix == ".html":
                classes |= classes_in_page(text)
            else:
                words, built = words_in_script(text)
                classes |= words
                prefixes |= built
    palette = config.theme.get("palette") or []
    used = UsedNames(frozenset(classes), tuple(sorted(prefixes)),
                     palette_values(palette if isinstance(palette, list) else [palette]))
    path.write_text(sheets.lean(used, lambda text: minified(".css", text) or text), encoding="utf-8")


def _minify_own_assets(config: MkDocsConfig, site_dir: Path, stylesheets: Stylesheets) -> None:
    """Our stylesheets and scripts (mkdocs.yml's extra_css and extra_javascript, and the scripts
    they load: maps.js, the search worker), minified in the built site; Material's own are minified already."""
    docs = Path(config.docs_dir)
    loaded = [str(p.relative_to(docs)) for p in sorted((docs / "assets" / "javascripts").glob("*.js"))]
    for entry in dict.fromkeys([*(path for path, _ in stylesheets.own),
                                *map(str, (getattr(e, "path", e) for e in config.extra_javascript)), *loaded]):
        path = site_dir / entry
        if path.is_file():
            smaller = minified(path.name, path.read_text(encoding="utf-8"))
            if smaller is not None:
                path.write_text(smaller, encoding="utf-8")


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
