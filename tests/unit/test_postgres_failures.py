"""PostgreSQL going away or refusing writes is ``StorageUnavailable``, as a locked or full SQLite file
is: callers wait and retry. A wrong statement or a duplicate key stays what it is."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable

import asyncpg
import pytest

from storage import Storage, StorageUnavailable
from storage.backend import INTEGRITY_ERRORS
from tests.conftest import POSTGRES_ADMIN_URL, fresh_postgres_database, require_postgres


@pytest.fixture
async def postgres_url() -> AsyncIterator[str]:
    await require_postgres()
    async with fresh_postgres_database() as url:
        yield url


async def admin_execute(sql: str) -> None:
    admin = await asyncpg.connect(POSTGRES_ADMIN_URL)
    try:
        await admin.execute(sql)
    finally:
        await admin.close()


def database_name(url: str) -> str:
    return url.rsplit("/", 1)[1]


async def end_sessions(url: str) -> None:
    """What a server restart looks like to the pool: every session of the database ends."""
    await admin_execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
        f" WHERE datname = '{database_name(url)}' AND pid <> pg_backend_pid()"
    )


async def cut_off_during(url: str, call: Awaitable[object]) -> None:
    """Run ``call`` (a slow statement) and end the database's sessions while it runs."""
    task = asyncio.ensure_future(call)
    await asyncio.sleep(0.3)
    await end_sessions(url)
    await task


async def test_a_server_that_ends_the_session_mid_statement_is_unavailable(postgres_url: str) -> None:
    storage = await Storage.open(postgres_url)
    try:
        with pytest.raises(StorageUnavailable, match="write"):
            await cut_off_during(postgres_url, storage.db.write("SELECT pg_sleep(5)"))
        with pytest.raises(StorageUnavailable, match="read"):
            await cut_off_during(postgres_url, storage.db.fetchone("SELECT pg_sleep(5)"))

        async def slow_transaction() -> None:
            async with storage.db.transaction() as conn:
                await conn.execute(
                    "INSERT INTO sources (kind, url, title, created_at) VALUES ('feed', 'u', 't', 'x')"
                )
                await conn.execute("SELECT pg_sleep(5)")

        with pytest.raises(StorageUnavailable, match="transaction"):
            await cut_off_during(postgres_url, slow_transaction())
        # The pool connects again: the next calls work, and the cut transaction left nothing.
        assert await storage.sources.list() == []
        await storage.sources.ensure("feed", "https://a.example/rss", "A")
    finally:
        await storage.close()


async def test_a_read_only_database_refuses_writes_as_unavailable(postgres_url: str) -> None:
    storage = await Storage.open(postgres_url)
    name = database_name(postgres_url)
    try:
        source = await storage.sources.ensure("feed", "https://a.example/rss", "A")
        # A hot standby, or an operator's emergency switch: new sessions read only.
        await admin_execute(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
        await end_sessions(postgres_url)
        with pytest.raises(StorageUnavailable, match="read-only"):
            await storage.sources.record_error(source.id, "boom")
        assert (await storage.sources.get(source.id)) is not None  # reads still work
        await admin_execute(f'ALTER DATABASE "{name}" RESET default_transaction_read_only')
        await end_sessions(postgres_url)
        await storage.sources.record_error(source.id, "boom")
    finally:
        await storage.close()


async def test_a_wrong_statement_or_a_duplicate_is_not_unavailable(postgres_url: str) -> None:
    storage = await Storage.open(postgres_url)
    try:
        with pytest.raises(asyncpg.UndefinedTableError):
            await storage.db.write("UPDATE no_such_table SET x = 1")
        await storage.sources.ensure("feed", "https://a.example/rss", "A")
        with pytest.raises(INTEGRITY_ERRORS):
            await storage.db.write(
                "INSERT INTO sources (kind, url, title, created_at)"
                " VALUES ('feed', 'https://a.example/rss', 't', 'x')"
            )
    finally:
        await storage.close()
