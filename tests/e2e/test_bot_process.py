"""The real process: `python -m bot run` against the local Bot API server, stopped with SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

import aiohttp

from storage import Storage
from tests.botapi import BotAPIServer
from tests.conftest import fresh_postgres_database, require_postgres
from tests.e2e.conftest import READER_ID, TOKEN

REPO_ROOT = Path(__file__).resolve().parents[2]


def bot_environment(botapi: BotAPIServer, **env: str) -> dict[str, str]:
    """The environment of ``python -m bot`` against the test server: this one, the bot's, then ``env``."""
    return {
        **os.environ,
        "BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": botapi.url,
        "FEEDS": "",
        "PYTHONPATH": str(REPO_ROOT),
        **env,
    }


async def start_bot(cwd: Path, botapi: BotAPIServer, **env: str) -> asyncio.subprocess.Process:
    """``python -m bot`` in ``cwd`` against the test server, with ``env`` on top of the defaults."""
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=cwd,
        env=bot_environment(botapi, **{"DATABASE_URL": f"sqlite:///{cwd / 'data' / 'bot.db'}", **env}),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )


async def test_run_answers_start_sets_menu_and_stops_cleanly(botapi: BotAPIServer, tmp_path: Path) -> None:
    db = tmp_path / "data" / "bot.db"
    process = await start_bot(tmp_path, botapi, LOG_LEVEL="INFO")
    try:
        botapi.send_message_update(READER_ID, "/start", language_code="en")
        [greeting] = await botapi.wait_for_messages(READER_ID, 1, timeout=30)
        assert greeting.text.startswith("Hello, Test!")
        assert botapi.get_commands("all_private_chats", language_code="kk")
        assert "жаңалық" in botapi.get_description("kk")
        assert db.exists()
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = await asyncio.wait_for(process.communicate(), 30)
    log = output.decode()
    assert process.returncode == 0, log
    assert TOKEN not in log and TOKEN.split(":")[1] not in log
    assert "Traceback" not in log


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_webhook_mode_takes_updates_with_the_secret(botapi: BotAPIServer, tmp_path: Path) -> None:
    port = free_port()
    process = await start_bot(
        tmp_path,
        botapi,
        WEBHOOK_URL="https://bot.example.kz/telegram/hook",
        WEBHOOK_SECRET="s3cret-value",
        WEBHOOK_HOST="127.0.0.1",
        WEBHOOK_PORT=str(port),
    )
    update = {
        "update_id": 1,
        "message": {
            "message_id": 1,
            "date": 1_700_000_000,
            "chat": {"id": READER_ID, "type": "private"},
            "from": {"id": READER_ID, "is_bot": False, "first_name": "Web", "language_code": "en"},
            "text": "/help",
            "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
        },
    }
    try:
        await botapi.wait_until(lambda: botapi.webhook is not None, timeout=30, message="setWebhook")
        assert botapi.webhook is not None
        assert botapi.webhook["url"] == "https://bot.example.kz/telegram/hook"
        async with aiohttp.ClientSession() as http:
            url = f"http://127.0.0.1:{port}/telegram/hook"
            async with http.post(url, json=update) as refused:
                assert refused.status == 401
            async with http.post(
                url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-value"}
            ) as ok:
                assert ok.status == 200
        [reply] = await botapi.wait_for_messages(READER_ID, 1, timeout=15)
        assert "Commands" in reply.text
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, output.decode()


async def test_run_on_postgresql_answers_start_and_stops_cleanly(
    botapi: BotAPIServer, tmp_path: Path
) -> None:
    await require_postgres()
    async with fresh_postgres_database() as url:
        process = await start_bot(tmp_path, botapi, LOG_LEVEL="INFO", DATABASE_URL=url)
        try:
            botapi.send_message_update(READER_ID, "/start", language_code="en")
            [greeting] = await botapi.wait_for_messages(READER_ID, 1, timeout=30)
            assert greeting.text.startswith("Hello, Test!")
        finally:
            process.send_signal(signal.SIGTERM)
            output, _ = await asyncio.wait_for(process.communicate(), 30)
        log = output.decode()
        assert process.returncode == 0, log
        assert "Traceback" not in log, log
        storage = await Storage.open(url)
        try:
            reader = await storage.readers.get(READER_ID)
        finally:
            await storage.close()
        assert reader is not None and reader.language == "en"
        assert not (tmp_path / "data").exists()  # nothing went to a SQLite file
