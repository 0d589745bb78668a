"""What health checks and metrics read of the database: that it answers, and a few counts."""

from __future__ import annotations

from dataclasses import dataclass

from storage.backend import Backend


@dataclass(frozen=True, slots=True)
class DatabaseCounts:
    articles: int
    outbox_pending: int
    sources: int
    sources_failing: int


class StatusRepository:
    """Cheap read-only queries for ``/healthz`` and ``/metrics``."""

    def __init__(self, db: Backend) -> None:
        self.db = db

    async def ping(self) -> None:
        """Raise if the database does not answer a query."""
        await self.db.fetchone("SELECT 1")

    async def counts(self) -> DatabaseCounts:
        """Article, pending outbox, enabled and failing source counts, in one query."""
        row = await self.db.fetchone(
            "SELECT (SELECT count(*) FROM articles),"
            " (SELECT count(*) FROM outbox WHERE status = 'pending'),"
            " (SELECT count(*) FROM sources WHERE enabled = 1),"
            " (SELECT count(*) FROM sources WHERE enabled = 1 AND error_count > 0)"
        )
        assert row is not None
        return DatabaseCounts(int(row[0]), int(row[1]), int(row[2]), int(row[3]))
