"""The PostgreSQL backend: an asyncpg pool behind the interface the repositories use (``Backend``).

Statements keep SQLite's placeholders (``?`` in order, ``:name`` by name); each statement text is
translated to ``$1, $2 ...`` once and the translation is cached. Rows are asyncpg Records, which answer
``row["column"]`` and ``row[0]`` like ``sqlite3.Row``.

Failures that time may cure are ``StorageUnavailable``, as on SQLite: a server that is gone, restarting
or refusing connections, a full disk, a read-only standby, a query past ``COMMAND_TIMEOUT``. Callers wait
them out and retry, never drop or resend anything. A single write that lost a deadlock or a lock wait
(nothing of it was applied) is tried again for up to ``LOCK_PATIENCE`` seconds first.
"""

from __future__ import annotations

import asyncio
import logging
import random
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

import asyncpg

from bot.config import redact_url
from storage.backend import DatabaseUnavailableError, Dialect, Params
from storage.database import StorageUnavailable
from storage.schema import migrate_postgres

log = logging.getLogger(__name__)

T = TypeVar("T")

CONNECT_TIMEOUT = 10.0
# A query that takes longer is given up (a server that went silent must not hold a job for ever).
COMMAND_TIMEOUT = 120.0
LOCK_PATIENCE = 10.0
_RETRY_FIRST = 0.05
_RETRY_MAX = 1.0

# "Not now": the server is gone or going, restarting, out of disk or connections, read-only, too slow.
_UNAVAILABLE: tuple[type[BaseException], ...] = (
    OSError,
    TimeoutError,
    asyncpg.PostgresConnectionError,
    asyncpg.OperatorInterventionError,
    asyncpg.InsufficientResourcesError,
    asyncpg.ReadOnlySQLTransactionError,
    asyncpg.TransactionRollbackError,
    asyncpg.LockNotAvailableError,
    # What asyncpg says of a pooled session the server ended while it was idle.
    asyncpg.InternalClientError,
)
# Nothing of the statement was applied (rolled back by the server, or never sent on a dead session):
# it may simply run again.
_RETRYABLE: tuple[type[BaseException], ...] = (
    asyncpg.TransactionRollbackError,
    asyncpg.LockNotAvailableError,
    asyncpg.InternalClientError,
)


def is_unavailable(exc: BaseException) -> bool:
    """A failure of the database, not of the statement: waiting (and a new connection) may cure it."""
    if isinstance(exc, _UNAVAILABLE):
        return True
    # asyncpg's own word for a connection that died under it, or a pool closed under a call.
    return isinstance(exc, asyncpg.InterfaceError) and "clos" in str(exc)


@contextmanager
def _unavailable_as_storage(what: str) -> Iterator[None]:
    try:
        yield
    except Exception as exc:
        if is_unavailable(exc):
            raise StorageUnavailable(f"{what}: {type(exc).__name__}: {exc}") from exc
        raise


