"""PostgreSQL refusing writes under the outbox (a standby promoted late, an operator's read-only switch,
a restart that ends every session): the sender pauses, /healthz says so, and once writes work again it
resumes with nothing lost or doubled, as on a full SQLite disk."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest

from bot.delivery.sender import OutboxSender
from bot.health import HealthCheck, Heartbeat
from bot.telegram.client import create_bot
from storage import Storage
from storage.deliveries import DeliveryKind, OutgoingMessage
from tests.botapi import BotAPIServer
from tests.conftest import POSTGRES_ADMIN_URL, fresh_postgres_database, require_postgres
from tests.e2e.conftest import make_settings

READERS = list(range(50_001, 50_031))


@pytest.fixture
async def postgres_url() -> AsyncIterator[str]:
    await require_postgres()
    async with fresh_postgres_database() as url:
        yield url


async def read_only(url: str, on: bool) -> None:
    """Switch the database to read-only sessions (or back) and end the sessions it has now."""
    name = url.rsplit("/", 1)[1]
    admin = await asyncpg.connect(POSTGRES_ADMIN_URL)
    try:
        setting = "SET default_transaction_read_only = on" if on else "RESET default_transaction_read_only"
        await admin.execute(f'ALTER DATABASE "{name}" {setting}')
        await admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", name)
    finally:
        await admin.close()


async def test_the_outbox_pauses_while_postgresql_refuses_writes_and_resumes(
    postgres_url: str, botapi: BotAPIServer, tmp_path: Path
) -> None:
    settings = make_settings(tmp_path, botapi.url, database_url=postgres_url)
    storage = await Storage.open(postgres_url)
    bot = create_bot(settings, retry=False)
    for chat_id in READERS:
        await storage.readers.ensure(chat_id, language="ru", timezone="Asia/Almaty", digest_time="09:00")
        await storage.deliveries.enqueue(chat_id, DeliveryKind.MANUAL, "m1", [OutgoingMessage("Дайджест")])
    sender = OutboxSender(storage, bot, rate_per_second=20, poll_interval=0.05)
    health = HealthCheck(storage, Heartbeat(), sender)
    health.heartbeat.beat()
    sender.start()
    try:
        await botapi.wait_until(lambda: len(botapi.sent) >= 5, timeout=15, message="the first sends")
        await read_only(postgres_url, True)
        await botapi.wait_until(
            lambda: sender.writes_failing_since is not None, timeout=15, message="a pause"
        )
        report = await health.report()
        assert not report.healthy and report.body["problems"] == ["outbox"]
        paused_at = len(botapi.sent)
        await asyncio.sleep(1.0)  # sends every 50 ms before the pause
        assert len(botapi.sent) == paused_at, "sent while its marks could not be written"
        assert paused_at < len(READERS)
        await read_only(postgres_url, False)
        await botapi.wait_until(lambda: len(botapi.sent) >= len(READERS), timeout=60, message="the rest")
        await botapi.wait_until(lambda: sender.writes_failing_since is None, timeout=30, message="resumed")
    finally:
        await sender.stop()
        await bot.session.close()
    try:
        assert [len(botapi.messages_to(chat_id)) for chat_id in READERS] == [1] * len(READERS)
        assert await storage.deliveries.pending_count() == 0
        rows = await storage.db.fetchall("SELECT status, count(*) FROM deliveries GROUP BY status")
        assert {r[0]: r[1] for r in rows} == {"sent": len(READERS)}
    finally:
        await storage.close()
