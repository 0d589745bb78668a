"""Which stories make a digest, most important first: pure functions over candidate articles."""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from operator import itemgetter
from typing import NamedTuple

# A story loses half its freshness every this many hours.
FRESHNESS_HALF_LIFE_HOURS = 12.0
# How strongly a source's article count in the window lowers its weight (see ``volume_weights``).
VOLUME_DAMPING = 0.1


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
    """One digest item: the article shown, how many other sources told the same story, its score."""

    article_id: int
    source_ids: tuple[int, ...]
    age_hours: float
    score: float

    @property
    def more_sources(self) -> int:
        return len(self.source_ids) - 1


def importance(source_count: int, age_hours: float, source_weight: float = 1.0) -> float:
    """How much a story matters: told by more sources, fresher, and from a weightier source.

    Two more sources double the score, and so does being twelve hours fresher.
    """
    breadth = math.log2(1 + source_count)
    freshness: float = 0.5 ** (age_hours / FRESHNESS_HALF_LIFE_HOURS) if age_hours > 0 else 1.0
    return breadth * freshness * source_weight


def volume_weights(candidates: Iterable[Candidate]) -> dict[int, float]:
    """A weight per source that gently favours sources which publish little over firehoses.

    A source with one article in the window weighs 1.0, one with 256 weighs about 0.56.
    """
    counts = Counter(map(itemgetter(1), candidates))  # source_id: counted in C, a day's articles at once
    return {source: 1.0 / (1.0 + VOLUME_DAMPING * math.log2(n)) for source, n in counts.items()}


def _representative(group: list[Candidate]) -> Candidate:
    # The story's first report: the oldest article, then the lowest id.
    return max(group, key=lambda c: (c.age_hours, -c.article_id))


def rank_stories(
    candidates: Iterable[Candidate], limit: int, source_weights: Mapping[int, float] | None = None
) -> list[RankedStory]:
    """At most ``limit`` stories, grouped across sources and ordered by importance (ties: newer first).

    Without ``source_weights`` each source is weighed by its volume in the candidates.
    """
    candidates = list(candidates)
    weights = source_weights if source_weights is not None else volume_weights(candidates)
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
    scored: list[tuple[float, float, int, list[Candidate]]] = []
    for group in stories.values():
        if len(group) == 1:  # most stories: one article, no set or max needed
            article_id, source, _, age = group[0]
            scored.append((importance(1, age, weights.get(source, 1.0)), -age, article_id, group))
            continue
        sources = {c.source_id for c in group}
        newest = min(c.age_hours for c in group)
        weight = max(weights.get(source, 1.0) for source in sources)
        score = importance(len(sources), newest, weight)
        scored.append((score, -newest, max(c.article_id for c in group), group))
    ranked = []
    # Article ids are unique, so tuples never compare their groups: no key function needed.
    for score, negative_age, _, group in heapq.nlargest(limit, scored):
        shown = _representative(group)
        told_by = tuple(sorted({c.source_id for c in group}))
        ranked.append(RankedStory(shown.article_id, told_by, -negative_age, score))
    return ranked
