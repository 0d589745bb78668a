"""The SQLite connection: pragmas, the stemming function the search index needs, transactions.

Writes outlast a busy database: SQLite's own busy handler waits ``busy_timeout`` for another
process's lock, and a write still refused as busy or locked is tried again with a growing pause for up
to ``lock_patience`` seconds in all. A write that cannot be made even then, or that the disk refuses
(full, read-only, I/O error), raises ``StorageUnavailable``: a passing condition that callers wait out
and retry, never a reason to drop or resend anything.
"""

from __future__ import annotations

import asyncio
import logging
import random
import sqlite3
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

from bot.text.words import stemmed_text
from storage.backend import Dialect
from storage.schema import migrate

log = logging.getLogger(__name__)

T = TypeVar("T")

BUSY_TIMEOUT_MS = 10_000
LOCK_PATIENCE = 60.0
PAGE_SIZE = 8192
_RETRY_FIRST = 0.01
_RETRY_MAX = 1.0
# Primary result codes (the low byte of an extended code) that mean "not now", not "never".
_BUSY_CODES = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})
_UNWRITABLE_CODES = frozenset({sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_READONLY})


class StorageUnavailable(Exception):
    """The database cannot take writes now (locked for too long, disk full, read-only): try later."""


def _primary_code(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def is_busy(exc: BaseException) -> bool:
    """A lock held by another connection: waiting may help."""
    if not isinstance(exc, sqlite3.OperationalError):
        return False
    code = _primary_code(exc)
    if code is not None:
        return code in _BUSY_CODES
    return "locked" in str(exc) or "busy" in str(exc)


def is_unwritable(exc: BaseException) -> bool:
    """The disk refuses writes (full, read-only, failing): only time and the operator help."""
    if not isinstance(exc, sqlite3.OperationalError | sqlite3.DatabaseError):
        return False
    code = _primary_code(exc)
    if code is not None:
        return code in _UNWRITABLE_CODES
    text = str(exc)
    return "disk is full" in text or "disk I/O error" in text or "readonly" in text


def _stemmed(value: object, language: object = "") -> str:
    return stemmed_text(value, str(language or "")) if isinstance(value, str) else ""


class Database:
    """One aiosqlite connection shared by the process, with a lock that serializes write transactions.

    Single statements run in autocommit mode; multi-statement changes use ``transaction()``.
    """

    dialect: Dialect = "sqlite"

    def __init__(
        self, conn: aiosqlite.Connection, path: Path, *, lock_patience: float = LOCK_PATIENCE
    ) -> None:
        self.conn = conn
        self.path = path
        self.lock_patience = lock_patience
        self._write_lock = asyncio.Lock()

    @classmethod
    async def open(
        cls,
        path: Path,
        *,
        apply_migrations: bool = True,
        busy_timeout_ms: int = BUSY_TIMEOUT_MS,
        lock_patience: float = LOCK_PATIENCE,
    ) -> Database:
        """Open (creating the folder and file if needed) and bring the schema up to date."""
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = await aiosqlite.connect(path, isolation_level=None)
        conn.row_factory = sqlite3.Row
        try:
            await conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            # Takes effect on a new file only (before WAL is on): an article row of about 2 KB
            # leaves most of a 4 KB page empty, so 8 KB pages make a smaller file.
            await conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")
            await conn.execute("PRAGMA journal_mode = WAL")
            await conn.execute("PRAGMA foreign_keys = ON")
            await conn.execute("PRAGMA synchronous = NORMAL")
            # stemmed(text) is what the first migration's triggers call; stemmed(text, lang) today's.
            await conn.create_function("stemmed", 1, _stemmed, deterministic=True)
            await conn.create_function("stemmed", 2, _stemmed, deterministic=True)
            if apply_migrations:
                await migrate(conn)
        except BaseException:
            await conn.close()
            raise
        return cls(conn, path, lock_patience=lock_patience)

    async def close(self) -> None:
        await self.conn.close()

    async def _patiently(self, attempt: Callable[[], Awaitable[T]], what: str) -> T:
        """Run ``attempt`` (one write), again after a pause while the database is busy.

        Busy past ``lock_patience`` seconds, or a disk that refuses the write, is StorageUnavailable.
        """
        deadline = time.monotonic() + self.lock_patience
        pause = _RETRY_FIRST
        while True:
            try:
                return await attempt()
            except sqlite3.Error as exc:
                if is_unwritable(exc):
                    raise StorageUnavailable(f"{what}: {exc}") from exc
                if not is_busy(exc):
                    raise
                if time.monotonic() + pause > deadline:
                    raise StorageUnavailable(f"{what}: still {exc} after {self.lock_patience:g} s") from exc
                log.debug("%s: %s, trying again in %.2f s", what, exc, pause)
            await asyncio.sleep(pause * random.uniform(0.5, 1.0))
            pause = min(_RETRY_MAX, pause * 2)

    async def _begin(self) -> None:
        await self.conn.execute("BEGIN IMMEDIATE")

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on error; one writer at a time in this process.

        Taking the write lock waits out a busy database; once held, WAL mode lets nothing else take
        it, so the body runs once. A full disk inside the body is StorageUnavailable.
        """
        async with self._write_lock:
            await self._patiently(self._begin, "begin a transaction")
            try:
                yield self.conn
            except BaseException as exc:
                await self._rollback()
                if isinstance(exc, sqlite3.Error) and (is_unwritable(exc) or is_busy(exc)):
                    raise StorageUnavailable(f"transaction: {exc}") from exc
                raise
            else:
                try:
                    await self.conn.commit()
                except sqlite3.Error as exc:
                    await self._rollback()
                    if is_unwritable(exc) or is_busy(exc):
                        raise StorageUnavailable(f"commit: {exc}") from exc
                    raise

    async def _rollback(self) -> None:
        # SQLite may already have rolled back on its own (a full disk does); nothing is left to undo then.
        try:
            if self.conn.in_transaction:
                await self.conn.rollback()
        except sqlite3.Error as exc:
            log.warning("rollback failed: %s", exc)

    async def write(self, sql: str, params: tuple[object, ...] | dict[str, object] = ()) -> aiosqlite.Cursor:
        """One writing statement, ordered with transactions by the same lock; waits out a busy database."""

        async def attempt() -> aiosqlite.Cursor:
            return await self.conn.execute(sql, params)

        async with self._write_lock:
            return await self._patiently(attempt, "write")

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
