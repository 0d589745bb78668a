"""What the repositories need of a database, whichever backend holds it (SQLite or PostgreSQL).

Statements are written once with ``?`` or ``:name`` placeholders; the PostgreSQL backend translates
them. Where the SQL must differ, a repository asks ``db.dialect`` for that one statement.
"""

from __future__ import annotations

import sqlite3
from contextlib import AbstractAsyncContextManager
from typing import Any, Literal, Protocol

import asyncpg

Params = tuple[object, ...] | dict[str, object]
Dialect = Literal["sqlite", "postgresql"]

# A duplicate key (UNIQUE, PRIMARY KEY) or a broken foreign key, on either backend.
INTEGRITY_ERRORS: tuple[type[Exception], ...] = (
    sqlite3.IntegrityError,
    asyncpg.IntegrityConstraintViolationError,
)


class DatabaseUnavailableError(Exception):
    """The database cannot be reached or refuses the connection; the message says which, in one line."""


class Cursor(Protocol):
    """What a statement run inside a transaction gives back (an aiosqlite cursor has the same)."""

    @property
    def rowcount(self) -> int: ...

    async def fetchone(self) -> Any: ...

    async def fetchall(self) -> Any: ...


class Backend(Protocol):
    """A database the repositories can use: rows answer ``row["column"]`` and ``row[0]``.

    ``transaction()`` yields a connection whose ``execute(sql, params)`` returns a ``Cursor`` and whose
    ``executemany(sql, rows)`` runs one statement per row; all of it commits together or not at all.
    Inserts that need the new id say ``RETURNING id`` and read it with ``fetchone()``.
    """

    dialect: Dialect

    async def close(self) -> None: ...

    def transaction(self) -> AbstractAsyncContextManager[Any]: ...

    async def write(self, sql: str, params: Params = ()) -> Cursor: ...

    async def fetchone(self, sql: str, params: Params = ()) -> Any: ...

    async def fetchall(self, sql: str, params: Params = ()) -> list[Any]: ...

    async def fetchtuples(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]: ...
