"""Readers (private chats with the bot) and their per-source choices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage.backend import Backend
from storage.timestamps import from_db, to_db, utcnow


@dataclass(frozen=True, slots=True)
class Reader:
    chat_id: int
    language: str
    timezone: str
    digest_time: str
    subscribed: bool
    blocked: bool
    last_digest_at: datetime | None

    @classmethod
    def from_row(cls, row: Any) -> Reader:
        return cls(
            chat_id=row["chat_id"],
            language=row["language"],
            timezone=row["timezone"],
            digest_time=row["digest_time"],
            subscribed=bool(row["subscribed"]),
            blocked=bool(row["blocked"]),
            last_digest_at=from_db(row["last_digest_at"]) if row["last_digest_at"] else None,
        )


class ReaderRepository:
    def __init__(self, db: Backend) -> None:
        self.db = db

    async def get(self, chat_id: int) -> Reader | None:
        row = await self.db.fetchone("SELECT * FROM readers WHERE chat_id = ?", (chat_id,))
        return Reader.from_row(row) if row else None

    async def ensure(self, chat_id: int, *, language: str, timezone: str, digest_time: str) -> Reader:
        """The reader of this chat, registered with these defaults if new; writing again unblocks."""
        now = to_db(utcnow())
        await self.db.write(
            "INSERT INTO readers (chat_id, language, timezone, digest_time, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (chat_id) DO UPDATE SET blocked = 0 WHERE readers.blocked = 1",
            (chat_id, language, timezone, digest_time, now, now),
        )
        reader = await self.get(chat_id)
        assert reader is not None
        return reader

    async def _set(self, chat_id: int, column: str, value: object) -> None:
        await self.db.write(
            f"UPDATE readers SET {column} = ?, updated_at = ? WHERE chat_id = ?",
            (value, to_db(utcnow()), chat_id),
        )

    async def set_subscribed(self, chat_id: int, subscribed: bool) -> None:
        await self._set(chat_id, "subscribed", int(subscribed))

    async def set_language(self, chat_id: int, language: str) -> None:
        await self._set(chat_id, "language", language)

    async def set_timezone(self, chat_id: int, timezone: str) -> None:
        await self._set(chat_id, "timezone", timezone)

    async def set_digest_time(self, chat_id: int, digest_time: str) -> None:
        await self._set(chat_id, "digest_time", digest_time)

    async def set_blocked(self, chat_id: int, blocked: bool) -> None:
        await self._set(chat_id, "blocked", int(blocked))

    async def set_last_digest_at(self, chat_id: int, moment: datetime) -> None:
        await self._set(chat_id, "last_digest_at", to_db(moment))

    async def count(self, *, subscribed_only: bool = False) -> int:
        sql = "SELECT count(*) FROM readers"
        if subscribed_only:
            sql += " WHERE subscribed = 1 AND blocked = 0"
        row = await self.db.fetchone(sql)
        return int(row[0]) if row else 0

    async def source_choices(self, chat_id: int) -> dict[int, bool]:
        """Source id to on/off for the sources this reader switched; others are on."""
        rows = await self.db.fetchall(
            "SELECT source_id, enabled FROM reader_sources WHERE chat_id = ?", (chat_id,)
        )
        return {int(r["source_id"]): bool(r["enabled"]) for r in rows}

    async def set_source_enabled(self, chat_id: int, source_id: int, enabled: bool) -> None:
        await self.db.write(
            "INSERT INTO reader_sources (chat_id, source_id, enabled) VALUES (?, ?, ?)"
            " ON CONFLICT (chat_id, source_id) DO UPDATE SET enabled = excluded.enabled",
            (chat_id, source_id, int(enabled)),
        )

    async def active_zones(self) -> list[str]:
        """Every time zone some subscribed, not blocked reader lives in."""
        rows = await self.db.fetchall(
            "SELECT DISTINCT timezone FROM readers WHERE subscribed = 1 AND blocked = 0"
        )
        return [str(r[0]) for r in rows]

    async def due_for_digest(
        self, timezone: str, local_time: str, local_date: str, *, after_chat_id: int = 0, limit: int = 500
    ) -> list[Reader]:
        """Readers in ``timezone`` whose digest time (HH:MM) has come today and who have no digest today.

        Pages by chat id so a fan-out streams readers instead of loading them all.
        """
        rows = await self.db.fetchall(
            "SELECT r.* FROM readers r WHERE r.subscribed = 1 AND r.blocked = 0 AND r.timezone = ?"
            " AND r.digest_time <= ? AND r.chat_id > ? AND NOT EXISTS (SELECT 1 FROM deliveries d"
            " WHERE d.chat_id = r.chat_id AND d.kind = 'digest' AND d.local_date = ?)"
            " ORDER BY r.chat_id LIMIT ?",
            (timezone, local_time, after_chat_id, local_date, limit),
        )
        return [Reader.from_row(r) for r in rows]
