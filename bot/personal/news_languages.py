"""The languages of the news a reader gets: which stories to consider, and which come first.

A reader either chose languages (only stories in those are considered, ranked together) or kept the
default: stories in the interface language first, the others after them, so a default never leaves a
digest empty while there is news in any language. The result is tiers: rank within each tier in turn
(``take_by_tiers``), so ranking works within the choice.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

NEWS_LANGUAGES = ("ru", "kk", "en")


def parse_news_languages(stored: str | None) -> tuple[str, ...] | None:
    """A stored choice ("ru,en") as languages in the order of ``NEWS_LANGUAGES``; None is the default.

    Unknown codes are dropped; nothing known left means the default.
    """
    if not stored:
        return None
    codes = {code.strip().lower() for code in stored.split(",")}
    chosen = tuple(language for language in NEWS_LANGUAGES if language in codes)
    return chosen or None


def format_news_languages(chosen: Iterable[str] | None) -> str:
    """The stored text of a choice: "ru,en", or "" for the default."""
    if chosen is None:
        return ""
    picked = set(chosen)
    return ",".join(language for language in NEWS_LANGUAGES if language in picked)


def toggle_news_language(chosen: tuple[str, ...] | None, language: str) -> tuple[str, ...] | None:
    """The choice after the reader presses a language's button.

    From the default every language counts as on; switching the last one off returns to the default
    rather than to a choice that would leave every digest empty.
    """
    current = set(NEWS_LANGUAGES if chosen is None else chosen)
    current.symmetric_difference_update({language})
    result = tuple(code for code in NEWS_LANGUAGES if code in current)
    return result or None


def news_language_tiers(
    stories: Sequence[T],
    language_of: Callable[[T], str | None],
    chosen: tuple[str, ...] | None,
    interface_language: str,
    story_of: Callable[[T], Hashable | None] | None = None,
) -> list[list[T]]:
    """The stories to consider, in tiers to rank one after the other; each tier keeps input order.

    ``chosen`` languages: one tier of the stories in them. Default (None): the stories in
    ``interface_language``, then all the others (any language, also none detected). With
    ``story_of`` (the story group an article belongs to, None for its own), an article of the later
    tier whose story is already told in the first is left out: the story comes once, in the reader's
    language.
    """
    if chosen is not None:
        picked = set(chosen)
        return [[story for story in stories if language_of(story) in picked]]
    first = [story for story in stories if language_of(story) == interface_language]
    rest = [story for story in stories if language_of(story) != interface_language]
    if story_of is not None and first and rest:
        told = {key for key in map(story_of, first) if key is not None}
        rest = [story for story in rest if (key := story_of(story)) is None or key not in told]
    return [tier for tier in (first, rest) if tier]


def take_by_tiers(tiers: Iterable[list[T]], rank: Callable[[list[T], int], list[R]], limit: int) -> list[R]:
    """Rank each tier with ``rank(stories, how_many)`` and fill up to ``limit`` from them in turn."""
    taken: list[R] = []
    for tier in tiers:
        room = limit - len(taken)
        if room <= 0:
            break
        taken.extend(rank(tier, room)[:room])
    return taken