# A quoted string or identifier, a "::" cast, a "?" or a ":name" placeholder, in that order of trying.
_TOKEN = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|::|\?|:([A-Za-z_][A-Za-z0-9_]*)")
# Statements that give rows back (the others report a count in their status, "UPDATE 3").
_RETURNS_ROWS = re.compile(r"^\s*(?:SELECT|WITH|VALUES)\b|\bRETURNING\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Translated:
    sql: str
    names: tuple[str, ...] | None  # the parameter names in $n order, or None for "?" placeholders
    returns_rows: bool

    def args(self, params: Params | Sequence[object]) -> list[object]:
        if isinstance(params, dict):
            if self.names is None:
                raise TypeError("named parameters given to a statement with '?' placeholders")
            return [params[name] for name in self.names]
        if self.names:
            raise TypeError("positional parameters given to a statement with :name placeholders")
        return list(params)


@lru_cache(maxsize=2048)
def translate(sql: str) -> Translated:
    """``?`` and ``:name`` placeholders become ``$n``; text inside quotes is left alone."""
    names: list[str] = []
    positional = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal positional
        token = match.group(0)
        if token == "?":
            positional += 1
            return f"${positional}"
        if match.group(1) is not None:
            name = match.group(1)
            if name not in names:
                names.append(name)
            return f"${names.index(name) + 1}"
        return token

    out = _TOKEN.sub(replace, sql)
    if positional and names:
        raise ValueError(f"a statement mixes '?' and ':name' placeholders: {sql}")
    return Translated(out, tuple(names) if names else None, bool(_RETURNS_ROWS.search(sql)))


def _count(status: str) -> int:
    """The row count of a command status ("INSERT 0 1", "UPDATE 3", "DELETE 0"); 0 when it has none."""
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else 0


class PgCursor:
    """What one statement gave: its rows (if it returns any) and how many rows it touched."""

    def __init__(self, rows: list[asyncpg.Record], rowcount: int) -> None:
        self.rows = rows
        self.rowcount = rowcount

    async def fetchone(self) -> asyncpg.Record | None:
        return self.rows[0] if self.rows else None

    async def fetchall(self) -> list[asyncpg.Record]:
        return self.rows


class PgConnection:
    """One pooled connection with the calls repositories make inside ``transaction()``."""

    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    async def execute(self, sql: str, params: Params | Sequence[object] = ()) -> PgCursor:
        statement = translate(sql)
        args = statement.args(params)
        if statement.returns_rows:
            rows = await self.conn.fetch(statement.sql, *args)
            return PgCursor(rows, len(rows))
        return PgCursor([], _count(await self.conn.execute(statement.sql, *args)))

    async def executemany(self, sql: str, rows: Iterable[Params | Sequence[object]]) -> None:
        statement = translate(sql)
        batch = [statement.args(row) for row in rows]
        if batch:
            await self.conn.executemany(statement.sql, batch)

    async def fetchone(self, sql: str, params: Params = ()) -> asyncpg.Record | None:
        statement = translate(sql)
        return await self.conn.fetchrow(statement.sql, *statement.args(params))

    async def fetchall(self, sql: str, params: Params = ()) -> list[asyncpg.Record]:
        statement = translate(sql)
        return list(await self.conn.fetch(statement.sql, *statement.args(params)))


class PostgresDatabase:
    """A pool of asyncpg connections; single statements autocommit, ``transaction()`` groups them."""

    dialect: Dialect = "postgresql"

    def __init__(self, pool: asyncpg.Pool, url: str) -> None:
        self.pool = pool
        self.url = url

    @classmethod
    async def open(cls, url: str, *, apply_migrations: bool = True, max_size: int = 10) -> PostgresDatabase:
        """Connect (``postgresql://user:pass@host:port/db``) and bring the schema up to date."""
        try:
            pool = await asyncpg.create_pool(
                url, min_size=1, max_size=max_size, timeout=CONNECT_TIMEOUT, command_timeout=COMMAND_TIMEOUT
            )
        except (OSError, TimeoutError, asyncpg.PostgresError) as exc:
            raise DatabaseUnavailableError(
                f"cannot connect to PostgreSQL at {redact_url(url)}: {exc or type(exc).__name__}"
            ) from None
        try:
            if apply_migrations:
                async with pool.acquire() as conn:
                    await migrate_postgres(conn)
        except BaseException:
            await pool.close()
            raise
        return cls(pool, url)

    async def close(self) -> None:
        await self.pool.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[PgConnection]:
        """BEGIN ... COMMIT on one pooled connection, rolled back on error; a database that fails
        under it is StorageUnavailable (nothing of the transaction was applied, or all of it)."""
        with _unavailable_as_storage("transaction"):
            async with self.pool.acquire() as conn, conn.transaction():
                yield PgConnection(conn)

    async def write(self, sql: str, params: Params = ()) -> PgCursor:
        """One statement in autocommit; a lost deadlock or lock wait is tried again for a while."""

        async def attempt() -> PgCursor:
            async with self.pool.acquire() as conn:
                return await PgConnection(conn).execute(sql, params)

        return await self._patiently(attempt, "write")

    async def _patiently(self, attempt: Callable[[], Awaitable[T]], what: str) -> T:
        """``attempt`` again, after a growing pause, while it fails with nothing applied; up to
        ``LOCK_PATIENCE`` seconds. Any failure of the database is StorageUnavailable."""
        deadline = time.monotonic() + LOCK_PATIENCE
        pause = _RETRY_FIRST
        while True:
            try:
                with _unavailable_as_storage(what):
                    return await attempt()
            except StorageUnavailable as exc:
                if not isinstance(exc.__cause__, _RETRYABLE) or time.monotonic() + pause > deadline:
                    raise
                log.debug("%s: %s, trying again in %.2f s", what, exc, pause)
            await asyncio.sleep(pause * random.uniform(0.5, 1.0))
            pause = min(_RETRY_MAX, pause * 2)

    async def fetchone(self, sql: str, params: Params = ()) -> asyncpg.Record | None:
        statement = translate(sql)

        async def attempt() -> asyncpg.Record | None:
            return await self.pool.fetchrow(statement.sql, *statement.args(params))

        return await self._patiently(attempt, "read")

    async def fetchall(self, sql: str, params: Params = ()) -> list[asyncpg.Record]:
        statement = translate(sql)

        async def attempt() -> list[asyncpg.Record]:
            return list(await self.pool.fetch(statement.sql, *statement.args(params)))

        return await self._patiently(attempt, "read")

    async def fetchtuples(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in await self.fetchall(sql, params)]
