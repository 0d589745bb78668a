"""Leading on one PostgreSQL database: the lock vouches for a lease only, a process that takes it waits
one lease before leading, a standby takes over when the leader stops or its session dies, and a new
leader closes the deliveries the last one sent in full."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest

from bot import metrics
from bot.leadership import Leadership
from storage import Storage
from storage.deliveries import DeliveryKind, DeliveryStatus, OutgoingMessage
from storage.leader import LeaderLock
from tests.conftest import POSTGRES_ADMIN_URL, fresh_postgres_database, require_postgres


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Duties:
    """Records what the leadership asked of it."""

    def __init__(self) -> None:
        self.events: list[str] = []
        self.started = asyncio.Event()
        self.stopped = asyncio.Event()

    async def start(self) -> None:
        self.events.append("start")
        self.started.set()

    async def stop(self) -> None:
        self.events.append("stop")
        self.stopped.set()


@pytest.fixture
async def postgres_url() -> AsyncIterator[str]:
    await require_postgres()
    async with fresh_postgres_database() as url:
        yield url


async def test_the_lock_vouches_for_one_lease_from_before_the_check(postgres_url: str) -> None:
    storage = await Storage.open(postgres_url)
    clock = Clock()
    lock = LeaderLock(storage.db, lease=3.0, clock=clock)
    try:
        assert not lock.holds()
        assert await lock.check() and lock.holds()
        clock.now += 2.9
        assert lock.holds()
        clock.now += 0.2  # the lease is over and nobody checked: not sure any more
        assert lock.is_leader and not lock.holds()
        assert await lock.check() and lock.holds()
    finally:
        await lock.close()
        await storage.close()


async def test_a_session_the_server_ends_stops_vouching_without_a_check(postgres_url: str) -> None:
    storage = await Storage.open(postgres_url)
    lock = LeaderLock(storage.db)
    admin = await asyncpg.connect(POSTGRES_ADMIN_URL)
    try:
        assert await lock.check()
        assert lock._conn is not None
        pid = lock._conn.get_server_pid()
        await admin.execute("SELECT pg_terminate_backend($1)", pid)
        for _ in range(500):  # the event loop reads the closed socket: no query needed
            if not lock.holds():
                break
            await asyncio.sleep(0.01)
        assert not lock.holds() and not lock.is_leader
    finally:
        await admin.close()
        await lock.close()
        await storage.close()


async def test_a_standby_leads_one_lease_after_the_leader_gives_up(postgres_url: str) -> None:
    first, second = await Storage.open(postgres_url), await Storage.open(postgres_url)
    duties_a, duties_b = Duties(), Duties()
    a = Leadership(LeaderLock(first.db, lease=0.3), duties_a, leader_check=0.05, standby_check=0.05)
    b = Leadership(LeaderLock(second.db, lease=0.3), duties_b, leader_check=0.05, standby_check=0.05)
    try:
        assert a.wait_after_taking == pytest.approx(0.35)
        a.start()
        async with asyncio.timeout(10):
            await duties_a.started.wait()
        assert metrics.LEADER._value.get() == 1
        b.start()
        await asyncio.sleep(0.5)  # b tries ten times meanwhile
        assert duties_b.events == [] and not b.leading
        await a.stop()
        assert duties_a.events == ["start", "stop"] and not a.leading
        async with asyncio.timeout(10):
            await duties_b.started.wait()
        assert b.leading
    finally:
        await a.stop()
        await b.stop()
        await first.close()
        await second.close()
    assert duties_b.events == ["start", "stop"]


async def test_a_leader_whose_session_dies_stops_its_duties(postgres_url: str) -> None:
    storage = await Storage.open(postgres_url)
    duties = Duties()
    lock = LeaderLock(storage.db, lease=0.2)
    leadership = Leadership(lock, duties, leader_check=0.05, standby_check=0.05)
    admin = await asyncpg.connect(POSTGRES_ADMIN_URL)
    try:
        leadership.start()
        async with asyncio.timeout(10):
            await duties.started.wait()
        assert lock._conn is not None
        await admin.execute("SELECT pg_terminate_backend($1)", lock._conn.get_server_pid())
        async with asyncio.timeout(10):
            await duties.stopped.wait()
        assert not leadership.leading
        duties.started.clear()
        async with asyncio.timeout(10):  # nobody else holds it: taken again, on a new connection
            await duties.started.wait()
        assert duties.events == ["start", "stop", "start"]
    finally:
        await admin.close()
        await leadership.stop()
        await storage.close()


async def test_on_sqlite_the_one_process_leads_at_once(tmp_path: Path) -> None:
    storage = await Storage.open(tmp_path / "db.sqlite")
    duties = Duties()
    leadership = Leadership(LeaderLock(storage.db), duties)
    try:
        assert leadership.wait_after_taking == 0
        await leadership.step()
        assert leadership.leading and duties.events == ["start"]
    finally:
        await leadership.stop()
        await storage.close()


async def test_deliveries_sent_in_full_but_never_closed_are_closed(any_storage: Storage) -> None:
    storage = any_storage
    for chat_id in (1, 2):
        await storage.readers.ensure(chat_id, language="ru", timezone="Asia/Almaty", digest_time="09:00")
    done = await storage.deliveries.enqueue(
        1, DeliveryKind.MANUAL, "m", [OutgoingMessage("a"), OutgoingMessage("b")]
    )
    going = await storage.deliveries.enqueue(
        2, DeliveryKind.MANUAL, "m", [OutgoingMessage("a"), OutgoingMessage("b")]
    )
    assert done is not None and going is not None
    rows = await storage.deliveries.pending_after(0, 10)
    # A leader killed after marking the last row of the first, before closing it; half-way through the second.
    for row in rows:
        if row.delivery_id == done or row.seq == 0:
            await storage.deliveries.mark_sent(row.id)
    assert await storage.deliveries.finish_settled() == 1
    assert await storage.deliveries.status(done) == DeliveryStatus.SENT
    assert await storage.deliveries.status(going) == DeliveryStatus.PENDING
    assert await storage.deliveries.finish_settled() == 0
