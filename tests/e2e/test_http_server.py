"""The real ``python -m bot run``: its HTTP server (health, metrics) and a webhook no stranger can use."""

from __future__ import annotations

import asyncio
import json
import signal
import socket
import sqlite3
from pathlib import Path
from typing import Any

import aiohttp

from tests.botapi import BotAPIServer
from tests.e2e.conftest import ADMIN_ID, READER_ID
from tests.e2e.test_bot_process import free_port, start_bot

HOOK_URL = "https://bot.example.kz/telegram/hook"
# A feed the bot may never fetch (a private address): the source exists, nothing else happens.
FEED = "http://127.0.0.1:9/rss"


def command_update(update_id: int, user_id: int, text: str) -> dict[str, Any]:
    command = text.split()[0]
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 1_700_000_000,
            "chat": {"id": user_id, "type": "private"},
            "from": {"id": user_id, "is_bot": False, "first_name": "Admin", "language_code": "en"},
            "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": len(command)}],
        },
    }


async def stop(process: asyncio.subprocess.Process) -> str:
    process.send_signal(signal.SIGTERM)
    output, _ = await asyncio.wait_for(process.communicate(), 30)
    log = output.decode()
    assert process.returncode == 0, log
    return log


async def wait_for_http(url: str, timeout: float = 30) -> None:  # noqa: ASYNC109
    async with aiohttp.ClientSession() as http:
        for _ in range(int(timeout * 10)):
            try:
                async with http.get(url) as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientConnectionError:
                pass
            await asyncio.sleep(0.1)
    raise AssertionError(f"{url} did not answer 200")


async def test_polling_bot_serves_health_and_metrics(botapi: BotAPIServer, tmp_path: Path) -> None:
    port = free_port()
    process = await start_bot(tmp_path, botapi, HTTP_HOST="127.0.0.1", HTTP_PORT=str(port))
    base = f"http://127.0.0.1:{port}"
    try:
        await wait_for_http(f"{base}/healthz")
        botapi.send_message_update(READER_ID, "/start", language_code="en")
        await botapi.wait_for_messages(READER_ID, 1, timeout=30)
        async with aiohttp.ClientSession() as http:
            async with http.get(f"{base}/healthz") as health:
                assert health.status == 200
                body = await health.json()
            async with http.get(f"{base}/metrics") as response:
                assert response.status == 200
                assert response.headers["Content-Type"].startswith("text/plain")
                metrics = await response.text()
    finally:
        log = await stop(process)
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["leader"] is True
    assert 0 <= body["scheduler_last_run_seconds_ago"] < 120
    for name in (
        "newsbot_articles_stored_total",
        "newsbot_source_polls_total",
        "newsbot_digests_queued_total",
        "newsbot_digests_sent_total",
        "newsbot_telegram_retry_after_total",
        "newsbot_fetch_seconds_bucket",
        "newsbot_send_seconds_bucket",
        "newsbot_outbox_depth 0.0",
        "newsbot_articles 0.0",
        "newsbot_leader 1.0",
    ):
        assert name in metrics, name
    assert 'newsbot_messages_sent_total{method="SendMessage"} 1.0' in metrics
    assert f"HTTP server listening on http://127.0.0.1:{port} (/healthz, /metrics)" in log


async def test_http_port_zero_turns_the_server_off_in_polling_mode(
    botapi: BotAPIServer, tmp_path: Path
) -> None:
    process = await start_bot(tmp_path, botapi, HTTP_PORT="0")
    try:
        botapi.send_message_update(READER_ID, "/start", language_code="en")
        await botapi.wait_for_messages(READER_ID, 1, timeout=30)
    finally:
        log = await stop(process)
    assert "HTTP server off (HTTP_PORT=0)" in log
    assert "listening" not in log


