"""Several `python -m bot run` processes on one PostgreSQL database, against the local Bot API server:
one leads (digests, the outbox, getUpdates), every one polls the sources it claims and serves webhooks,
and a SIGKILLed leader is replaced with nothing lost and at most the in-flight messages doubled."""

from __future__ import annotations

import asyncio
import itertools
import signal
import sys
import time
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from storage import Storage
from storage.timestamps import to_db
from tests.botapi import BotAPIServer
from tests.conftest import fresh_postgres_database, require_postgres
from tests.e2e.conftest import TOKEN
from tests.e2e.digest_seed import seed_stories
from tests.e2e.feed_server import FeedServer, rss
from tests.e2e.test_bot_process import bot_environment, free_port

READERS = list(range(20_001, 20_501))
POLL_SECONDS = 10  # the smallest FEED_POLL_SECONDS allows
DUE_SLACK = POLL_SECONDS / 10  # how early a due source may be taken (bot.ingest.poller)
IN_FLIGHT = 8


@pytest.fixture
async def postgres_url() -> AsyncIterator[str]:
    await require_postgres()
    async with fresh_postgres_database() as url:
        yield url


def midday_zone(now: datetime) -> str:
    """A zone where it is about noon now: today's 00:00 slot is hours old and midnight far away."""
    ahead = 12 - now.hour  # hours ahead of UTC; Etc/GMT names count the other way
    return f"Etc/GMT{-ahead:+d}"


async def seed(url: str, readers: list[int]) -> None:
    """Three stories an hour old, and ``readers`` whose 00:00 slot of today has come (subscribed two
    days ago): every one of them is due from the leader's first digest run."""
    storage = await Storage.open(url)
    now = datetime.now(UTC)
    zone, before = midday_zone(now), to_db(now - timedelta(days=2))
    try:
        await seed_stories(storage, now, salt="several")
        async with storage.db.transaction() as conn:
            await conn.executemany(
                "INSERT INTO readers (chat_id, language, timezone, subscribed, created_at, updated_at,"
                " schedule_changed_at) VALUES (?, 'ru', ?, 1, ?, ?, ?)",
                [(chat_id, zone, before, before, before) for chat_id in readers],
            )
            await conn.executemany(
                "INSERT INTO digest_times (chat_id, local_time) VALUES (?, '00:00')",
                [(chat_id,) for chat_id in readers],
            )
    finally:
        await storage.close()


@dataclass
class BotProcess:
    process: asyncio.subprocess.Process
    port: int
    log: Path

    async def metric(self, http: aiohttp.ClientSession, name: str) -> float | None:
        """The value of an unlabelled metric on this process's /metrics; None when it does not answer."""
        try:
            async with http.get(f"http://127.0.0.1:{self.port}/metrics") as response:
                text = await response.text()
        except aiohttp.ClientError:
            return None
        for line in text.splitlines():
            if line.startswith(f"{name} "):
                return float(line.split()[1])
        return None

    async def health(self, http: aiohttp.ClientSession) -> dict[str, object]:
        async with http.get(f"http://127.0.0.1:{self.port}/healthz") as response:
            body: dict[str, object] = await response.json()
            return body

    def output(self) -> str:
        return self.log.read_text(errors="replace")


async def spawn_bot(cwd: Path, botapi: BotAPIServer, log: Path, **env: str) -> asyncio.subprocess.Process:
    """``python -m bot`` against the test server, its output into ``log``."""
    with log.open("wb") as out:
        return await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            cwd=cwd,
            env=bot_environment(botapi, **{"LOG_LEVEL": "INFO", **env}),
            stdout=out,
            stderr=asyncio.subprocess.STDOUT,
        )


@asynccontextmanager
async def bot_processes(
    count: int, tmp_path: Path, botapi: BotAPIServer, **env: str
) -> AsyncIterator[list[BotProcess]]:
    """``count`` bots on one database, each with its own HTTP port and log; SIGTERM (or a kill) after."""
    started: list[BotProcess] = []
    try:
        for n in range(count):
            port = free_port()
            log = tmp_path / f"bot{n}.log"
            process = await spawn_bot(tmp_path, botapi, log, HTTP_PORT=str(port), **env)
            started.append(BotProcess(process, port, log))
        yield started
    finally:
        for bot in started:
            if bot.process.returncode is None:
                bot.process.send_signal(signal.SIGTERM)
        for bot in started:
            try:
                await asyncio.wait_for(bot.process.wait(), 30)
            except TimeoutError:
                bot.process.kill()
                await bot.process.wait()


