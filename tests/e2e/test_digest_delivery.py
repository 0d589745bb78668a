"""Digests at each reader's local time, through the outbox, over HTTP against the local Bot API server."""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings
from bot.delivery.sender import OutboxSender
from bot.digest.jobs import DigestFanout
from bot.localtime import zone as tz
from bot.telegram.client import create_bot
from storage import Storage
from storage.articles import NewArticle
from storage.timestamps import to_db
from tests.botapi import BotAPIServer, parse_html
from tests.conftest import BOTH_BACKENDS
from tests.e2e.conftest import TOKEN, make_settings

pytestmark = BOTH_BACKENDS

# A controlled "today": yesterday in real time, so articles stored now count as new after any digest.
DAY = (datetime.now(UTC) - timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def at_local(self, zone: str, hhmm: str, day: datetime = DAY) -> datetime:
        hours, minutes = map(int, hhmm.split(":"))
        local = datetime(day.year, day.month, day.day, hours, minutes, tzinfo=tz(zone))
        self.now = local.astimezone(UTC)
        return self.now


@dataclass
class DigestEnv:
    server: BotAPIServer
    settings: Settings
    storage: Storage
    clock: Clock
    fanout: DigestFanout
    make_sender: Callable[..., OutboxSender]
    senders: list[OutboxSender] = field(default_factory=list)

    async def tick_and_send(self, **sender_options: Any) -> int:
        """One scheduler tick at the clock's time, then drain the outbox; how many digests were queued."""
        result = await self.fanout.run_once()
        sender = self.make_sender(**sender_options)
        await sender.run(until_idle=True)
        return result.queued

    async def add_reader(
        self, chat_id: int, timezone: str, digest_time: str = "09:00", language: str = "ru"
    ) -> None:
        await self.storage.readers.ensure(
            chat_id, language=language, timezone=timezone, digest_time=digest_time
        )
        await self.storage.readers.set_subscribed(chat_id, True)
        await self.subscribed_at(chat_id, self.clock.now)

    async def subscribed_at(self, chat_id: int, moment: datetime) -> None:
        """Date the reader's subscription (and schedule) back or forward to ``moment`` on the test clock."""
        await self.storage.db.write(
            "UPDATE readers SET schedule_changed_at = ? WHERE chat_id = ?", (to_db(moment), chat_id)
        )

    async def add_articles(self, count: int, *, source: str = "https://news.example/rss", **kw: Any) -> None:
        src = await self.storage.sources.ensure("feed", source, source.split("/")[2])
        for i in range(count):
            title = kw.get("title", f"Story {i} from {src.title}")
            text = f"{title} body {i} {source}"
            await self.storage.articles.add(
                NewArticle(
                    source_id=src.id,
                    title=title,
                    text=text,
                    summary=kw.get("summary", f"Summary of story {i}."),
                    lang="ru",
                    content_hash=hashlib.sha1(text.encode()).hexdigest(),
                    published_at=self.clock.now - timedelta(minutes=30 + i),
                    url=f"https://news.example/{src.id}/{i}",
                    story_id=kw.get("story_id"),
                )
            )


@pytest.fixture
async def env(tmp_path: Path, database_url: str) -> AsyncIterator[DigestEnv]:
    async with BotAPIServer(token=TOKEN) as server:
        settings = make_settings(tmp_path, server.url, database_url=database_url)
        storage = await Storage.open(settings.database_target)
        clock = Clock(DAY)
        bots = []

        def make_sender(**options: Any) -> OutboxSender:
            bot = create_bot(settings, retry=False)
            bots.append(bot)
            options.setdefault("rate_per_second", settings.send_rate_per_second)
            options.setdefault("poll_interval", 0.05)
            return OutboxSender(storage, bot, **options)

        try:
            fanout = DigestFanout(storage, settings, now=clock)
            yield DigestEnv(server, settings, storage, clock, fanout, make_sender)
        finally:
            for bot in bots:
                await bot.session.close()
            await storage.close()


def texts(server: BotAPIServer, chat_id: int) -> list[str]:
    return [m.plain_text for m in server.messages_to(chat_id)]


async def test_readers_in_several_zones_get_their_digest_at_their_local_time(env: DigestEnv) -> None:
    await env.add_reader(1001, "Asia/Almaty", "09:00", "ru")
    await env.add_reader(1002, "+05:45", "09:00", "en")
    env.clock.now = DAY + timedelta(hours=2)
    await env.add_articles(3)

    env.clock.at_local("+05:45", "08:59")
    assert await env.tick_and_send() == 0
    env.clock.at_local("+05:45", "09:00")
    assert await env.tick_and_send() == 1
    assert len(texts(env.server, 1002)) == 1
    assert texts(env.server, 1002)[0].startswith("News digest for")

    env.clock.at_local("Asia/Almaty", "08:59")
    assert await env.tick_and_send() == 0
    env.clock.at_local("Asia/Almaty", "09:00")
    assert await env.tick_and_send() == 1
    env.clock.now += timedelta(seconds=30)
    assert await env.tick_and_send() == 0  # the next tick the same day sends nothing again

    # The New York reader subscribes in their night: their first digest is that morning's 09:00.
    await env.add_reader(1003, "America/New_York", "09:00", "kk")
    env.clock.at_local("America/New_York", "08:59")
    assert await env.tick_and_send() == 0
    env.clock.at_local("America/New_York", "09:00")
    assert await env.tick_and_send() == 1

    # UTC+14: 09:00 local on the day after DAY is still DAY's evening in UTC.
    await env.add_reader(1004, "Pacific/Kiritimati", "09:00", "en")
    env.clock.at_local("Pacific/Kiritimati", "08:59", DAY + timedelta(days=1))
    assert await env.tick_and_send() == 0
    env.clock.at_local("Pacific/Kiritimati", "09:00", DAY + timedelta(days=1))
    assert env.clock.now.date() == DAY.date()
    assert await env.tick_and_send() == 1

    for chat_id in (1001, 1002, 1003, 1004):
        assert len(texts(env.server, chat_id)) == 1, chat_id
    ru = texts(env.server, 1001)[0]
    assert ru.startswith("Дайджест новостей за")
    assert "/read_" in ru and "Story 0" in ru
    assert "жаңалықтар дайджесті" in texts(env.server, 1003)[0]
    assert env.server.count_429 == 0


async def test_missed_digest_goes_out_on_start_but_not_yesterdays(env: DigestEnv) -> None:
    await env.add_reader(2001, "Asia/Almaty", "09:00")
    env.clock.at_local("Asia/Almaty", "09:00")
    await env.add_articles(2)
    # The bot was down from 08:00 to 13:00: the first tick after start sends today's digest.
    env.clock.at_local("Asia/Almaty", "13:00")
    assert await env.tick_and_send() == 1
    # Down all of the next day until after midnight: that day's digest is not sent on the day after.
    env.clock.at_local("Asia/Almaty", "00:30", DAY + timedelta(days=2))
    assert await env.tick_and_send() == 0
    assert len(texts(env.server, 2001)) == 1


async def test_nothing_new_sends_nothing_and_next_day_only_new_stories(env: DigestEnv) -> None:
    await env.add_reader(3001, "Asia/Almaty", "09:00")
    env.clock.at_local("Asia/Almaty", "09:00")
    assert await env.tick_and_send() == 0
    assert texts(env.server, 3001) == []
    env.clock.at_local("Asia/Almaty", "09:00", DAY + timedelta(days=1))
    await env.add_articles(1, title="Fresh tomorrow")
    assert await env.tick_and_send() == 1
    assert "Fresh tomorrow" in texts(env.server, 3001)[0]


async def test_reader_who_blocked_the_bot_is_marked_and_skipped(env: DigestEnv) -> None:
    await env.add_reader(4001, "Asia/Almaty")
    await env.add_reader(4002, "Asia/Almaty")
    env.clock.at_local("Asia/Almaty", "09:00")
    await env.add_articles(2)
    env.server.block_chat(4002)
    assert await env.tick_and_send() == 2
    assert len(texts(env.server, 4001)) == 1
    assert texts(env.server, 4002) == []
    blocked = await env.storage.readers.get(4002)
    assert blocked is not None and blocked.blocked
    assert await env.storage.deliveries.pending_count() == 0

    env.clock.at_local("Asia/Almaty", "09:00", DAY + timedelta(days=1))
    await env.add_articles(1, source="https://other.example/rss")
    assert await env.tick_and_send() == 1  # only 4001
    sends_to_blocked = [e for e in env.server.errors if e.chat_id == 4002]
    assert len(sends_to_blocked) == 1  # one 403, never tried again

    # Writing to the bot again (the reader middleware's ensure) makes them active again, from their
    # next slot on: the one that passed while they were blocked is not sent late.
    env.server.unblock_chat(4002)
    await env.storage.readers.ensure(4002, language="ru", timezone="Asia/Almaty", digest_time="09:00")
    await env.subscribed_at(4002, env.clock.now + timedelta(minutes=1))
    assert await env.tick_and_send() == 0
    env.clock.at_local("Asia/Almaty", "09:00", DAY + timedelta(days=2))
    await env.add_articles(1, source="https://third.example/rss")
    assert await env.tick_and_send() == 2
    assert len(texts(env.server, 4002)) == 1


async def test_429_and_502_for_a_while_lose_nothing_and_double_nothing(env: DigestEnv) -> None:
    chats = list(range(5001, 5009))
    for chat_id in chats:
        await env.add_reader(chat_id, "Asia/Almaty")
    env.clock.at_local("Asia/Almaty", "09:00")
    await env.add_articles(2)
    env.server.fail_next_429(3, retry_after=1)
    env.server.fail_next(3, 502)
    env.server.fail_next(2, 502, as_json=False)  # nginx's HTML error page
    env.server.fail_next(1, 500)
    assert await env.tick_and_send(base_delay=0.05) == len(chats)
    for chat_id in chats:
        assert len(texts(env.server, chat_id)) == 1, chat_id
    assert env.server.count_429 >= 3
    assert await env.storage.deliveries.pending_count() == 0
    rows = await env.storage.db.fetchall("SELECT status, count(*) FROM deliveries GROUP BY status")
    assert {r[0]: r[1] for r in rows} == {"sent": len(chats)}


async def test_long_digest_is_several_messages_one_per_second_valid_html(env: DigestEnv) -> None:
    env.settings.digest_max_items = 30
    env.fanout = DigestFanout(env.storage, env.settings, now=env.clock)
    await env.add_reader(6001, "Asia/Almaty")
    env.clock.at_local("Asia/Almaty", "09:00")
    await env.add_articles(30, summary="Длинное изложение <с тегами> & амперсандами. " * 8)
    await env.tick_and_send()
    messages = env.server.messages_to(6001)
    assert len(messages) >= 3
    assert all(len(m.text) <= 4096 for m in messages)
    for message in messages:
        parse_html(message.text)
    gaps = [b.timestamp - a.timestamp for a, b in itertools.pairwise(messages)]
    assert min(gaps) >= 0.99
    assert env.server.count_429 == 0
    joined = "\n".join(m.plain_text for m in messages)
    assert all(f"{n}. " in joined for n in range(1, 31))


async def test_catch_up_after_downtime_only_for_readers_who_had_that_schedule(env: DigestEnv) -> None:
    day = DAY + timedelta(days=1)
    for chat_id in (8001, 8002, 8003, 8004):
        await env.add_reader(chat_id, "Asia/Almaty", "09:00")
        await env.subscribed_at(chat_id, env.clock.at_local("Asia/Almaty", "12:00"))  # the day before
    await env.storage.readers.set_schedule(8004, times=("08:00", "10:00"))
    await env.subscribed_at(8004, env.clock.now)
    env.clock.at_local("Asia/Almaty", "07:00", day)
    await env.add_articles(2)
    assert await env.tick_and_send() == 0
    # The bot goes down at 07:30. 8002 set their 09:00 only at 09:30, after the slot; 8003 at 08:30.
    await env.subscribed_at(8002, env.clock.at_local("Asia/Almaty", "09:30", day))
    await env.subscribed_at(8003, env.clock.at_local("Asia/Almaty", "08:30", day))
    # Back at 11:00: a new process, whose first run catches up the day so far.
    env.clock.at_local("Asia/Almaty", "11:00", day)
    env.fanout = DigestFanout(env.storage, env.settings, now=env.clock)
    assert await env.tick_and_send() == 3
    assert len(texts(env.server, 8001)) == 1
    assert texts(env.server, 8002) == []
    assert len(texts(env.server, 8003)) == 1
    assert len(texts(env.server, 8004)) == 1  # both its slots passed: one digest, not two
    rows = await env.storage.db.fetchall("SELECT local_date FROM deliveries WHERE chat_id = 8004")
    assert [r[0] for r in rows] == [f"{(DAY + timedelta(days=1)).date().isoformat()}T10:00"]
    # Restarting again the same day sends nothing more; 8002's first digest is the next day's.
    env.fanout = DigestFanout(env.storage, env.settings, now=env.clock)
    assert await env.tick_and_send() == 0
    env.clock.at_local("Asia/Almaty", "09:00", day + timedelta(days=1))
    await env.add_articles(1, source="https://later.example/rss")
    assert await env.tick_and_send() == 4  # 8004's 08:00, which no run saw, is caught up too
    assert len(texts(env.server, 8002)) == 1


async def test_a_run_that_came_late_still_finds_the_slots_it_skipped(env: DigestEnv) -> None:
    await env.add_reader(8101, "Asia/Almaty", "09:00")
    await env.add_reader(8102, "Asia/Almaty", "09:01")
    env.clock.at_local("Asia/Almaty", "08:59")
    await env.add_articles(1)
    assert await env.tick_and_send() == 0
    env.clock.at_local("Asia/Almaty", "09:02")  # the runs at 09:00 and 09:01 did not happen
    assert await env.tick_and_send() == 2
