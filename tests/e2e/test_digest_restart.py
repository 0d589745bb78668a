"""A fan-out killed with SIGKILL half-way and started again sends every reader exactly one digest."""

from __future__ import annotations

import asyncio
import hashlib
import os
import signal
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.config import load_settings
from bot.delivery.sender import OutboxSender
from bot.digest.jobs import DigestFanout
from bot.telegram.client import create_bot
from storage import Storage
from storage.articles import NewArticle
from storage.timestamps import to_db
from tests.botapi import BotAPIServer
from tests.e2e.conftest import TOKEN, make_settings

READERS = list(range(7001, 7021))
RATE = 5.0  # slow on purpose: 200 ms between sends leaves room to kill between two of them
REPO = Path(__file__).resolve().parents[2]


async def _child(db_url: str, api_url: str, now_iso: str) -> None:
    """What the bot does at a tick: queue due digests, then drain the outbox."""
    settings = load_settings(bot_token=TOKEN, telegram_api_url=api_url, database_url=db_url, _env_file=None)
    now = datetime.fromisoformat(now_iso)
    storage = await Storage.open(settings.database_path)
    bot = create_bot(settings, retry=False)
    try:
        await DigestFanout(storage, settings, now=lambda: now).run_once()
        await OutboxSender(storage, bot, rate_per_second=RATE, poll_interval=0.05).run(until_idle=True)
    finally:
        await bot.session.close()
        await storage.close()


async def _spawn(db_url: str, api_url: str, now: datetime) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.e2e.test_digest_restart",
        db_url,
        api_url,
        now.isoformat(),
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


async def test_sigkill_mid_fanout_then_restart_sends_each_reader_exactly_once(tmp_path: Path) -> None:
    now = (datetime.now(UTC) - timedelta(days=1)).replace(hour=4, minute=0, second=0, microsecond=0)
    async with BotAPIServer(token=TOKEN) as server:
        settings = make_settings(tmp_path, server.url)
        storage = await Storage.open(settings.database_path)
        source = await storage.sources.ensure("feed", "https://news.example/rss", "News")
        for chat_id in READERS:
            await storage.readers.ensure(chat_id, language="ru", timezone="Asia/Almaty", digest_time="09:00")
            await storage.readers.set_subscribed(chat_id, True)
        # Subscribed the day before the tick's 09:00.
        await storage.db.write(
            "UPDATE readers SET schedule_changed_at = ?", (to_db(now - timedelta(days=1)),)
        )
        for i in range(3):
            await storage.articles.add(
                NewArticle(
                    source_id=source.id,
                    title=f"Story {i}",
                    text=f"Body {i}",
                    summary=f"Summary {i}.",
                    lang="ru",
                    content_hash=hashlib.sha1(f"{i}".encode()).hexdigest(),
                    published_at=now - timedelta(hours=1),
                    url=f"https://news.example/{i}",
                )
            )
        await storage.close()

        first = await _spawn(settings.database_url, server.url, now)
        await server.wait_until(lambda: len(server.sent) >= 8, timeout=30, message="8 digests sent")
        await asyncio.sleep(0.5 / RATE)  # between two sends, not inside one
        first.send_signal(signal.SIGKILL)
        assert await first.wait() == -signal.SIGKILL
        sent_before = len(server.sent)
        assert sent_before < len(READERS), "the first run was not interrupted"

        second = await _spawn(settings.database_url, server.url, now)
        assert await asyncio.wait_for(second.wait(), 60) == 0

        for chat_id in READERS:
            assert len(server.messages_to(chat_id)) == 1, chat_id
        storage = await Storage.open(settings.database_path)
        try:
            rows = await storage.db.fetchall("SELECT status, count(*) FROM deliveries GROUP BY status")
            assert {r[0]: r[1] for r in rows} == {"sent": len(READERS)}
            assert await storage.deliveries.pending_count() == 0
        finally:
            await storage.close()


if __name__ == "__main__":
    asyncio.run(_child(*sys.argv[1:4]))
