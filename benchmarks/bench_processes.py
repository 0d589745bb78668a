"""The digest fan-out on SQLite beside PostgreSQL, then two ``python -m bot run`` processes on one
PostgreSQL database, then the same with the leader SIGKILLed half-way.

Sends are given as a ratio of the allowed rate (SEND_RATE_PER_SECOND), measured at the local Bot API
server (in a process of its own, as Telegram would be), with lost and doubled digests. The in-process
part runs the fan-out and the outbox sender as ``bench_delivery`` does; the process part runs the real
bot: the leader's first digest run queues every reader, its sender drains the outbox; after the kill,
how long until the other process leads, and how many messages went twice (at most
OUTBOX_MAX_IN_FLIGHT may). Prints figures, never fails on timing; without PostgreSQL it says why.

``python -m benchmarks.bench_processes [--scale 10] [--readers 3000] [--articles 5000]``
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp

from benchmarks.bench_delivery import (
    DEFAULT_SEND_RATE,
    TELEGRAM_GLOBAL_PER_SECOND,
    TOKEN,
    bench_now,
    seed_articles,
    telegram_process,
)
from benchmarks.bench_postgres import BACKENDS, database_url, postgres_answers
from bot.config import load_settings
from bot.delivery.sender import DEFAULT_MAX_IN_FLIGHT, OutboxSender
from bot.digest.jobs import DigestFanout
from bot.telegram.client import create_bot
from storage import Storage
from storage.timestamps import to_db

REPO = Path(__file__).resolve().parents[1]


async def seed_readers(storage: Storage, readers: int, timezone: str, local_time: str, since: str) -> None:
    async with storage.db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO readers (chat_id, language, timezone, subscribed, created_at, updated_at,"
            " schedule_changed_at) VALUES (?, 'ru', ?, 1, ?, ?, ?)",
            [(10_000 + i, timezone, since, since, since) for i in range(readers)],
        )
        await conn.executemany(
            "INSERT INTO digest_times (chat_id, local_time) VALUES (?, ?)",
            [(10_000 + i, local_time) for i in range(readers)],
        )


def figures(received: dict[str, Any], readers: int, rate: float) -> str:
    """The sends the server recorded: how many, the sustained rate against the allowed one, lost, doubled."""
    stamps = sorted(received["stamps"])
    sustained = (len(stamps) - 1) / (stamps[-1] - stamps[0]) if len(stamps) > 1 else 0.0
    per_chat = Counter(received["chats"])
    lost = sum(1 for i in range(readers) if per_chat[10_000 + i] == 0)
    doubled = sum(count - 1 for count in per_chat.values() if count > 1)
    return (
        f"{len(stamps)} messages, sustained {sustained:.1f} msg/s = {sustained / rate:.3f} of"
        f" SEND_RATE_PER_SECOND={rate:g}; 429s {received['count_429']}, lost {lost}, doubled {doubled}"
    )


async def wait_drained(storage: Storage, readers: int) -> None:
    """Every reader's delivery queued and every outbox row done."""
    while True:
        row = await storage.db.fetchone("SELECT count(*) FROM deliveries")
        if row and row[0] >= readers and not await storage.deliveries.pending_count():
            return
        await asyncio.sleep(0.2)


async def fanout_in_process(backend: str, scale: float, readers: int, articles: int) -> None:
    rate = DEFAULT_SEND_RATE * scale
    now = bench_now()
    async with (
        database_url(backend) as url,
        telegram_process(TELEGRAM_GLOBAL_PER_SECOND * scale) as (api, received),
    ):
        storage = await Storage.open(url)
        try:
            await seed_articles(storage, articles, now)
            await seed_readers(storage, readers, "Asia/Almaty", "09:00", to_db(now - timedelta(days=2)))
            settings = load_settings(
                bot_token=TOKEN,
                telegram_api_url=api,
                database_url=url,
                send_rate_per_second=rate,
                _env_file=None,
            )
            bot = create_bot(settings, retry=False)
            sender = OutboxSender(
                storage, bot, rate_per_second=rate, max_in_flight=round(DEFAULT_MAX_IN_FLIGHT * scale)
            )
            fanout = DigestFanout(storage, settings, now=lambda: now, on_queued=sender.notify)
            started = time.perf_counter()
            sender.start()
            await fanout.run_once()
            await wait_drained(storage, readers)
            await sender.stop()
            took = time.perf_counter() - started
            await bot.session.close()
        finally:
            await storage.close()
    print(
        f"fan-out in one process, {backend}: {readers} readers, all sent in {took:.1f} s;"
        f" {figures(received, readers, rate)}"
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Process:
    process: asyncio.subprocess.Process
    port: int

    async def leads(self, http: aiohttp.ClientSession) -> bool:
        try:
            async with http.get(f"http://127.0.0.1:{self.port}/metrics") as response:
                return "\nnewsbot_leader 1.0" in await response.text()
        except aiohttp.ClientError:
            return False


async def spawn(api: str, url: str, rate: float, in_flight: int, log: Path) -> Process:
    port = free_port()
    with log.open("wb") as out:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            cwd=log.parent,
            env={
                **os.environ,
                "BOT_TOKEN": TOKEN,
                "TELEGRAM_API_URL": api,
                "DATABASE_URL": url,
                "FEEDS": "",
                "SEND_RATE_PER_SECOND": str(rate),
                "OUTBOX_MAX_IN_FLIGHT": str(in_flight),
                "HTTP_PORT": str(port),
                "PYTHONPATH": str(REPO),
            },
            stdout=out,
            stderr=asyncio.subprocess.STDOUT,
        )
    return Process(process, port)


