"""Delivery to chats: a fan-out to 1,000 chats and 10,000 readers through the local Bot API test server.

Half the chats (channels and groups) are in digest mode and get their digest with the readers; the other
half are in instant mode and get each of ``--stories`` new stories as a post of its own. The server (in
a process of its own, as Telegram would be) holds every group and channel to 20 messages a minute,
each private chat to one a second and the whole bot to its global rate; once everything is queued
the sender runs at SEND_RATE_PER_SECOND. Prints the sustained rate as a ratio of the allowed one (the
rate the limits leave: the global rate, unless some chat's own pace makes the run longer; target
>= 0.9), the 429s drawn (target 0), the most messages one group got in any minute (at most 20),
and lost or doubled messages. Never fails on timing.
Run: ``python -m benchmarks.bench_chats [--scale 10] [--chats 1000] [--readers 10000] [--stories 8]
[--max-per-hour 10]``; ``--stories 30 --max-per-hour 30 --readers 2000`` makes the groups' 20 a minute
the bound instead of the global rate.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import hashlib
import tempfile
import time
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks.bench_delivery import (
    DEFAULT_SEND_RATE,
    READER_TIMEZONE,
    TELEGRAM_GLOBAL_PER_SECOND,
    TOKEN,
    bench_now,
    seed_articles,
    sqlite_of,
    telegram_process,
)
from bot.chats.instant_job import InstantJob
from bot.config import load_settings
from bot.delivery.rate_limiter import GROUP_INTERVAL
from bot.delivery.sender import DEFAULT_MAX_IN_FLIGHT, OutboxSender
from bot.digest.jobs import DigestFanout
from bot.telegram.client import create_bot
from storage import Storage
from storage.articles import NewArticle
from storage.chats import ChatKind, ChatMode
from storage.timestamps import to_db

GROUP_PER_MINUTE = 20


def chat_ids(count: int) -> list[tuple[int, ChatKind]]:
    """Channels and supergroups (``-100…``) and basic groups, alternating."""
    chats = []
    for i in range(count):
        if i % 2:
            chats.append((-4_200_000_001 - i, ChatKind.GROUP))
        else:
            chats.append((-1_003_000_000_001 - i, ChatKind.CHANNEL if i % 4 == 0 else ChatKind.SUPERGROUP))
    return chats


async def seed(storage: Storage, now: datetime, chats: int, readers: int, stories: int) -> set[int]:
    """Readers, chats (half of them instant), the day's articles, and ``stories`` new ones stored after
    the switch to instant; returns the instant chats."""
    await seed_articles(storage, 3000, now)  # about 50 in the last day
    created = to_db(now)
    async with storage.db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO readers (chat_id, language, timezone, subscribed, created_at, updated_at)"
            " VALUES (?, ?, ?, 1, ?, ?)",
            [
                (20_000 + i, ("ru", "kk", "en")[i % 3], READER_TIMEZONE, created, created)
                for i in range(readers)
            ],
        )
        await conn.executemany(
            "INSERT INTO digest_times (chat_id, local_time) VALUES (?, '09:00')",
            [(20_000 + i,) for i in range(readers)],
        )
    instant: set[int] = set()
    for i, (chat_id, kind) in enumerate(chat_ids(chats)):
        await storage.chats.connect(
            chat_id,
            kind=kind,
            title=f"Chat {i}",
            username=None,
            is_forum=False,
            connected_by=None,
            language=("ru", "kk", "en")[i % 3],
            timezone=READER_TIMEZONE,
            digest_time="09:00",
        )
        if i % 2 == 0:
            await storage.chats.set_mode(chat_id, ChatMode.INSTANT)
            instant.add(chat_id)
    # Everyone has had today's 09:00 slot in their schedule since yesterday.
    await storage.db.write("UPDATE readers SET schedule_changed_at = ?", (to_db(now - timedelta(days=1)),))
    await storage.personal.set_cursor("instant", await storage.personal.newest_article_id())
    await asyncio.sleep(1.1)  # stored a second after the switch, as timestamps count seconds
    source = await storage.sources.ensure("feed", "https://wire.example/rss", "Wire")
    for i in range(stories):
        text = f"Breaking story {i}: what happened in the city today"
        await storage.articles.add(
            NewArticle(
                source_id=source.id,
                title=f"Breaking story {i}",
                text=text,
                summary=f"What happened, story {i}.",
                lang="ru",
                content_hash=hashlib.sha1(text.encode()).hexdigest(),
                published_at=now - timedelta(minutes=10),
                url=f"https://wire.example/{i}",
            )
        )
    return instant


def most_in_a_minute(stamps: list[float]) -> int:
    stamps = sorted(stamps)
    return max((bisect.bisect_left(stamps, t + 60) - i for i, t in enumerate(stamps)), default=0)


async def bench(scale: float, chats: int, readers: int, stories: int, max_per_hour: int) -> None:
    now = bench_now()
    rate = DEFAULT_SEND_RATE * scale
    print(
        f"scale x{scale:g}: server allows {TELEGRAM_GLOBAL_PER_SECOND * scale:g} msg/s in all,"
        f" {GROUP_PER_MINUTE} a minute per group or channel, 1 msg/s per private chat;"
        f" SEND_RATE_PER_SECOND={rate:g};"
        f" OUTBOX_MAX_IN_FLIGHT={round(DEFAULT_MAX_IN_FLIGHT * scale)}"
    )
    with tempfile.TemporaryDirectory() as folder:
        storage = await Storage.open(Path(folder) / "chats.db")
        try:
            started = time.perf_counter()
            instant = await seed(storage, now, chats, readers, stories)
            print(
                f"seeded {readers} readers and {chats} chats ({len(instant)} instant) in"
                f" {time.perf_counter() - started:.1f} s"
            )
            await fan_out(storage, rate, scale, now, readers, chats, instant, stories, max_per_hour)
        finally:
            await storage.close()


async def fan_out(
    storage: Storage,
    rate: float,
    scale: float,
    now: datetime,
    readers: int,
    chats: int,
    instant: set[int],
    stories: int,
    max_per_hour: int,
) -> None:
    async with telegram_process(TELEGRAM_GLOBAL_PER_SECOND * scale) as (server_url, telegram):
        settings = load_settings(
            bot_token=TOKEN,
            telegram_api_url=server_url,
            database_url=f"sqlite:///{sqlite_of(storage).path}",
            send_rate_per_second=rate,
            instant_max_per_hour=max_per_hour,
            _env_file=None,
        )
        bot = create_bot(settings, retry=False)
        sender = OutboxSender(
            storage, bot, rate_per_second=rate, max_in_flight=round(settings.outbox_max_in_flight * scale)
        )
        # Queued first, then sent: the figure is the sender's under the limits, not the composing speed
        # (bench_delivery measures the two at once).
        started = time.perf_counter()
        posts = await InstantJob(storage, settings, now=lambda: now).run_once()
        result = await DigestFanout(storage, settings, now=lambda: now).run_once()
        queued_in = time.perf_counter() - started
        started = time.perf_counter()
        sender.start()
        while await storage.deliveries.pending_count():  # noqa: ASYNC110 - polling the database
            await asyncio.sleep(0.2)
        await sender.stop()
        total = time.perf_counter() - started
        await bot.session.close()
    report(telegram, rate, result.queued, posts, queued_in, total, storage_rows=await outbox_rows(storage))
    by_chat = Counter(telegram["chats"])
    expected_chats = [c for c, _ in chat_ids(chats)]
    lost = sum(1 for c in expected_chats if by_chat[c] == 0) + sum(
        1 for i in range(readers) if by_chat[20_000 + i] == 0
    )
    short = sum(1 for c in instant if by_chat[c] < min(stories, max_per_hour))
    print(
        f"chats or readers who got nothing: {lost};"
        f" instant chats short of {stories} posts: {short} (targets 0)"
    )


async def outbox_rows(storage: Storage) -> int:
    row = await storage.db.fetchone("SELECT count(*) FROM outbox")
    return int(row[0]) if row else 0


def report(
    telegram: dict[str, Any],
    rate: float,
    digests: int,
    posts: int,
    queued_in: float,
    total: float,
    storage_rows: int,
) -> None:
    stamps, chats = telegram["stamps"], telegram["chats"]
    order = sorted(range(len(stamps)), key=stamps.__getitem__)
    first, last = stamps[order[0]], stamps[order[-1]]
    took = last - first
    sustained = (len(stamps) - 1) / took if took > 0 else 0.0
    per_chat: dict[int, list[float]] = defaultdict(list)
    for stamp, chat in zip(stamps, chats, strict=True):
        per_chat[chat].append(stamp)
    # The shortest run the limits allow: every message at the global rate, and no chat faster than its pace.
    slowest_chat = max(
        (len(s) - 1) * (GROUP_INTERVAL / 1.02 if chat < 0 else 1.0) for chat, s in per_chat.items()
    )
    allowed_seconds = max((len(stamps) - 1) / rate, slowest_chat)
    allowed = (len(stamps) - 1) / allowed_seconds
    group_minute = max((most_in_a_minute(s) for chat, s in per_chat.items() if chat < 0), default=0)
    print(
        f"digests queued: {digests}, instant posts queued: {posts} (queued in {queued_in:.1f} s, before"
        f" sending); messages sent: {len(stamps)} of {storage_rows} queued, in {total:.1f} s"
    )
    print(
        f"sustained {sustained:.1f} msg/s; allowed {allowed:.1f} msg/s (SEND_RATE_PER_SECOND={rate:g},"
        f" slowest chat's pace needs {slowest_chat:.1f} s)"
    )
    print(f"send rate: {sustained / allowed:.3f} of the allowed rate (target >= 0.9)")
    others = telegram["errors"] - telegram["count_429"]
    print(f"429s drawn: {telegram['count_429']} (target 0); other errors: {others}")
    print(f"most messages to one group or channel in any minute: {group_minute} (at most {GROUP_PER_MINUTE})")
    doubled = len(stamps) - storage_rows
    print(f"doubled messages: {doubled} (target 0)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--scale", type=float, default=10.0, help="multiply the global limits and the send rate"
    )
    parser.add_argument("--chats", type=int, default=1000)
    parser.add_argument("--readers", type=int, default=10_000)
    parser.add_argument("--stories", type=int, default=8, help="new stories each instant chat gets")
    parser.add_argument("--max-per-hour", type=int, default=10, help="INSTANT_MAX_PER_HOUR")
    args = parser.parse_args()
    asyncio.run(bench(args.scale, args.chats, args.readers, args.stories, args.max_per_hour))
