"""``copy-db``: a SQLite database with articles, readers and deliveries copied into PostgreSQL, then
copied again (nothing new); counts equal, search and new ids work on the copy."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from storage import Storage
from storage.articles import NewArticle
from storage.deliveries import OutgoingMessage
from storage.stories import StoryRepository
from tests.conftest import fresh_postgres_database, require_postgres

NOW = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)
TABLES = [
    "sources",
    "articles",
    "story_signatures",
    "story_bands",
    "readers",
    "reader_sources",
    "deliveries",
    "outbox",
    "delivery_articles",
    "digest_times",
    "reader_feeds",
    "reader_filters",
    "reader_alerts",
    "job_cursors",
]


async def fill(path: Path) -> None:
    storage = await Storage.open(path)
    feed = await storage.sources.ensure("feed", "https://news.example.kz/rss", "News")
    other = await storage.sources.ensure("feed", "https://other.example.kz/rss", "Other")
    ids = []
    for n in range(25):
        published = NOW - timedelta(hours=n)

        async def signature(conn: Any, article_id: int, n: int = n, published: datetime = published) -> None:
            await StoryRepository.record(conn, article_id, None, published, f"f{n}", [n, n + 100])

        title = "Выборы в маслихат" if n % 5 == 0 else f"Погода на день {n}"
        added = await storage.articles.add(
            NewArticle(
                source_id=feed.id if n % 2 else other.id,
                title=title,
                text=f"{title}: подробности номер {n}.",
                summary="Кратко.",
                lang="ru",
                content_hash=f"hash-{n}",
                published_at=published,
                url=f"https://news.example.kz/{n}",
            ),
            then=signature,
        )
        assert added is not None
        ids.append(added)
    for chat in (101, 102, 103):
        await storage.readers.ensure(chat, language="ru", timezone="Asia/Almaty", digest_time="09:00")
        await storage.readers.set_subscribed(chat, True)
    await storage.readers.set_source_enabled(102, other.id, False)
    await storage.readers.set_schedule(103, times=("08:00", "19:30"), days=0b0011111)
    own = await storage.personal.add_personal_source("https://own.example.kz/rss", "Own")
    assert await storage.personal.follow(101, own.id, 10)
    await storage.personal.set_filter_terms(101, ["погода", "-спорт"])
    assert await storage.personal.add_alert(102, "выборы", 5) == 1
    await storage.personal.set_cursor("alerts", ids[-1])
    await storage.deliveries.enqueue(
        101,
        "digest",
        "2026-12-01",
        [OutgoingMessage("<b>one</b>"), OutgoingMessage("two")],
        article_ids=ids[:3],
    )
    await storage.deliveries.enqueue(102, "digest", "2026-12-01", [], status="empty")
    await storage.close()


async def counts(target: Path | str) -> dict[str, int]:
    storage = await Storage.open(target)
    try:
        result = {}
        for table in TABLES:
            row = await storage.db.fetchone(f"SELECT count(*) FROM {table}")
            result[table] = int(row[0])
        return result
    finally:
        await storage.close()


async def search_titles(target: Path | str, query: str) -> list[str]:
    storage = await Storage.open(target)
    try:
        return [a.title for a in (await storage.articles.search(query, 10)).articles]
    finally:
        await storage.close()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(require_postgres())
        database = fresh_postgres_database()
        url = loop.run_until_complete(database.__aenter__())
        try:
            yield url
        finally:
            loop.run_until_complete(database.__aexit__(None, None, None))
    finally:
        loop.close()


def test_copy_db_copies_everything_once(
    tmp_path: Path, postgres_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "newsbot.db"
    asyncio.run(fill(path))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}")
    assert main(["copy-db", "--to", postgres_url, "--no-progress"]) == 0
    first = capsys.readouterr().out
    assert "articles: 25 rows in SQLite, 25 copied now, 25 in PostgreSQL" in first
    assert "search rows built: 25" in first

    sqlite_counts = asyncio.run(counts(path))
    assert asyncio.run(counts(postgres_url)) == sqlite_counts
    assert sqlite_counts["outbox"] == 2 and sqlite_counts["delivery_articles"] == 3
    assert sqlite_counts["digest_times"] == 4 and sqlite_counts["reader_filters"] == 2

    # Again: nothing new to copy, nothing doubled.
    assert main(["copy-db", "--to", postgres_url, "--no-progress"]) == 0
    second = capsys.readouterr().out
    assert "articles: 25 rows in SQLite, 0 copied now, 25 in PostgreSQL" in second
    assert "search rows built: 0" in second
    assert asyncio.run(counts(postgres_url)) == sqlite_counts

    # Search on the copy finds what it finds on SQLite.
    for query in ("выборы", "погода день", "маслихат подробности"):
        assert asyncio.run(search_titles(postgres_url, query)) == asyncio.run(search_titles(path, query))
    assert len(asyncio.run(search_titles(postgres_url, "выборы"))) == 5

    # New rows on the copy get ids past the copied ones.
    async def add_new() -> tuple[int | None, int | None, int | None]:
        storage = await Storage.open(postgres_url)
        try:
            article = await storage.articles.add(
                NewArticle(1, "Новая статья", "Текст.", "Кратко.", "ru", "hash-new", NOW)
            )
            delivery = await storage.deliveries.enqueue(103, "digest", "2026-12-01", [OutgoingMessage("x")])
            alert = await storage.personal.add_alert(101, "маслихат", 5)
            reader = await storage.readers.get(103)
            assert reader is not None and reader.digest_times == ("08:00", "19:30")
            assert await storage.personal.filter_terms(101) == ["погода", "-спорт"]
            return article, delivery, alert
        finally:
            await storage.close()

    assert asyncio.run(add_new()) == (26, 3, 2)


def test_copy_db_refuses_wrong_urls(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'newsbot.db'}")
    assert main(["copy-db", "--to", "sqlite:///other.db", "--no-progress"]) == 2
    assert "--to must be a postgresql:// URL" in capsys.readouterr().err
    # No SQLite database there: one line, and no empty file left behind.
    assert main(["copy-db", "--to", "postgresql://nobody:secret@127.0.0.1:1/x", "--no-progress"]) == 1
    err = capsys.readouterr().err
    assert "no SQLite database" in err and "secret" not in err
    assert not (tmp_path / "newsbot.db").exists()
