"""Which share card each page gets and which small picture each story has in listings: what the
picture shows (pictures.card_content, pictures.thumbs), where it is published (routes) and how it is
described (alt text), for story, theme and place pages and hand-written pages.

Computed once per build from the collection: every card and thumbnail is a value with a stable
path, so pages can name their picture before any pixel is drawn (drawing is on_post_build's job,
through the cache)."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Story
from ..pictures.cards import (HEIGHT, WIDTH, Card, Chip, Photo, Thumb, card_format, page_card, place_card,
                              story_card, theme_card, thumb_format)
from ..pictures.thumbs import SIZE as THUMB_SIZE
from ..routes import MAP_URL, SUBSCRIBE_URL, card_path, page_slug, slugify, thumb_path
from ..stories.collection import Collection
from .taxonomy import Taxonomy, Term

MEDIA_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}
SUFFIXES = {"PNG": ".png", "JPEG": ".jpg"}
DATA_URL = "data/"

# Hand-written pages whose cards say more than their title: (headline, line below it, panel).
SPECIAL_PAGES = {
    "": ("True stories of community-led change across the UK",
         "Community energy, halls, pubs, homes, food and finance, owned and run by the people who use them.",
         "map"),
    MAP_URL: ("Every story on one map", "Find community-led change near you.", "map"),
    SUBSCRIBE_URL: ("Subscribe", "RSS, Atom and JSON feeds for the site, every theme and every place. "
                    "No account, no tracking.", "feed"),
    DATA_URL: ("Open data", "Every story as GeoJSON, free to reuse under CC BY 4.0.", "map"),
}


@dataclass(frozen=True)
class ShareImage:
    """A page's share card: what it shows and where it is published."""

    path: str  # site-relative, e.g. 'cards/story/tafarn-sinc.png'
    card: Card
    alt: str
    media_type: str
    width: int = WIDTH
    height: int = HEIGHT


@dataclass(frozen=True)
class ListingThumb:
    """A story's small square picture in listings (partials/story-cards.html)."""

    path: str  # site-relative, e.g. 'cards/thumb/tafarn-sinc.png'
    thumb: Thumb
    alt: str  # '' for the map square: the place is written beside it
    width: int = THUMB_SIZE
    height: int = THUMB_SIZE


@dataclass(frozen=True)
class SharePictures:
    """Every story's and every theme and place page's card, and every story's thumbnail."""

    site_name: str
    points: tuple[tuple[float, float], ...]  # every published story, for the site-wide cards
    stories: dict[str, ShareImage]  # by slug
    terms: dict[str, ShareImage]  # by page URL
    thumbs: dict[str, ListingThumb]  # by slug

    def page(self, url: str, title: str, description: str) -> ShareImage:
        """A hand-written page's card: the home, map, subscribe and data pages say what they are;
        any other page shows its own title and description over every story's dot."""
        headline, line, panel = SPECIAL_PAGES.get(url, (title, description, "map"))
        card = page_card(self.site_name, headline, line, self.points if panel == "map" else (), panel=panel)
        what = ("the web-feed symbol" if panel == "feed"
                else f"a map of the UK with a dot for each of its {len(self.points)} stories")
        return _share(card_path("page", page_slug(url), ".png"), card, f"{headline}: {what}.")

    def all_paths(self) -> dict[str, Card | Thumb]:
        """The pictures every build writes (hand-written pages' cards are added as pages render)."""
        found: dict[str, Card | Thumb] = {s.path: s.card for s in (*self.stories.values(), *self.terms.values())}
        found.update({t.path: t.thumb for t in self.thumbs.values()})
        return found


def listing_thumbs(collection: Collection, shown_dir: str = "stories") -> dict[str, ListingThumb]:
    """Every story's thumbnail, by slug: its photo (read once here, and reused by its card) or its map square."""
    photos = {s.slug: Photo(s.image.path.read_bytes(), f"{shown_dir}/{s.slug}/{s.image.file}")
              for s in collection.stories if s.image}
    return {s.slug: _thumb(s, photos.get(s.slug)) for s in collection.stories}


def prepare_pictures(collection: Collection, taxonomy: Taxonomy, site_name: str,
                     thumbs: dict[str, ListingThumb]) -> SharePictures:
    photos = {slug: t.thumb.photo for slug, t in thumbs.items() if t.thumb.photo is not None}
    return SharePictures(
        site_name=site_name,
        points=tuple((s.place.latitude, s.place.longitude) for s in collection.published),
        stories={s.slug: _story_share(s, collection, site_name, photos.get(s.slug)) for s in collection.stories},
        terms={t.url: _term_share(t, collection, site_name) for t in taxonomy.terms},
        thumbs=thumbs,
    )


def _share(path: str, card: Card, alt: str) -> ShareImage:
    image_format = card_format(card)
    return ShareImage(path.rsplit(".", 1)[0] + SUFFIXES[image_format], card, alt, MEDIA_TYPES[image_format])


def _story_share(story: Story, collection: Collection, site_name: str, photo: Photo | None) -> ShareImage:
    place = story.place
    themes = collection.themes_of(story)
    card = story_card(site_name, story.title, place.name, place.nation, place.latitude, place.longitude,
                      themes=tuple(Chip(t.name, t.colour) for t in themes), photo=photo)
    shows = (f"a photo: {story.image.alt}" if photo is not None and card_format(card) == "JPEG"
             else f"{place.name} marked on a map of the UK")
    names = [t.name for t in themes]
    names = " and ".join(filter(None, (", ".join(names[:-1]), names[-1]))) if names else "community-led change"
    return _share(card_path("story", story.slug, ".png"), card,
                  f"{story.title}. A story from {place.name}, {place.nation}, about {names}, with {shows}.")


def _term_share(term: Term, collection: Collection, site_name: str) -> ShareImage:
    points = tuple((s.place.latitude, s.place.longitude) for s in term.stories)
    dots = f"a dot for each of its {len(points)} stories" if len(points) != 1 else "a dot for its story"
    if term.kind == "theme":
        colour = collection.vocabulary.theme(term.slug).colour
        card = theme_card(site_name, term.name, term.description, colour, points)
        return _share(card_path("theme", term.slug, ".png"), card, f"{term.name}: a map of the UK with {dots}.")
    if term.kind == "nation":
        card = place_card(site_name, term.name, points)
        return _share(card_path("place", term.slug, ".png"), card,
                      f"{term.name}: a map of the UK with {term.name} highlighted and {dots}.")
    nation = term.parent.name if term.parent else "England"
    card = place_card(site_name, nation, points, region=term.name)
    return _share(card_path("place", f"{slugify(nation)}-{term.slug}", ".png"), card,
                  f"{term.name}, {nation}: a map of the UK with {nation} highlighted and {dots}.")


def _thumb(story: Story, photo: Photo | None) -> ListingThumb:
    place = story.place
    thumb = Thumb((place.latitude, place.longitude), place.nation, photo)
    image_format = thumb_format(thumb)
    alt = story.image.alt if image_format == "JPEG" and story.image else ""
    return ListingThumb(thumb_path(story.slug, SUFFIXES[image_format]), thumb, alt)
