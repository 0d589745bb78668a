"""Sources of articles: feeds, Telegram channels and imported collections."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from bot.ingest.urls import SOURCE_PLACEHOLDER, canonical_feed_url, site_name, source_label
from bot.logging_setup import redact
from storage.backend import Backend
from storage.timestamps import from_db, to_db, utcnow

SourceKind = Literal["feed", "channel", "import"]


@dataclass(frozen=True, slots=True)
class Source:
    id: int
    kind: SourceKind
    url: str
    title: str
    enabled: bool
    etag: str | None
    last_modified: str | None
    last_fetched_at: datetime | None
    last_error: str | None
    error_count: int
    next_fetch_at: datetime | None

    @property
    def has_placeholder_title(self) -> bool:
        """The title is only what stands in for one (the host of the URL): a feed's own title may
        replace it."""
        return self.title in ("", self.url, site_name(self.url))

    @classmethod
    def from_row(cls, row: Any) -> Source:
        return cls(
            id=row["id"],
            kind=row["kind"],
            url=row["url"],
            title=row["title"],
            enabled=bool(row["enabled"]),
            etag=row["etag"],
            last_modified=row["last_modified"],
            last_fetched_at=from_db(row["last_fetched_at"]) if row["last_fetched_at"] else None,
            last_error=row["last_error"],
            error_count=row["error_count"],
            next_fetch_at=from_db(row["next_fetch_at"]) if row["next_fetch_at"] else None,
        )


class SourceRepository:
    def __init__(self, db: Backend) -> None:
        self.db = db

    async def ensure(self, kind: SourceKind, url: str, title: str) -> Source:
        """The source with this URL, added if missing (idempotent).

        An http(s) URL is stored without tracking parameters (``canonical_feed_url``): the same feed
        with ``?utm_source=...`` is the same source. A title that is empty or a URL is stored as the
        URL's host: titles reach readers, and a URL may carry credentials ("user:pass@", "?apikey=").
        """
        existing = await self.get_by_url(url)
        if existing is not None:
            return existing
        stored_url = canonical_feed_url(url) or url
        await self.db.write(
            "INSERT INTO sources (kind, url, title, created_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (url) DO NOTHING",
            (kind, stored_url, source_label(title, url), to_db(utcnow())),
        )
        source = await self.get_by_url(stored_url)
        assert source is not None
        return source

    async def get(self, source_id: int) -> Source | None:
        row = await self.db.fetchone("SELECT * FROM sources WHERE id = ?", (source_id,))
        return Source.from_row(row) if row else None

    async def get_by_url(self, url: str) -> Source | None:
        """The source at ``url`` or at its canonical form (rows stored before canonical URLs match too)."""
        canonical = canonical_feed_url(url) or url
        row = await self.db.fetchone(
            "SELECT * FROM sources WHERE url IN (?, ?) ORDER BY url = ? DESC, id LIMIT 1",
            (canonical, url, canonical),
        )
        return Source.from_row(row) if row else None

    async def due(self, moment: datetime, kind: SourceKind = "feed") -> list[Source]:
        """Enabled sources of ``kind`` whose next poll time has come (or was never set)."""
        rows = await self.db.fetchall(
            "SELECT * FROM sources WHERE kind = ? AND enabled = 1"
            " AND (next_fetch_at IS NULL OR next_fetch_at <= ?) ORDER BY id",
            (kind, to_db(moment)),
        )
        return [Source.from_row(r) for r in rows]

    async def claim_due(
        self, moment: datetime, worker: str, lease: timedelta, *, limit: int = 50, kind: SourceKind = "feed"
    ) -> list[Source]:
        """Like ``due``, for one of several processes: up to ``limit`` due sources no other process
        holds, claimed by ``worker`` until ``moment + lease``. On PostgreSQL the rows another process is
        claiming at this instant are skipped (FOR UPDATE SKIP LOCKED), not waited for; an expired claim
        is free again."""
        now = to_db(moment)
        skip_locked = " FOR UPDATE SKIP LOCKED" if self.db.dialect == "postgresql" else ""
        async with self.db.transaction() as conn:  # a write: ordered with the other writes
            cursor = await conn.execute(
                "UPDATE sources SET claimed_by = :worker, claimed_until = :until WHERE id IN ("
                " SELECT id FROM sources WHERE kind = :kind AND enabled = 1"
                " AND (next_fetch_at IS NULL OR next_fetch_at <= :now)"
                " AND (claimed_until IS NULL OR claimed_until <= :now)"
                f" ORDER BY id LIMIT :limit{skip_locked}) RETURNING *",
                {"worker": worker, "until": to_db(moment + lease), "kind": kind, "now": now, "limit": limit},
            )
            rows = await cursor.fetchall()
        return sorted((Source.from_row(r) for r in rows), key=lambda source: source.id)

    async def release_claim(self, source_id: int, worker: str) -> None:
        """Done with a claimed source (polled or failed): free for the next due time."""
        await self.db.write(
            "UPDATE sources SET claimed_by = NULL, claimed_until = NULL WHERE id = ? AND claimed_by = ?",
            (source_id, worker),
        )

    async def list(self, kind: SourceKind | None = None) -> list[Source]:
        if kind is None:
            rows = await self.db.fetchall("SELECT * FROM sources ORDER BY id")
        else:
            rows = await self.db.fetchall("SELECT * FROM sources WHERE kind = ? ORDER BY id", (kind,))
        return [Source.from_row(r) for r in rows]

    async def remove(self, source_id: int) -> bool:
        """Delete a source with its articles; False when there was none."""
        cursor = await self.db.write("DELETE FROM sources WHERE id = ?", (source_id,))
        return cursor.rowcount > 0

    async def set_title(self, source_id: int, title: str) -> None:
        """Rename a source; a title that is a URL is shown as its host (see ``ensure``)."""
        label = source_label(title, None)
        if label == SOURCE_PLACEHOLDER:
            return  # nothing better than the name the source has
        await self.db.write("UPDATE sources SET title = ? WHERE id = ?", (label, source_id))

    async def set_url(self, source_id: int, url: str) -> None:
        await self.db.write(
            "UPDATE sources SET url = ? WHERE id = ?", (canonical_feed_url(url) or url, source_id)
        )

    async def record_success(
        self, source_id: int, *, etag: str | None, last_modified: str | None, next_fetch_at: datetime
    ) -> None:
        await self.db.write(
            "UPDATE sources SET etag = ?, last_modified = ?, last_fetched_at = ?, last_error = NULL,"
            " error_count = 0, next_fetch_at = ? WHERE id = ?",
            (etag, last_modified, to_db(utcnow()), to_db(next_fetch_at), source_id),
        )

    async def record_failure(self, source_id: int, error: str, *, next_fetch_at: datetime) -> None:
        await self.db.write(
            "UPDATE sources SET last_fetched_at = ?, last_error = ?, error_count = error_count + 1,"
            " next_fetch_at = ? WHERE id = ?",
            (to_db(utcnow()), redact(error)[:500], to_db(next_fetch_at), source_id),
        )

    async def record_error(self, source_id: int, error: str) -> None:
        """A failure of a poll outside the schedule: shown in /stats, but the backoff is left alone."""
        await self.db.write(
            "UPDATE sources SET last_fetched_at = ?, last_error = ? WHERE id = ?",
            (to_db(utcnow()), redact(error)[:500], source_id),
        )
