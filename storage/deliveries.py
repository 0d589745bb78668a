"""Deliveries (at most one digest per reader per slot: its local date and time, "2026-06-01T09:00", in
the ``local_date`` column) and the outbox of messages to send."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from bot.logging_setup import redact
from storage.backend import Backend
from storage.timestamps import from_db, to_db, utcnow


class DeliveryStatus(StrEnum):
    """Where a delivery or one of its outbox rows stands; every state but PENDING is final.

    Rows: pending until sent; failed (a 400, or retries exhausted) and blocked (403). Deliveries
    also end as partial (some rows failed) or empty (nothing new: the slot is done, nothing sent).
    """

    PENDING = "pending"
    SENT = "sent"
    PARTIAL = "partial"
    FAILED = "failed"
    BLOCKED = "blocked"
    EMPTY = "empty"


class DeliveryKind(StrEnum):
    """What a delivery is: a scheduled digest slot, one sent by hand (``digest --chat``), a story
    posted to a chat in instant mode, or a notice to a chat's administrator."""

    DIGEST = "digest"
    MANUAL = "manual"
    INSTANT = "instant"
    NOTICE = "notice"


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    """One message to put into the outbox: ready Telegram HTML and an optional inline keyboard (JSON)."""

    text: str
    reply_markup: str | None = None


@dataclass(frozen=True, slots=True)
class OutboxRow:
    id: int
    delivery_id: int | None
    chat_id: int
    seq: int
    text: str
    reply_markup: str | None
    attempts: int
    next_attempt_at: datetime | None
    # The forum topic it goes to (None: the general topic, or a chat without topics).
    thread_id: int | None = None

    @classmethod
    def from_row(cls, row: Any) -> OutboxRow:
        return cls(
            id=row["id"],
            delivery_id=row["delivery_id"],
            chat_id=row["chat_id"],
            seq=row["seq"],
            text=row["text"],
            reply_markup=row["reply_markup"],
            attempts=row["attempts"],
            next_attempt_at=from_db(row["next_attempt_at"]) if row["next_attempt_at"] else None,
            thread_id=int(row["thread_id"]) if row["thread_id"] is not None else None,
        )


async def chat_thread(conn: Any, chat_id: int) -> int | None:
    """The forum topic a chat's messages go to, read inside the caller's transaction (None for readers)."""
    cursor = await conn.execute("SELECT thread_id FROM chats WHERE chat_id = ?", (chat_id,))
    row = await cursor.fetchone()
    return int(row[0]) if row is not None and row[0] is not None else None