async def test_webhook_without_configured_secret_refuses_forged_updates(
    botapi: BotAPIServer, tmp_path: Path
) -> None:
    port = free_port()
    process = await start_bot(
        tmp_path,
        botapi,
        WEBHOOK_URL=HOOK_URL,
        WEBHOOK_SECRET="",
        HTTP_HOST="127.0.0.1",
        HTTP_PORT=str(port),
        ADMIN_IDS=str(ADMIN_ID),
        FEEDS=FEED,
    )
    url = f"http://127.0.0.1:{port}/telegram/hook"
    forged = command_update(1, ADMIN_ID, "/removesource 1")
    try:
        await botapi.wait_until(lambda: botapi.webhook is not None, timeout=30, message="setWebhook")
        assert botapi.webhook is not None
        secret = str(botapi.webhook.get("secret_token", ""))
        # The update types the handlers use, the bot's own membership in chats among them.
        allowed = botapi.webhook.get("allowed_updates")
        allowed = json.loads(allowed) if isinstance(allowed, str) else allowed
        assert {"message", "callback_query", "my_chat_member", "chat_member"} <= set(allowed or [])
        async with aiohttp.ClientSession() as http:
            async with http.post(url, json=forged) as no_header:
                assert no_header.status == 401
            async with http.post(url, json=forged, headers={"X-Telegram-Bot-Api-Secret-Token": ""}) as empty:
                assert empty.status == 401
            async with http.post(
                url, json=forged, headers={"X-Telegram-Bot-Api-Secret-Token": "guess"}
            ) as bad:
                assert bad.status == 401
            await asyncio.sleep(1)  # had an update got through, its handler would have answered by now
            assert botapi.messages_to(ADMIN_ID) == []
            with sqlite3.connect(tmp_path / "data" / "bot.db") as db:
                assert db.execute("SELECT url FROM sources").fetchall() == [(FEED,)]
            # Telegram itself, with the secret the bot gave setWebhook, is served.
            real = command_update(2, READER_ID, "/help")
            async with http.post(url, json=real, headers={"X-Telegram-Bot-Api-Secret-Token": secret}) as ok:
                assert ok.status == 200
        [reply] = await botapi.wait_for_messages(READER_ID, 1, timeout=15)
        assert "Commands" in reply.text
    finally:
        log = await stop(process)
    assert len(secret) >= 32 and secret.replace("-", "").replace("_", "").isalnum()
    assert secret not in log
    assert f"HTTP server listening on http://127.0.0.1:{port} (webhook at /telegram/hook" in log
    assert "WEBHOOK_SECRET is empty: generated a secret" in log
    assert log.count("without the secret token") == 3


def bad_bodies() -> list[bytes]:
    """Bodies a stranger (or a broken proxy) may post: none of them is an update."""
    deep_list = b"[" * 100_000 + b"]" * 100_000
    deep_object = b'{"update_id": 5, "message": ' + b'{"a": ' * 200 + b"1" + b"}" * 200 + b"}"
    return [
        b"",
        b"   ",
        b"not json at all",
        b"\xff\xfe\x00garbage",
        b"[1, 2, 3]",
        b'"a string"',
        b"{}",
        b'{"update_id": "seven"}',
        b'{"update_id": -1}',
        json.dumps({"update_id": 2**64 + 1}).encode(),
        json.dumps(command_update(2**70, READER_ID, "/help")).encode(),
        json.dumps({"update_id": 9, "message": {"message_id": "x"}}).encode(),
        deep_list,
        deep_object,
    ]


async def test_webhook_bodies_that_are_not_updates_get_400_and_no_traceback(
    botapi: BotAPIServer, tmp_path: Path
) -> None:
    port = free_port()
    secret = "flood-test-secret"
    process = await start_bot(
        tmp_path,
        botapi,
        WEBHOOK_URL=HOOK_URL,
        WEBHOOK_SECRET=secret,
        HTTP_HOST="127.0.0.1",
        HTTP_PORT=str(port),
    )
    url = f"http://127.0.0.1:{port}/telegram/hook"
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret, "Content-Type": "application/json"}
    bodies = bad_bodies() * 20
    try:
        await botapi.wait_until(lambda: botapi.webhook is not None, timeout=30, message="setWebhook")
        async with aiohttp.ClientSession() as http:
            statuses = []
            for body in bodies:
                async with http.post(url, data=body, headers=headers) as response:
                    statuses.append(response.status)
            # The bot is still there for real updates.
            real = json.dumps(command_update(3, READER_ID, "/help")).encode()
            async with http.post(url, data=real, headers=headers) as ok:
                assert ok.status == 200
            async with http.get(f"http://127.0.0.1:{port}/healthz") as health:
                assert health.status == 200
        await botapi.wait_for_messages(READER_ID, 1, timeout=15)
    finally:
        log = await stop(process)
    assert statuses == [400] * len(bodies)
    assert "Traceback" not in log
    assert log.count("refused a body that is not an update") == len(bodies)
    assert botapi.messages_to(READER_ID)[0].text.count("Commands") == 1


async def test_a_port_in_use_stops_start_up_with_one_line(botapi: BotAPIServer, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process = await start_bot(tmp_path, botapi, HTTP_HOST="127.0.0.1", HTTP_PORT=str(port))
        output, _ = await asyncio.wait_for(process.communicate(), 60)
    log = output.decode()
    assert process.returncode == 2, log
    assert f"error: HTTP_PORT: cannot listen on 127.0.0.1:{port} (" in log
    assert "Traceback" not in log