async def leaders(http: aiohttp.ClientSession, bots: list[BotProcess]) -> list[BotProcess]:
    values = [await bot.metric(http, "newsbot_leader") for bot in bots]
    return [bot for bot, value in zip(bots, values, strict=True) if value == 1]


async def wait_for_one_leader(
    http: aiohttp.ClientSession, bots: list[BotProcess], within: float
) -> BotProcess:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        found = await leaders(http, bots)
        if found:
            assert len(found) == 1, "two processes say they lead"
            return found[0]
        await asyncio.sleep(0.2)
    logs = "\n\n".join(bot.output()[-3000:] for bot in bots)
    raise AssertionError(f"no process leads after {within:.0f} s\n{logs}")


async def wait_until_outbox_empty(url: str, within: float) -> None:
    """Every outbox row recorded as sent (or otherwise done): nothing more will go out."""
    storage = await Storage.open(url)
    try:
        deadline = time.monotonic() + within
        while True:
            pending = await storage.deliveries.pending_count()
            if not pending or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.2)
        assert pending == 0, f"{pending} outbox rows still pending after {within:.0f} s"
    finally:
        await storage.close()


def digests_per_reader(botapi: BotAPIServer) -> dict[int, int]:
    return {chat_id: len(botapi.messages_to(chat_id)) for chat_id in READERS}


class PollLog:
    """When each feed was requested: the feed server's view of who polled what."""

    def __init__(self, server: FeedServer) -> None:
        self.server = server
        self.times: dict[str, list[float]] = defaultdict(list)

    def feed(self, path: str) -> str:
        async def serve(request: web.Request) -> web.Response:
            self.times[path].append(time.monotonic())
            return web.Response(body=rss([]), content_type="application/rss+xml")

        return self.server.handle(path, serve)

    def shortest_gap(self) -> float:
        gaps = [b - a for times in self.times.values() for a, b in itertools.pairwise(times)]
        return min(gaps)


async def test_three_processes_send_each_digest_once_and_poll_each_source_once_per_interval(
    postgres_url: str, tmp_path: Path
) -> None:
    await seed(postgres_url, READERS)
    async with (
        BotAPIServer(token=TOKEN, global_per_second=500) as botapi,
        FeedServer() as feeds,
        aiohttp.ClientSession() as http,
    ):
        polls = PollLog(feeds)
        urls = [polls.feed(f"/feed{n}.xml") for n in range(4)]
        async with bot_processes(
            3,
            tmp_path,
            botapi,
            DATABASE_URL=postgres_url,
            FEEDS=",".join(urls),
            FEED_POLL_SECONDS=str(POLL_SECONDS),
            ALLOW_PRIVATE_NETWORKS="true",
            SEND_RATE_PER_SECOND="250",
            WEBHOOK_URL="https://bot.example.kz/hook",
        ) as bots:
            leader = await wait_for_one_leader(http, bots, within=60)
            await botapi.wait_until(
                lambda: all(botapi.messages_to(chat_id) for chat_id in READERS),
                timeout=60,
                message="every reader's digest",
            )
            await wait_until_outbox_empty(postgres_url, within=30)
            # Every process serves webhook updates, with the one secret they all gave setWebhook.
            assert botapi.webhook is not None
            secret = botapi.webhook["secret_token"]
            for n, bot in enumerate(bots):
                update = {
                    "update_id": 900 + n,
                    "message": {
                        "message_id": 1,
                        "date": 1_700_000_000,
                        "chat": {"id": 30_001 + n, "type": "private"},
                        "from": {"id": 30_001 + n, "is_bot": False, "first_name": "W", "language_code": "en"},
                        "text": "/help",
                        "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
                    },
                }
                async with http.post(
                    f"http://127.0.0.1:{bot.port}/hook",
                    json=update,
                    headers={"X-Telegram-Bot-Api-Secret-Token": str(secret)},
                ) as answer:
                    assert answer.status == 200
                await botapi.wait_for_messages(30_001 + n, 1, timeout=15)
            # Two rounds of polls at least, so a source polled twice in one interval would show.
            await botapi.wait_until(
                lambda: all(len(polls.times[path]) >= 2 for path in (f"/feed{n}.xml" for n in range(4))),
                timeout=3 * POLL_SECONDS,
                message="each feed polled twice",
            )
            assert await leaders(http, bots) == [leader]
            standby = next(bot for bot in bots if bot is not leader)
            assert (await standby.health(http))["leader"] is False
            assert (await leader.health(http))["leader"] is True

        # Stopped: nothing more can arrive. Exactly one digest each, one delivery row each.
        assert set(digests_per_reader(botapi).values()) == {1}
        assert polls.shortest_gap() >= POLL_SECONDS - DUE_SLACK - 0.5, dict(polls.times)
        for bot in bots:
            assert bot.process.returncode == 0, bot.output()[-3000:]
            assert "Traceback" not in bot.output(), bot.output()
    storage = await Storage.open(postgres_url)
    try:
        rows = await storage.db.fetchall("SELECT status, count(*) FROM deliveries GROUP BY status")
        assert {r[0]: r[1] for r in rows} == {"sent": len(READERS)}
        claimed = await storage.db.fetchone("SELECT count(*) FROM sources WHERE claimed_by IS NOT NULL")
        assert claimed[0] == 0  # every claim was released
    finally:
        await storage.close()