class DeliveryRepository:
    """The deliveries and outbox tables: written together, so a crash never leaves half a digest."""

    def __init__(self, db: Backend) -> None:
        self.db = db

    async def enqueue(
        self,
        chat_id: int,
        kind: DeliveryKind,
        local_date: str,
        messages: Sequence[OutgoingMessage],
        *,
        last_digest_at: datetime | None = None,
        status: DeliveryStatus = DeliveryStatus.PENDING,
        article_ids: Sequence[int] = (),
    ) -> int | None:
        """Record a delivery and its messages in ONE transaction; None if this delivery already exists.

        ``last_digest_at`` moves the reader's "since" mark in the same transaction, so the stories
        of a digest that is recorded are never offered again. With no messages the delivery is
        recorded with ``status`` (e.g. EMPTY): the slot is done for this reader. ``article_ids`` are
        the articles the messages show, recorded with them (retention keeps what was recently shown).
        """
        now = to_db(utcnow())
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO deliveries (chat_id, kind, local_date, status, created_at, finished_at)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (chat_id, kind, local_date) DO NOTHING RETURNING id",
                (
                    chat_id,
                    str(kind),
                    local_date,
                    str(status if not messages else DeliveryStatus.PENDING),
                    now,
                    None if messages else now,
                ),
            )
            row = await cursor.fetchone()
            if row is None:
                return None
            delivery_id = int(row[0])
            thread_id = await chat_thread(conn, chat_id)
            await conn.executemany(
                "INSERT INTO outbox (delivery_id, chat_id, seq, text, reply_markup, created_at, thread_id)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (delivery_id, chat_id, seq, m.text, m.reply_markup, now, thread_id)
                    for seq, m in enumerate(messages)
                ],
            )
            await conn.executemany(
                "INSERT INTO delivery_articles (delivery_id, article_id) VALUES (?, ?)"
                " ON CONFLICT DO NOTHING",
                [(delivery_id, article_id) for article_id in dict.fromkeys(article_ids)],
            )
            if last_digest_at is not None:
                await conn.execute(
                    "UPDATE readers SET last_digest_at = ?, updated_at = ? WHERE chat_id = ?",
                    (to_db(last_digest_at), now, chat_id),
                )
        return delivery_id

    async def exists(self, chat_id: int, kind: DeliveryKind, local_date: str) -> bool:
        row = await self.db.fetchone(
            "SELECT 1 FROM deliveries WHERE chat_id = ? AND kind = ? AND local_date = ?",
            (chat_id, str(kind), local_date),
        )
        return row is not None

    async def status(self, delivery_id: int) -> DeliveryStatus | None:
        row = await self.db.fetchone("SELECT status FROM deliveries WHERE id = ?", (delivery_id,))
        return DeliveryStatus(row["status"]) if row else None

    async def pending_after(self, after_id: int, limit: int) -> list[OutboxRow]:
        """Pending outbox rows with ids above ``after_id``, oldest first (the order they must go out)."""
        rows = await self.db.fetchall(
            "SELECT * FROM outbox WHERE status = ? AND id > ? ORDER BY id LIMIT ?",
            (str(DeliveryStatus.PENDING), after_id, limit),
        )
        return [OutboxRow.from_row(r) for r in rows]

    async def has_pending(self, chat_id: int) -> bool:
        """Whether messages to this chat wait in the outbox (or are being sent)."""
        row = await self.db.fetchone(
            "SELECT 1 FROM outbox WHERE chat_id = ? AND status = ? LIMIT 1",
            (chat_id, str(DeliveryStatus.PENDING)),
        )
        return row is not None

    async def pending_of_chat(self, chat_id: int, from_id: int, until_id: int, limit: int) -> list[OutboxRow]:
        """A chat's pending rows with ids in [``from_id``, ``until_id``], oldest first."""
        rows = await self.db.fetchall(
            "SELECT * FROM outbox WHERE chat_id = ? AND status = ? AND id >= ? AND id <= ?"
            " ORDER BY id LIMIT ?",
            (chat_id, str(DeliveryStatus.PENDING), from_id, until_id, limit),
        )
        return [OutboxRow.from_row(r) for r in rows]

    async def pending_count(self) -> int:
        row = await self.db.fetchone(
            "SELECT count(*) FROM outbox WHERE status = ?", (str(DeliveryStatus.PENDING),)
        )
        return int(row[0]) if row else 0

    async def mark_sent(self, row_id: int, message_id: int | None = None) -> None:
        """Sent: the row stays (it is what keeps the message at most once), its text need not.

        ``message_id`` is the id Telegram gave the message: the bot's own channel posts are known by it.
        """
        await self.db.write(
            "UPDATE outbox SET status = ?, text = '', reply_markup = NULL, sent_at = ?,"
            " attempts = attempts + 1, message_id = ? WHERE id = ?",
            (str(DeliveryStatus.SENT), to_db(utcnow()), message_id, row_id),
        )

    async def to_general_topic(self, chat_id: int, thread_id: int | None) -> None:
        """The chat's topic ``thread_id`` is gone: its pending messages there go to the general topic."""
        if thread_id is None:
            return
        await self.db.write(
            "UPDATE outbox SET thread_id = NULL WHERE chat_id = ? AND status = ? AND thread_id = ?",
            (chat_id, str(DeliveryStatus.PENDING), thread_id),
        )

    async def mark_failed(self, row_id: int, error: str) -> None:
        await self.db.write(
            "UPDATE outbox SET status = ?, last_error = ?, attempts = attempts + 1 WHERE id = ?",
            (str(DeliveryStatus.FAILED), redact(error)[:500], row_id),
        )

    async def reschedule(self, row_id: int, error: str, next_attempt_at: datetime) -> None:
        """Count a failed attempt and remember when to try again (kept across restarts)."""
        await self.db.write(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?",
            (redact(error)[:500], to_db(next_attempt_at), row_id),
        )

    async def drop_chat(self, chat_id: int, error: str) -> None:
        """A chat that blocked the bot: its pending messages and deliveries end as 'blocked'."""
        now = to_db(utcnow())
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE outbox SET status = ?, last_error = ? WHERE chat_id = ? AND status = ?",
                (str(DeliveryStatus.BLOCKED), redact(error)[:500], chat_id, str(DeliveryStatus.PENDING)),
            )
            await conn.execute(
                "UPDATE deliveries SET status = ?, finished_at = ? WHERE chat_id = ? AND status = ?",
                (str(DeliveryStatus.BLOCKED), now, chat_id, str(DeliveryStatus.PENDING)),
            )

    async def finish(self, delivery_id: int) -> None:
        """Close a delivery whose messages have all left the outbox ('sent', or 'partial' if some failed)."""
        await self.db.write(
            "UPDATE deliveries SET finished_at = :now, status = CASE WHEN EXISTS"
            " (SELECT 1 FROM outbox WHERE delivery_id = :id AND status != :sent)"
            " THEN :partial ELSE :sent END"
            " WHERE id = :id AND status = :pending"
            " AND NOT EXISTS (SELECT 1 FROM outbox WHERE delivery_id = :id AND status = :pending)",
            {
                "now": to_db(utcnow()),
                "id": delivery_id,
                "sent": str(DeliveryStatus.SENT),
                "partial": str(DeliveryStatus.PARTIAL),
                "pending": str(DeliveryStatus.PENDING),
            },
        )

    async def finish_settled(self) -> int:
        """Close the deliveries whose messages have all left the outbox but which were never closed
        (a process killed between its last mark and the close); how many were closed."""
        rows = await self.db.fetchall(
            "SELECT d.id FROM deliveries d WHERE d.status = ? AND NOT EXISTS"
            " (SELECT 1 FROM outbox o WHERE o.delivery_id = d.id AND o.status = ?)",
            (str(DeliveryStatus.PENDING), str(DeliveryStatus.PENDING)),
        )
        for row in rows:
            await self.finish(int(row[0]))
        return len(rows)
