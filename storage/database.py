"""The SQLite connection: pragmas, the stemming function the search index needs, transactions."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from bot.text.words import stemmed_text
from storage.backend import Dialect
from storage.schema import migrate


def _stemmed(value: object) -> str:
    return stemmed_text(value) if isinstance(value, str) else ""


class Database:
    """One aiosqlite connection shared by the process, with a lock that serializes write transactions.

    Single statements run in autocommit mode; multi-statement changes use ``transaction()``.
    """

    dialect: Dialect = "sqlite"

    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self._write_lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path, *, apply_migrations: bool = True) -> Database:
        """Open (creating the folder and file if needed) and bring the schema up to date."""
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = await aiosqlite.connect(path, isolation_level=None)
        conn.row_factory = sqlite3.Row
        try:
            await conn.execute("PRAGMA journal_mode = WAL")
            await conn.execute("PRAGMA foreign_keys = ON")
            await conn.execute("PRAGMA busy_timeout = 10000")
            await conn.execute("PRAGMA synchronous = NORMAL")
            await conn.create_function("stemmed", 1, _stemmed, deterministic=True)
            if apply_migrations:
                await migrate(conn)
        except BaseException:
            await conn.close()
            raise
        return cls(conn, path)

    async def close(self) -> None:
        await self.conn.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on error; one writer at a time in this process."""
        async with self._write_lock:
            await self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                await self.conn.rollback()
                raise
            else:
                await self.conn.commit()

    async def write(self, sql: str, params: tuple[object, ...] | dict[str, object] = ()) -> aiosqlite.Cursor:
        """One writing statement, ordered with transactions by the same lock."""
        async with self._write_lock:
            return await self.conn.execute(sql, params)

    async def fetchone(
        self, sql: str, params: tuple[object, ...] | dict[str, object] = ()
    ) -> sqlite3.Row | None:
        async with self.conn.execute(sql, params) as cursor:
            row: sqlite3.Row | None = await cursor.fetchone()
            return row

    async def fetchall(
        self, sql: str, params: tuple[object, ...] | dict[str, object] = ()
    ) -> list[sqlite3.Row]:
        async with self.conn.execute(sql, params) as cursor:
            return list(await cursor.fetchall())

    async def fetchtuples(
        self, sql: str, params: tuple[object, ...] | dict[str, object] = ()
    ) -> list[tuple[Any, ...]]:
        """Like ``fetchall`` with plain tuples: several times cheaper than ``sqlite3.Row`` for big results."""
        async with self.conn.execute(sql, params) as cursor:
            cursor.row_factory = None
            rows: list[tuple[Any, ...]] = list(await cursor.fetchall())  # type: ignore[arg-type]
            return rows
