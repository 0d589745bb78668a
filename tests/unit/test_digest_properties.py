"""Properties of choosing a digest, for any day of articles: ranking rules, and one answer per question.

A fan-out composes from one pool loaded per tick, ``/digest`` and ``python -m bot digest`` ask the
database per reader: both must give every reader the same digest.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.digest.compose import DigestComposer
from bot.digest.ranking import Candidate, rank_stories
from storage import Storage
from storage.timestamps import to_db
from tests.conftest import storage_on_own_loop

NOW = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)
SOURCES = 4


@st.composite
def candidates(draw: st.DrawFn) -> list[Candidate]:
    """A day of articles: ids 1..n, stories keyed by the id of an earlier article or none."""
    n = draw(st.integers(min_value=0, max_value=40))
    out: list[Candidate] = []
    for article_id in range(1, n + 1):
        story = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=article_id)))
        age = draw(st.floats(min_value=0.0, max_value=30.0, allow_nan=False))
        out.append(Candidate(article_id, draw(st.integers(1, SOURCES)), story, age))
    return out


@settings(deadline=None, max_examples=300)
@given(candidates(), st.integers(min_value=0, max_value=12))
def test_ranking_shows_each_story_once_best_first_within_the_limit(day: list[Candidate], limit: int) -> None:
    ranked = rank_stories(day, limit)
    by_id = {c.article_id: c for c in day}
    story_of = {c.article_id: (c.story_id if c.story_id is not None else -c.article_id) for c in day}
    stories = set(story_of.values())
    assert len(ranked) == min(limit, len(stories))
    shown = [story_of[s.article_id] for s in ranked]
    assert len(set(shown)) == len(shown)
    assert [s.score for s in ranked] == sorted((s.score for s in ranked), reverse=True)
    for story in ranked:
        group = [c for c in day if story_of[c.article_id] == story_of[story.article_id]]
        # The story's first report is shown, with every source that told it.
        assert by_id[story.article_id].age_hours == max(c.age_hours for c in group)
        assert story.source_ids == tuple(sorted({c.source_id for c in group}))
        assert story.more_sources == len(story.source_ids) - 1


@pytest.fixture(scope="module")
def loop_and_storage() -> Iterator[tuple[asyncio.AbstractEventLoop, Storage]]:
    async def add_sources(storage: Storage) -> None:
        for i in range(1, SOURCES + 1):
            await storage.sources.ensure("feed", f"https://s{i}.example/rss", f"Source {i}")

    with storage_on_own_loop(add_sources) as opened:
        yield opened


# One article: (source, story: None or an earlier row's index, published hours ago, stored hours ago).
article_rows = st.lists(
    st.tuples(
        st.integers(1, SOURCES),
        st.one_of(st.none(), st.integers(0, 30)),
        st.integers(0, 40),
        st.integers(0, 40),
    ),
    max_size=30,
)


async def _store_day(storage: Storage, rows: list[tuple[int, int | None, int, int]]) -> None:
    async with storage.db.transaction() as conn:
        await conn.execute("DELETE FROM articles")
        await conn.execute("DELETE FROM reader_sources")
        await conn.execute("UPDATE sources SET enabled = 1")
        ids: list[int] = []
        for n, (source, story, published_ago, stored_ago) in enumerate(rows):
            published = NOW - timedelta(hours=published_ago, minutes=n)
            stored = min(published + timedelta(hours=1), NOW - timedelta(hours=stored_ago))
            cursor = await conn.execute(
                "INSERT INTO articles (source_id, title, text, summary, lang, content_hash, published_at,"
                " fetched_at, story_id) VALUES (?, ?, 't', 's', 'ru', ?, ?, ?, ?)",
                (
                    source,
                    f"Article {n}",
                    hashlib.sha1(f"{n}-{rows}".encode()).hexdigest(),
                    to_db(published),
                    to_db(stored),
                    ids[story] if story is not None and story < len(ids) else None,
                ),
            )
            assert cursor.lastrowid is not None
            ids.append(cursor.lastrowid)


@settings(deadline=None, max_examples=80)
@given(
    article_rows,
    st.sets(st.integers(1, SOURCES)),
    st.sets(st.integers(1, SOURCES), max_size=1),
    st.one_of(st.none(), st.integers(0, 30)),
)
def test_a_reader_gets_the_same_digest_from_the_pool_and_from_the_database(
    loop_and_storage: tuple[asyncio.AbstractEventLoop, Storage],
    rows: list[tuple[int, int | None, int, int]],
    switched_off: set[int],
    disabled_for_all: set[int],
    last_digest_hours_ago: int | None,
) -> None:
    loop, storage = loop_and_storage

    async def both() -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        await _store_day(storage, rows)
        for source in disabled_for_all:
            await storage.db.write("UPDATE sources SET enabled = 0 WHERE id = ?", (source,))
        reader = await storage.readers.ensure(7, language="ru", timezone="Asia/Almaty", digest_time="09:00")
        for source in switched_off:
            await storage.readers.set_source_enabled(7, source, False)
        if last_digest_hours_ago is not None:
            await storage.readers.set_last_digest_at(7, NOW - timedelta(hours=last_digest_hours_ago))
        reader = await storage.readers.get(7) or reader
        composer = DigestComposer(storage, max_items=10)
        direct = await composer.compose(reader, NOW)
        pooled = await composer.compose(reader, NOW, await composer.load_pool(NOW))
        return (
            [(i.article.id, i.more_sources) for i in direct.items],
            [(i.article.id, i.more_sources) for i in pooled.items],
        )

    direct, pooled = loop.run_until_complete(both())
    assert direct == pooled
    sources = {row[0] for row in rows}
    if not rows or sources <= switched_off | disabled_for_all:
        assert direct == []