async def test_sigkill_of_the_leader_mid_fanout_hands_over_with_nothing_lost(
    postgres_url: str, tmp_path: Path
) -> None:
    await seed(postgres_url, READERS)
    async with (
        BotAPIServer(token=TOKEN, global_per_second=500) as botapi,
        aiohttp.ClientSession() as http,
        bot_processes(
            2,
            tmp_path,
            botapi,
            DATABASE_URL=postgres_url,
            SEND_RATE_PER_SECOND="250",
            OUTBOX_MAX_IN_FLIGHT=str(IN_FLIGHT),
        ) as bots,
    ):
        leader = await wait_for_one_leader(http, bots, within=60)
        await botapi.wait_until(lambda: len(botapi.sent) >= 100, timeout=60, message="100 digests sent")
        leader.process.send_signal(signal.SIGKILL)
        assert await leader.process.wait() == -signal.SIGKILL
        killed_at = time.monotonic()
        sent_before = len(botapi.sent)
        assert sent_before < len(READERS), "the fan-out was over before the kill"

        survivor = next(bot for bot in bots if bot is not leader)
        assert await wait_for_one_leader(http, [survivor], within=30) is survivor
        took_over = time.monotonic() - killed_at
        await botapi.wait_until(
            lambda: all(botapi.messages_to(chat_id) for chat_id in READERS),
            timeout=60,
            message="every reader's digest after the takeover",
        )
        # The rows the killed leader had in flight go again (their marks were never written).
        await wait_until_outbox_empty(postgres_url, within=30)
        # The new leader takes updates too (polling mode).
        botapi.send_message_update(30_001, "/help", language_code="en")
        await botapi.wait_for_messages(30_001, 1, timeout=15)

    counts = digests_per_reader(botapi)
    assert min(counts.values()) == 1, "a digest was lost"
    doubled = sum(count - 1 for count in counts.values())
    assert doubled <= IN_FLIGHT, f"{doubled} digests sent twice (at most {IN_FLIGHT} were in flight)"
    assert "leading" in survivor.output()
    print(f"takeover {took_over:.1f} s after SIGKILL; {sent_before} sent before; {doubled} doubled")
    storage = await Storage.open(postgres_url)
    try:
        rows = await storage.db.fetchall("SELECT status, count(*) FROM deliveries GROUP BY status")
        assert {r[0]: r[1] for r in rows} == {"sent": len(READERS)}
    finally:
        await storage.close()
