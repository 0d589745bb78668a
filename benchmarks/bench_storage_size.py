"""How big the SQLite database gets: per 10,000 articles, per day of load, after a year of retention.

``python -m benchmarks.bench_storage_size [--scale N] [--days D]``

Articles are real news texts (../shared/data: the eval articles and the Telegram posts; a synthetic
Russian text when absent) stored through the real repositories with their search-index rows (the FTS
triggers) and story signatures, as the processor stores them. Digests go through the real outbox:
``enqueue`` with the articles they show, ``mark_sent``, ``finish``. The retention prune runs once a
simulated day with ``RETENTION_DAYS=180``, as the daily job does, and story signatures are dropped
after 3 days, as the poller does.

The load is 5,000 articles and 10,000 readers (one digest of 10 stories, 1-2 messages each) a day.
The year runs at 1/``scale`` (default 40) of that load (rows scale linearly) and prints figures
multiplied back.
The baseline, measured in the same run, is the same day with the sent messages' text kept in the
outbox (what the bot did before). Prints figures, never fails on size or time.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import random
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiosqlite

from benchmarks.bench_delivery import sqlite_of
from bot.ingest.stories import band_keys, encode_features, minhash, story_features
from bot.text.words import stemmed_text
from storage import Storage
from storage.articles import NewArticle
from storage.deliveries import DeliveryKind, OutgoingMessage
from storage.retention import prune
from storage.stories import StoryRepository
from storage.timestamps import to_db

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
ARTICLES_PER_DAY = 5_000
READERS = 10_000
STORIES_PER_DIGEST = 10
RETENTION_DAYS = 180
TARGET_MB_PER_DAY = 40.0
MB = 1 << 20
STEADY_AFTER_DAYS = 4


@dataclass(frozen=True, slots=True)
class PoolText:
    title: str
    text: str
    summary: str
    features: str
    keys: list[int]


def load_pool(limit: int = 3000) -> list[PoolText]:
    """Real article texts with their story signatures computed once (each is stored many times)."""
    texts: list[tuple[str, str]] = []
    for name in ("eval/rbc_dev.jsonl", "eval/gazeta_dev.jsonl", "corpus/tg_news_posts_ru.jsonl"):
        path = DATA / name
        if path.exists():
            for line in path.read_text("utf-8").splitlines():
                row = json.loads(line)
                text = row["text"]
                texts.append((row.get("title") or text.split("\n", 1)[0][:120], text))
    if not texts:
        rng = random.Random(7)
        vocabulary = ["аким", "района", "жителями", "ремонт", "дорог", "бюджет", "тенге", "школы", "выборы"]
        texts = [
            (f"Новость {i}", " ".join(rng.choice(vocabulary) for _ in range(300)) + ".") for i in range(200)
        ]
    pool = []
    for title, text in texts[:limit]:
        features = story_features(title, text)
        keys = band_keys(minhash(features)) if features else []
        pool.append(PoolText(title[:200], text, text[:300], encode_features(features), keys))
    return pool


async def open_storage(path: Path) -> Storage:
    storage = await Storage.open(path)
    # The same stemmed words as production; cached because the pool's texts repeat.
    cached = functools.lru_cache(maxsize=8192)(
        lambda value, lang="": stemmed_text(value, str(lang or "")) if isinstance(value, str) else ""
    )
    await sqlite_of(storage).conn.create_function("stemmed", 2, cached, deterministic=True)
    return storage


async def database_bytes(storage: Storage) -> int:
    await storage.db.write("PRAGMA wal_checkpoint(TRUNCATE)")
    row = await storage.db.fetchone(
        "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()"
    )
    return int(row[0]) if row else 0


class Simulation:
    def __init__(self, storage: Storage, pool: list[PoolText], readers: int) -> None:
        self.storage = storage
        self.pool = pool
        self.readers = readers
        self.serial = 0
        self.rng = random.Random(1)

    async def setup(self) -> None:
        await self.storage.sources.ensure("feed", "https://news.example.kz/rss", "News")
        async with self.storage.db.transaction() as conn:
            chat_ids = [(1_000_000 + i,) for i in range(self.readers)]
            await conn.executemany(
                "INSERT INTO readers (chat_id, language, timezone, subscribed, created_at, updated_at)"
                " VALUES (?, 'ru', 'Asia/Almaty', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
                chat_ids,
            )
            await conn.executemany(
                "INSERT INTO digest_times (chat_id, local_time) VALUES (?, '09:00')", chat_ids
            )

    async def store_articles(self, count: int, day: datetime) -> list[int]:
        ids = []
        for _ in range(count):
            self.serial += 1
            n = self.serial
            item = self.pool[n % len(self.pool)]
            published = day + timedelta(seconds=self.rng.randrange(86_400))

            async def signature(
                conn: aiosqlite.Connection,
                article_id: int,
                item: PoolText = item,
                published: datetime = published,
            ) -> None:
                await StoryRepository.record(conn, article_id, None, published, item.features, item.keys)

            article_id = await self.storage.articles.add(
                NewArticle(
                    source_id=1,
                    title=item.title,
                    text=item.text,
                    summary=item.summary,
                    lang="ru",
                    content_hash=f"{n:040x}",
                    published_at=published,
                    url=f"https://news.example.kz/2026/{n}",
                    guid=f"https://news.example.kz/2026/{n}",
                ),
                then=signature,
            )
            assert article_id is not None
            ids.append(article_id)
        return ids

    async def send_digests(self, article_ids: list[int], day: datetime, *, keep_text: bool = False) -> None:
        deliveries = self.storage.deliveries
        first = None
        for i in range(self.readers):
            shown = self.rng.sample(article_ids, min(STORIES_PER_DIGEST, len(article_ids)))
            parts = 1 if i % 2 else 2  # a digest of 10 stories is one or two messages
            text = "<b>Дайджест</b>\n" + "\n\n".join(self.pool[a % len(self.pool)].summary for a in shown)
            messages = [OutgoingMessage(text[k * 3500 : (k + 1) * 3500] or text[:200]) for k in range(parts)]
            delivery_id = await deliveries.enqueue(
                1_000_000 + i, DeliveryKind.DIGEST, day.date().isoformat(), messages, article_ids=shown
            )
            assert delivery_id is not None
            first = first or delivery_id
            for row in await self.storage.db.fetchall(
                "SELECT id FROM outbox WHERE delivery_id = ?", (delivery_id,)
            ):
                if keep_text:  # what the bot did before: the text stays with the sent row
                    await self.storage.db.write(
                        "UPDATE outbox SET status = 'sent', sent_at = ? WHERE id = ?", (to_db(day), row[0])
                    )
                else:
                    await deliveries.mark_sent(row[0])
            await deliveries.finish(delivery_id)
        stamp = to_db(day + timedelta(hours=4))
        await self.storage.db.write("UPDATE deliveries SET created_at = ? WHERE id >= ?", (stamp, first))
        await self.storage.db.write("UPDATE outbox SET created_at = ? WHERE delivery_id >= ?", (stamp, first))

    async def day(self, day: datetime, articles: int, *, keep_text: bool = False) -> None:
        ids = await self.store_articles(articles, day)
        await self.send_digests(ids, day, keep_text=keep_text)
        await StoryRepository(self.storage.db).prune(day - timedelta(days=3))


async def per_10k_articles(folder: Path, pool: list[PoolText]) -> tuple[float, float]:
    """MB that 10,000 stored articles add: with their story signatures, and once those expired."""
    storage = await open_storage(folder / "articles.db")
    try:
        sim = Simulation(storage, pool, readers=0)
        await sim.setup()
        empty = await database_bytes(storage)
        day = datetime(2026, 11, 1, tzinfo=UTC)
        await sim.store_articles(10_000, day)
        with_signatures = (await database_bytes(storage) - empty) / MB
        await StoryRepository(storage.db).prune(day + timedelta(days=2))
        await storage.db.write("VACUUM")
        return with_signatures, (await database_bytes(storage) - empty) / MB
    finally:
        await storage.close()


async def one_day(folder: Path, pool: list[PoolText], scale: int, *, keep_text: bool) -> float:
    """Growth of a day once the story signatures (kept 3 days) are in their steady state."""
    storage = await open_storage(folder / f"day-{keep_text}.db")
    try:
        sim = Simulation(storage, pool, READERS // scale)
        await sim.setup()
        start = datetime(2026, 11, 1, tzinfo=UTC)
        for d in range(STEADY_AFTER_DAYS):
            await sim.day(start + timedelta(days=d), ARTICLES_PER_DAY // scale, keep_text=keep_text)
        before = await database_bytes(storage)
        await sim.day(
            start + timedelta(days=STEADY_AFTER_DAYS), ARTICLES_PER_DAY // scale, keep_text=keep_text
        )
        return (await database_bytes(storage) - before) / MB * scale
    finally:
        await storage.close()


async def year(folder: Path, pool: list[PoolText], scale: int, days: int) -> None:
    storage = await open_storage(folder / "year.db")
    try:
        sim = Simulation(storage, pool, READERS // scale)
        await sim.setup()
        start = datetime(2026, 12, 1, tzinfo=UTC) - timedelta(days=days)
        peak = 0
        started = time.perf_counter()
        for d in range(days):
            day = start + timedelta(days=d)
            await sim.day(day, ARTICLES_PER_DAY // scale)
            await prune(storage, retention_days=RETENTION_DAYS, now=day + timedelta(hours=5))
            if (d + 1) % 30 == 0 or d + 1 == days:
                size = await database_bytes(storage)
                peak = max(peak, size)
                articles = await storage.articles.count() * scale
                print(
                    f"  day {d + 1:3d}: {size * scale / MB:8.0f} MB (x{scale}), {articles:,} articles,"
                    f" {time.perf_counter() - started:.0f} s",
                    flush=True,
                )
        final = await database_bytes(storage)
        print(
            f"after {days} days at {ARTICLES_PER_DAY:,} articles/day, RETENTION_DAYS={RETENTION_DAYS}:"
            f" {final * scale / MB:.0f} MB (peak {peak * scale / MB:.0f} MB), simulated at 1/{scale} load"
        )
    finally:
        await storage.close()


async def run(scale: int, days: int) -> None:
    pool = load_pool()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with_signatures, kept = await per_10k_articles(folder, pool)
        print(
            f"database size per 10,000 articles: {kept:.1f} MB"
            f" ({with_signatures:.1f} MB while their story signatures are kept, 3 days)",
            flush=True,
        )
        old = await one_day(folder, pool, scale, keep_text=True)
        new = await one_day(folder, pool, scale, keep_text=False)
        print(
            f"growth per day at {ARTICLES_PER_DAY:,} articles and {READERS:,} readers: {new:.1f} MB"
            f" (target <= {TARGET_MB_PER_DAY:.0f}); with sent text kept (before): {old:.1f} MB;"
            f" ratio {new / old:.2f}",
            flush=True,
        )
        await year(folder, pool, scale, days)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=40, help="simulate the year at 1/N of the load")
    parser.add_argument("--days", type=int, default=365)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    asyncio.run(run(max(1, args.scale), args.days))
    print(f"total {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
