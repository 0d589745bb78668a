"""Which process leads: the one holding a PostgreSQL advisory lock runs the jobs that must run once
(the digest scheduler, the outbox sender, getUpdates). On SQLite there is one process: always leader.

The lock is a session lock on a connection of its own (not a pooled one, which other work would
share and give back): it is held while that connection lives and goes when the process dies, so a
standby takes over by trying again.

A leader cannot learn at once that the server dropped its session (a network cut is silent), so
``holds`` answers for a short lease only: true while the lock was seen held less than ``lease`` seconds
ago, counted from before the query that saw it. Whoever takes the lock next took it after that query
ran; if it waits ``lease`` seconds before acting (``bot.leadership``), the old leader has stopped
acting by then, whatever it knows.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable

import asyncpg

from storage.backend import Backend

log = logging.getLogger(__name__)

# "newsbot" leader: distinct from the migration lock.
LEADER_LOCK_KEY = 0x6E657773_626F7402
# How long one sight of the lock vouches for it; the leader re-checks well within this.
LEASE_SECONDS = 3.0
# A check that takes longer counts as a lost connection (the lock may be gone with it).
CHECK_TIMEOUT = 5.0
CONNECT_TIMEOUT = 5.0

_CONNECTION_ERRORS = (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError)


class LeaderLock:
    """``await lock.check()`` says whether this process is the leader now, taking the lock when free."""

    def __init__(
        self,
        db: Backend,
        key: int = LEADER_LOCK_KEY,
        *,
        lease: float = LEASE_SECONDS,
        timeout: float = CHECK_TIMEOUT,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.db = db
        self.key = key
        self.lease = lease
        self.timeout = timeout
        self.clock = clock
        # The lock's connection while held; a standby keeps one too, to try again on.
        self._conn: asyncpg.Connection | None = None
        self._held = False
        self._seen_at = float("-inf")
        # Counts the times the lock was taken: a lock lost and taken again is a new term, not the same.
        self.term = 0

    @property
    def always_leader(self) -> bool:
        """One process on SQLite: nothing to take or lose."""
        return self.db.dialect == "sqlite"

    @property
    def is_leader(self) -> bool:
        """As of the last ``check`` (false at once when the lock's connection closes)."""
        return self.always_leader or (self._held and self._conn is not None and not self._conn.is_closed())

    def holds(self) -> bool:
        """Leader for sure now: the lock was seen held less than ``lease`` seconds ago."""
        return self.always_leader or (self.is_leader and self.clock() - self._seen_at < self.lease)

    async def check(self) -> bool:
        """Leader now? Re-checks a held lock (its connection still answers) and tries to take a free one."""
        if self.always_leader:
            return True
        if self._held:
            asked_at = self.clock()
            try:
                await self._ask("SELECT 1")
            except _CONNECTION_ERRORS as exc:
                log.warning("leader lock lost: its connection failed: %s", exc or type(exc).__name__)
                self._drop()
                return False
            if self._held:
                self._seen_at = asked_at
                return True
            log.warning("leader lock lost: its connection closed")
            self._drop()
            return False
        return await self._try_acquire()

    async def _ask(self, sql: str, *args: object) -> object:
        assert self._conn is not None
        return await asyncio.wait_for(self._conn.fetchval(sql, *args), self.timeout)

    async def _try_acquire(self) -> bool:
        if self._conn is None or self._conn.is_closed():
            url = getattr(self.db, "url", None)
            if not isinstance(url, str):
                return False
            try:
                self._conn = await asyncpg.connect(url, timeout=CONNECT_TIMEOUT)
            except _CONNECTION_ERRORS as exc:
                log.warning("leader lock: cannot connect: %s", exc or type(exc).__name__)
                return False
            self._conn.add_termination_listener(self._on_closed)
        asked_at = self.clock()
        try:
            taken = bool(await self._ask("SELECT pg_try_advisory_lock($1)", self.key))
        except _CONNECTION_ERRORS as exc:
            log.warning("leader lock: cannot ask for it: %s", exc or type(exc).__name__)
            self._drop()
            return False
        if not taken:
            return False
        self._held = True
        self._seen_at = asked_at
        self.term += 1
        log.info("this process holds the leader lock")
        return True

    def _on_closed(self, conn: asyncpg.Connection) -> None:
        # The session, and the lock with it, is gone: stop vouching now, not at the next check.
        if conn is self._conn:
            self._held = False

    def _drop(self) -> None:
        conn, self._conn, self._held = self._conn, None, False
        if conn is not None and not conn.is_closed():
            conn.terminate()

    async def close(self) -> None:
        """Give the lock up (a standby may take it at its next check)."""
        conn, self._conn, held = self._conn, None, self._held
        self._held = False
        if conn is None or conn.is_closed():
            return
        # If this fails the connection is going anyway, and the lock with it.
        with contextlib.suppress(*_CONNECTION_ERRORS):
            if held:
                await asyncio.wait_for(conn.fetchval("SELECT pg_advisory_unlock($1)", self.key), self.timeout)
        with contextlib.suppress(*_CONNECTION_ERRORS):
            await asyncio.wait_for(conn.close(), self.timeout)
        if not conn.is_closed():
            conn.terminate()
