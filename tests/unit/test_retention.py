"""Retention: old articles go with their index rows and story links, recently shown ones stay;
delivered messages go after 30 days and keep no text once sent; the file shrinks after a large prune."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.config import load_settings
from bot.digest.jobs import DigestFanout, FanoutResult
from bot.scheduler import JobContext, prune_job, register_operations_jobs
from storage import Storage
from storage.articles import NewArticle
from storage.deliveries import OutgoingMessage
from storage.retention import prune
from storage.stories import StoryRepository
from storage.timestamps import to_db

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
CHAT = 5001


@pytest.fixture
async def storage(any_storage: Storage) -> AsyncIterator[Storage]:
    """On SQLite and on PostgreSQL."""
    await any_storage.sources.ensure("feed", "https://news.example.kz/rss", "News")
    await any_storage.readers.ensure(CHAT, language="ru", timezone="Asia/Almaty", digest_time="09:00")
    yield any_storage


def search_rows(storage: Storage) -> str:
    """A count of the search index's rows (FTS5 on SQLite, the tsvector table on PostgreSQL)."""
    table = "articles_search" if storage.db.dialect == "postgresql" else "articles_fts"
    return f"SELECT count(*) FROM {table}"


async def add_article(storage: Storage, n: int, published: datetime, text: str = "") -> int:
    async def signature(conn: Any, article_id: int) -> None:
        await StoryRepository.record(conn, article_id, None, published, f"features-{n}", [n, n + 1_000_000])

    article_id = await storage.articles.add(
        NewArticle(
            source_id=1,
            title=f"Выборы в маслихат {n}",
            text=text or f"Избиратели пришли на участки, номер {n}.",
            summary="Кратко.",
            lang="ru",
            content_hash=f"hash-{n}",
            published_at=published,
            url=f"https://news.example.kz/{n}",
            guid=f"guid-{n}",
        ),
        then=signature,
    )
    assert article_id is not None
    return article_id


async def deliver(
    storage: Storage, day: str, created: datetime, article_ids: list[int], *, sent: bool
) -> int:
    delivery_id = await storage.deliveries.enqueue(
        CHAT, "digest", day, [OutgoingMessage("<b>digest</b> " * 50)], article_ids=article_ids
    )
    assert delivery_id is not None
    await storage.db.write("UPDATE deliveries SET created_at = ? WHERE id = ?", (to_db(created), delivery_id))
    await storage.db.write(
        "UPDATE outbox SET created_at = ? WHERE delivery_id = ?", (to_db(created), delivery_id)
    )
    if sent:
        [row] = await storage.db.fetchall("SELECT id FROM outbox WHERE delivery_id = ?", (delivery_id,))
        await storage.deliveries.mark_sent(row["id"])
        await storage.deliveries.finish(delivery_id)
    return delivery_id


async def count(storage: Storage, sql: str, *params: object) -> int:
    row = await storage.db.fetchone(sql, params)
    assert row is not None
    return int(row[0])


async def test_old_articles_go_with_their_index_rows_and_shown_ones_stay(storage: Storage) -> None:
    old = [await add_article(storage, n, NOW - timedelta(days=200 + n)) for n in range(5)]
    fresh = await add_article(storage, 99, NOW - timedelta(days=10))
    # An old article a digest showed three days ago (a story that resurfaced) stays.
    await deliver(storage, "2026-11-28", NOW - timedelta(days=3), [old[0], fresh], sent=True)
    # One shown twenty days ago does not keep it.
    await deliver(storage, "2026-11-11", NOW - timedelta(days=20), [old[1]], sent=True)

    report = await prune(storage, retention_days=180, now=NOW)

    assert report.articles == 4
    assert report.kept_shown == 1
    left = {row[0] for row in await storage.db.fetchall("SELECT id FROM articles")}
    assert left == {old[0], fresh}
    assert await count(storage, search_rows(storage)) == 2
    assert await count(storage, "SELECT count(*) FROM story_signatures") == 2
    assert await count(storage, "SELECT count(*) FROM story_bands") == 4
    # The search index answers only for what is left.
    found = await storage.articles.search("маслихат")
    assert {a.id for a in found.articles} == {old[0], fresh}


async def test_zero_retention_days_keeps_every_article(storage: Storage) -> None:
    await add_article(storage, 1, NOW - timedelta(days=5000))
    report = await prune(storage, retention_days=0, now=NOW)
    assert report.articles == 0
    assert await count(storage, "SELECT count(*) FROM articles") == 1
    assert "keeps every article" in report.lines()[0]


