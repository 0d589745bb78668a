"""When digests come, as a reader sees it: the real bot takes /subscribe, /time and /days over HTTP,
and the digest fan-out runs on a test clock set to the moments that matter."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.delivery.sender import OutboxSender
from bot.digest.jobs import DigestFanout
from bot.telegram.client import create_bot
from storage.articles import NewArticle
from storage.timestamps import to_db
from tests.botapi import BotAPIServer
from tests.conftest import BOTH_BACKENDS
from tests.e2e.conftest import READER_ID, RunningBot, polling_bot

HEADING = "Дайджест новостей за"


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Live:
    bot: RunningBot
    clock: Clock
    fanout: DigestFanout
    zone: timezone

    def local(self, hhmm: str, days: int = 0) -> datetime:
        """``hhmm`` on the reader's wall clock, ``days`` after the real today."""
        today = datetime.now(self.zone).date() + timedelta(days=days)
        return datetime(today.year, today.month, today.day, int(hhmm[:2]), int(hhmm[3:]), tzinfo=self.zone)

    async def tick_at(self, moment: datetime) -> int:
        """One run of the digest job at ``moment``, then the outbox drained; how many digests were queued."""
        self.clock.now = moment.astimezone(UTC)
        result = await self.fanout.run_once()
        bot = create_bot(self.bot.settings, retry=False)
        try:
            await OutboxSender(self.bot.storage, bot, rate_per_second=25, poll_interval=0.05).run(
                until_idle=True
            )
        finally:
            await bot.session.close()
        return result.queued

    def digests(self, chat_id: int = READER_ID) -> list[str]:
        return [
            m.plain_text for m in self.bot.server.messages_to(chat_id) if m.plain_text.startswith(HEADING)
        ]

    async def add_article(self, title: str, published: datetime | None = None) -> None:
        """An article stored at the test clock's moment (published half an hour before, by default)."""
        source = await self.bot.storage.sources.ensure("feed", "https://news.example/rss", "News")
        await self.bot.storage.articles.add(
            NewArticle(
                source_id=source.id,
                title=title,
                text=f"{title}: the body.",
                summary=f"{title}: the summary.",
                lang="ru",
                content_hash=hashlib.sha1(title.encode()).hexdigest(),
                published_at=published or self.clock.now - timedelta(minutes=30),
                url=f"https://news.example/{hashlib.sha1(title.encode()).hexdigest()[:8]}",
            )
        )
        await self.bot.storage.db.write(
            "UPDATE articles SET fetched_at = ? WHERE title = ?", (to_db(self.clock.now), title)
        )


def noon_zone() -> tuple[str, timezone]:
    """An offset where the real time now is about midday, so "earlier today" and "later today" exist."""
    hours = 12 - datetime.now(UTC).hour
    return f"{'+' if hours >= 0 else '-'}{abs(hours):02d}:00", timezone(timedelta(hours=hours))


@pytest.fixture
async def live(tmp_path: Path, botapi: BotAPIServer, database_url: str) -> AsyncIterator[Live]:
    async with polling_bot(tmp_path, botapi, database_url=database_url) as running:
        clock = Clock(datetime.now(UTC))
        name, zone = noon_zone()
        await running.say(f"/timezone {name}")
        yield Live(running, clock, DigestFanout(running.storage, running.settings, now=clock), zone)


def hhmm(moment: datetime) -> str:
    return moment.strftime("%H:%M")


@BOTH_BACKENDS
async def test_subscribing_after_the_time_sends_nothing_today_and_the_next_days_one(live: Live) -> None:
    now = datetime.now(live.zone)
    earlier = hhmm(now - timedelta(hours=3))
    await live.bot.say(f"/time {earlier}")
    await live.add_article("Morning story")
    [reply] = await live.bot.say("/subscribe")
    assert f"завтра в {earlier}" in reply.plain_text and "/digest" in reply.plain_text

    assert await live.tick_at(now + timedelta(seconds=5)) == 0  # the first run: it catches up, not here
    assert await live.tick_at(now + timedelta(minutes=1)) == 0
    assert live.digests() == []
    [preview] = await live.bot.say("/digest")
    assert preview.plain_text.startswith(HEADING) and "Morning story" in preview.plain_text
    assert len(live.digests()) == 1  # the preview only

    assert await live.tick_at(live.local(earlier, days=1) - timedelta(minutes=1)) == 0
    assert await live.tick_at(live.local(earlier, days=1)) == 1
    assert await live.tick_at(live.local(earlier, days=1) + timedelta(seconds=30)) == 0
    assert len(live.digests()) == 2 and "Morning story" in live.digests()[1]


@BOTH_BACKENDS
async def test_a_time_later_today_sends_at_that_minute(live: Live) -> None:
    await live.bot.say("/subscribe")
    later = hhmm(datetime.now(live.zone) + timedelta(minutes=2))
    [reply] = await live.bot.say(f"/time {later}")
    assert f"сегодня в {later}" in reply.plain_text
    await live.add_article("Afternoon story")
    assert await live.tick_at(live.local(later) - timedelta(minutes=1)) == 0
    assert await live.tick_at(live.local(later)) == 1
    assert "Afternoon story" in live.digests()[0]


@BOTH_BACKENDS
async def test_two_digests_a_day_at_two_local_times(live: Live) -> None:
    await live.bot.say("/subscribe")
    [reply] = await live.bot.say("/time 19:30 08:00")
    assert "каждый день в 08:00, 19:30" in reply.plain_text and "сегодня в 19:30" in reply.plain_text
    await live.add_article("First story")
    assert await live.tick_at(live.local("19:30")) == 1
    live.clock.now += timedelta(hours=2)  # stored in the night
    await live.add_article("Second story")
    assert await live.tick_at(live.local("08:00", days=1)) == 1
    assert await live.tick_at(live.local("19:30", days=1)) == 0  # nothing new since the morning one
    first, second = live.digests()
    assert "First story" in first and "Second story" not in first
    assert "Second story" in second and "First story" not in second


@BOTH_BACKENDS
async def test_a_weekly_digest_comes_on_its_day_and_holds_the_week(live: Live) -> None:
    await live.bot.say("/subscribe")
    await live.bot.say("/time 10:00")
    [reply] = await live.bot.say("/days sun")
    assert "по воскресеньям в 10:00" in reply.plain_text
    today = datetime.now(live.zone)
    days_to_sunday = (6 - today.weekday()) % 7
    if days_to_sunday == 0 and hhmm(today) >= "10:00":
        days_to_sunday = 7
    sunday = live.local("10:00", days=days_to_sunday)
    expected = "завтра в 10:00" if days_to_sunday == 1 else "в воскресенье в 10:00"
    if days_to_sunday == 0:
        expected = "сегодня в 10:00"
    assert expected in reply.plain_text
    await live.add_article("Three days before Sunday", published=sunday - timedelta(days=3))
    await live.add_article("Eight days before Sunday", published=sunday - timedelta(days=8))
    for days_before in range(1, 7):  # no digest on the other days of the week
        assert await live.tick_at(sunday - timedelta(days=days_before)) == 0
    assert await live.tick_at(sunday) == 1
    [weekly] = live.digests()
    assert "Three days before Sunday" in weekly and "Eight days before Sunday" not in weekly
