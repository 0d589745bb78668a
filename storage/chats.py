"""Chats: channels, groups and supergroups that receive digests or instant posts.

A chat is a reader too: its ``readers`` row (same chat id) holds the schedule, zone, language,
sources, own feeds and filters, so every reader feature and the digest fan-out serve chats unchanged.
The ``chats`` row adds what only a chat has: its kind and title, the mode, the target forum topic,
who connected it and which troubles that person was already told about. On the readers row,
``subscribed`` is the digest mode and ``blocked`` the inactive state.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from storage.backend import Backend
from storage.timestamps import from_db, to_db, utcnow


class ChatKind(StrEnum):
    CHANNEL = "channel"
    GROUP = "group"
    SUPERGROUP = "supergroup"


class ChatMode(StrEnum):
    DIGEST = "digest"
    INSTANT = "instant"


class ChatTrouble(StrEnum):
    """What the connecting administrator is told about once (until the chat is connected again)."""

    INACTIVE = "inactive_told"
    TOPIC = "topic_told"


@dataclass(frozen=True, slots=True)
class ChatRecord:
    chat_id: int
    kind: ChatKind
    title: str
    username: str | None
    is_forum: bool
    mode: ChatMode
    thread_id: int | None
    connected_by: int | None
    active: bool
    inactive_reason: str | None
    instant_since: datetime | None
    connected_at: datetime
    connections: int

    @classmethod
    def from_row(cls, row: Any) -> ChatRecord:
        return cls(
            chat_id=int(row["chat_id"]),
            kind=ChatKind(row["kind"]),
            title=str(row["title"]),
            username=row["username"],
            is_forum=bool(row["is_forum"]),
            mode=ChatMode(row["mode"]),
            thread_id=int(row["thread_id"]) if row["thread_id"] is not None else None,
            connected_by=int(row["connected_by"]) if row["connected_by"] is not None else None,
            active=not bool(row["blocked"]),
            inactive_reason=row["inactive_reason"],
            instant_since=from_db(row["instant_since"]) if row["instant_since"] else None,
            connected_at=from_db(row["connected_at"]),
            connections=int(row["connections"]),
        )


@dataclass(frozen=True, slots=True)
class Connected:
    """The outcome of ``connect``: the chat as stored, and whether it was not active before."""

    chat: ChatRecord
    newly: bool


# Tables whose rows belong to a chat id: moved together when a group becomes a supergroup.
_CHAT_TABLES = (
    "digest_times",
    "reader_sources",
    "reader_feeds",
    "reader_add_attempts",
    "reader_filters",
    "reader_alerts",
    "alert_deliveries",
    "deliveries",
    "outbox",
    "chat_admins",
    "chat_editing",
)

_SELECT = "SELECT c.*, r.blocked FROM chats c JOIN readers r ON r.chat_id = c.chat_id"


class ChatRepository:
    def __init__(self, db: Backend) -> None:
        self.db = db

    async def get(self, chat_id: int) -> ChatRecord | None:
        row = await self.db.fetchone(f"{_SELECT} WHERE c.chat_id = ?", (chat_id,))
        return ChatRecord.from_row(row) if row is not None else None

    async def is_chat(self, chat_id: int) -> bool:
        return await self.db.fetchone("SELECT 1 FROM chats WHERE chat_id = ?", (chat_id,)) is not None

    async def connect(
        self,
        chat_id: int,
        *,
        kind: ChatKind,
        title: str,
        username: str | None,
        is_forum: bool,
        connected_by: int | None,
        language: str,
        timezone: str,
        digest_time: str,
    ) -> Connected:
        """Connect (or reconnect) a chat: active from now, in digest mode unless it was instant before.

        A new chat starts with the given language, zone and digest time (the connecting administrator's,
        else the defaults); a known one keeps its settings. Its first digest is the first slot after now,
        and the troubles told before may be told again.
        """
        now = to_db(utcnow())
        async with self.db.transaction() as conn:
            # Two updates about one chat may connect it at once (the bot's membership and the group's
            # first command, or two processes): the insert waits for the other's and does nothing, and
            # the update below locks the row until this transaction ends, so they go one after the other.
            created = (
                await (
                    await conn.execute(
                        "INSERT INTO readers (chat_id, language, timezone, subscribed, schedule_changed_at,"
                        " created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?, ?)"
                        " ON CONFLICT (chat_id) DO NOTHING RETURNING chat_id",
                        (chat_id, language, timezone, now, now, now),
                    )
                ).fetchone()
                is not None
            )
            if created:
                await conn.execute(
                    "INSERT INTO digest_times (chat_id, local_time) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    (chat_id, digest_time),
                )
            locked = await (
                await conn.execute(
                    "UPDATE readers SET updated_at = ? WHERE chat_id = ? RETURNING blocked", (now, chat_id)
                )
            ).fetchone()
            known = await (
                await conn.execute("SELECT mode FROM chats WHERE chat_id = ?", (chat_id,))
            ).fetchone()
            instant = known is not None and known[0] == ChatMode.INSTANT
            newly = created or known is None or bool(locked[0])
            if newly:
                # Back from inactive (or first contact): the schedule starts anew, nothing goes out late.
                await conn.execute(
                    "UPDATE readers SET blocked = 0, subscribed = ?, schedule_changed_at = ?, updated_at = ?"
                    " WHERE chat_id = ?",
                    (0 if instant else 1, now, now, chat_id),
                )
            await conn.execute(
                "INSERT INTO chats (chat_id, kind, title, username, is_forum, connected_by, connected_at,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (chat_id) DO UPDATE SET kind = excluded.kind, title = excluded.title,"
                " username = excluded.username, is_forum = excluded.is_forum,"
                " connected_by = coalesce(excluded.connected_by, chats.connected_by),"
                " updated_at = excluded.updated_at",
                (chat_id, str(kind), title, username, int(is_forum), connected_by, now, now),
            )
            if newly:
                await conn.execute(
                    "UPDATE chats SET inactive_reason = NULL, inactive_told = 0, topic_told = 0,"
                    " connections = connections + 1, connected_at = ?,"
                    " instant_since = CASE WHEN mode = 'instant' THEN ? ELSE instant_since END"
                    " WHERE chat_id = ?",
                    (now, now, chat_id),
                )
        chat = await self.get(chat_id)
        assert chat is not None
        return Connected(chat, newly)

    async def update_details(self, chat_id: int, *, title: str, username: str | None, is_forum: bool) -> None:
        """A chat's title, public username or topics changed: ids stay, names follow."""
        await self.db.write(
            "UPDATE chats SET title = ?, username = ?, is_forum = ?, updated_at = ? WHERE chat_id = ?",
            (title, username, int(is_forum), to_db(utcnow()), chat_id),
        )

    async def deactivate(self, chat_id: int, reason: str) -> bool:
        """Mark the chat inactive at once (nothing more is sent); True if it was active until now.

        Its pending messages are left to the caller (the sender drops them with ``drop_chat``).
        """
        now = to_db(utcnow())
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE readers SET blocked = 1, updated_at = ? WHERE chat_id = ? AND blocked = 0"
                " AND EXISTS (SELECT 1 FROM chats c WHERE c.chat_id = readers.chat_id)",
                (now, chat_id),
            )
            changed = bool(cursor.rowcount > 0)
            if changed:
                await conn.execute(
                    "UPDATE chats SET inactive_reason = ?, updated_at = ? WHERE chat_id = ?",
                    (reason, now, chat_id),
                )
        return changed

    async def set_mode(self, chat_id: int, mode: ChatMode) -> None:
        """Digest: slots from the next one on. Instant: stories stored from now on, and no digests."""
        now = to_db(utcnow())
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE chats SET mode = ?,"
                " instant_since = CASE WHEN ? = 'instant' THEN ? ELSE instant_since END,"
                " updated_at = ? WHERE chat_id = ?",
                (str(mode), str(mode), now, now, chat_id),
            )
            await conn.execute(
                "UPDATE readers SET subscribed = ?, schedule_changed_at = ?, updated_at = ?"
                " WHERE chat_id = ?",
                (int(mode == ChatMode.DIGEST), now, now, chat_id),
            )

    async def set_thread(self, chat_id: int, thread_id: int | None) -> None:
        """Where messages go in a forum: a topic's thread id, or None for the general topic."""
        await self.db.write(
            "UPDATE chats SET thread_id = ?, topic_told = 0, updated_at = ? WHERE chat_id = ?",
            (thread_id, to_db(utcnow()), chat_id),
        )

    async def mark_told(self, chat_id: int, trouble: ChatTrouble) -> bool:
        """Record that the administrator is being told of ``trouble``; True only the first time."""
        column = str(trouble)  # one of two fixed column names, never user input
        cursor = await self.db.write(
            f"UPDATE chats SET {column} = 1, updated_at = ? WHERE chat_id = ? AND {column} = 0",
            (to_db(utcnow()), chat_id),
        )
        return cursor.rowcount > 0

    async def was_told(self, chat_id: int, trouble: ChatTrouble) -> bool:
        row = await self.db.fetchone(f"SELECT {trouble} FROM chats WHERE chat_id = ?", (chat_id,))
        return row is not None and bool(row[0])

    async def note_admins(self, chat_id: int, user_ids: Iterable[int]) -> None:
        """Remember users seen as administrators of a chat (`/chats` asks Telegram about them)."""
        now = to_db(utcnow())
        rows = [(chat_id, user_id, now) for user_id in dict.fromkeys(user_ids)]
        if not rows:
            return
        async with self.db.transaction() as conn:
            await conn.executemany(
                "INSERT INTO chat_admins (chat_id, user_id, seen_at) VALUES (?, ?, ?)"
                " ON CONFLICT (chat_id, user_id) DO UPDATE SET seen_at = excluded.seen_at",
                rows,
            )

    async def forget_admin(self, chat_id: int, user_id: int) -> None:
        await self.db.write("DELETE FROM chat_admins WHERE chat_id = ? AND user_id = ?", (chat_id, user_id))

    async def candidates_for(self, user_id: int) -> list[ChatRecord]:
        """Chats this user connected or was seen administering, active first, then by title."""
        rows = await self.db.fetchall(
            f"{_SELECT} WHERE c.connected_by = ? OR EXISTS (SELECT 1 FROM chat_admins a"
            " WHERE a.chat_id = c.chat_id AND a.user_id = ?) ORDER BY r.blocked, c.title, c.chat_id",
            (user_id, user_id),
        )
        return [ChatRecord.from_row(row) for row in rows]

    async def all(self, *, active_only: bool = False, limit: int = 1000) -> list[ChatRecord]:
        sql = _SELECT + (" WHERE r.blocked = 0" if active_only else "")
        rows = await self.db.fetchall(sql + " ORDER BY c.chat_id LIMIT ?", (limit,))
        return [ChatRecord.from_row(row) for row in rows]

    async def instant_chats(self) -> list[ChatRecord]:
        """Active chats in instant mode."""
        rows = await self.db.fetchall(
            f"{_SELECT} WHERE c.mode = 'instant' AND r.blocked = 0 ORDER BY c.chat_id"
        )
        return [ChatRecord.from_row(row) for row in rows]

    async def count(self) -> tuple[int, int]:
        """(active, all) chats."""
        row = await self.db.fetchone(
            "SELECT count(*), coalesce(sum(CASE WHEN r.blocked = 0 THEN 1 ELSE 0 END), 0)"
            " FROM chats c JOIN readers r ON r.chat_id = c.chat_id"
        )
        return (int(row[1]), int(row[0])) if row else (0, 0)

    async def migrate(self, old_id: int, new_id: int) -> bool:
        """A group became a supergroup: move its settings and history to the new id (idempotent).

        True when something moved. A readers row the new id got meanwhile (an update about the new
        supergroup came first) holds only defaults and gives way to the old chat's.
        """
        async with self.db.transaction() as conn:
            old = await (await conn.execute("SELECT 1 FROM chats WHERE chat_id = ?", (old_id,))).fetchone()
            if old is None:
                return False
            await conn.execute("DELETE FROM readers WHERE chat_id = ?", (new_id,))
            # The new readers row first (children point at it), a copy of the old one.
            await conn.execute(
                "INSERT INTO readers (chat_id, language, timezone, subscribed, blocked, last_digest_at,"
                " created_at, updated_at, digest_days, schedule_changed_at, news_languages)"
                " SELECT ?, language, timezone, subscribed, blocked, last_digest_at, created_at, updated_at,"
                " digest_days, schedule_changed_at, news_languages FROM readers WHERE chat_id = ?",
                (new_id, old_id),
            )
            await conn.execute(
                "INSERT INTO chats (chat_id, kind, title, username, is_forum, mode, thread_id, connected_by,"
                " inactive_reason, inactive_told, topic_told, instant_since, connections, connected_at,"
                " updated_at) SELECT ?, 'supergroup', title, username, is_forum, mode, thread_id,"
                " connected_by, inactive_reason, inactive_told, topic_told, instant_since, connections,"
                " connected_at, ? FROM chats"
                " WHERE chat_id = ?",
                (new_id, to_db(utcnow()), old_id),
            )
            for table in _CHAT_TABLES:
                await conn.execute(f"UPDATE {table} SET chat_id = ? WHERE chat_id = ?", (new_id, old_id))
            await conn.execute("DELETE FROM chats WHERE chat_id = ?", (old_id,))
            await conn.execute("DELETE FROM readers WHERE chat_id = ?", (old_id,))
        return True

    async def edit_for(self, user_id: int, chat_id: int | None) -> None:
        """Remember the chat ``user_id`` now edits from their private chat; None: their own settings."""
        if chat_id is None:
            await self.db.write("DELETE FROM chat_editing WHERE user_id = ?", (user_id,))
            return
        await self.db.write(
            "INSERT INTO chat_editing (user_id, chat_id, chosen_at) VALUES (?, ?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET chat_id = excluded.chat_id, chosen_at = excluded.chosen_at",
            (user_id, chat_id, to_db(utcnow())),
        )

    async def edited_by(self, user_id: int) -> ChatRecord | None:
        """The chat ``user_id`` chose to edit in /chats, if any."""
        row = await self.db.fetchone(
            f"{_SELECT} JOIN chat_editing e ON e.chat_id = c.chat_id WHERE e.user_id = ?", (user_id,)
        )
        return ChatRecord.from_row(row) if row is not None else None

    async def was_sent_by_bot(self, chat_id: int, message_id: int) -> bool:
        """Whether this message in the chat is one the bot posted (from the outbox)."""
        row = await self.db.fetchone(
            "SELECT 1 FROM outbox WHERE chat_id = ? AND message_id = ?", (chat_id, message_id)
        )
        return row is not None
