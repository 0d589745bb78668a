"""Which stories make a digest, most important first: pure functions over candidate articles.

A story's importance is how many sources tell it, how many reports it has, and how fresh it is. No
source is weighed by how much it publishes: a large outlet's single-source story competes on the same
terms as a small source's. Variety comes from a cap: at most a third of a digest led by one source,
unless too few other stories are left to fill it.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

# A story loses half its freshness every this many hours (a daily digest; a weekly one scales it).
FRESHNESS_HALF_LIFE_HOURS = 12.0
# How much each doubling of a story's reports (follow-ups, updates) adds, beyond its sources.
DEPTH_WEIGHT = 0.15
# The share of a digest's places that stories led by one source may take.
SOURCE_SHARE = 1 / 3


class Candidate(NamedTuple):
    """An article that may go into a digest; ``story_id`` None means a story of its own.

    A NamedTuple rather than a dataclass: a digest looks at a day's articles, built per reader.
    """

    article_id: int
    source_id: int
    story_id: int | None
    age_hours: float


@dataclass(frozen=True, slots=True)
class RankedStory:
    """One digest item: the article shown, the sources that told the story, its score.

    ``also_article_ids``: the first report of each other source, earliest first ("+2 sources").
    """

    article_id: int
    source_ids: tuple[int, ...]
    age_hours: float
    score: float
    also_article_ids: tuple[int, ...] = ()

    @property
    def more_sources(self) -> int:
        return len(self.source_ids) - 1


def importance(
    source_count: int,
    age_hours: float,
    article_count: int = 1,
    half_life_hours: float = FRESHNESS_HALF_LIFE_HOURS,
) -> float:
    """How much a story matters: told by more sources, with more reports, and fresher.

    Two more sources double the score, and so does being one half-life fresher.
    """
    breadth = math.log2(1 + source_count)
    depth = 1.0 + DEPTH_WEIGHT * math.log2(max(article_count, source_count) / source_count)
    freshness: float = 0.5 ** (age_hours / half_life_hours) if age_hours > 0 else 1.0
    return breadth * depth * freshness


def source_cap(limit: int) -> int:
    """How many of ``limit`` places stories led by one source may take."""
    return max(1, math.ceil(limit * SOURCE_SHARE))


def _first_reports(group: list[Candidate]) -> list[Candidate]:
    # Each source's first report (the oldest, then the lowest id), earliest first.
    first: dict[int, Candidate] = {}
    for c in group:
        seen = first.get(c.source_id)
        if seen is None or (c.age_hours, -c.article_id) > (seen.age_hours, -seen.article_id):
            first[c.source_id] = c
    return sorted(first.values(), key=lambda c: (-c.age_hours, c.article_id))


_Scored = tuple[float, float, int, list[Candidate]]


def _pick(ordered: list[_Scored], limit: int, cap: int) -> tuple[list[_Scored], list[_Scored]]:
    """From stories best first: up to ``limit`` within the per-source cap, and those it held back."""
    chosen: list[_Scored] = []
    held: list[_Scored] = []
    led: dict[int, int] = {}
    for entry in ordered:
        if len(chosen) == limit:
            break
        lead = _first_reports(entry[3])[0].source_id
        if led.get(lead, 0) < cap:
            led[lead] = led.get(lead, 0) + 1
            chosen.append(entry)
        else:
            held.append(entry)
    return chosen, held


def rank_stories(
    candidates: Iterable[Candidate], limit: int, half_life_hours: float = FRESHNESS_HALF_LIFE_HOURS
) -> list[RankedStory]:
    """At most ``limit`` stories, grouped across sources and ordered by importance (ties: newer first).

    The story's first report is shown. At most ``source_cap(limit)`` stories led by one source, while
    stories of other sources remain to fill the places.
    """
    # Story ids are article ids; articles sharing one are one story told by several sources, and an
    # article without one is a story of its own (keyed by its negated id).
    stories: dict[int, list[Candidate]] = {}
    for candidate in candidates:
        story = candidate.story_id
        key = story if story is not None else -candidate.article_id
        group = stories.get(key)
        if group is None:
            stories[key] = [candidate]
        else:
            group.append(candidate)
    scored: list[_Scored] = []
    # importance(1, age) of a one-article story is the freshness alone: one power, no call.
    halving = 0.5 ** (1.0 / half_life_hours)
    for group in stories.values():
        if len(group) == 1:  # most stories: one article, no set or max needed
            article_id, _, _, age = group[0]
            scored.append((halving**age if age > 0 else 1.0, -age, article_id, group))
            continue
        sources = {c.source_id for c in group}
        newest = min(c.age_hours for c in group)
        score = importance(len(sources), newest, len(group), half_life_hours)
        scored.append((score, -newest, max(c.article_id for c in group), group))
    cap = source_cap(limit)
    # Best first; a story over its source's cap waits, and fills places only if nothing else is left.
    # A prefix of the order is enough unless the cap held back too many of it.
    top = heapq.nlargest(limit * (cap + 1), scored)
    chosen, held = _pick(top, limit, cap)
    if len(chosen) < limit and len(top) < len(scored):
        chosen, held = _pick(sorted(scored, reverse=True), limit, cap)
    chosen.extend(held[: limit - len(chosen)])
    ranked = []
    # Article ids are unique, so tuples never compare their groups: no key function needed.
    for score, negative_age, _, group in sorted(chosen, reverse=True):
        reports = _first_reports(group)
        shown = reports[0]
        ranked.append(
            RankedStory(
                shown.article_id,
                tuple(sorted(c.source_id for c in reports)),
                -negative_age,
                score,
                tuple(c.article_id for c in reports[1:]),
            )
        )
    return ranked
