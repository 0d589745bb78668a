"""What of the candidate stories one reader gets: their own feeds, their word filter, their languages.

The digest and ``/latest`` call this after choosing candidates by time and source; the filter and
the language tiers are the pure cores of this package, fed from storage here.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from itertools import compress
from typing import TypeVar

from bot.personal.filters import WordFilter
from bot.personal.news_languages import news_language_tiers, parse_news_languages, take_by_tiers
from bot.personal.story_pool import PoolVerdict, StoryPool
from bot.personal.story_words import StoryWords, story_words_from_stems
from bot.personal.terms import Term, parse_term
from storage import Storage

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class ReaderChoice:
    """A reader's own feeds, filter and news languages, loaded once per composition."""

    own_feeds: frozenset[int]
    word_filter: WordFilter
    languages: tuple[str, ...] | None  # None: the default (interface language first)
    interface_language: str

    @property
    def key(self) -> Hashable:
        """What two readers with the same choice share (a fan-out reuses their ranking)."""
        terms = tuple(t.source for t in (*self.word_filter.includes, *self.word_filter.excludes))
        return (
            self.own_feeds,
            terms,
            self.languages,
            self.interface_language if self.languages is None else "",
        )


# Every digest reads its reader's stored terms again; a term parses the same every time (Term is frozen).
_parsed_term = lru_cache(maxsize=8192)(parse_term)


def terms_of(stored: Sequence[str]) -> list[Term]:
    """Stored terms back as terms; any that no longer parse are left out."""
    return [term for term in map(_parsed_term, stored) if term is not None]


async def load_choice(storage: Storage, chat_id: int, interface_language: str) -> ReaderChoice:
    """The reader's own feeds, filter and news languages."""
    feeds, terms, languages = await storage.personal.choices_of(chat_id)
    return ReaderChoice(
        own_feeds=frozenset(feeds),
        word_filter=WordFilter.of(terms_of(terms)),
        languages=parse_news_languages(languages),
        interface_language=interface_language,
    )


class ArticleFacts:
    """Stems and languages of candidate articles, read from storage once and kept for a tick.

    With ``universe`` (every candidate of a fan-out tick) the stems are indexed once for all readers
    the first time a reader's filter needs them; without it, each call indexes its own candidates.
    """

    def __init__(
        self,
        storage: Storage,
        universe: Sequence[int] | None = None,
        window: tuple[datetime, datetime] | None = None,
    ) -> None:
        """``window`` (published after, until): every candidate was published in it, so their
        languages are read for the whole window at once from an index."""
        self.storage = storage
        self.words: dict[int, StoryWords] = {}
        self.languages: dict[int, str] = {}
        self._universe = list(universe) if universe is not None else None
        self._universe_pool: StoryPool | None = None
        self._window = window

    async def load_words(self, article_ids: Sequence[int]) -> None:
        missing = [i for i in article_ids if i not in self.words]
        if missing:
            for article_id, (title, body) in (await self.storage.personal.stems_of(missing)).items():
                self.words[article_id] = story_words_from_stems(title, body)

    async def load_languages(self, article_ids: Sequence[int]) -> None:
        if self._window is not None:
            after, until = self._window
            self.languages.update(await self.storage.personal.languages_published(after, until))
            self._window = None
        missing = [i for i in article_ids if i not in self.languages]
        if missing:
            self.languages.update(await self.storage.personal.languages_of(missing))

    async def verdict(self, word_filter: WordFilter, article_ids: Sequence[int]) -> PoolVerdict:
        """What the filter keeps of these articles.

        A tick's universe is indexed in memory once for all its readers; a single reader's
        candidates are looked up term by term in the full-text index, which stores the same stems,
        so the cost follows the stories the terms match, not the day's size.
        """
        if self._universe is not None:
            return (await self.pool(article_ids)).verdict(word_filter)
        match = word_filter.match()
        allowed, dropped = await self.storage.personal.filter_verdict(
            match.includes, match.excludes, min(article_ids), max(article_ids)
        )
        return PoolVerdict(allowed, dropped)

    async def pool(self, article_ids: Sequence[int]) -> StoryPool:
        """A stem index holding at least these articles."""
        if self._universe is not None:
            if self._universe_pool is None:
                await self.load_words(self._universe)
                self._universe_pool = StoryPool({i: self.words[i] for i in self._universe if i in self.words})
            return self._universe_pool  # a tick's candidates all come from its universe
        await self.load_words(article_ids)
        return StoryPool({i: self.words[i] for i in article_ids if i in self.words})


async def choose(
    facts: ArticleFacts,
    choice: ReaderChoice,
    candidates: Sequence[T],
    article_of: Callable[[T], int],
    rank: Callable[[list[T], int], list[R]],
    limit: int,
    story_of: Callable[[T], Hashable | None] | None = None,
) -> tuple[list[R], int]:
    """The best ``limit`` of ``candidates`` for the reader, and how many their filter hid.

    Filtered by the reader's words, then ranked within their languages (``take_by_tiers``).
    """
    hidden = 0
    kept = list(candidates)
    ids = list(map(article_of, kept))
    if not choice.word_filter.empty and kept:
        verdict = await facts.verdict(choice.word_filter, ids)
        flags = verdict.flags(ids)
        kept, ids = list(compress(kept, flags)), list(compress(ids, flags))
        hidden = len(flags) - len(kept)
    if not kept:
        return [], hidden
    await facts.load_languages(ids)
    # Tiers of positions: plain list lookups instead of a call per candidate (a day holds thousands).
    languages = list(map(facts.languages.get, ids))
    stories = list(map(story_of, kept)) if story_of is not None else None
    positions = news_language_tiers(
        range(len(kept)),
        languages.__getitem__,
        choice.languages,
        choice.interface_language,
        stories.__getitem__ if stories is not None else None,
    )
    tiers = [kept if len(tier) == len(kept) else [kept[i] for i in tier] for tier in positions]
    return take_by_tiers(tiers, rank, limit), hidden
