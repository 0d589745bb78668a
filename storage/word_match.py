"""Readers' word filters against stored articles: the FTS5 expression SQLite matches, and the same
match made in Python from the articles' stems where there is no FTS5 (PostgreSQL).

A filter is rows of stems (``bot.text.words``), each row matched as consecutive words within the
title or within the text, never across the two.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.text.words import stemmed_text
from storage.backend import Backend


@dataclass(frozen=True, slots=True)
class WordMatch:
    """A reader's word filter as rows of stems: an article is kept when it holds one of the
    ``includes`` (if there are any) and none of the ``excludes``."""

    includes: tuple[tuple[str, ...], ...] = ()
    excludes: tuple[tuple[str, ...], ...] = ()


def _fts_phrases(phrases: Sequence[Sequence[str]]) -> str:
    """Phrases of stems as one FTS5 expression, any of which matches; quoted, so never syntax."""
    joined = " OR ".join('"' + " ".join(stems).replace('"', '""') + '"' for stems in phrases if stems)
    return f"({joined})"


def fts_filter(includes: Sequence[Sequence[str]], excludes: Sequence[Sequence[str]]) -> str:
    """The FTS5 MATCH of a word filter: any include phrase and no exclude phrase, or, without
    includes, any exclude phrase (the articles to drop)."""
    if not includes:
        return _fts_phrases(excludes)
    if not excludes:
        return _fts_phrases(includes)
    return f"{_fts_phrases(includes)} NOT {_fts_phrases(excludes)}"


def article_stems(value: object, language: object = "") -> str:
    """What the SQLite index stores for a title or text in ``language``: its stemmed words."""
    return stemmed_text(value, str(language or "")) if isinstance(value, str) else ""


def _holds(words: list[str], phrase: tuple[str, ...]) -> bool:
    """``phrase`` appears in ``words`` as consecutive words."""
    size = len(phrase)
    return any(tuple(words[i : i + size]) == phrase for i in range(len(words) - size + 1))


async def match_in_python(
    db: Backend, groups: Sequence[Sequence[Sequence[str]]], low: int, high: int
) -> list[set[int]]:
    """For each group of phrases, the ids in [low, high] of the articles holding any of them; the
    articles are read and stemmed once for all groups."""
    wanted = [[tuple(stems) for stems in phrases if stems] for phrases in groups]
    found: list[set[int]] = [set() for _ in groups]
    start = low - 1
    while True:
        rows = await db.fetchtuples(
            "SELECT id, title, text, lang FROM articles WHERE id > ? AND id <= ? ORDER BY id LIMIT 500",
            (start, high),
        )
        if not rows:
            return found
        for article_id, title, text, lang in rows:
            columns = (article_stems(title, lang).split(), article_stems(text, lang).split())
            for phrases, matched in zip(wanted, found, strict=True):
                if any(_holds(column, phrase) for column in columns for phrase in phrases):
                    matched.add(int(article_id))
        start = int(rows[-1][0])
