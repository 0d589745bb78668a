"""Properties of a reader's digest with personal news, for any day of articles: other readers' own
feeds never show, the word filter holds, chosen news languages hold, the default never empties a
digest, and the fan-out's pool gives the same digest as asking the database."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.digest.compose import DigestComposer
from bot.personal.news_languages import NEWS_LANGUAGES, format_news_languages
from storage import Storage
from storage.timestamps import to_db
from tests.conftest import storage_on_own_loop

NOW = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)
SOURCES = 4
READER = 7
OTHER = 8
WORDS = ("выборы", "выборах", "погода", "тенге", "сайлау", "сайлауда")
FILTERS = (None, "+выборы", "-выборы", "+погода -тенге", "+сайлауда", "-сайлау +погода")
# The title words each filter word matches, in a Kazakh article and in any other: a Kazakh article's
# words are Kazakh ("сайлауда" is "сайлау" + "-да"; "выборах" is no Kazakh form of "выборы").
FORMS = {
    "выборы": ({"выборы"}, {"выборы", "выборах"}),
    "погода": ({"погода"}, {"погода"}),
    "тенге": ({"тенге"}, {"тенге"}),
    "сайлау": ({"сайлау", "сайлауда"}, {"сайлау"}),
    "сайлауда": ({"сайлау", "сайлауда"}, {"сайлауда"}),
}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def loop_and_storage(request: pytest.FixtureRequest) -> Iterator[tuple[asyncio.AbstractEventLoop, Storage]]:
    async def prepare(storage: Storage) -> None:
        for i in range(1, SOURCES + 1):
            await storage.sources.ensure("feed", f"https://s{i}.example/rss", f"Source {i}")
        for chat_id in (READER, OTHER):
            await storage.readers.ensure(chat_id, language="ru", timezone="Asia/Almaty", digest_time="09:00")

    with storage_on_own_loop(prepare, request.param) as opened:
        yield opened


# One article: (source, words of its title, language, published hours ago).
article_rows = st.lists(
    st.tuples(
        st.integers(1, SOURCES),
        st.lists(st.sampled_from(WORDS), min_size=1, max_size=3),
        st.sampled_from(NEWS_LANGUAGES),
        st.integers(0, 20),
    ),
    max_size=25,
)


async def _store(
    storage: Storage, rows: list[tuple[int, list[str], str, int]]
) -> dict[int, tuple[int, str, str]]:
    """The day's articles; article id to (source, title, language)."""
    stored: dict[int, tuple[int, str, str]] = {}
    async with storage.db.transaction() as conn:
        for table in ("articles", "reader_feeds", "reader_filters"):
            await conn.execute(f"DELETE FROM {table}")
        await conn.execute("UPDATE sources SET personal = 0")
        for n, (source, words, lang, published_ago) in enumerate(rows):
            title = f"Статья {n} " + " ".join(words)
            published = NOW - timedelta(hours=published_ago, minutes=n)
            cursor = await conn.execute(
                "INSERT INTO articles (source_id, title, text, summary, lang, content_hash, published_at,"
                " fetched_at) VALUES (?, ?, 'текст', 'изложение', ?, ?, ?, ?) RETURNING id",
                (
                    source,
                    title,
                    lang,
                    hashlib.sha1(f"{n}-{rows}".encode()).hexdigest(),
                    to_db(published),
                    to_db(published),
                ),
            )
            row = await cursor.fetchone()
            assert row is not None
            stored[int(row[0])] = (source, title, lang)
    return stored


def _kept(title: str, lang: str, stored_filter: str | None) -> bool:
    words = set(title.split())
    forms = {word: kazakh if lang == "kk" else other for word, (kazakh, other) in FORMS.items()}
    if stored_filter is None:
        return True
    includes = [t[1:] for t in stored_filter.split() if t.startswith("+")]
    excludes = [t[1:] for t in stored_filter.split() if t.startswith("-")]
    if includes and not any(words & forms[w] for w in includes):
        return False
    return not any(words & forms[w] for w in excludes)


@settings(deadline=None, max_examples=60)
@given(
    article_rows,
    st.sets(st.integers(1, SOURCES), max_size=2),
    st.sets(st.integers(1, SOURCES), max_size=2),
    st.sampled_from(FILTERS),
    st.one_of(st.none(), st.sets(st.sampled_from(NEWS_LANGUAGES), min_size=1)),
)
def test_personal_choices_hold_and_the_pool_agrees_with_the_database(
    loop_and_storage: tuple[asyncio.AbstractEventLoop, Storage],
    rows: list[tuple[int, list[str], str, int]],
    personal: set[int],
    own: set[int],
    stored_filter: str | None,
    languages: set[str] | None,
) -> None:
    loop, storage = loop_and_storage
    own &= personal

    async def both() -> tuple[dict[int, tuple[int, str, str]], list[int], list[int]]:
        stored = await _store(storage, rows)
        for source in personal:
            await storage.db.write("UPDATE sources SET personal = 1 WHERE id = ?", (source,))
            # Someone follows each personal feed: the other reader, unless it is this reader's own.
            await storage.personal.follow(READER if source in own else OTHER, source, 50)
        if stored_filter is not None:
            await storage.personal.set_filter_terms(READER, stored_filter.split())
        await storage.personal.set_news_languages(READER, format_news_languages(languages))
        reader = await storage.readers.get(READER)
        assert reader is not None
        composer = DigestComposer(storage, max_items=10)
        direct = await composer.compose(reader, NOW)
        pooled = await composer.compose(reader, NOW, await composer.load_pool(NOW))
        return stored, [i.article.id for i in direct.items], [i.article.id for i in pooled.items]

    stored, direct, pooled = loop.run_until_complete(both())
    assert direct == pooled
    for article_id in direct:
        source, title, lang = stored[article_id]
        assert source not in personal - own, "another reader's own feed"
        assert _kept(title, lang, stored_filter), (title, lang, stored_filter)
        if languages is not None:
            assert lang in languages
    allowed = [
        a
        for a, (source, title, lang) in stored.items()
        if source not in personal - own and _kept(title, lang, stored_filter)
    ]
    if languages is None:
        assert bool(direct) == bool(allowed), "the default languages never empty a digest"
