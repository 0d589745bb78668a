"""Several processes on one database: one leader by advisory lock (always leader on SQLite), and due
sources claimed with a lease, none by two processes at once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from storage import Storage
from storage.leader import LeaderLock
from tests.conftest import fresh_postgres_database, require_postgres

NOW = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)
LEASE = timedelta(minutes=5)


@pytest.fixture
async def postgres_url() -> AsyncIterator[str]:
    await require_postgres()
    async with fresh_postgres_database() as url:
        yield url


async def test_one_leader_at_a_time_and_a_standby_takes_over(postgres_url: str) -> None:
    first, second = await Storage.open(postgres_url), await Storage.open(postgres_url)
    a, b = LeaderLock(first.db), LeaderLock(second.db)
    try:
        assert await a.check() and a.is_leader
        assert not await b.check() and not b.is_leader
        assert await a.check()  # re-checking keeps it
        await a.close()  # the leader stops
        assert not a.is_leader
        assert await b.check() and b.is_leader
        assert not await a.check()
    finally:
        await a.close()
        await b.close()
        await first.close()
        await second.close()


async def test_a_leader_whose_connection_dies_loses_the_lock(postgres_url: str) -> None:
    first, second = await Storage.open(postgres_url), await Storage.open(postgres_url)
    a, b = LeaderLock(first.db), LeaderLock(second.db)
    try:
        assert await a.check()
        assert a._conn is not None
        a._conn.terminate()  # what a crashed process looks like to the server
        assert await b.check()
        assert not await a.check()  # the lost lock is noticed, and it is taken now
    finally:
        await a.close()
        await b.close()
        await first.close()
        await second.close()


async def test_sqlite_is_always_leader(tmp_path: Path) -> None:
    storage = await Storage.open(tmp_path / "db.sqlite")
    lock = LeaderLock(storage.db)
    assert await lock.check() and await LeaderLock(storage.db).check()
    await lock.close()
    await storage.close()


async def test_claims_are_disjoint_and_lapse(any_storage: Storage) -> None:
    storage = any_storage
    ids = [(await storage.sources.ensure("feed", f"https://s{n}.example/rss", f"S{n}")).id for n in range(5)]
    first = await storage.sources.claim_due(NOW, "worker-a", LEASE, limit=3)
    second = await storage.sources.claim_due(NOW, "worker-b", LEASE, limit=3)
    assert [s.id for s in first] == ids[:3]
    assert [s.id for s in second] == ids[3:]
    assert await storage.sources.claim_due(NOW, "worker-c", LEASE) == []
    # Released: due again for anyone; not released (its process died): free once the lease ends.
    await storage.sources.release_claim(ids[0], "worker-a")
    await storage.sources.release_claim(ids[1], "worker-b")  # not b's: stays a's
    assert [s.id for s in await storage.sources.claim_due(NOW, "worker-c", LEASE)] == [ids[0]]
    assert await storage.sources.claim_due(NOW + LEASE / 2, "worker-d", LEASE) == []
    later = await storage.sources.claim_due(NOW + LEASE, "worker-d", LEASE)  # every lease has ended
    assert [s.id for s in later] == ids
    # A source polled with a next time in the future is not due, claimed or not.
    await storage.sources.record_success(
        ids[2], etag=None, last_modified=None, next_fetch_at=NOW + LEASE * 10
    )
    assert ids[2] not in [s.id for s in await storage.sources.claim_due(NOW + LEASE * 2, "w", LEASE)]


async def test_claiming_skips_rows_another_process_is_claiming(postgres_url: str) -> None:
    storage = await Storage.open(postgres_url)
    try:
        ids = [
            (await storage.sources.ensure("feed", f"https://s{n}.example/rss", f"S{n}")).id for n in range(3)
        ]
        async with storage.db.transaction() as other:
            # Another process in the middle of claiming the first source: its row is locked.
            await other.execute("SELECT id FROM sources WHERE id = ? FOR UPDATE", (ids[0],))
            claimed = await asyncio.wait_for(storage.sources.claim_due(NOW, "worker-b", LEASE), 30)
            assert [s.id for s in claimed] == ids[1:]
    finally:
        await storage.close()
