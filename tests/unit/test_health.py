"""``/healthz``: 200 only while the database answers, the scheduler beats and the outbox can record sends."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import pytest

from bot.health import HealthCheck, Heartbeat
from bot.http_server import HttpServer, build_app
from storage import Storage


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Sender:
    writes_failing_since: datetime | None = None


@pytest.fixture
async def storage(tmp_path: Path) -> AsyncIterator[Storage]:
    opened = await Storage.open(tmp_path / "db.sqlite")
    yield opened
    await opened.close()


async def get_health(storage: Storage, health: HealthCheck) -> tuple[int, dict[str, object]]:
    server = HttpServer(build_app(storage, health), "127.0.0.1", 0)
    port = await server.start()
    try:
        async with aiohttp.ClientSession() as http, http.get(f"http://127.0.0.1:{port}/healthz") as response:
            return response.status, await response.json()
    finally:
        await server.stop()


async def test_healthy_when_everything_answers(storage: Storage) -> None:
    clock = Clock()
    heartbeat = Heartbeat(clock)
    heartbeat.beat()
    clock.now += 119
    status, body = await get_health(storage, HealthCheck(storage, heartbeat, Sender()))
    assert status == 200
    assert body == {
        "status": "ok",
        "database": "ok",
        "scheduler_last_run_seconds_ago": 119.0,
        "outbox": "ok",
        "leader": True,
    }


async def test_a_scheduler_silent_for_two_minutes_is_unhealthy(storage: Storage) -> None:
    clock = Clock()
    heartbeat = Heartbeat(clock)
    status, body = await get_health(storage, HealthCheck(storage, heartbeat))
    assert (status, body["problems"]) == (503, ["scheduler"])  # never ran
    heartbeat.beat()
    clock.now += 121
    status, body = await get_health(storage, HealthCheck(storage, heartbeat))
    assert (status, body["problems"]) == (503, ["scheduler"])


async def test_a_database_that_does_not_answer_is_unhealthy(tmp_path: Path) -> None:
    storage = await Storage.open(tmp_path / "db.sqlite")
    heartbeat = Heartbeat()
    heartbeat.beat()
    await storage.close()
    status, body = await get_health(storage, HealthCheck(storage, heartbeat))
    assert status == 503
    assert body["problems"] == ["database"]
    assert str(body["database"]).startswith("error: ")


async def test_an_outbox_that_cannot_record_sends_is_unhealthy(storage: Storage) -> None:
    heartbeat = Heartbeat()
    heartbeat.beat()
    sender = Sender()
    sender.writes_failing_since = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    status, body = await get_health(storage, HealthCheck(storage, heartbeat, sender))
    assert status == 503
    assert body["problems"] == ["outbox"]
    assert body["outbox"] == "writes failing since 2026-12-01T09:00:00+00:00"


async def test_metrics_page_says_unavailable_without_a_database(tmp_path: Path) -> None:
    storage = await Storage.open(tmp_path / "db.sqlite")
    await storage.close()
    server = HttpServer(build_app(storage, HealthCheck(storage, Heartbeat())), "127.0.0.1", 0)
    port = await server.start()
    try:
        async with aiohttp.ClientSession() as http, http.get(f"http://127.0.0.1:{port}/metrics") as response:
            assert response.status == 503
    finally:
        await server.stop()
