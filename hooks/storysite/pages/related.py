"""Choosing each story's related stories.

The rule: rank every other story by the number of themes it shares with this one (most first),
then by the great-circle distance between their places (nearest first), then by slug (so the
choice is the same from build to build), and take the first few.

Comparing every story with every other is quadratic in the number of stories. Instead:
- stories are grouped by their exact set of themes, so the number of shared themes is worked
  out once per group, not once per story, and only groups sharing a theme are looked at;
- within a group, stories are sorted by latitude, and the search walks outwards from the
  story's own latitude, stopping once the latitude difference alone puts every further story
  beyond the ones already found (a difference of latitude is a lower bound on the distance).
Only when fewer than `count` stories share any theme does the search fall back to all stories."""

from __future__ import annotations

import math
from bisect import bisect_left, insort
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..geo.places import EARTH_RADIUS_KM, distance_km
from ..model import Story

RELATED_COUNT = 4
# The latitude bound is exact in theory; shave it a little so rounding never skips a tie.
_BOUND_SLACK = 1e-9


@dataclass
class _ByLatitude:
    """Stories sorted by latitude (then slug), for searches that walk out from a latitude."""

    stories: list[Story] = field(default_factory=list)
    latitudes: list[float] = field(default_factory=list)

    @classmethod
    def of(cls, stories: Iterable[Story]) -> _ByLatitude:
        ordered = sorted(stories, key=lambda s: (s.place.latitude, s.slug))
        return cls(ordered, [s.place.latitude for s in ordered])


def related_stories(stories: Sequence[Story], count: int = RELATED_COUNT) -> dict[str, tuple[Story, ...]]:
    """For every story (by slug), its `count` related stories, best first."""
    groups: dict[frozenset[str], list[Story]] = {}
    for story in stories:
        groups.setdefault(frozenset(story.themes), []).append(story)
    indexed = {themes: _ByLatitude.of(members) for themes, members in groups.items()}
    groups_with_theme: dict[str, list[frozenset[str]]] = {}
    for themes in indexed:
        for theme in themes:
            groups_with_theme.setdefault(theme, []).append(themes)
    everyone = _ByLatitude.of(stories)
    return {s.slug: _related(s, indexed, groups_with_theme, everyone, count) for s in stories}


def _related(story: Story, indexed: dict[frozenset[str], _ByLatitude],
             groups_with_theme: dict[str, list[frozenset[str]]], everyone: _ByLatitude,
             count: int) -> tuple[Story, ...]:
    mine = frozenset(story.themes)
    tiers: dict[int, list[_ByLatitude]] = {}
    for themes in {g for theme in mine for g in groups_with_theme.get(theme, ())}:
        tiers.setdefault(len(mine & themes), []).append(indexed[themes])
    chosen: list[Story] = []
    for shared in sorted(tiers, reverse=True):
        chosen += _nearest(story, tiers[shared], count - len(chosen), lambda s: s.slug != story.slug)
        if len(chosen) == count:
            return tuple(chosen)
    # Too few share a theme: the rest are the nearest of the stories that share none.
    chosen += _nearest(story, [everyone], count - len(chosen),
                       lambda s: s.slug != story.slug and not mine.intersection(s.themes))
    return tuple(chosen)


def _nearest(story: Story, groups: list[_ByLatitude], wanted: int, allowed) -> list[Story]:
    """The `wanted` allowed stories in `groups` nearest to `story`, ties broken by slug."""
    if wanted <= 0:
        return []
    lat, lon = story.place.latitude, story.place.longitude
    best: list[tuple[float, str, Story]] = []  # (distance, slug, story), kept sorted, at most `wanted`

    def out_of_reach(other_lat: float) -> bool:
        """True when every story this far or farther in latitude is farther than all found."""
        if len(best) < wanted:
            return False
        bound = EARTH_RADIUS_KM * math.radians(abs(other_lat - lat)) * (1 - _BOUND_SLACK)
        return bound > best[-1][0]

    for group in groups:
        up = bisect_left(group.latitudes, lat)
        down = up - 1
        while down >= 0 or up < len(group.stories):
            # Step to whichever side is closer in latitude, so the bound only grows.
            go_down = up >= len(group.stories) or (
                down >= 0 and lat - group.latitudes[down] <= group.latitudes[up] - lat)
            index = down if go_down else up
            if out_of_reach(group.latitudes[index]):
                break  # the nearer side is out of reach, so the farther side is too
            candidate = group.stories[index]
            if allowed(candidate):
                d = distance_km(lat, lon, candidate.place.latitude, candidate.place.longitude)
                if len(best) < wanted or (d, candidate.slug) < best[-1][:2]:
                    insort(best, (d, candidate.slug, candidate), key=lambda e: e[:2])
                    del best[wanted:]
            if go_down:
                down -= 1
            else:
                up += 1
    return [entry[2] for entry in best]


def rank_key(story: Story, other: Story) -> tuple[int, float, str]:
    """The rule in one key: more shared themes, then nearer, then slug. Used by the tests as the
    plain, quadratic statement of what `related_stories` must return."""
    shared = len(set(story.themes) & set(other.themes))
    d = distance_km(story.place.latitude, story.place.longitude, other.place.latitude, other.place.longitude)
    return (-shared, d, other.slug)
