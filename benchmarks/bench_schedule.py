"""The digest job's cost per minute: finding due slots among 100,000 readers with one to three digest
times each, spread over the day in four zones.

Figures: a steady minute (the job looks at the minute since its last run) against the first run after
start (which looks at the whole local day so far, as every run did when the job asked for every reader
whose time had passed today). Both over the same database, with today's earlier slots delivered.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.config import load_settings
from bot.digest.jobs import DigestFanout
from bot.digest.schedule import slot_key
from bot.localtime import zone
from storage import Storage
from storage.timestamps import to_db

ZONES = ("Asia/Almaty", "Europe/Moscow", "Asia/Tashkent", "Europe/London")


async def seed(storage: Storage, readers: int, now: datetime) -> None:
    rng = random.Random(7)
    created = to_db(now - timedelta(days=30))
    reader_rows, time_rows, delivery_rows = [], [], []
    for chat_id in range(1, readers + 1):
        tz = ZONES[chat_id % len(ZONES)]
        reader_rows.append((chat_id, "ru", tz, created, created, to_db(now - timedelta(days=30))))
        local = now.astimezone(zone(tz))
        for minute in rng.sample(range(24 * 60), rng.randint(1, 3)):
            hhmm = f"{minute // 60:02d}:{minute % 60:02d}"
            time_rows.append((chat_id, hhmm))
            if hhmm < local.strftime("%H:%M"):  # served earlier today
                delivery_rows.append((chat_id, "digest", slot_key(local.date(), hhmm), "sent", created))
    async with storage.db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO readers (chat_id, language, timezone, subscribed, created_at, updated_at,"
            " schedule_changed_at) VALUES (?, ?, ?, 1, ?, ?, ?)",
            reader_rows,
        )
        await conn.executemany("INSERT INTO digest_times (chat_id, local_time) VALUES (?, ?)", time_rows)
        await conn.executemany(
            "INSERT INTO deliveries (chat_id, kind, local_date, status, created_at) VALUES (?, ?, ?, ?, ?)",
            delivery_rows,
        )


async def find(fanout: DigestFanout, now: datetime) -> int:
    return sum([1 async for _ in fanout.due_slots(now)])


async def main(readers: int) -> None:
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    settings = load_settings(bot_token="1:x", _env_file=None)
    with tempfile.TemporaryDirectory() as folder:
        storage = await Storage.open(Path(folder) / "bench.db")
        try:
            started = time.perf_counter()
            await seed(storage, readers, now)
            print(f"seeded {readers} readers in {time.perf_counter() - started:.1f} s")
            first, steady, due = [], [], 0
            for _ in range(10):
                fanout = DigestFanout(storage, settings, now=lambda: now)
                started = time.perf_counter()
                await find(fanout, now)  # the first run: the whole day so far
                first.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                due = await find(fanout, now + timedelta(minutes=1))  # the next minute
                steady.append((time.perf_counter() - started) * 1000)
            first_ms, steady_ms = statistics.median(first), statistics.median(steady)
            print(f"first run after start (the day so far): median {first_ms:.1f} ms")
            print(f"a steady minute ({due} slots due): median {steady_ms:.1f} ms")
            print(f"ratio steady / whole-day scan: {steady_ms / first_ms:.3f}")
        finally:
            await storage.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--readers", type=int, default=100_000)
    asyncio.run(main(parser.parse_args().readers))
