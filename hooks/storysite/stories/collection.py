"""Loading every story into one checked, ordered collection."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from ..geo.places import ENGLISH_REGIONS, NATIONS
from ..model import Story, Theme
from ..problems import InputError, Problem
from .cache import StoryCache
from .links import link_problems
from .rendering import SiteContext
from .schema import load_story
from .vocabulary import Vocabulary, load_vocabulary


@dataclass(frozen=True)
class Groups:
    """Stories by theme slug, by nation and by English region, in the order given (newest first).
    Every theme, nation and region has an entry, with or without stories. Grouped once per build,
    and used by the theme and place pages, the feeds and the map's list alike."""

    by_theme: Mapping[str, tuple[Story, ...]]
    by_nation: Mapping[str, tuple[Story, ...]]
    by_region: Mapping[str, tuple[Story, ...]]


def group_stories(stories: tuple[Story, ...], theme_slugs: tuple[str, ...]) -> Groups:
    """One pass over the stories (the schema has checked every theme, nation and region)."""
    by_theme: dict[str, list[Story]] = {slug: [] for slug in theme_slugs}
    by_nation: dict[str, list[Story]] = {n: [] for n in NATIONS}
    by_region: dict[str, list[Story]] = {r: [] for r in ENGLISH_REGIONS}
    for story in stories:
        for slug in story.themes:
            by_theme[slug].append(story)
        by_nation[story.place.nation].append(story)
        if story.place.region is not None:
            by_region[story.place.region].append(story)
    return Groups({k: tuple(v) for k, v in by_theme.items()}, {k: tuple(v) for k, v in by_nation.items()},
                  {k: tuple(v) for k, v in by_region.items()})


@dataclass(frozen=True)
class Collection:
    """The stories a build shows, newest first (ties broken by slug, so order is stable).

    `stories` holds drafts and scheduled stories too when `mkdocs serve` previews them; `published`
    is the one view of what readers get (never drafts, never stories dated after `today`), and
    every output that leaves the preview (feeds, GeoJSON, the map) uses it."""

    stories: tuple[Story, ...]
    vocabulary: Vocabulary
    today: dt.date  # the build's day, read once (settings.build_today)
    published: tuple[Story, ...] = field(init=False, repr=False, compare=False)
    groups: Groups = field(init=False, repr=False, compare=False)  # of `stories`
    published_groups: Groups = field(init=False, repr=False, compare=False)  # of `published`
    _by_slug: dict[str, Story] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        published = tuple(s for s in self.stories if is_published(s, self.today))
        object.__setattr__(self, "published", published)
        theme_slugs = tuple(t.slug for t in self.vocabulary.themes)
        groups = group_stories(self.stories, theme_slugs)
        # A published build holds only published stories: the same groups serve both.
        object.__setattr__(self, "groups", groups)
        object.__setattr__(self, "published_groups",
                           groups if len(published) == len(self.stories) else group_stories(published, theme_slugs))
        # Looked up once per story page: a dict keeps the build linear in the number of stories.
        object.__setattr__(self, "_by_slug", {s.slug: s for s in self.stories})

    def story(self, slug: str) -> Story:
        return self._by_slug[slug]

    def themes_of(self, story: Story) -> tuple[Theme, ...]:
        return tuple(self.vocabulary.theme(slug) for slug in story.themes)


def is_published(story: Story, today: dt.date) -> bool:
    """Drafts and stories dated after `today` (scheduled) are left out of a published build."""
    return not story.draft and story.date <= today


def load_collection(stories_dir: Path, *, include_unpublished: bool, today: dt.date, site: SiteContext,
                    shown_dir: str = "stories", cache: StoryCache | None = None) -> Collection:
    """Read, check and order every story under `stories_dir`; `site` says how bodies are rendered
    and which pages they may link to; `cache` (kept by `mkdocs serve` between rebuilds) holds
    stories already checked.

    Raises InputError listing every problem in every file, so a contributor sees them all at once."""
    vocabulary, problems = load_vocabulary(stories_dir, shown_dir)
    if vocabulary is None:
        raise InputError(problems)
    stories, problems = load_stories(stories_dir, vocabulary, site, shown_dir, today=today, cache=cache)
    if problems:
        raise InputError(problems)
    chosen = [s for s in stories if include_unpublished or is_published(s, today)]
    chosen.sort(key=lambda s: (-s.date.toordinal(), s.slug))
    return Collection(stories=tuple(chosen), vocabulary=vocabulary, today=today)


def load_stories(stories_dir: Path, vocabulary: Vocabulary, site: SiteContext, shown_dir: str = "stories",
                 *, today: dt.date, cache: StoryCache | None = None) -> tuple[list[Story], list[Problem]]:
    if not stories_dir.is_dir():
        return [], [Problem(shown_dir, None, None, "the stories folder does not exist. Check 'extra.stories.folder' in mkdocs.yml.")]
    stories: list[Story] = []
    problems: list[Problem] = []
    render = site.renderer()
    if cache is not None:
        cache.start((vocabulary, site, today, shown_dir))
    folders: list[str] = []
    for entry in sorted(stories_dir.iterdir()):
        shown = f"{shown_dir}/{entry.name}"
        if entry.name.startswith("."):
            continue
        if entry.is_file():
            if entry.suffix.lower() in (".md", ".markdown"):
                problems.append(Problem(shown, None, None,
                                        f"stories live in a folder of their own. Move this file to "
                                        f"{shown_dir}/{entry.stem.lower()}/index.md."))
            continue
        index_md = entry / "index.md"
        if entry.is_symlink() or index_md.is_symlink():
            # A link could publish any file on the machine that builds the site.
            link = entry if entry.is_symlink() else index_md
            problems.append(Problem(f"{shown_dir}/{link.relative_to(stories_dir).as_posix()}", None, None,
                                    "is a symbolic link. Put the story's real files in its folder instead."))
            continue
        if not index_md.is_file():
            problems.append(Problem(shown, None, None,
                                    "this story folder has no index.md. Put the story's text in "
                                    f"{shown}/index.md (photos go beside it)."))
            continue
        folders.append(entry.name)
        load = partial(load_story, index_md, entry.name, vocabulary, f"{shown}/index.md", render, today=today)
        story, story_problems = cache.load(index_md, load) if cache is not None else load()
        problems += story_problems
        if story:
            stories.append(story)
    problems += cross_story_problems(stories, shown_dir)
    # Links are checked against every story folder, so a story with a mistake elsewhere still
    # counts as a page that exists.
    problems += link_problems(stories, vocabulary, site, shown_dir, folders=frozenset(folders))
    return stories, problems


def cross_story_problems(stories: list[Story], shown_dir: str = "stories") -> list[Problem]:
    """Checks that need every story at once: two stories may not share a web address or a title."""
    problems: list[Problem] = []
    seen_slugs: dict[str, Story] = {}
    seen_titles: dict[str, Story] = {}
    for story in stories:
        shown = f"{shown_dir}/{story.slug}/index.md"
        if story.slug.casefold() in seen_slugs:
            other = seen_slugs[story.slug.casefold()]
            problems.append(Problem(shown, None, None,
                                    f"the folder name '{story.slug}' is already used by {shown_dir}/{other.slug}. "
                                    "Rename one of the folders."))
        seen_slugs[story.slug.casefold()] = story
        key = " ".join(story.title.casefold().split())
        if key in seen_titles:
            other = seen_titles[key]
            problems.append(Problem(shown, None, "title",
                                    f"'{story.title}' is also the title of {shown_dir}/{other.slug}/index.md. "
                                    "Give each story its own title."))
        else:
            seen_titles[key] = story
    return problems
