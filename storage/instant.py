"""Instant mode's deliveries: one row per (chat, story), posted at once or held for the hour's headlines.

A story posted on its own is a delivery of kind ``instant`` keyed ``story:<story key>`` with its one
outbox message; a story over the hour's cap gets the same row with status ``empty`` (nothing sent on
its own) and no ``finished_at`` until the next hour's headlines message lists it, in the transaction
that queues that message (``headlines:<hour>``). Either way the unique key makes each story reach a
chat at most once, and every row moves with the chat when a group becomes a supergroup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage.backend import Backend
from storage.deliveries import DeliveryKind, DeliveryStatus, OutgoingMessage, chat_thread
from storage.timestamps import to_db

_KIND = str(DeliveryKind.INSTANT)
_HELD = str(DeliveryStatus.EMPTY)


def story_key(story: int) -> str:
    return f"story:{story}"


def headlines_key(hour: datetime) -> str:
    return f"headlines:{to_db(hour)}"


async def _insert_message(
    conn: Any, delivery_id: int, chat_id: int, message: OutgoingMessage, created: str
) -> None:
    """The delivery's one outbox message, to the chat's topic; inside the caller's transaction."""
    await conn.execute(
        "INSERT INTO outbox (delivery_id, chat_id, seq, text, reply_markup, created_at, thread_id)"
        " VALUES (?, ?, 0, ?, ?, ?, ?)",
        (delivery_id, chat_id, message.text, message.reply_markup, created, await chat_thread(conn, chat_id)),
    )


@dataclass(frozen=True, slots=True)
class HeldStory:
    delivery_id: int
    article_id: int


class InstantRepository:
    def __init__(self, db: Backend) -> None:
        self.db = db

    async def last_stored_before(self, moment: datetime) -> int:
        """The id of the newest article stored before ``moment`` (0 if none): later ids are newer."""
        row = await self.db.fetchone("SELECT max(id) FROM articles WHERE fetched_at < ?", (to_db(moment),))
        return int(row[0]) if row is not None and row[0] is not None else 0

    async def ads_among(self, article_ids: Sequence[int]) -> set[int]:
        """Which of these articles are advertising (never shown as news)."""
        if not article_ids:
            return set()
        marks = ", ".join("?" * len(article_ids))
        rows = await self.db.fetchtuples(
            f"SELECT id FROM articles WHERE is_ad = 1 AND id IN ({marks})", tuple(article_ids)
        )
        return {int(r[0]) for r in rows}

    async def handled(self, chat_id: int, stories: Sequence[int]) -> set[int]:
        """Which of these story keys already reached (or were held for) the chat."""
        if not stories:
            return set()
        keys = [story_key(s) for s in stories]
        marks = ", ".join("?" * len(keys))
        rows = await self.db.fetchtuples(
            f"SELECT local_date FROM deliveries WHERE chat_id = ? AND kind = ? AND local_date IN ({marks})",
            (chat_id, _KIND, *keys),
        )
        return {int(str(r[0]).removeprefix("story:")) for r in rows}

    async def posted_since(self, chat_id: int, moment: datetime) -> int:
        """Messages queued to the chat in instant mode since ``moment`` (headlines messages included)."""
        row = await self.db.fetchone(
            "SELECT count(*) FROM deliveries"
            " WHERE chat_id = ? AND kind = ? AND created_at >= ? AND status != ?",
            (chat_id, _KIND, to_db(moment), _HELD),
        )
        return int(row[0]) if row else 0

    async def queue_story(
        self, chat_id: int, story: int, article_id: int, message: OutgoingMessage | None, moment: datetime
    ) -> bool:
        """The story's delivery row, and its message (None: held for the headlines), in one transaction;
        False when the story had reached the chat already."""
        created = to_db(moment)
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO deliveries (chat_id, kind, local_date, status, created_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (chat_id, kind, local_date) DO NOTHING RETURNING id",
                (
                    chat_id,
                    _KIND,
                    story_key(story),
                    str(DeliveryStatus.PENDING) if message is not None else _HELD,
                    created,
                ),
            )
            row = await cursor.fetchone()
            if row is None:
                return False
            delivery_id = int(row[0])
            await conn.execute(
                "INSERT INTO delivery_articles (delivery_id, article_id) VALUES (?, ?)"
                " ON CONFLICT DO NOTHING",
                (delivery_id, article_id),
            )
            if message is not None:
                await _insert_message(conn, delivery_id, chat_id, message, created)
        return True

    async def held_before(self, chat_id: int, moment: datetime) -> list[HeldStory]:
        """Stories held for the chat before ``moment`` and not listed yet, oldest first."""
        rows = await self.db.fetchtuples(
            "SELECT d.id, da.article_id FROM deliveries d JOIN delivery_articles da ON da.delivery_id = d.id"
            " WHERE d.chat_id = ? AND d.kind = ? AND d.status = ? AND d.finished_at IS NULL"
            " AND d.created_at < ? ORDER BY d.id",
            (chat_id, _KIND, _HELD, to_db(moment)),
        )
        return [HeldStory(int(r[0]), int(r[1])) for r in rows]

    async def queue_headlines(
        self,
        chat_id: int,
        hour: datetime,
        held: Sequence[HeldStory],
        message: OutgoingMessage | None,
        moment: datetime,
    ) -> bool:
        """The hour's headlines message, and the held stories it lists marked done, in one transaction;
        with no message (nothing of them is left to show) they are only marked. False if queued before."""
        created = to_db(moment)
        async with self.db.transaction() as conn:
            if message is not None:
                cursor = await conn.execute(
                    "INSERT INTO deliveries (chat_id, kind, local_date, status, created_at)"
                    " VALUES (?, ?, ?, ?, ?) ON CONFLICT (chat_id, kind, local_date) DO NOTHING RETURNING id",
                    (chat_id, _KIND, headlines_key(hour), str(DeliveryStatus.PENDING), created),
                )
                row = await cursor.fetchone()
                if row is None:
                    return False
                delivery_id = int(row[0])
                await conn.executemany(
                    "INSERT INTO delivery_articles (delivery_id, article_id) VALUES (?, ?)"
                    " ON CONFLICT DO NOTHING",
                    [(delivery_id, h.article_id) for h in dict.fromkeys(held)],
                )
                await _insert_message(conn, delivery_id, chat_id, message, created)
            await conn.executemany(
                "UPDATE deliveries SET finished_at = ? WHERE id = ? AND finished_at IS NULL",
                [(created, h.delivery_id) for h in held],
            )
        return True
