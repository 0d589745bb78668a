"""Delivery benchmark: a 10,000-reader digest fan-out through the local Bot API test server.

Prints the achieved send rate as a fraction of SEND_RATE_PER_SECOND, 429s drawn, lost and doubled
digests, the cost of composing one reader's digest with 100,000 stored articles, and peak memory.
Then the outbox under injected lock errors (a share of writes refused as "database is locked" and a
spell in which all are): messages sent / messages queued, which must be exactly 1.0.
The test server runs in a process of its own, as Telegram would, so the bot's memory and CPU figures
are the bot's alone.
Run: ``python -m benchmarks.bench_delivery [--scale 10] [--readers 10000] [--articles 100000]``.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import multiprocessing
import random
import resource
import sqlite3
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from bot.config import load_settings
from bot.delivery.sender import DEFAULT_MAX_IN_FLIGHT, OutboxSender
from bot.digest.compose import DigestComposer
from bot.digest.jobs import DigestFanout
from bot.digest.render import core_translator, render_digest
from bot.localtime import zone
from bot.telegram.client import create_bot
from bot.telegram.i18n import load_core
from storage import Database, Storage
from storage.timestamps import to_db
from tests.botapi import BotAPIServer

TOKEN = "123456:BENCH-token"
TELEGRAM_GLOBAL_PER_SECOND = 30.0
DEFAULT_SEND_RATE = 25.0
ARCHIVE_DAYS = 60
READER_TIMEZONE = "Asia/Almaty"


async def seed_articles(storage: Storage, count: int, now: datetime) -> None:
    """``count`` articles from 20 sources over ARCHIVE_DAYS days; about one in five shares a story."""
    sources = [
        await storage.sources.ensure("feed", f"https://s{i}.example/rss", f"Source {i}") for i in range(20)
    ]
    step = timedelta(days=ARCHIVE_DAYS) / count
    fetched = to_db(now)
    rows: list[tuple[object, ...]] = []
    for i in range(count):
        published = now - step * (count - i)
        # Groups of three articles per story, keyed by the id of the first (ids start at 1), as stored.
        story = (i // 5) * 5 + 1 if i % 5 in (0, 1, 2) else None
        text = f"Article {i} about event {i // 5}"
        rows.append(
            (
                sources[i % 20].id,
                f"https://s{i % 20}.example/{i}",
                f"Headline {i}: event {i // 5} & more",
                text,
                f"Summary of article {i}, two sentences long. It says what happened.",
                "ru",
                hashlib.sha1(text.encode()).hexdigest(),
                to_db(published),
                fetched,
                story,
            )
        )
        if len(rows) == 5000 or i == count - 1:
            await _insert_articles(storage, rows)
            rows = []


async def _insert_articles(storage: Storage, rows: list[tuple[object, ...]]) -> None:
    async with storage.db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO articles (source_id, url, title, text, summary, lang, content_hash, published_at,"
            " fetched_at, story_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )


# A reader's word filter of five terms as /filter stores them: two include words, three excludes.
BENCH_FILTER = ("+event", "+about", "-3", '-"event 7"', '-"about event 11"')


def sqlite_of(storage: Storage) -> Database:
    """The SQLite database under ``storage`` (these benchmarks reach into its file and connection)."""
    assert isinstance(storage.db, Database), "a SQLite storage"
    return storage.db


async def bench_compose(
    storage: Storage, now: datetime, max_items: int, *, chat_id: int = 1, terms: tuple[str, ...] = ()
) -> tuple[float, float, int]:
    """Median and p95 milliseconds to compose and render one reader's digest, and its message count;
    with ``terms``, the reader has that word filter."""
    await storage.readers.ensure(chat_id, language="ru", timezone=READER_TIMEZONE, digest_time="09:00")
    await storage.personal.set_filter_terms(chat_id, terms)
    reader = await storage.readers.get(chat_id)
    assert reader is not None
    composer = DigestComposer(storage, max_items)
    translate = core_translator(await load_core("ru"), "ru")
    timings, messages = [], []
    for _ in range(200):
        start = time.perf_counter()
        digest = await composer.compose(reader, now)
        messages = render_digest(digest, translate)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95)], len(messages)


def serve_telegram(conn: Connection, global_per_second: float) -> None:
    """Child process: run the test server until told to stop, then report what it received."""

    async def run() -> None:
        async with BotAPIServer(
            token=TOKEN, global_per_second=global_per_second, record_requests=False
        ) as server:
            conn.send(server.url)
            await asyncio.get_running_loop().run_in_executor(None, conn.recv)
            conn.send(
                {
                    "stamps": [record.timestamp for record in server.sent],
                    "chats": [record.chat_id for record in server.sent],
                    "count_429": server.count_429,
                    "errors": len(server.errors),
                    "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                }
            )

    asyncio.run(run())


@asynccontextmanager
async def telegram_process(global_per_second: float) -> AsyncIterator[tuple[str, dict[str, Any]]]:
    """The test Bot API server in a child process: its URL, and (filled after) what it received."""
    parent, child = multiprocessing.get_context("spawn").Pipe()
    process = multiprocessing.get_context("spawn").Process(
        target=serve_telegram, args=(child, global_per_second), daemon=True
    )
    process.start()
    received: dict[str, Any] = {}
    try:
        url: str = await asyncio.to_thread(parent.recv)
        yield url, received
        parent.send("stop")
        received.update(await asyncio.to_thread(parent.recv))
    finally:
        process.join(timeout=30)
        if process.is_alive():
            process.kill()


async def bench_fanout(
    storage: Storage, settings_rate: float, scale: float, readers: int, now: datetime
) -> None:
    async with telegram_process(TELEGRAM_GLOBAL_PER_SECOND * scale) as (server_url, telegram):
        settings = load_settings(
            bot_token=TOKEN,
            telegram_api_url=server_url,
            database_url=f"sqlite:///{sqlite_of(storage).path}",
            send_rate_per_second=settings_rate,
            _env_file=None,
        )
        async with storage.db.transaction() as conn:
            await conn.executemany(
                "INSERT INTO readers (chat_id, language, timezone, subscribed, created_at,"
                " updated_at) VALUES (?, ?, ?, 1, ?, ?) ON CONFLICT DO NOTHING",
                [
                    (10_000 + i, ("ru", "kk", "en")[i % 3], READER_TIMEZONE, to_db(now), to_db(now))
                    for i in range(readers)
                ],
            )
            await conn.executemany(
                "INSERT INTO digest_times (chat_id, local_time) VALUES (?, '09:00') ON CONFLICT DO NOTHING",
                [(10_000 + i,) for i in range(readers)],
            )
        bot = create_bot(settings, retry=False)
        # In flight scales with the rate: the same round trip needs ten times the sends under way at x10.
        sender = OutboxSender(
            storage,
            bot,
            rate_per_second=settings.send_rate_per_second,
            max_in_flight=round(settings.outbox_max_in_flight * scale),
        )
        fanout = DigestFanout(storage, settings, now=lambda: now, on_queued=sender.notify)
        started = time.perf_counter()
        sender.start()
        result = await fanout.run_once()
        queued_in = time.perf_counter() - started
        while await storage.deliveries.pending_count():  # noqa: ASYNC110 - polling the database
            await asyncio.sleep(0.2)
        await sender.stop()
        total = time.perf_counter() - started
        await bot.session.close()
    stamps = sorted(telegram["stamps"])
    sustained = (len(stamps) - 1) / (stamps[-1] - stamps[0]) if len(stamps) > 1 else 0.0
    per_chat = Counter(telegram["chats"])
    digests_expected = result.queued
    expected_messages = (await storage.db.fetchone("SELECT count(*) FROM outbox"))[0]
    lost = sum(1 for i in range(readers) if per_chat[10_000 + i] == 0)
    doubled = len(stamps) - expected_messages
    print(f"readers: {readers}, digests queued: {digests_expected} (queued in {queued_in:.1f} s)")
    print(f"messages sent: {len(stamps)} in {total:.1f} s; sustained {sustained:.1f} msg/s")
    print(
        f"send rate: {sustained / settings_rate:.3f} of SEND_RATE_PER_SECOND={settings_rate:g}"
        " (target >= 0.9)"
    )
    others = telegram["errors"] - telegram["count_429"]
    print(f"429s drawn: {telegram['count_429']} (target 0); other errors: {others}")
    print(f"lost digests: {lost}, doubled messages: {doubled} (targets 0 and 0)")
    print(f"test server process peak memory: {telegram['maxrss_mb']:.0f} MB (not counted below)")


class InjectedLocks:
    """Writing statements of one connection fail as SQLite does under another process's lock
    ("database is locked"): a share of them at random, and every one while ``storm`` is on."""

    def __init__(self, storage: Storage, share: float) -> None:
        self.share = share
        self.storm = False
        self.injected = 0
        self._random = random.Random(7)
        conn = sqlite_of(storage).conn
        original = conn.execute

        def execute(sql: str, parameters: Any = None) -> Any:
            writes = sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE", "BEGIN"))
            if writes and (self.storm or self._random.random() < self.share):
                self.injected += 1
                return self._refuse()
            return original(sql) if parameters is None else original(sql, parameters)

        conn.execute = execute  # type: ignore[method-assign]

    @staticmethod
    async def _refuse() -> None:
        error = sqlite3.OperationalError("database is locked")
        error.sqlite_errorcode = sqlite3.SQLITE_BUSY
        raise error


async def bench_lock_errors(readers: int, now: datetime, share: float = 0.2) -> None:
    """The outbox while the database refuses writes: messages sent / messages queued must be 1.0."""
    with tempfile.TemporaryDirectory() as folder:
        async with BotAPIServer(token=TOKEN, rate_limits=False, record_requests=False) as server:
            settings = load_settings(
                bot_token=TOKEN,
                telegram_api_url=server.url,
                database_url=f"sqlite:///{folder}/locks.db",
                _env_file=None,
            )
            # Short patience: a locked spell outlasts it, so the sender's pause-and-resume runs too.
            storage = await Storage.open(settings.database_path, lock_patience=0.5)
            try:
                await seed_articles(storage, 3000, now)  # about 50 in the last day
                async with storage.db.transaction() as conn:
                    await conn.executemany(
                        "INSERT INTO readers (chat_id, language, timezone, subscribed, created_at,"
                        " updated_at) VALUES (?, 'ru', ?, 1, ?, ?)",
                        [(50_000 + i, READER_TIMEZONE, to_db(now), to_db(now)) for i in range(readers)],
                    )
                    await conn.executemany(
                        "INSERT INTO digest_times (chat_id, local_time) VALUES (?, '09:00')",
                        [(50_000 + i,) for i in range(readers)],
                    )
                await DigestFanout(storage, settings, now=lambda: now).run_once()
                queued = (await storage.db.fetchone("SELECT count(*) FROM outbox"))[0]
                locks = InjectedLocks(storage, share)
                bot = create_bot(settings, retry=False)
                sender = OutboxSender(storage, bot, rate_per_second=500, poll_interval=0.05)
                started = time.perf_counter()
                sender.start()
                while len(server.sent) < queued // 3:  # noqa: ASYNC110 - watching the test server
                    await asyncio.sleep(0.05)
                locks.storm = True  # two seconds in which no write gets through
                await asyncio.sleep(2.0)
                paused_now = sender.writes_failing_since is not None
                locks.storm = False
                while await storage.deliveries.pending_count():  # noqa: ASYNC110 - polling the database
                    await asyncio.sleep(0.1)
                await sender.stop()
                seconds = time.perf_counter() - started
                await bot.session.close()
                left = await storage.deliveries.pending_count()
            finally:
                await storage.close()
    sent = len(server.sent)
    doubled = sent - len({(m.chat_id, m.text) for m in server.sent})
    print(
        f"outbox under injected lock errors ({share:.0%} of writes at random plus a 2 s spell of all,"
        f" {locks.injected} refused; sender paused during the spell: {paused_now}):"
        f" messages sent / messages queued = {sent} / {queued} = {sent / queued:.3f}"
        f" (target 1.0 exactly); doubled {doubled}, still pending {left}, {seconds:.1f} s"
    )


def bench_now() -> datetime:
    """Today at 12:00 in the readers' zone (Asia/Almaty): past their 09:00 digest time whenever the
    benchmark runs, so every reader is due."""
    local = datetime.now(zone(READER_TIMEZONE)).replace(hour=12, minute=0, second=0, microsecond=0)
    return local.astimezone(UTC)


async def main(scale: float, readers: int, articles: int) -> None:
    now = bench_now()
    rate = DEFAULT_SEND_RATE * scale
    print(
        f"scale x{scale:g}: server allows {TELEGRAM_GLOBAL_PER_SECOND * scale:g} msg/s in all and 1 msg/s per"
        f" chat; SEND_RATE_PER_SECOND={rate:g} (default 25 x{scale:g}), OUTBOX_MAX_IN_FLIGHT="
        f"{round(DEFAULT_MAX_IN_FLIGHT * scale)} (default {DEFAULT_MAX_IN_FLIGHT} x{scale:g})"
        + ("" if scale == 1 else " -- scaled up for a fast run")
    )
    with tempfile.TemporaryDirectory() as folder:
        storage = await Storage.open(Path(folder) / "bench.db")
        try:
            start = time.perf_counter()
            await seed_articles(storage, articles, now)
            took = time.perf_counter() - start
            print(f"stored {articles} articles over {ARCHIVE_DAYS} days in {took:.1f} s")
            median, p95, messages = await bench_compose(storage, now, 10)
            print(
                f"compose one reader's digest ({messages} message(s), 10 items): median {median:.2f} ms,"
                f" p95 {p95:.2f} ms (target < 5 ms)"
            )
            filtered, filtered_p95, messages = await bench_compose(
                storage, now, 10, chat_id=2, terms=BENCH_FILTER
            )
            print(
                f"compose with a {len(BENCH_FILTER)}-term word filter ({messages} message(s)): median"
                f" {filtered:.2f} ms, p95 {filtered_p95:.2f} ms (target < 5 ms); {filtered / median:.2f}x"
                " the reader without a filter"
            )
            await bench_fanout(storage, rate, scale, readers, now)
            await bench_lock_errors(min(readers, 2000), now)
        finally:
            await storage.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of the bot side (seeding, composing, fan-out): {peak_mb:.0f} MB (target < 300 MB)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=10.0, help="multiply the limits and the send rate")
    parser.add_argument("--readers", type=int, default=10_000)
    parser.add_argument("--articles", type=int, default=100_000)
    args = parser.parse_args()
    asyncio.run(main(args.scale, args.readers, args.articles))
