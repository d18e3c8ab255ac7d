"""Links in story bodies: every link to another story, a site page or a file beside the story must
point at something the site will have, or the story is refused with a did-you-mean."""

from __future__ import annotations

from ..geo.places import ENGLISH_REGIONS, NATIONS
from ..model import Story
from ..pictures.story_photos import story_photos
from ..problems import Problem, closest
from ..routes import GEOJSON_PATH, MAP_URL, OUTLINE_PATH, nation_url, region_url, relative_url, story_url, theme_url
from .rendering import SiteContext, resolve
from .vocabulary import Vocabulary


# The feed files beside the site's, every theme's and every place's page (feeds/channels.py's FORMATS,
# which imports the collection, so it cannot be imported here; a test keeps the two the same).
FEED_FILES = ("feed.xml", "atom.xml", "feed.json")


def site_paths(stories: list[Story], vocabulary: Vocabulary, context: SiteContext,
               folders: frozenset[str] = frozenset()) -> frozenset[str]:
    """Every page and file a published site has that a story may link to."""
    pages = {s.url for s in stories} | {story_url(f) for f in folders} | {theme_url(t) for t in vocabulary.theme_slugs}
    pages |= {nation_url(n) for n in NATIONS} | {region_url("England", r) for r in ENGLISH_REGIONS}
    feeds = {f"{folder}{name}" for folder in pages | {""} for name in FEED_FILES if not folder.startswith("stories/")}
    photos = {f"{s.url}{p.name}" for s in stories for p in story_photos(s.source_path.parent)}
    return frozenset(pages | feeds | photos | context.site_paths | {MAP_URL, GEOJSON_PATH, OUTLINE_PATH})


def link_problems(stories: list[Story], vocabulary: Vocabulary, context: SiteContext,
                  shown_dir: str = "stories", folders: frozenset[str] = frozenset()) -> list[Problem]:
    known = site_paths(stories, vocabulary, context, folders)
    by_url = {s.url: s for s in stories}
    problems: list[Problem] = []
    for story in stories:
        shown = f"{shown_dir}/{story.slug}/index.md"
        for link in story.body_links:
            message = _problem(link.url, link.is_image, story, known, by_url, context)
            if message:
                problems.append(Problem(shown, link.line, "body", message))
    return problems


def _problem(url: str, is_image: bool, story: Story, known: frozenset[str], by_url: dict[str, Story],
             context: SiteContext) -> str | None:
    target = resolve(url, story.url, context.root_path)
    if is_image and (target is None or not _beside(target, story)):
        # A photo of another story or of the site could be changed or deleted there; a story's
        # photos are checked, processed and credited with the story.
        return (f"the image '{url}' is not in this story's folder: a story shows only the photos beside its "
                "index.md. Copy the photo beside index.md (credited) and write just its file name, "
                "e.g. ![What it shows](hall.jpg).")
    if target is None:
        return (f"the link '{url}' points outside the site. Link to a page of this site relatively, "
                "e.g. '../other-story/', or give a full address starting https://.")
    if target.endswith(".md"):  # MkDocs turns links to Markdown sources into page links
        target = target[: -len("index.md")] if target.endswith("index.md") else target[:-3] + "/"
    for candidate in (target, target + "/"):
        if candidate in known:
            linked = by_url.get(candidate)
            if linked and linked.draft and not story.draft:
                return (f"the link '{url}' goes to {linked.slug}, which is a draft and not published. "
                        "Link to it once it is published, or delete the link.")
            return None
    if _beside(target, story):
        names = [p.name for p in story_photos(story.source_path.parent)]
        name = target[len(story.url):]
        match = closest(name, names)
        hint = f" Did you mean '{match}'?" if match else (
            f" The folder's photos: {', '.join(names)}." if names else " The story's folder has no photos.")
        what = "photo" if is_image else "file"
        return (f"the {what} '{url}' is not in the story's folder (only JPEG, PNG and WebP photos beside "
                f"index.md are published).{hint} Check the spelling, capitals included.")
    match = _closest_path(target, known)
    hint = f" Did you mean '{_relative(match, story.url)}'?" if match else ""
    return f"the link '{url}' goes to a page this site does not have.{hint}"


def _beside(target: str, story: Story) -> bool:
    """Whether a site path is a file in the story's own folder."""
    return target.startswith(story.url) and "/" not in target[len(story.url):] and target != story.url


def _closest_path(target: str, known: frozenset[str]) -> str | None:
    """The known path most like `target`, comparing last parts among pages in the same folder
    ('stories/no-such-story/' is not like 'stories/granby-four-streets/' just for their folder)."""
    def split(path: str) -> tuple[str, str]:
        head, _, last = path.rstrip("/").rpartition("/")
        return head, last
    parent, name = split(target)
    siblings = {split(path)[1]: path for path in known if split(path)[0] == parent}
    match = closest(name, sorted(siblings))
    return siblings[match] if match else None


def _relative(target: str, page: str) -> str:
    if target.endswith("/") or target == "":
        return relative_url(page, target)
    return relative_url(page, target.rsplit("/", 1)[0] + "/" if "/" in target else "") + target.rsplit("/", 1)[-1]
