"""A reader's word filter: which stories they keep in digests, instant posts, `/latest` and alerts."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from bot.personal.story_words import StoryWords, term_matches
from bot.personal.terms import Term, TermKind
from storage.word_match import WordMatch

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class WordFilter:
    """Include terms (at least one must match, when there are any) and exclude terms (none may)."""

    includes: tuple[Term, ...] = ()
    excludes: tuple[Term, ...] = ()

    @classmethod
    def of(cls, terms: Iterable[Term]) -> WordFilter:
        """The filter of a reader's terms as stored, in any order."""
        terms = list(terms)
        return cls(
            tuple(t for t in terms if t.kind is TermKind.INCLUDE),
            tuple(t for t in terms if t.kind is TermKind.EXCLUDE),
        )

    @property
    def empty(self) -> bool:
        return not self.includes and not self.excludes

    def match(self) -> WordMatch:
        """The filter as storage matches it in its index: every reading of every term."""
        return WordMatch(
            tuple(reading for term in self.includes for reading in term.readings),
            tuple(reading for term in self.excludes for reading in term.readings),
        )

    def keeps(self, story: StoryWords) -> bool:
        """True when the story passes: some include term matches (or there are none), no exclude does."""
        if self.includes and not any(term_matches(t, story) for t in self.includes):
            return False
        return not any(term_matches(t, story) for t in self.excludes)


@dataclass(frozen=True, slots=True)
class FilteredStories(Generic[T]):
    kept: list[T]
    hidden: int  # how many the filter hid: `/latest` says so


def apply_filter(
    word_filter: WordFilter, stories: Sequence[T], words_of: Callable[[T], StoryWords]
) -> FilteredStories[T]:
    """The stories the filter keeps, in their order, and how many it hid."""
    if word_filter.empty:
        return FilteredStories(list(stories), 0)
    kept = [story for story in stories if word_filter.keeps(words_of(story))]
    return FilteredStories(kept, len(stories) - len(kept))
