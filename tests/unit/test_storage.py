"""Storage: migrations recorded once, newer schemas refused, dedup keys, stemmed full-text search."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from storage import Storage
from storage.articles import NewArticle, fts_query, words_needed
from storage.schema import SchemaTooNewError, known_migrations


def article(source_id: int, n: int, **kw: object) -> NewArticle:
    values: dict[str, object] = {
        "source_id": source_id,
        "title": f"Заголовок {n}",
        "text": f"Текст статьи {n}.",
        "summary": f"Текст статьи {n}.",
        "lang": "ru",
        "content_hash": f"hash-{n}",
        "published_at": datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=n),
        "url": f"https://example.kz/{n}",
        "guid": f"guid-{n}",
    }
    values.update(kw)
    return NewArticle(**values)  # type: ignore[arg-type]


@pytest.fixture
async def storage(any_storage: Storage) -> Storage:
    """Each test here runs on SQLite and on PostgreSQL."""
    return any_storage


async def test_open_creates_folder_and_sets_pragmas(tmp_path: Path) -> None:
    storage = await Storage.open(tmp_path / "nested" / "db.sqlite")
    assert (tmp_path / "nested" / "db.sqlite").exists()
    mode = await storage.db.fetchone("PRAGMA journal_mode")
    keys = await storage.db.fetchone("PRAGMA foreign_keys")
    assert mode is not None and mode[0] == "wal"
    assert keys is not None and keys[0] == 1
    page = await storage.db.fetchone("PRAGMA page_size")
    assert page is not None and page[0] == 8192
    await storage.close()


async def test_migrations_are_recorded_and_rerun_is_a_no_op(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    first = await Storage.open(path)
    await first.close()
    again = await Storage.open(path)
    rows = await again.db.fetchall("SELECT version FROM schema_migrations ORDER BY version")
    await again.close()
    assert [r[0] for r in rows] == [m.version for m in known_migrations()]


async def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    (await Storage.open(path)).db  # noqa: B018
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_migrations VALUES (9999, 'future', '2030-01-01T00:00:00Z')")
    conn.commit()
    conn.close()
    with pytest.raises(SchemaTooNewError, match="9999"):
        await Storage.open(path)


async def test_each_article_is_stored_once(storage: Storage) -> None:
    source = await storage.sources.ensure("import", "import:a", "A")
    other = await storage.sources.ensure("import", "import:b", "B")
    assert await storage.articles.add(article(source.id, 1)) is not None
    # Same URL, same GUID in the same source, same text: all duplicates.
    assert await storage.articles.add(article(other.id, 2, url="https://example.kz/1")) is None
    assert await storage.articles.add(article(source.id, 3, guid="guid-1")) is None
    assert await storage.articles.add(article(other.id, 4, content_hash="hash-1")) is None
    # The same GUID in another source is another article.
    assert await storage.articles.add(article(other.id, 5, guid="guid-1")) is not None
    assert await storage.articles.count() == 2


async def test_sources_are_added_idempotently(storage: Storage) -> None:
    first = await storage.sources.ensure("feed", "https://a.kz/rss", "A")
    second = await storage.sources.ensure("feed", "https://a.kz/rss", "A again")
    assert first.id == second.id and len(await storage.sources.list()) == 1


async def test_search_matches_russian_word_forms(storage: Storage) -> None:
    source = await storage.sources.ensure("import", "import:a", "A")
    await storage.articles.add(article(source.id, 1, title="Выборы в парламент", text="Итоги голосования."))
    await storage.articles.add(
        article(source.id, 2, title="Погода", text="О выборах ни слова? Нет: о выборах.")
    )
    await storage.articles.add(article(source.id, 3, title="Футбол", text="Матч закончился вничью."))
    found = await storage.articles.search("выборы")
    assert [a.title for a in found.articles] == ["Выборы в парламент", "Погода"] and found.complete
    assert [a.title for a in (await storage.articles.search("ВЫБОРАХ")).articles] == [
        "Выборы в парламент",
        "Погода",
    ]
    # When no article has both words, the closest ones, marked as not matching the whole query.
    loose = await storage.articles.search("выборы матч")
    assert {a.title for a in loose.articles} == {"Выборы в парламент", "Погода", "Футбол"}
    assert not loose.complete
    assert [a.title for a in (await storage.articles.search("выборы итоги")).articles] == [
        "Выборы в парламент"
    ]


async def test_search_ignores_stop_words_and_ranks_by_words_matched(storage: Storage) -> None:
    source = await storage.sources.ensure("import", "import:a", "A")
    await storage.articles.add(
        article(source.id, 1, title="Снег в Астане", text="В столице и на трассах снег, дороги закрыты.")
    )
    # Many articles with one of the three words, each repeating it, so bm25 alone would rank them first.
    for number in range(2, 14):
        await storage.articles.add(
            article(source.id, number, title=f"Дороги {number}", text="Дороги, дороги и снова дороги.")
        )
    await storage.articles.add(article(source.id, 20, title="Снег и трассы", text="Снег лёг на трассы."))
    assert (await storage.articles.search("и в на")).articles == []
    found = await storage.articles.search("снег на трассах дороги")
    titles = [a.title for a in found.articles]
    assert found.complete and titles[0] == "Снег в Астане"
    # Those missing one word of three follow; those with one word only are left out.
    assert titles == ["Снег в Астане", "Снег и трассы"]
    # Only stop words and the same word in the index: "и" alone finds nothing.
    assert (await storage.articles.search("и")).articles == []


async def test_search_and_latest_leave_out_sources_a_reader_switched_off(storage: Storage) -> None:
    kept = await storage.sources.ensure("import", "import:kept", "Kept")
    dropped = await storage.sources.ensure("import", "import:dropped", "Dropped")
    await storage.articles.add(article(kept.id, 1, title="Выборы в маслихат", text="Голосование."))
    await storage.articles.add(article(dropped.id, 2, title="Выборы в сенат", text="Голосование."))
    await storage.readers.ensure(7, language="ru", timezone="Asia/Almaty", digest_time="09:00")
    await storage.readers.set_source_enabled(7, dropped.id, False)
    assert len((await storage.articles.search("выборы")).articles) == 2
    assert [a.title for a in (await storage.articles.search("выборы", chat_id=7)).articles] == [
        "Выборы в маслихат"
    ]
    assert [a.title for a in await storage.articles.latest(10, chat_id=7)] == ["Выборы в маслихат"]
    assert len(await storage.articles.latest(10, chat_id=8)) == 2


def test_words_needed_for_a_result() -> None:
    assert [words_needed(n, complete=True) for n in (1, 2, 3, 4)] == [1, 2, 2, 3]
    assert [words_needed(n, complete=False) for n in (1, 2, 3, 4, 5)] == [1, 1, 2, 2, 3]


async def test_search_index_follows_updates_and_deletes(storage: Storage) -> None:
    source = await storage.sources.ensure("import", "import:a", "A")
    article_id = await storage.articles.add(article(source.id, 1, title="Выборы", text="Текст."))
    assert article_id is not None
    await storage.articles.update_content(
        article_id, title="Погода", text="Снег.", summary="Снег.", lang="ru", content_hash="new"
    )
    assert (await storage.articles.search("выборы")).articles == []
    assert [a.id for a in (await storage.articles.search("снегом")).articles] == [article_id]
    await storage.sources.remove(source.id)
    assert (await storage.articles.search("снег")).articles == []


def test_fts_query_quotes_everything() -> None:
    assert fts_query(["and", '"', "x*"]) == '"and" AND """" AND "x*"'
    assert fts_query([]) is None


async def test_reader_settings_round_trip(storage: Storage) -> None:
    reader = await storage.readers.ensure(7, language="kk", timezone="Asia/Almaty", digest_time="09:00")
    assert not reader.subscribed and reader.language == "kk"
    await storage.readers.set_subscribed(7, True)
    await storage.readers.set_blocked(7, True)
    # Writing to the bot again makes a blocked reader active; settings stay.
    again = await storage.readers.ensure(7, language="ru", timezone="UTC", digest_time="10:00")
    assert again.subscribed and not again.blocked and again.language == "kk"
    source = await storage.sources.ensure("feed", "https://a.kz/rss", "A")
    await storage.readers.set_source_enabled(7, source.id, False)
    assert await storage.readers.source_choices(7) == {source.id: False}
