"""Retention: old articles (with their index rows and story links) and old delivered messages go.

An article older than ``RETENTION_DAYS`` is deleted unless a delivery of the last ``SHOWN_KEEP`` points
to it (``delivery_articles``); its full-text row goes with it (trigger), its story signature and band
keys by foreign key. Deliveries finished more than ``DELIVERED_KEEP`` ago go with their outbox rows
and article links; so do finished outbox rows of that age that belong to no delivery. Pending work is
never touched. On SQLite the search index's segments are merged a bounded amount after each prune, so
deleted rows do not linger in it, and after a large prune the file is compacted (VACUUM); after a daily
one the freed pages are simply reused by new rows. On PostgreSQL the search rows go with their articles
(foreign key) and autovacuum reclaims the space.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta

from storage import Storage
from storage.database import Database
from storage.timestamps import to_db, utcnow

log = logging.getLogger(__name__)

SHOWN_KEEP = timedelta(days=7)
DELIVERED_KEEP = timedelta(days=30)
# Deleted per transaction, so the bot's own writes never wait long behind a prune.
BATCH = 1000
# Deleted articles leave tombstones in the full-text index until its segments are merged: after a
# prune that removed articles, merge in steps of this many pages, up to the budget, each step its own
# write so the bot's writes go in between.
FTS_MERGE_STEP_PAGES = 500
FTS_MERGE_BUDGET_STEPS = 32
# Compact the file when at least this share of it is free pages (and at least VACUUM_MIN_BYTES).
VACUUM_FREE_SHARE = 0.25
VACUUM_MIN_BYTES = 8 << 20

_OLD_ARTICLES = (
    "SELECT a.id FROM articles a WHERE a.published_at < :cutoff AND NOT EXISTS ("
    " SELECT 1 FROM delivery_articles da JOIN deliveries d ON d.id = da.delivery_id"
    " WHERE da.article_id = a.id AND d.created_at >= :shown_since)"
)


@dataclass(slots=True)
class PruneReport:
    """What one prune removed, by kind, and what it kept."""

    articles: int = 0
    kept_shown: int = 0
    deliveries: int = 0
    outbox_rows: int = 0
    size_before: int = 0
    size_after: int = 0
    vacuumed: bool = False
    retention_days: int = 0

    def lines(self) -> list[str]:
        """One line per kind, for ``python -m bot prune``."""
        if self.retention_days:
            head = f"articles removed: {self.articles} (published more than {self.retention_days} days ago)"
        else:
            head = "articles removed: 0 (RETENTION_DAYS=0 keeps every article)"
        mb = 1 << 20
        return [
            head,
            f"old articles kept because a delivery of the last {SHOWN_KEEP.days} days shows them: "
            f"{self.kept_shown}",
            f"deliveries removed: {self.deliveries} (finished more than {DELIVERED_KEEP.days} days ago)",
            f"outbox messages removed: {self.outbox_rows}"
            f" (delivered more than {DELIVERED_KEEP.days} days ago)",
            f"database size: {self.size_before / mb:.1f} MB -> {self.size_after / mb:.1f} MB"
            + (" (compacted)" if self.vacuumed else ""),
        ]

    def summary(self) -> str:
        return (
            f"removed {self.articles} articles, {self.deliveries} deliveries, {self.outbox_rows} outbox rows;"
            f" kept {self.kept_shown} shown recently; {self.size_after / (1 << 20):.1f} MB"
        )


async def database_bytes(storage: Storage) -> int:
    """Bytes in use by the database file (pages times page size, free pages included); on PostgreSQL,
    the database's size on disk."""
    if storage.db.dialect == "postgresql":
        row = await storage.db.fetchone("SELECT pg_database_size(current_database())")
        return int(row[0]) if row else 0
    row = await storage.db.fetchone(
        "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()"
    )
    return int(row[0]) if row else 0


