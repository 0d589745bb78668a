"""One reader's filter over a whole pool of candidate stories at once, as a digest composes.

A tick's candidates are indexed once by stem (``StoryPool``); each reader's filter then looks up
only its own terms' stems, so the cost follows the stories their terms touch, not the pool's size.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from bot.personal.filters import WordFilter
from bot.personal.story_words import StoryWords, stems_match
from bot.personal.terms import Term


@dataclass(frozen=True, slots=True)
class PoolVerdict:
    """Which stories of the pool a filter keeps: ``keeps(story_id)`` is two set lookups."""

    allowed: AbstractSet[int] | None  # None: the filter has no include terms, so any story may pass
    dropped: AbstractSet[int]  # stories an exclude term matched

    def keeps(self, story_id: int) -> bool:
        if story_id in self.dropped:
            return False
        return self.allowed is None or story_id in self.allowed

    def flags(self, story_ids: Iterable[int]) -> list[bool]:
        """``keeps`` of each of ``story_ids``, in order: set lookups in C, no call per story."""
        allowed, dropped = self.allowed, self.dropped
        if allowed is None:
            return [story_id not in dropped for story_id in story_ids]
        if not dropped:
            return list(map(allowed.__contains__, story_ids))
        return [story_id in allowed and story_id not in dropped for story_id in story_ids]

    def hidden_count(self, story_ids: Iterable[int]) -> int:
        """How many of ``story_ids`` the filter hides (`/latest` says so)."""
        return sum(1 for story_id in story_ids if not self.keeps(story_id))


class StoryPool:
    """Candidate stories by id with their words, indexed by stem for whole-pool filtering."""

    def __init__(self, stories: Mapping[int, StoryWords]) -> None:
        self.stories = stories
        self._postings: dict[str, set[int]] = {}
        for story_id, words in stories.items():
            for stem in words.positions:
                found = self._postings.get(stem)
                if found is None:
                    self._postings[stem] = {story_id}
                else:
                    found.add(story_id)

    def __len__(self) -> int:
        return len(self.stories)

    def matching(self, term: Term) -> set[int]:
        """Ids of the stories the term matches, in any of its readings."""
        readings = term.readings
        if len(readings) == 1:
            return self._matching(readings[0])
        return set().union(*(self._matching(reading) for reading in readings))

    def _matching(self, term_stems: tuple[str, ...]) -> set[int]:
        postings = self._postings
        if len(term_stems) == 1:
            return set(postings.get(term_stems[0], ()))
        # A phrase: the stories holding its rarest stem, each checked for the words in a row.
        lists = [postings.get(stem) for stem in term_stems]
        if any(found is None for found in lists):
            return set()
        rarest = min((found for found in lists if found is not None), key=len)
        return {story_id for story_id in rarest if stems_match(term_stems, self.stories[story_id])}

    def verdict(self, word_filter: WordFilter) -> PoolVerdict:
        """What the reader's filter keeps of the pool."""
        allowed: frozenset[int] | None = None
        if word_filter.includes:
            allowed = frozenset().union(*(self.matching(term) for term in word_filter.includes))
        dropped = frozenset().union(*(self.matching(term) for term in word_filter.excludes))
        return PoolVerdict(allowed, dropped)
