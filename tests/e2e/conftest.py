"""End-to-end harness: the real Dispatcher and Bot, over HTTP, against the local Bot API test server."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings, load_settings
from bot.ingest.pipeline import IngestPipeline
from bot.telegram.client import create_bot
from bot.telegram.dispatcher import create_dispatcher
from storage import Storage
from tests.botapi import BotAPIServer

TOKEN = "123456:TEST-token-for-e2e"
ADMIN_ID = 900_001
READER_ID = 100_001


@dataclass
class RunningBot:
    """A bot polling the test server: inject updates with ``server``, inspect ``storage``."""

    server: BotAPIServer
    settings: Settings
    storage: Storage
    ingest: IngestPipeline

    async def say(self, text: str, chat_id: int = READER_ID, count: int = 1, **kwargs: Any) -> list[Any]:
        """Send ``text`` as the reader and wait for ``count`` new messages in reply."""
        before = len(self.server.messages_to(chat_id))
        self.server.send_message_update(chat_id, text, **kwargs)
        messages = await self.server.wait_for_messages(chat_id, before + count)
        return list(messages[before:])


def make_settings(tmp_path: Path, server_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "bot_token": TOKEN,
        "telegram_api_url": server_url,
        "database_url": f"sqlite:///{tmp_path / 'data' / 'newsbot.db'}",
        "admin_ids": [ADMIN_ID],
        "allow_private_networks": True,
        "feeds": [],
        "default_language": "ru",
        "default_timezone": "Asia/Almaty",
        "default_digest_time": "09:00",
        "_env_file": None,
    }
    values.update(overrides)
    return load_settings(**values)


@pytest.fixture
async def botapi() -> AsyncIterator[BotAPIServer]:
    async with BotAPIServer(token=TOKEN) as server:
        yield server


@asynccontextmanager
async def polling_bot(tmp_path: Path, server: BotAPIServer, **overrides: Any) -> AsyncIterator[RunningBot]:
    """The real Dispatcher long-polling ``server`` with settings from ``make_settings``."""
    settings = make_settings(tmp_path, server.url, **overrides)
    storage = await Storage.open(settings.database_target)
    bot = create_bot(settings)
    ingest = IngestPipeline.create(storage, settings)
    dp = create_dispatcher(settings, storage, ingest=ingest)
    polling = asyncio.create_task(dp.start_polling(bot, handle_signals=False, close_bot_session=False))
    try:
        yield RunningBot(server, settings, storage, ingest)
    finally:
        await dp.stop_polling()
        await asyncio.wait_for(polling, 10)
        await ingest.aclose()
        await bot.session.close()
        await storage.close()


@pytest.fixture
async def running_bot(tmp_path: Path, botapi: BotAPIServer, database_url: str) -> AsyncIterator[RunningBot]:
    """The bot on SQLite, or on each backend where a module is parametrized with ``BOTH_BACKENDS``."""
    async with polling_bot(tmp_path, botapi, database_url=database_url) as running:
        yield running
