"""A fan-out to 100 chats and 100 readers killed with SIGKILL half-way and started again: every chat and
reader gets its digest, and no more messages go twice than were in flight at the kill."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from datetime import datetime
from pathlib import Path

from bot.config import load_settings
from bot.delivery.sender import OutboxSender
from bot.digest.jobs import DigestFanout
from bot.telegram.client import create_bot
from storage import Storage
from storage.chats import ChatKind
from storage.timestamps import to_db
from tests.botapi import BotAPIServer
from tests.e2e.conftest import TOKEN, make_settings
from tests.e2e.digest_seed import seed_stories_and_readers
from tests.e2e.test_digest_restart import _yesterday_at_4

CHATS = [-1_002_000_000_001 - i for i in range(50)] + [-4_100_000_001 - i for i in range(50)]
READERS = list(range(9001, 9101))
IN_FLIGHT = 4
RATE = 80.0  # a fast server (below) keeps the test short; the kill still lands mid-way
REPO = Path(__file__).resolve().parents[2]


async def _child(db_url: str, api_url: str, now_iso: str) -> None:
    """What the running bot does at the digest tick: queue due digests, drain the outbox."""
    settings = load_settings(bot_token=TOKEN, telegram_api_url=api_url, database_url=db_url, _env_file=None)
    now = datetime.fromisoformat(now_iso)
    storage = await Storage.open(settings.database_target)
    bot = create_bot(settings, retry=False)
    try:
        sender = OutboxSender(
            storage,
            bot,
            rate_per_second=RATE,
            poll_interval=0.05,
            max_in_flight=settings.outbox_max_in_flight,
        )
        await DigestFanout(storage, settings, now=lambda: now).run_once()
        await sender.run(until_idle=True)
    finally:
        await bot.session.close()
        await storage.close()


async def _spawn(db_url: str, api_url: str, now: datetime) -> asyncio.subprocess.Process:
    env = {**os.environ, "PYTHONPATH": str(REPO), "OUTBOX_MAX_IN_FLIGHT": str(IN_FLIGHT)}
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.e2e.test_chat_restart",
        db_url,
        api_url,
        now.isoformat(),
        cwd=REPO,
        env=env,
    )


async def _seed(target: str, now: datetime) -> None:
    storage = await Storage.open(target)
    try:
        await seed_stories_and_readers(storage, now, READERS)
        for chat_id in CHATS:
            kind = ChatKind.CHANNEL if chat_id < -1_000_000_000_000 else ChatKind.GROUP
            await storage.chats.connect(
                chat_id,
                kind=kind,
                title=f"chat {chat_id}",
                username=None,
                is_forum=False,
                connected_by=None,
                language="kk",
                timezone="Asia/Almaty",
                digest_time="09:00",
            )
        await storage.db.write("UPDATE readers SET schedule_changed_at = ?", (to_db(now.replace(hour=0)),))
    finally:
        await storage.close()


async def test_sigkill_mid_fanout_to_chats_and_readers_loses_none(tmp_path: Path) -> None:
    now = _yesterday_at_4()
    async with BotAPIServer(token=TOKEN, latency=0.05, global_per_second=100) as server:
        settings = make_settings(tmp_path, server.url)
        await _seed(settings.database_target, now)
        first = await _spawn(settings.database_url, server.url, now)
        await server.wait_until(lambda: len(server.sent) >= 70, timeout=60, message="70 digests sent")
        first.send_signal(signal.SIGKILL)
        assert await first.wait() == -signal.SIGKILL
        assert len(server.sent) < len(CHATS) + len(READERS), "the first run was not interrupted"

        second = await _spawn(settings.database_url, server.url, now)
        assert await asyncio.wait_for(second.wait(), 90) == 0

    counts = {chat_id: len(server.messages_to(chat_id)) for chat_id in [*CHATS, *READERS]}
    assert min(counts.values()) == 1, [c for c, n in counts.items() if n == 0]
    resent = sum(n - 1 for n in counts.values())
    assert resent <= IN_FLIGHT, f"{resent} messages sent twice"
    storage = await Storage.open(settings.database_target)
    try:
        rows = await storage.db.fetchall("SELECT status, count(*) FROM deliveries GROUP BY status")
        assert {r[0]: r[1] for r in rows} == {"sent": len(CHATS) + len(READERS)}
        assert await storage.deliveries.pending_count() == 0
    finally:
        await storage.close()


if __name__ == "__main__":
    asyncio.run(_child(*sys.argv[1:4]))
