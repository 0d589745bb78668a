"""A fan-out killed with SIGKILL half-way and started again sends every reader exactly one digest, and
a kill while answers are slow re-sends no more than the stated in-flight bound."""

from __future__ import annotations

import asyncio
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
from tests.botapi import BotAPIServer
from tests.e2e.conftest import TOKEN, make_settings
from tests.e2e.digest_seed import seed_stories_and_readers

READERS = list(range(7001, 7021))
RATE = 5.0  # slow on purpose: 200 ms between sends leaves room to kill between two of them
REPO = Path(__file__).resolve().parents[2]


async def _child(db_url: str, api_url: str, now_iso: str, rate: str = str(RATE)) -> None:
    """What the bot does at a tick: queue due digests, then drain the outbox (OUTBOX_MAX_IN_FLIGHT
    comes from the environment, as in the running bot)."""
    settings = load_settings(bot_token=TOKEN, telegram_api_url=api_url, database_url=db_url, _env_file=None)
    now = datetime.fromisoformat(now_iso)
    storage = await Storage.open(settings.database_path)
    bot = create_bot(settings, retry=False)
    try:
        await DigestFanout(storage, settings, now=lambda: now).run_once()
        await OutboxSender(
            storage,
            bot,
            rate_per_second=float(rate),
            poll_interval=0.05,
            max_in_flight=settings.outbox_max_in_flight,
        ).run(until_idle=True)
    finally:
        await bot.session.close()
        await storage.close()


async def _spawn(
    db_url: str, api_url: str, now: datetime, *, rate: float = RATE, in_flight: int | None = None
) -> asyncio.subprocess.Process:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    if in_flight is not None:
        env["OUTBOX_MAX_IN_FLIGHT"] = str(in_flight)
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.e2e.test_digest_restart",
        db_url,
        api_url,
        now.isoformat(),
        str(rate),
        cwd=REPO,
        env=env,
    )


async def _seed(settings_path: Path, readers: list[int], now: datetime) -> None:
    storage = await Storage.open(settings_path)
    try:
        await seed_stories_and_readers(storage, now, readers)
    finally:
        await storage.close()


def _yesterday_at_4() -> datetime:
    return (datetime.now(UTC) - timedelta(days=1)).replace(hour=4, minute=0, second=0, microsecond=0)


async def test_sigkill_mid_fanout_then_restart_sends_each_reader_exactly_once(tmp_path: Path) -> None:
    now = _yesterday_at_4()
    async with BotAPIServer(token=TOKEN) as server:
        settings = make_settings(tmp_path, server.url)
        await _seed(settings.database_path, READERS, now)

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


SLOW_READERS = list(range(8001, 8081))
IN_FLIGHT = 4


async def test_kills_with_slow_answers_resend_at_most_the_in_flight_bound(tmp_path: Path) -> None:
    """0.3 s round trips at 25 messages a second: each SIGKILL re-sends at most OUTBOX_MAX_IN_FLIGHT."""
    now = _yesterday_at_4()
    async with BotAPIServer(token=TOKEN, latency=0.3) as server:
        settings = make_settings(tmp_path, server.url)
        await _seed(settings.database_path, SLOW_READERS, now)
        kills = 0
        for target in (15, 40):
            child = await _spawn(settings.database_url, server.url, now, rate=25.0, in_flight=IN_FLIGHT)
            await server.wait_until(lambda t=target: len(server.sent) >= t, timeout=60, message="sends")
            child.send_signal(signal.SIGKILL)
            assert await child.wait() == -signal.SIGKILL
            kills += 1
        assert len(server.sent) < len(SLOW_READERS), "the runs were not interrupted"
        last = await _spawn(settings.database_url, server.url, now, rate=25.0, in_flight=IN_FLIGHT)
        assert await asyncio.wait_for(last.wait(), 120) == 0

    counts = [len(server.messages_to(chat_id)) for chat_id in SLOW_READERS]
    assert min(counts) == 1, "a digest was lost"
    resent = sum(count - 1 for count in counts)
    assert resent <= kills * IN_FLIGHT, f"{resent} messages sent twice in {kills} kills"


if __name__ == "__main__":
    asyncio.run(_child(*sys.argv[1:5]))
