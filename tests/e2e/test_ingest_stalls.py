"""One slow or hostile source never delays another: the scheduled polling job with a real scheduler.

A healthy feed gets a new item after its first poll; it must be stored within about one poll
interval although another source is busy with a page that takes minutes to extract, or with a feed
of tens of thousands of items.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import cast

import pytest
from aiogram import Bot

from bot.config import Settings
from bot.ingest.pipeline import IngestPipeline
from bot.ingest.poller import MAX_ENTRIES_PER_POLL
from bot.scheduler import JobContext, create_scheduler, register_polling_jobs
from storage import Storage
from tests.e2e.conftest import make_settings
from tests.e2e.feed_server import FeedServer, Item, rss

POLL_SECONDS = 10
NOW = datetime.now(UTC).replace(microsecond=0)
# One element with 50,000 attributes: lxml and trafilatura spend about a minute of CPU on it.
HOSTILE_ATTRIBUTES = 50_000
BIG_FEED_ITEMS = 30_000


def hostile_page() -> bytes:
    attributes = " ".join(f'a{i}="x"' for i in range(HOSTILE_ATTRIBUTES))
    return f"<html><body><div {attributes}>Текст</div><p>Лид статьи.</p></body></html>".encode()


def big_feed() -> bytes:
    return rss(
        [
            Item(f"Запись {i}", f"https://big.example/{i}", f"Текст записи {i}.", guid=f"big-{i}")
            for i in range(BIG_FEED_ITEMS)
        ]
    )


def healthy_item(number: int) -> Item:
    return Item(
        f"Новость {number}: в городе открыли мост",
        f"https://healthy.example/{number}",
        f"Мост номер {number} открыли после ремонта. Движение по нему восстановлено.",
        guid=f"healthy-{number}",
        published=NOW - timedelta(minutes=10 - number),
    )


@asynccontextmanager
async def scheduled_polling(settings: Settings, storage: Storage) -> AsyncIterator[IngestPipeline]:
    """The bot's polling job on a real APScheduler, over one pipeline."""
    async with IngestPipeline.create(storage, settings) as pipeline:
        scheduler = create_scheduler()
        context = JobContext(storage=storage, settings=settings, bot=cast(Bot, None), ingest=pipeline)
        register_polling_jobs(scheduler, context)
        scheduler.start()
        try:
            yield pipeline
        finally:
            scheduler.shutdown(wait=False)


async def _wait_for_guid(storage: Storage, guid: str, seconds: float) -> bool:
    for _ in range(int(seconds / 0.2)):
        if await storage.db.fetchone("SELECT 1 FROM articles WHERE guid = ?", (guid,)):
            return True
        await asyncio.sleep(0.2)
    return False


@pytest.mark.parametrize("trouble", ["hostile page", "huge feed"])
async def test_a_busy_source_does_not_delay_a_healthy_feeds_next_poll(tmp_path: Path, trouble: str) -> None:
    async with FeedServer() as server:
        healthy = server.add("/healthy.xml", rss([healthy_item(1)]), etag='"h1"')
        if trouble == "hostile page":
            page = server.add("/hostile", hostile_page(), content_type="text/html; charset=utf-8")
            bad = server.add("/bad.xml", rss([Item("Лид", page, "Короткий лид.", guid="bad-1")]))
        else:
            bad = server.add("/bad.xml", big_feed())
        settings = make_settings(tmp_path, "http://127.0.0.1:9", feed_poll_seconds=POLL_SECONDS)
        storage = await Storage.open(settings.database_path)
        try:
            await storage.sources.ensure("feed", bad, bad)
            await storage.sources.ensure("feed", healthy, healthy)
            async with scheduled_polling(settings, storage):
                assert await _wait_for_guid(storage, "healthy-1", POLL_SECONDS), "first poll"
                server.add("/healthy.xml", rss([healthy_item(2), healthy_item(1)]), etag='"h2"')
                # Due one interval after the first poll, started by a tick within the next 10 s; one
                # interval more of slack for a loaded machine (the busy source alone takes minutes).
                stored = await _wait_for_guid(storage, "healthy-2", 3 * POLL_SECONDS + 5)
                assert stored, f"the healthy feed's next poll waited for the {trouble}"
                if trouble == "huge feed":
                    big = await storage.db.fetchone("SELECT count(*) FROM articles WHERE guid LIKE 'big-%'")
                    assert big is not None and big[0] <= MAX_ENTRIES_PER_POLL, (
                        "more than one poll's share taken"
                    )
        finally:
            await storage.close()
