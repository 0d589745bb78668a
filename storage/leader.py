"""Which process leads: the one holding a PostgreSQL advisory lock runs the jobs that must run once
(the digest scheduler, the outbox sender, getUpdates). On SQLite there is one process: always leader.

The lock is a session lock on a connection of its own (not a pooled one, which other work would
share and give back): it is held while that connection lives and goes when the process dies, so a
standby takes over by trying again.
"""

from __future__ import annotations

import contextlib
import logging

import asyncpg

from storage.backend import Backend

log = logging.getLogger(__name__)

# "newsbot" leader: distinct from the migration lock.
LEADER_LOCK_KEY = 0x6E657773_626F7402


class LeaderLock:
    """``await lock.check()`` says whether this process is the leader now, taking the lock when free."""

    def __init__(self, db: Backend, key: int = LEADER_LOCK_KEY) -> None:
        self.db = db
        self.key = key
        self._conn: asyncpg.Connection | None = None

    @property
    def is_leader(self) -> bool:
        """As of the last ``check``."""
        return self.db.dialect == "sqlite" or self._conn is not None

    async def check(self) -> bool:
        """Leader now? Re-checks a held lock (its connection still answers) and tries to take a free one."""
        if self.db.dialect == "sqlite":
            return True
        if self._conn is not None:
            try:
                await self._conn.fetchval("SELECT 1")
                return True
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
                log.warning("leader lock lost: its connection failed: %s", exc)
                await self._drop()
        return await self._try_acquire()

    async def _try_acquire(self) -> bool:
        url = getattr(self.db, "url", None)
        if not isinstance(url, str):
            return False
        try:
            conn = await asyncpg.connect(url)
        except (OSError, asyncpg.PostgresError) as exc:
            log.warning("leader lock: cannot connect: %s", exc)
            return False
        try:
            taken = bool(await conn.fetchval("SELECT pg_try_advisory_lock($1)", self.key))
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError):
            await conn.close()
            raise
        if not taken:
            await conn.close()
            return False
        self._conn = conn
        log.info("this process is the leader")
        return True

    async def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.terminate()

    async def close(self) -> None:
        """Give the lock up (a standby may take it at its next check)."""
        conn, self._conn = self._conn, None
        if conn is None:
            return
        # If this fails the connection is going anyway, and the lock with it.
        with contextlib.suppress(OSError, asyncpg.PostgresError, asyncpg.InterfaceError):
            await conn.fetchval("SELECT pg_advisory_unlock($1)", self.key)
        await conn.close()