async def test_delivered_messages_go_after_thirty_days_pending_ones_never(storage: Storage) -> None:
    article = await add_article(storage, 1, NOW - timedelta(days=1))
    await deliver(storage, "2026-10-01", NOW - timedelta(days=61), [article], sent=True)
    await deliver(storage, "2026-10-02", NOW - timedelta(days=60), [], sent=False)  # still pending
    recent = await deliver(storage, "2026-11-25", NOW - timedelta(days=6), [article], sent=True)

    report = await prune(storage, retention_days=180, now=NOW)

    assert (report.deliveries, report.outbox_rows) == (1, 1)
    kept = {row[0] for row in await storage.db.fetchall("SELECT local_date FROM deliveries")}
    assert kept == {"2026-10-02", "2026-11-25"}
    assert await count(storage, "SELECT count(*) FROM outbox WHERE status = 'pending'") == 1
    assert await count(storage, "SELECT count(*) FROM delivery_articles WHERE delivery_id = ?", recent) == 1
    # Pruning again finds nothing more.
    again = await prune(storage, retention_days=180, now=NOW)
    assert (again.articles, again.deliveries, again.outbox_rows) == (0, 0, 0)


async def test_a_sent_message_keeps_its_row_but_not_its_text(storage: Storage) -> None:
    delivery = await deliver(storage, "2026-12-01", NOW, [], sent=True)
    row = await storage.db.fetchone(
        "SELECT status, text, reply_markup FROM outbox WHERE delivery_id = ?", (delivery,)
    )
    assert row is not None
    assert (row["status"], row["text"], row["reply_markup"]) == ("sent", "", None)
    # The delivery still records the slot: enqueueing the same day again does nothing.
    assert await storage.deliveries.enqueue(CHAT, "digest", "2026-12-01", [OutgoingMessage("x")]) is None


async def test_a_large_prune_gives_the_space_back(storage: Storage) -> None:
    body = "Длинный текст статьи о событиях дня. " * 400
    for n in range(400):
        await add_article(storage, n, NOW - timedelta(days=400), text=f"{body} {n}")
    await add_article(storage, 10_000, NOW - timedelta(days=1))

    report = await prune(storage, retention_days=180, now=NOW)

    assert report.articles == 400
    assert await count(storage, search_rows(storage)) == 1
    if storage.db.dialect == "postgresql":  # autovacuum's work there; the size is reported
        assert not report.vacuumed and report.size_after > 0
        return
    assert report.vacuumed
    assert report.size_after < report.size_before / 4
    assert "compacted" in report.lines()[-1]


async def test_the_fanout_records_which_articles_a_digest_shows_and_prune_keeps_them(
    storage: Storage, tmp_path: Path
) -> None:

    now = datetime.now(UTC)
    # Published long ago, stored just now (a late import): old enough to prune, fresh enough to show.
    shown = [await add_article(storage, n, now - timedelta(days=400)) for n in range(3)]
    settings = load_settings(_env_file=None, database_url=f"sqlite:///{tmp_path / 'db.sqlite'}")
    reader = await storage.readers.get(CHAT)
    assert reader is not None
    fanout = DigestFanout(storage, settings, now=lambda: now)
    # Stories must be within the digest window: move their publication into it for the digest.
    await storage.db.write("UPDATE articles SET published_at = ?", (to_db(now - timedelta(hours=1)),))
    await fanout.queue_digest(reader, now, now.date().isoformat(), FanoutResult())
    recorded = {row[0] for row in await storage.db.fetchall("SELECT article_id FROM delivery_articles")}
    assert recorded == set(shown)
    # Back to their real age: the digest sent today keeps them through the prune.
    await storage.db.write("UPDATE articles SET published_at = ?", (to_db(now - timedelta(days=400)),))
    report = await prune(storage, retention_days=180, now=now)
    assert (report.articles, report.kept_shown) == (0, 3)


async def test_the_daily_job_prunes_and_never_raises(storage: Storage, tmp_path: Path) -> None:
    await add_article(storage, 1, datetime.now(UTC) - timedelta(days=200))
    settings = load_settings(_env_file=None, retention_days=180)
    context = JobContext(storage=storage, settings=settings, bot=None, ingest=None)  # type: ignore[arg-type]
    scheduler = AsyncIOScheduler(timezone=UTC)
    register_operations_jobs(scheduler, context)
    assert {job.id for job in scheduler.get_jobs()} == {"heartbeat", "retention"}
    await prune_job(context)
    assert await count(storage, "SELECT count(*) FROM articles") == 0
    await storage.close()
    await prune_job(context)  # a database that went away is logged, not raised into the scheduler
