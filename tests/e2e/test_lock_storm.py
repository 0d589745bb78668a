"""A lock storm: an import in another process while a feed is polled and digests go out.

The bot's connection waits only a few milliseconds in SQLite's own busy handler, so the import's
write locks really refuse its writes ("database is locked") again and again. Every feed entry must
still be stored (none lost behind a 304) and every digest message sent exactly once.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.delivery.sender import OutboxSender
from bot.digest.jobs import DigestFanout
from bot.ingest.pipeline import IngestPipeline
from bot.telegram.client import create_bot
from storage import Storage
from tests.botapi import BotAPIServer
from tests.e2e.conftest import TOKEN, make_settings
from tests.e2e.digest_seed import seed_stories_and_readers
from tests.e2e.feed_server import FeedServer, Item, rss

REPO = Path(__file__).resolve().parents[2]
IMPORTED = 1500  # scaled down from 5,000 to keep the test short; the import runs throughout the storm
ENTRIES = 300
READERS = list(range(20_001, 20_301))
BOT_BUSY_TIMEOUT_MS = 0


def _import_file(folder: Path) -> Path:
    path = folder / "import.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i in range(IMPORTED):
            row = {
                "title": f"Архив {i}: заседание комиссии номер {i}",
                "text": f"Комиссия номер {i} собралась на заседание. Обсудили вопрос {i * 7} и бюджет {i}.",
                "url": f"https://archive.example/{i}",
                "source": "Архив",
            }
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def _feed_items(now: datetime) -> list[Item]:
    return [
        Item(
            title=f"Лента {i}: новость о событии {i}",
            link=f"https://feed.example/{i}",
            text=f"Событие {i} произошло сегодня в городе {i % 17}. Подробности {i * 3} уточняются.",
            guid=f"feed-{i}",
            published=now - timedelta(minutes=i),
        )
        for i in range(ENTRIES)
    ]


async def _until_importing(storage: Storage) -> None:
    """Return once the import has stored its first hundred articles (the storm is on)."""
    for _ in range(2400):
        if await storage.articles.count() >= 3 + 100:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the import stored nothing in two minutes")


async def test_import_polls_and_digests_at_once_lose_nothing_and_double_nothing(tmp_path: Path) -> None:
    now = datetime.now(UTC)
    digest_now = (now - timedelta(days=1)).replace(hour=4, minute=0, second=0, microsecond=0)
    async with BotAPIServer(token=TOKEN, rate_limits=False) as botapi, FeedServer() as feeds:
        settings = make_settings(tmp_path, botapi.url)
        feed_url = feeds.add("/storm.xml", rss(_feed_items(digest_now)), etag='"storm-1"')
        storage = await Storage.open(settings.database_path)
        # SQLite's own wait is cut short: the import's locks are met as errors, not absorbed by it.
        await storage.db.conn.execute(f"PRAGMA busy_timeout = {BOT_BUSY_TIMEOUT_MS}")
        await seed_stories_and_readers(storage, digest_now, READERS)
        await storage.sources.ensure("feed", feed_url, feed_url)
        importer = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "import",
            str(_import_file(tmp_path)),
            cwd=REPO,
            env={**os.environ, "PYTHONPATH": str(REPO), "DATABASE_URL": settings.database_url},
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
        )
        bot = create_bot(settings, retry=False)
        try:
            async with IngestPipeline.create(storage, settings, extract_pages=False) as pipeline:
                await _until_importing(storage)

                async def deliver() -> None:
                    await DigestFanout(storage, settings, now=lambda: digest_now).run_once()
                    sender = OutboxSender(storage, bot, rate_per_second=200, poll_interval=0.05)
                    await sender.run(until_idle=True)

                async def poll_while_importing() -> None:
                    while importer.returncode is None:
                        await pipeline.poller.poll_all()
                        await asyncio.sleep(0.2)

                delivery = asyncio.create_task(deliver())
                polling = asyncio.create_task(poll_while_importing())
                output, _ = await asyncio.wait_for(importer.communicate(), 120)
                await asyncio.wait_for(polling, 60)
                await asyncio.wait_for(delivery, 120)
                # After the storm: the feed answers 304 unless an entry is still owed.
                await storage.db.conn.execute("PRAGMA busy_timeout = 10000")
                await storage.db.conn.execute("UPDATE sources SET next_fetch_at = NULL")
                await pipeline.poller.poll_all()
        finally:
            if importer.returncode is None:
                importer.kill()
                await importer.wait()
            await bot.session.close()

        assert importer.returncode == 0, output
        assert f"stored {IMPORTED}," in output.decode()
        stored_guids = {
            row[0] for row in await storage.db.fetchall("SELECT guid FROM articles WHERE guid LIKE 'feed-%'")
        }
        assert len(stored_guids) == ENTRIES, f"{ENTRIES - len(stored_guids)} feed entries lost"
        queued = Counter(
            row[0] for row in await storage.db.fetchall("SELECT chat_id FROM outbox WHERE status = 'sent'")
        )
        pending = await storage.deliveries.pending_count()
        await storage.close()

    assert pending == 0
    assert set(queued) == set(READERS)
    for chat_id in READERS:
        texts = [m.text for m in botapi.messages_to(chat_id)]
        assert len(texts) == queued[chat_id], f"chat {chat_id}: {len(texts)} sent, {queued[chat_id]} queued"
        assert len(set(texts)) == len(texts), f"chat {chat_id} got a message twice"