async def prune(storage: Storage, *, retention_days: int, now: datetime | None = None) -> PruneReport:
    """Remove what retention allows (see the module docstring); ``retention_days=0`` keeps articles."""
    now = now or utcnow()
    db = storage.db
    report = PruneReport(retention_days=retention_days, size_before=await database_bytes(storage))
    if retention_days > 0:
        params: dict[str, object] = {
            "cutoff": to_db(now - timedelta(days=retention_days)),
            "shown_since": to_db(now - SHOWN_KEEP),
        }
        ids = [row[0] for row in await db.fetchtuples(_OLD_ARTICLES, params)]
        for start in range(0, len(ids), BATCH):
            chunk = ids[start : start + BATCH]
            marks = ",".join("?" * len(chunk))
            async with db.transaction() as conn:
                # The condition again: a delivery recorded since the lookup keeps its articles.
                cursor = await conn.execute(
                    f"DELETE FROM articles WHERE id IN ({marks}) AND NOT EXISTS ("
                    " SELECT 1 FROM delivery_articles da JOIN deliveries d ON d.id = da.delivery_id"
                    " WHERE da.article_id = articles.id AND d.created_at >= ?)",
                    (*chunk, params["shown_since"]),
                )
                report.articles += cursor.rowcount
        row = await db.fetchone("SELECT count(*) FROM articles WHERE published_at < ?", (params["cutoff"],))
        report.kept_shown = int(row[0]) if row else 0
    delivered_before = to_db(now - DELIVERED_KEEP)
    while True:
        async with db.transaction() as conn:
            # Outbox rows first (counted), then their deliveries; article links go by foreign key.
            cursor = await conn.execute(
                "SELECT id FROM deliveries WHERE created_at < ? AND status != 'pending' LIMIT ?",
                (delivered_before, BATCH),
            )
            old = [row[0] for row in await cursor.fetchall()]
            if not old:
                break
            marks = ",".join("?" * len(old))
            cursor = await conn.execute(f"DELETE FROM outbox WHERE delivery_id IN ({marks})", old)
            report.outbox_rows += cursor.rowcount
            cursor = await conn.execute(f"DELETE FROM deliveries WHERE id IN ({marks})", old)
            report.deliveries += cursor.rowcount
    cursor = await db.write(
        "DELETE FROM outbox WHERE delivery_id IS NULL AND status != 'pending' AND created_at < ?",
        (delivered_before,),
    )
    report.outbox_rows += cursor.rowcount
    if isinstance(storage.db, Database):  # SQLite
        if report.articles:
            await _merge_search_index(storage.db)
        report.vacuumed = await _compact_if_mostly_free(storage.db)
    report.size_after = await database_bytes(storage)
    return report


async def _merge_search_index(db: Database) -> None:
    """Fold deleted rows out of the FTS5 index, a bounded amount per prune (negative N: all segments)."""
    for _ in range(FTS_MERGE_BUDGET_STEPS):
        before = db.conn.total_changes
        await db.write(
            "INSERT INTO articles_fts (articles_fts, rank) VALUES ('merge', ?)", (-FTS_MERGE_STEP_PAGES,)
        )
        if db.conn.total_changes - before < 2:  # nothing left to merge
            return


async def _compact_if_mostly_free(db: Database) -> bool:
    row = await db.fetchone(
        "SELECT freelist_count, page_count, page_size FROM pragma_freelist_count(), pragma_page_count(),"
        " pragma_page_size()"
    )
    if row is None:
        return False
    free, pages, page_size = int(row[0]), int(row[1]), int(row[2])
    if pages == 0 or free / pages < VACUUM_FREE_SHARE or free * page_size < VACUUM_MIN_BYTES:
        return False
    try:
        await db.write("VACUUM")
        await db.write("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.OperationalError as exc:  # no room for the copy VACUUM writes, or busy: next time
        log.warning("retention: compacting the database failed: %s", exc)
        return False
    return True
