"""The real process: `python -m bot run` against the local Bot API server, stopped with SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from tests.botapi import BotAPIServer
from tests.e2e.conftest import READER_ID, TOKEN

REPO_ROOT = Path(__file__).resolve().parents[2]


async def test_run_answers_start_sets_menu_and_stops_cleanly(botapi: BotAPIServer, tmp_path: Path) -> None:
    db = tmp_path / "data" / "bot.db"
    env = {
        **os.environ,
        "BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": botapi.url,
        "DATABASE_URL": f"sqlite:///{db}",
        "FEEDS": "",
        "LOG_LEVEL": "INFO",
        "PYTHONPATH": str(REPO_ROOT),
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        botapi.send_message_update(READER_ID, "/start", language_code="en")
        [greeting] = await botapi.wait_for_messages(READER_ID, 1, timeout=30)
        assert greeting.text.startswith("Hello, Test!")
        assert botapi.get_commands(language_code="kk")
        assert db.exists()
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = await asyncio.wait_for(process.communicate(), 30)
    log = output.decode()
    assert process.returncode == 0, log
    assert TOKEN not in log and TOKEN.split(":")[1] not in log
    assert "Traceback" not in log
