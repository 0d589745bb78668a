"""Personal news: readers' own feeds, word filters, alerts and what the alert job has done.

Plain standard SQL (no SQLite-only functions), so the same statements serve PostgreSQL; the stems
SQLite's full-text index stores are made in Python from the article on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.ingest.urls import canonical_feed_url, source_label
from storage.backend import Backend
from storage.deliveries import OutgoingMessage, chat_thread
from storage.sources import Source
from storage.timestamps import from_db, to_db, utcnow
from storage.word_match import article_stems, fts_filter, match_in_python

ALERT_CURSOR = "alerts"


@dataclass(frozen=True, slots=True)
class StoredAlert:
    id: int
    chat_id: int
    terms: str  # Term.source values joined by U+001F


@dataclass(frozen=True, slots=True)
class NewStory:
    """A stored article as the alert job sees it: its stemmed words and where it came from."""

    article_id: int
    source_id: int
    story_key: int  # the story group's id, or the article's own when it has none
    title_stems: str
    text_stems: str
    lang: str = ""


@dataclass(frozen=True, slots=True)
class AlertToSend:
    """One alert message for the outbox; ``alert_id`` None for the "more matched" line."""

    chat_id: int
    story_key: int
    alert_id: int | None
    message: OutgoingMessage


class PersonalRepository:
    """reader_feeds, reader_filters, reader_alerts, alert_deliveries and the job cursors."""

    def __init__(self, db: Backend) -> None:
        self.db = db

    async def choices_of(self, chat_id: int) -> tuple[set[int], list[str], str]:
        """The reader's own feed ids, filter terms (in the order added) and news languages, in one read."""
        rows = await self.db.fetchtuples(
            "SELECT 1, source_id, '' FROM reader_feeds WHERE chat_id = :chat"
            " UNION ALL SELECT 2, id, term FROM reader_filters WHERE chat_id = :chat"
            " UNION ALL SELECT 3, 0, news_languages FROM readers WHERE chat_id = :chat"
            " ORDER BY 1, 2",
            {"chat": chat_id},
        )
        feeds = {int(r[1]) for r in rows if r[0] == 1}
        terms = [str(r[2]) for r in rows if r[0] == 2]
        languages = next((str(r[2] or "") for r in rows if r[0] == 3), "")
        return feeds, terms, languages

    # ------------------------------------------------------------------ own feeds

    async def add_personal_source(self, url: str, title: str) -> Source:
        """The personal source at ``url``, created if missing; an existing source is returned as is."""
        stored_url = canonical_feed_url(url) or url
        await self.db.write(
            "INSERT INTO sources (kind, url, title, personal, created_at) VALUES ('feed', ?, ?, 1, ?)"
            " ON CONFLICT (url) DO NOTHING",
            (stored_url, source_label(title, url), to_db(utcnow())),
        )
        row = await self.db.fetchone("SELECT * FROM sources WHERE url = ?", (stored_url,))
        assert row is not None
        return Source.from_row(row)

    async def is_personal(self, source_id: int) -> bool:
        row = await self.db.fetchone("SELECT personal FROM sources WHERE id = ?", (source_id,))
        return bool(row and row[0])

    async def personal_source_ids(self) -> set[int]:
        rows = await self.db.fetchtuples("SELECT id FROM sources WHERE personal = 1")
        return {int(r[0]) for r in rows}

    async def follow(self, chat_id: int, source_id: int, limit: int) -> bool:
        """Link the reader to their own feed (at most ``limit`` feeds) and make sure it is polled.

        False when the reader is at the limit; a feed that then has no follower is not polled.
        """
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO reader_feeds (chat_id, source_id, added_at) SELECT ?, ?, ?"
                " WHERE (SELECT count(*) FROM reader_feeds WHERE chat_id = ?) < ?"
                " ON CONFLICT (chat_id, source_id) DO NOTHING",
                (chat_id, source_id, to_db(utcnow()), chat_id, limit),
            )
            linked = bool(cursor.rowcount > 0)
            await conn.execute(
                "UPDATE sources SET enabled = CASE WHEN EXISTS"
                " (SELECT 1 FROM reader_feeds WHERE source_id = ?) THEN 1 ELSE 0 END"
                " WHERE id = ? AND personal = 1",
                (source_id, source_id),
            )
        return linked

    async def unfollow(self, chat_id: int, source_id: int) -> bool:
        """Unlink the reader from a feed; a personal feed nobody follows any more stops being polled."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "DELETE FROM reader_feeds WHERE chat_id = ? AND source_id = ?", (chat_id, source_id)
            )
            await conn.execute(
                "UPDATE sources SET enabled = 0 WHERE id = ? AND personal = 1"
                " AND NOT EXISTS (SELECT 1 FROM reader_feeds WHERE source_id = ?)",
                (source_id, source_id),
            )
        return bool(cursor.rowcount > 0)

    async def feeds_of(self, chat_id: int) -> list[Source]:
        """The reader's own feeds in the order added."""
        rows = await self.db.fetchall(
            "SELECT s.* FROM sources s JOIN reader_feeds f ON f.source_id = s.id"
            " WHERE f.chat_id = ? ORDER BY f.added_at, s.id",
            (chat_id,),
        )
        return [Source.from_row(r) for r in rows]

    async def feed_ids_of(self, chat_id: int) -> set[int]:
        rows = await self.db.fetchtuples("SELECT source_id FROM reader_feeds WHERE chat_id = ?", (chat_id,))
        return {int(r[0]) for r in rows}

    async def shared_sources(self) -> list[Source]:
        """Enabled sources that are not anyone's own feed: what /sources offers to switch."""
        rows = await self.db.fetchall("SELECT * FROM sources WHERE enabled = 1 AND personal = 0 ORDER BY id")
        return [Source.from_row(r) for r in rows]

    async def record_add_attempt(self, chat_id: int, moment: datetime, keep_since: datetime) -> None:
        """Count an attempt; the reader's attempts before ``keep_since`` are no longer needed."""
        async with self.db.transaction() as conn:
            await conn.execute(
                "DELETE FROM reader_add_attempts WHERE chat_id = ? AND attempted_at <= ?",
                (chat_id, to_db(keep_since)),
            )
            await conn.execute(
                "INSERT INTO reader_add_attempts (chat_id, attempted_at) VALUES (?, ?)",
                (chat_id, to_db(moment)),
            )

    async def add_attempts_since(self, chat_id: int, moment: datetime) -> int:
        row = await self.db.fetchone(
            "SELECT count(*) FROM reader_add_attempts WHERE chat_id = ? AND attempted_at > ?",
            (chat_id, to_db(moment)),
        )
        return int(row[0]) if row else 0

    # ------------------------------------------------------------------ filters

    async def filter_terms(self, chat_id: int) -> list[str]:
        """The reader's filter terms as stored (``Term.source``), in the order added."""
        rows = await self.db.fetchtuples(
            "SELECT term FROM reader_filters WHERE chat_id = ? ORDER BY id", (chat_id,)
        )
        return [str(r[0]) for r in rows]

    async def filters_of(self, chat_ids: Iterable[int]) -> dict[int, list[str]]:
        """Stored terms of several readers at once (readers without terms are left out)."""
        ids = list(dict.fromkeys(chat_ids))
        found: dict[int, list[str]] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            rows = await self.db.fetchtuples(
                f"SELECT chat_id, term FROM reader_filters WHERE chat_id IN ({marks}) ORDER BY id",
                tuple(chunk),
            )
            for chat_id, term in rows:
                found.setdefault(int(chat_id), []).append(str(term))
        return found

    async def set_filter_terms(self, chat_id: int, terms: Sequence[str]) -> None:
        """Replace the reader's terms with ``terms`` (in this order) in one transaction."""
        async with self.db.transaction() as conn:
            await conn.execute("DELETE FROM reader_filters WHERE chat_id = ?", (chat_id,))
            await conn.executemany(
                "INSERT INTO reader_filters (chat_id, term) VALUES (?, ?) ON CONFLICT DO NOTHING",
                [(chat_id, term) for term in terms],
            )

    async def remove_filter_term(self, chat_id: int, term_id: int) -> str | None:
        """Remove one term by its row id; the term's text, or None when it was not there."""
        row = await self.db.fetchone(
            "SELECT term FROM reader_filters WHERE id = ? AND chat_id = ?", (term_id, chat_id)
        )
        if row is None:
            return None
        await self.db.write("DELETE FROM reader_filters WHERE id = ? AND chat_id = ?", (term_id, chat_id))
        return str(row[0])

    async def filter_rows(self, chat_id: int) -> list[tuple[int, str]]:
        """(row id, term) of the reader's filter terms, for remove buttons."""
        rows = await self.db.fetchtuples(
            "SELECT id, term FROM reader_filters WHERE chat_id = ? ORDER BY id", (chat_id,)
        )
        return [(int(r[0]), str(r[1])) for r in rows]

    # ------------------------------------------------------------------ alerts

    async def alerts_of(self, chat_id: int) -> list[StoredAlert]:
        rows = await self.db.fetchtuples(
            "SELECT id, chat_id, terms FROM reader_alerts WHERE chat_id = ? ORDER BY id", (chat_id,)
        )
        return [StoredAlert(int(r[0]), int(r[1]), str(r[2])) for r in rows]

    async def add_alert(self, chat_id: int, terms: str, limit: int) -> int | None:
        """Store an alert unless the reader has ``limit`` already; its id (the existing one for the
        same words), or None when over the limit."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "SELECT id FROM reader_alerts WHERE chat_id = ? AND terms = ?", (chat_id, terms)
            )
            row = await cursor.fetchone()
            if row is not None:
                return int(row[0])
            cursor = await conn.execute("SELECT count(*) FROM reader_alerts WHERE chat_id = ?", (chat_id,))
            count_row = await cursor.fetchone()
            if count_row is not None and int(count_row[0]) >= limit:
                return None
            inserted = await conn.execute(
                "INSERT INTO reader_alerts (chat_id, terms, created_at) VALUES (?, ?, ?) RETURNING id",
                (chat_id, terms, to_db(utcnow())),
            )
            new_row = await inserted.fetchone()
            return int(new_row[0]) if new_row is not None else None

    async def remove_alert(self, chat_id: int, alert_id: int) -> bool:
        cursor = await self.db.write(
            "DELETE FROM reader_alerts WHERE id = ? AND chat_id = ?", (alert_id, chat_id)
        )
        return bool(cursor.rowcount > 0)

    async def readers_with_alerts(self) -> list[StoredAlert]:
        """Every alert of every subscribed-or-not, not blocked reader, by reader then id."""
        rows = await self.db.fetchtuples(
            "SELECT a.id, a.chat_id, a.terms FROM reader_alerts a JOIN readers r ON r.chat_id = a.chat_id"
            " WHERE r.blocked = 0 ORDER BY a.chat_id, a.id"
        )
        return [StoredAlert(int(r[0]), int(r[1]), str(r[2])) for r in rows]

    async def cursor(self, name: str) -> int | None:
        row = await self.db.fetchone("SELECT position FROM job_cursors WHERE name = ?", (name,))
        return int(row[0]) if row else None

    async def set_cursor(self, name: str, position: int) -> None:
        await self.db.write(
            "INSERT INTO job_cursors (name, position) VALUES (?, ?)"
            " ON CONFLICT (name) DO UPDATE SET position = excluded.position",
            (name, position),
        )

    async def newest_article_id(self) -> int:
        row = await self.db.fetchone("SELECT max(id) FROM articles")
        return int(row[0]) if row and row[0] is not None else 0

    async def stories_after(self, article_id: int, limit: int) -> list[NewStory]:
        """Articles stored after ``article_id`` in id order, with the stems search stored for them."""
        if self.db.dialect == "postgresql":  # no stored stems: made from the article as the index is
            stored = await self.db.fetchtuples(
                "SELECT id, source_id, story_id, title, text, lang FROM articles"
                " WHERE id > ? ORDER BY id LIMIT ?",
                (article_id, limit),
            )
            rows = [
                (r[0], r[1], r[2], article_stems(r[3], r[5]), article_stems(r[4], r[5]), r[5]) for r in stored
            ]
        else:
            rows = await self.db.fetchtuples(
                "SELECT a.id, a.source_id, a.story_id, f.title, f.body, a.lang FROM articles a"
                " JOIN articles_fts f ON f.rowid = a.id WHERE a.id > ? ORDER BY a.id LIMIT ?",
                (article_id, limit),
            )
        return [
            NewStory(
                int(r[0]),
                int(r[1]),
                int(r[2]) if r[2] is not None else int(r[0]),
                str(r[3] or ""),
                str(r[4] or ""),
                str(r[5] or ""),
            )
            for r in rows
        ]

    async def stems_of(self, article_ids: Sequence[int]) -> dict[int, tuple[str, str]]:
        """The stemmed title and text search stored for each article (for filters)."""
        found: dict[int, tuple[str, str]] = {}
        ids = list(article_ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            if self.db.dialect == "postgresql":
                stored = await self.db.fetchtuples(
                    f"SELECT id, title, text, lang FROM articles WHERE id IN ({marks})", tuple(chunk)
                )
                for article_id, title, text, lang in stored:
                    found[int(article_id)] = (article_stems(title, lang), article_stems(text, lang))
                continue
            rows = await self.db.fetchtuples(
                f"SELECT rowid, title, body FROM articles_fts WHERE rowid IN ({marks})", tuple(chunk)
            )
            for rowid, title, body in rows:
                found[int(rowid)] = (str(title or ""), str(body or ""))
        return found

    async def languages_of(self, article_ids: Sequence[int]) -> dict[int, str]:
        """The detected language of each article."""
        found: dict[int, str] = {}
        ids = list(article_ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            rows = await self.db.fetchtuples(
                f"SELECT id, lang FROM articles WHERE id IN ({marks})", tuple(chunk)
            )
            for article_id, lang in rows:
                found[int(article_id)] = str(lang)
        return found

    async def languages_published(self, after: datetime, until: datetime) -> dict[int, str]:
        """The language of every article published in (after, until], read from an index alone."""
        rows = await self.db.fetchtuples(
            "SELECT id, lang FROM articles WHERE published_at > ? AND published_at <= ?",
            (to_db(after), to_db(until)),
        )
        return {int(r[0]): str(r[1]) for r in rows}

    async def matching_ids(self, phrases: Sequence[Sequence[str]], low: int, high: int) -> set[int]:
        """Ids in [low, high] of the articles whose title or text holds any of ``phrases`` (each a row
        of stems, matched consecutively within one column).

        The full-text index stores the same stems (``stemmed_text``), so this is what a filter term
        matches; every phrase is quoted, so nothing a reader typed is query syntax.
        """
        if not phrases:
            return set()
        if self.db.dialect == "postgresql":
            return await self._matching_ids_in_python(phrases, low, high)
        match = " OR ".join('"' + " ".join(stems).replace('"', '""') + '"' for stems in phrases)
        rows = await self.db.fetchtuples(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? AND rowid >= ? AND rowid <= ?",
            (match, low, high),
        )
        return {int(r[0]) for r in rows}

    async def filter_verdict(
        self, includes: Sequence[Sequence[str]], excludes: Sequence[Sequence[str]], low: int, high: int
    ) -> tuple[set[int] | None, set[int]]:
        """What a word filter does to the articles with ids in [low, high], in one query: the ids it
        keeps (None when it has no ``includes``: then any article not dropped passes) and the ids
        it drops. Each of ``includes`` and ``excludes`` is a row of stems, matched as ``matching_ids``
        does; with includes, the kept ids already leave out what an exclude matched.
        """
        if not includes and not excludes:
            return None, set()
        if self.db.dialect == "postgresql":
            kept, dropped = await match_in_python(self.db, [includes, excludes], low, high)
            return (kept - dropped if includes else None), dropped
        match = fts_filter(includes, excludes)
        rows = await self.db.fetchtuples(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? AND rowid >= ? AND rowid <= ?",
            (match, low, high),
        )
        found = {row[0] for row in rows}
        return (found, set()) if includes else (None, found)

    async def _matching_ids_in_python(
        self, phrases: Sequence[Sequence[str]], low: int, high: int
    ) -> set[int]:
        """``matching_ids`` without FTS5: the same stems, each phrase consecutive within one column."""
        (found,) = await match_in_python(self.db, [phrases], low, high)
        return found

    async def alert_moments(self, chat_id: int, since: datetime) -> list[datetime]:
        """When the reader's alert messages (the "more matched" line included) were queued since ``since``."""
        rows = await self.db.fetchtuples(
            "SELECT created_at FROM alert_deliveries WHERE chat_id = ? AND created_at >= ?",
            (chat_id, to_db(since)),
        )
        return [from_db(str(r[0])) for r in rows]

    async def alerted(self, chat_id: int, story_key: int) -> bool:
        row = await self.db.fetchone(
            "SELECT 1 FROM alert_deliveries WHERE chat_id = ? AND story_key = ?", (chat_id, story_key)
        )
        return row is not None

    async def queue_alert(self, alert: AlertToSend, moment: datetime) -> bool:
        """The alert's delivery row and its outbox message in one transaction; False if already there."""
        created = to_db(moment)
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO alert_deliveries (chat_id, story_key, alert_id, more_line, created_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (chat_id, story_key) DO NOTHING",
                (alert.chat_id, alert.story_key, alert.alert_id, int(alert.alert_id is None), created),
            )
            if cursor.rowcount == 0:
                return False
            await conn.execute(
                "INSERT INTO outbox (delivery_id, chat_id, seq, text, reply_markup, created_at, thread_id)"
                " VALUES (NULL, ?, 0, ?, ?, ?, ?)",
                (
                    alert.chat_id,
                    alert.message.text,
                    alert.message.reply_markup,
                    created,
                    await chat_thread(conn, alert.chat_id),
                ),
            )
        return True

    async def set_news_languages(self, chat_id: int, stored: str) -> None:
        await self.db.write(
            "UPDATE readers SET news_languages = ?, updated_at = ? WHERE chat_id = ?",
            (stored, to_db(utcnow()), chat_id),
        )

    async def news_languages(self, chat_id: int) -> str:
        row = await self.db.fetchone("SELECT news_languages FROM readers WHERE chat_id = ?", (chat_id,))
        return str(row[0]) if row and row[0] else ""
