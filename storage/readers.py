"""Readers (private chats with the bot): settings, digest schedules and per-source choices."""

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
    # Local digest times, sorted "HH:MM" (one to six), on the weekdays set in ``digest_days``.
    digest_times: tuple[str, ...]
    digest_days: int
    subscribed: bool
    blocked: bool
    last_digest_at: datetime | None
    # When the reader last subscribed or changed times, days or zone: earlier slots never go out.
    schedule_changed_at: datetime | None = None

    @classmethod
    def from_row(cls, row: Any, times: tuple[str, ...]) -> Reader:
        return cls(
            chat_id=row["chat_id"],
            language=row["language"],
            timezone=row["timezone"],
            digest_times=times,
            digest_days=int(row["digest_days"]),
            subscribed=bool(row["subscribed"]),
            blocked=bool(row["blocked"]),
            last_digest_at=from_db(row["last_digest_at"]) if row["last_digest_at"] else None,
            schedule_changed_at=from_db(row["schedule_changed_at"]) if row["schedule_changed_at"] else None,
        )


@dataclass(frozen=True, slots=True)
class DueReader:
    """A reader whose digest slot has come: the slot's local time today."""

    reader: Reader
    slot_time: str


class ReaderRepository:
    def __init__(self, db: Backend) -> None:
        self.db = db

    async def _times(self, chat_ids: list[int]) -> dict[int, tuple[str, ...]]:
        found: dict[int, list[str]] = {chat_id: [] for chat_id in chat_ids}
        for first in range(0, len(chat_ids), 500):  # SQLite's bound-parameter limit
            part = chat_ids[first : first + 500]
            rows = await self.db.fetchall(
                f"SELECT chat_id, local_time FROM digest_times WHERE chat_id IN ({','.join('?' * len(part))})"
                " ORDER BY chat_id, local_time",
                tuple(part),
            )
            for row in rows:
                found[int(row[0])].append(str(row[1]))
        return {chat_id: tuple(times) for chat_id, times in found.items()}

    async def get(self, chat_id: int) -> Reader | None:
        row = await self.db.fetchone("SELECT * FROM readers WHERE chat_id = ?", (chat_id,))
        if row is None:
            return None
        return Reader.from_row(row, (await self._times([chat_id]))[chat_id])

    async def ensure(self, chat_id: int, *, language: str, timezone: str, digest_time: str) -> Reader:
        """The reader of this chat, registered with these defaults if new; writing again unblocks
        (from the next slot on)."""
        now = to_db(utcnow())
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO readers (chat_id, language, timezone, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?)"
                # Back from blocking the bot: digests resume at the next slot, none is sent late.
                " ON CONFLICT (chat_id) DO UPDATE SET blocked = 0, schedule_changed_at = excluded.created_at"
                " WHERE readers.blocked = 1",
                (chat_id, language, timezone, now, now),
            )
            if cursor.rowcount:  # a new reader (or one unblocked): make sure they have a time
                has_time = await conn.execute("SELECT 1 FROM digest_times WHERE chat_id = ?", (chat_id,))
                if await has_time.fetchone() is None:
                    await conn.execute(
                        "INSERT INTO digest_times (chat_id, local_time) VALUES (?, ?)", (chat_id, digest_time)
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
        """Subscribing starts the schedule anew: the first digest is the first slot after now."""
        now = to_db(utcnow())
        await self.db.write(
            "UPDATE readers SET schedule_changed_at = CASE WHEN subscribed = 0 AND ? = 1 THEN ?"
            " ELSE schedule_changed_at END, subscribed = ?, updated_at = ? WHERE chat_id = ?",
            (int(subscribed), now, int(subscribed), now, chat_id),
        )

    async def set_language(self, chat_id: int, language: str) -> None:
        await self._set(chat_id, "language", language)

    async def set_timezone(self, chat_id: int, timezone: str) -> None:
        """A new zone moves every slot: it counts as a new schedule."""
        now = to_db(utcnow())
        await self.db.write(
            "UPDATE readers SET timezone = ?, schedule_changed_at = ?, updated_at = ? WHERE chat_id = ?",
            (timezone, now, now, chat_id),
        )

    async def set_schedule(
        self, chat_id: int, *, times: tuple[str, ...] | None = None, days: int | None = None
    ) -> None:
        """Replace the digest times and/or weekdays; the first digest is then the first slot after now."""
        now = to_db(utcnow())
        async with self.db.transaction() as conn:
            if times is not None:
                await conn.execute("DELETE FROM digest_times WHERE chat_id = ?", (chat_id,))
                await conn.executemany(
                    "INSERT INTO digest_times (chat_id, local_time) VALUES (?, ?)",
                    [(chat_id, hhmm) for hhmm in sorted(set(times))],
                )
            await conn.execute(
                "UPDATE readers SET digest_days = coalesce(?, digest_days), schedule_changed_at = ?,"
                " updated_at = ? WHERE chat_id = ?",
                (days, now, now, chat_id),
            )

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
        self,
        timezone: str,
        local_date: str,
        weekday: int,
        *,
        times_after: str,
        times_until: str,
        after_chat_id: int = -(2**63),
        limit: int = 500,
    ) -> list[DueReader]:
        """Readers in ``timezone`` with a digest time in (``times_after``, ``times_until``] today.

        Each comes with the latest such time (the slot due now), on a weekday of their schedule
        (Monday = 0), without a delivery for that slot yet. Pages by chat id so a fan-out streams.
        """
        # A window of a few minutes: walk its times first (CROSS JOIN fixes the order in SQLite), not
        # every subscribed reader; the whole day (the first run): walk the zone's readers.
        join = "CROSS JOIN" if times_after and self.db.dialect == "sqlite" else "JOIN"
        rows = await self.db.fetchall(
            "SELECT r.*, s.slot_time FROM (SELECT t.chat_id, max(t.local_time) AS slot_time"
            f" FROM digest_times t {join} readers z ON z.chat_id = t.chat_id"
            " WHERE t.local_time > :after AND t.local_time <= :until AND z.timezone = :zone"
            " AND z.subscribed = 1 AND z.blocked = 0 AND (z.digest_days >> :weekday) & 1 = 1"
            " AND t.chat_id > :after_chat GROUP BY t.chat_id) s"
            " JOIN readers r ON r.chat_id = s.chat_id"
            " WHERE NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.chat_id = r.chat_id"
            " AND d.kind = 'digest' AND d.local_date = :date || 'T' || s.slot_time)"
            " ORDER BY r.chat_id LIMIT :limit",
            {
                "after": times_after,
                "until": times_until,
                "zone": timezone,
                "weekday": weekday,
                "after_chat": after_chat_id,
                "date": local_date,
                "limit": limit,
            },
        )
        times = await self._times([int(r["chat_id"]) for r in rows])
        return [DueReader(Reader.from_row(r, times[int(r["chat_id"])]), str(r["slot_time"])) for r in rows]
