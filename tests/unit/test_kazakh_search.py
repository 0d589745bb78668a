"""Kazakh word forms in the search index on both backends: a Kazakh article is found by any form of
its words, filter terms match it in either reading, and an upgraded database is indexed again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.personal.filters import WordFilter
from bot.personal.selection import ArticleFacts
from bot.personal.terms import parse_filter_terms
from bot.text.words import stemmed_text
from storage import Storage
from storage.articles import NewArticle

pytestmark = pytest.mark.asyncio

NOW = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)
KAZAKH = ("Астанада сайлау өтті", "Президентінің жарлығымен мектептерде дауыс беру басталды.")
RUSSIAN = ("Выборы в Астане", "Президент подписал указ о выборах.")


async def _add(storage: Storage, n: int, title: str, text: str, lang: str) -> int:
    source = await storage.sources.ensure("feed", "https://news.example.kz/rss", "News")
    added = await storage.articles.add(
        NewArticle(
            source_id=source.id,
            title=title,
            text=text,
            summary=text,
            lang=lang,
            content_hash=f"hash-{n}",
            published_at=NOW - timedelta(minutes=n),
        )
    )
    assert added is not None
    return added


async def test_kazakh_word_forms_find_kazakh_articles(any_storage: Storage) -> None:
    kazakh = await _add(any_storage, 1, *KAZAKH, "kk")
    russian = await _add(any_storage, 2, *RUSSIAN, "ru")
    for query in ("сайлау", "сайлауда", "астанадағы", "мектеп", "мектептерде", "жарлық"):
        found = await any_storage.articles.search(query)
        assert [a.id for a in found.articles] == [kazakh], query
    # A word both languages spell alike finds both; a Kazakh form of it, the Kazakh article.
    found = await any_storage.articles.search("президент")
    assert sorted(a.id for a in found.articles) == [kazakh, russian]
    found = await any_storage.articles.search("президенттің")
    assert [a.id for a in found.articles] == [kazakh]
    # Russian forms still find the Russian article, and only it.
    found = await any_storage.articles.search("выборах")
    assert [a.id for a in found.articles] == [russian]
    found = await any_storage.articles.search("президент сайлау")
    assert found.articles[0].id == kazakh


async def test_filter_terms_match_kazakh_forms_in_storage(any_storage: Storage) -> None:
    kazakh = await _add(any_storage, 1, *KAZAKH, "kk")
    russian = await _add(any_storage, 2, *RUSSIAN, "ru")
    facts = ArticleFacts(any_storage)
    for argument, kept in (
        ("+сайлауда", {kazakh}),
        ('+"мектептерде дауыс"', {kazakh}),
        ("+астанадағы", {kazakh}),
        ("+выборы", {russian}),
        ("-сайлау", {russian}),
    ):
        word_filter = WordFilter.of(parse_filter_terms(argument).terms)
        verdict = await facts.verdict(word_filter, [kazakh, russian])
        assert {i for i in (kazakh, russian) if verdict.keeps(i)} == kept, argument
    stems = await any_storage.personal.stems_of([kazakh])
    assert stems[kazakh] == (stemmed_text(KAZAKH[0], "kk"), stemmed_text(KAZAKH[1], "kk"))
    stories = await any_storage.personal.stories_after(0, 10)
    assert stories[0].title_stems == stemmed_text(KAZAKH[0], "kk")


async def test_a_changed_language_is_indexed_again(any_storage: Storage) -> None:
    article = await _add(any_storage, 1, *KAZAKH, "ru")  # detected wrong, then summarized again
    assert not (await any_storage.articles.search("сайлауда")).articles
    await any_storage.articles.set_summary(article, "Қысқаша.", "kk")
    assert [a.id for a in (await any_storage.articles.search("сайлауда")).articles] == [article]


@pytest.mark.parametrize("database_url", ["sqlite", "postgresql"], indirect=True)
async def test_an_upgrade_indexes_kazakh_articles_again(database_url: str) -> None:
    storage = await Storage.open(database_url)
    try:
        kazakh = await _add(storage, 1, *KAZAKH, "kk")
        russian = await _add(storage, 2, *RUSSIAN, "ru")
        # The database as the previous version left it: Kazakh words stemmed one ending at a time.
        old_title, old_text = "астанада сайла өтті", "президентінің жарлығ мектептер дауыс бер басталд"
        async with storage.db.transaction() as conn:
            if storage.db.dialect == "postgresql":
                await conn.execute(
                    "UPDATE articles_search SET words = CAST(? AS tsvector) WHERE article_id = ?",
                    (f"{old_title} {old_text}", kazakh),
                )
            else:
                await conn.execute(
                    "UPDATE articles_fts SET title = ?, body = ? WHERE rowid = ?",
                    (old_title, old_text, kazakh),
                )
            await conn.execute("DELETE FROM schema_migrations WHERE version = 13")
        assert not (await storage.articles.search("сайлауда")).articles
    finally:
        await storage.close()
    storage = await Storage.open(database_url)  # migrates again, re-indexing
    try:
        assert [a.id for a in (await storage.articles.search("сайлауда")).articles] == [kazakh]
        assert [a.id for a in (await storage.articles.search("Астана")).articles] == [kazakh]
        assert [a.id for a in (await storage.articles.search("выборах")).articles] == [russian]
    finally:
        await storage.close()