async def leader_of(http: aiohttp.ClientSession, processes: list[Process]) -> Process:
    while True:
        for process in processes:
            if await process.leads(http):
                return process
        await asyncio.sleep(0.1)


async def sent_count(storage: Storage) -> int:
    row = await storage.db.fetchone("SELECT count(*) FROM outbox WHERE status = 'sent'")
    return int(row[0]) if row else 0


async def two_processes(scale: float, readers: int, articles: int, *, kill: bool) -> None:
    rate = DEFAULT_SEND_RATE * scale
    in_flight = round(DEFAULT_MAX_IN_FLIGHT * scale)
    now = datetime.now(UTC)
    # A zone where it is about noon: today's 00:00 slot has come for every reader.
    zone = f"Etc/GMT{now.hour - 12:+d}"
    async with (
        database_url("postgresql") as url,
        telegram_process(TELEGRAM_GLOBAL_PER_SECOND * scale) as (api, received),
        aiohttp.ClientSession() as http,
    ):
        storage = await Storage.open(url)
        processes: list[Process] = []
        try:
            await seed_articles(storage, articles, now)
            await seed_readers(storage, readers, zone, "00:00", to_db(now - timedelta(days=2)))
            with tempfile.TemporaryDirectory() as folder:
                started = time.perf_counter()
                for n in range(2):
                    processes.append(await spawn(api, url, rate, in_flight, Path(folder) / f"bot{n}.log"))
                leader = await leader_of(http, processes)
                leading_after = time.perf_counter() - started
                note = ""
                if kill:
                    while await sent_count(storage) < readers // 3:  # noqa: ASYNC110 - polling the database
                        await asyncio.sleep(0.05)
                    leader.process.send_signal(signal.SIGKILL)
                    await leader.process.wait()
                    killed = time.perf_counter()
                    survivor = next(p for p in processes if p is not leader)
                    await leader_of(http, [survivor])
                    takeover = time.perf_counter() - killed
                    note = f"; SIGKILL of the leader at 1/3: the other led {takeover:.1f} s later"
                await wait_drained(storage, readers)
                took = time.perf_counter() - started
                for process in processes:
                    if process.process.returncode is None:
                        process.process.send_signal(signal.SIGTERM)
                for process in processes:
                    await asyncio.wait_for(process.process.wait(), 30)
        finally:
            for process in processes:
                if process.process.returncode is None:
                    process.process.kill()
            await storage.close()
    print(
        f"two run processes on PostgreSQL{' with a kill' if kill else ''}: {readers} readers, a leader"
        f" {leading_after:.1f} s after start{note}; all sent {took:.1f} s after start;"
        f" {figures(received, readers, rate)} (at most {in_flight} in flight)"
    )


async def run(args: argparse.Namespace) -> int:
    if not await postgres_answers():
        return 0
    print(
        f"scale x{args.scale:g}: SEND_RATE_PER_SECOND={DEFAULT_SEND_RATE * args.scale:g}, the server allows"
        f" {TELEGRAM_GLOBAL_PER_SECOND * args.scale:g} msg/s; {args.articles} articles stored"
    )
    for backend in BACKENDS:
        await fanout_in_process(backend, args.scale, args.readers, args.articles)
    await two_processes(args.scale, args.readers, args.articles, kill=False)
    await two_processes(args.scale, args.readers, args.articles, kill=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=float, default=10.0, help="multiply the limits and the send rate")
    parser.add_argument("--readers", type=int, default=3000)
    parser.add_argument("--articles", type=int, default=5000)
    return asyncio.run(run(parser.parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
