"""The bot token never reaches the log or the database, also inside an error page a proxy sent back."""

from __future__ import annotations

import io
import logging
from pathlib import Path

from bot.delivery.sender import OutboxSender
from bot.logging_setup import log_handler
from bot.telegram.client import create_bot
from storage import Storage
from storage.deliveries import OutgoingMessage
from tests.botapi import BotAPIServer
from tests.e2e.conftest import make_settings

TOKEN = "424242:AAHq-proxy-echo-secret-part_0123456789"
CHAT = 100_777


async def test_a_proxy_page_echoing_the_token_is_redacted_in_log_and_database(tmp_path: Path) -> None:
    async with BotAPIServer(token=TOKEN) as server:
        settings = make_settings(tmp_path, server.url, bot_token=TOKEN)
        storage = await Storage.open(settings.database_path)
        stream = io.StringIO()
        handler = log_handler(stream)
        root = logging.getLogger()
        old_level = root.level
        root.addHandler(handler)
        root.setLevel(logging.INFO)
        bot = create_bot(settings, retry=False)
        try:
            await storage.readers.ensure(CHAT, language="ru", timezone="Asia/Almaty", digest_time="09:00")
            await storage.deliveries.enqueue(CHAT, "digest", "2024-12-03", [OutgoingMessage("Дайджест")])
            server.fail_next(1, 502, methods="sendMessage", as_json=False, echo_path=True)
            sender = OutboxSender(storage, bot, rate_per_second=30, poll_interval=0.05, base_delay=0.05)
            await sender.run(until_idle=True)
            row = await storage.db.fetchone("SELECT status, last_error FROM outbox")
        finally:
            root.removeHandler(handler)
            root.setLevel(old_level)
            await bot.session.close()
            await storage.close()
    assert [m.plain_text for m in server.messages_to(CHAT)] == ["Дайджест"]
    log = stream.getvalue()
    assert "while proxying /bot***/sendMessage" in log  # the page reached the log, without the token
    assert TOKEN not in log and TOKEN.split(":")[1] not in log
    assert row is not None and row["status"] == "sent"
    assert "/bot***/sendMessage" in row["last_error"] and TOKEN not in row["last_error"]
    for path in settings.database_path.parent.iterdir():  # the database, its WAL and whatever else
        assert TOKEN.split(":")[1].encode() not in path.read_bytes(), path.name
