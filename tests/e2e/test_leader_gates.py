"""What keeps work single across processes: due sources claimed by one poller each, an outbox sender
that sends only while the lock is surely held, getUpdates only while leading."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.delivery.sender import OutboxSender
from bot.ingest.pipeline import IngestPipeline
from bot.leadership import Leadership, PollWhileLeading
from bot.telegram.client import create_bot
from bot.telegram.dispatcher import create_dispatcher
from storage import Storage
from storage.deliveries import DeliveryKind, OutgoingMessage
from storage.leader import LeaderLock
from tests.botapi import BotAPIServer
from tests.conftest import fresh_postgres_database, require_postgres
from tests.e2e.conftest import READER_ID, make_settings
from tests.e2e.feed_server import FeedServer, Item, rss

FEEDS = 12


@pytest.fixture
async def postgres_url() -> AsyncIterator[str]:
    await require_postgres()
    async with fresh_postgres_database() as url:
        yield url


def feed_items(n: int) -> list[Item]:
    text = f"Новость {n}. " + "Подробности события изложены в этом абзаце полностью и без сокращений. " * 8
    return [Item(f"Заголовок {n}", f"https://news{n}.example/a", text, guid=f"g{n}")]


async def test_two_pollers_on_one_database_poll_each_due_source_once(
    postgres_url: str, tmp_path: Path
) -> None:
    settings = make_settings(tmp_path, "http://127.0.0.1:9", database_url=postgres_url)
    first, second = await Storage.open(postgres_url), await Storage.open(postgres_url)
    async with FeedServer() as feeds:
        for n in range(FEEDS):
            await first.sources.ensure("feed", feeds.add(f"/f{n}.xml", rss(feed_items(n))), f"F{n}")
        async with (
            IngestPipeline.create(first, settings, extract_pages=False) as a,
            IngestPipeline.create(second, settings, extract_pages=False) as b,
        ):
            assert a.poller.worker != b.poller.worker
            # Both processes tick at once, three times: every due source goes to one of them.
            for _ in range(3):
                await asyncio.gather(a.poller.start_due(), b.poller.start_due())
                await asyncio.gather(*a.poller._running.values(), *b.poller._running.values())
        assert [feeds.hits[f"/f{n}.xml"] for n in range(FEEDS)] == [1] * FEEDS
    try:
        rows = await first.db.fetchall("SELECT count(*), count(DISTINCT url) FROM articles")
        assert tuple(rows[0]) == (FEEDS, FEEDS)
        sources = await first.sources.list("feed")
        assert all(s.next_fetch_at and s.next_fetch_at > datetime.now(UTC) for s in sources)
        claimed = await first.db.fetchone("SELECT count(*) FROM sources WHERE claimed_by IS NOT NULL")
        assert claimed[0] == 0
    finally:
        await first.close()
        await second.close()


async def test_a_claim_left_by_a_dead_process_lapses(postgres_url: str, tmp_path: Path) -> None:
    settings = make_settings(tmp_path, "http://127.0.0.1:9", database_url=postgres_url)
    storage = await Storage.open(postgres_url)
    async with FeedServer() as feeds:
        source = await storage.sources.ensure("feed", feeds.add("/f.xml", rss(feed_items(0))), "F")
        # A process claimed it and died mid-poll: nobody polls it until the lease ends.
        await storage.sources.claim_due(datetime.now(UTC), "dead:1:abc", timedelta(minutes=10))
        async with IngestPipeline.create(storage, settings, extract_pages=False) as pipeline:
            assert await pipeline.poller.start_due() == 0
            await storage.db.write(
                "UPDATE sources SET claimed_until = ? WHERE id = ?",
                ((datetime.now(UTC) - timedelta(seconds=1)).isoformat(), source.id),
            )
            assert await pipeline.poller.start_due() == 1
            await asyncio.gather(*pipeline.poller._running.values())
        assert feeds.hits["/f.xml"] == 1
    await storage.close()


async def test_the_sender_sends_only_while_the_lock_is_surely_held(
    botapi: BotAPIServer, tmp_path: Path
) -> None:
    settings = make_settings(tmp_path, botapi.url)
    storage = await Storage.open(settings.database_target)
    bot = create_bot(settings, retry=False)
    sure = False
    readers = [41_001, 41_002, 41_003]
    for chat_id in readers:
        await storage.readers.ensure(chat_id, language="ru", timezone="Asia/Almaty", digest_time="09:00")
        await storage.deliveries.enqueue(chat_id, DeliveryKind.MANUAL, "m1", [OutgoingMessage("Дайджест")])
    sender = OutboxSender(storage, bot, rate_per_second=100, poll_interval=0.05, may_send=lambda: sure)
    sender.start()
    try:
        await asyncio.sleep(0.5)  # it has loaded the rows and asked a few times meanwhile
        assert botapi.sent == []
        sure = True
        await botapi.wait_until(lambda: len(botapi.sent) == len(readers), message="the digests")
    finally:
        await sender.stop()
        await bot.session.close()
        await storage.close()
    assert sorted(len(botapi.messages_to(chat_id)) for chat_id in readers) == [1, 1, 1]


async def test_a_standby_takes_no_updates_until_it_leads(botapi: BotAPIServer, tmp_path: Path) -> None:
    settings = make_settings(tmp_path, botapi.url)
    storage = await Storage.open(settings.database_target)
    bot = create_bot(settings)

    class Nothing:
        async def start(self) -> None: ...

        async def stop(self) -> None: ...

    leadership = Leadership(LeaderLock(storage.db), Nothing())
    bot.session.middleware(PollWhileLeading(leadership))
    async with IngestPipeline.create(storage, settings, extract_pages=False) as ingest:
        dp = create_dispatcher(settings, storage, ingest=ingest)
        polling = asyncio.create_task(dp.start_polling(bot, handle_signals=False, close_bot_session=False))
        try:
            botapi.send_message_update(READER_ID, "/help", language_code="en")
            await asyncio.sleep(0.5)
            assert botapi.calls("getUpdates") == [] and botapi.pending_updates == 1
            await leadership.step()  # leads now (SQLite: at once)
            [reply] = await botapi.wait_for_messages(READER_ID, 1)
            assert "Commands" in reply.text
        finally:
            await dp.stop_polling()
            await asyncio.wait_for(polling, 10)
            await leadership.stop()
            await bot.session.close()
    await storage.close()
