"""Story signatures: the stem sets and LSH band keys of recent articles, for cross-source grouping."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage.backend import Backend
from storage.timestamps import to_db


@dataclass(frozen=True, slots=True)
class StoryCandidate:
    article_id: int
    story_id: int
    features: str


class StoryRepository:
    def __init__(self, db: Backend) -> None:
        self.db = db

    async def candidates(
        self, band_keys: list[int], since: datetime, until: datetime
    ) -> list[StoryCandidate]:
        """Articles published in [since, until] sharing at least one band key, most shared first."""
        if not band_keys:
            return []
        marks = ",".join("?" * len(band_keys))
        rows = await self.db.fetchall(
            "SELECT s.article_id, s.story_id, s.features, count(*) AS shared FROM story_bands b"
            " JOIN story_signatures s ON s.article_id = b.article_id"
            f" WHERE b.band_key IN ({marks}) AND s.published_at BETWEEN ? AND ?"
            " GROUP BY s.article_id ORDER BY shared DESC, s.article_id LIMIT 50",
            (*band_keys, to_db(since), to_db(until)),
        )
        return [StoryCandidate(int(r["article_id"]), int(r["story_id"]), str(r["features"])) for r in rows]

    @staticmethod
    async def record(
        conn: Any,
        article_id: int,
        story_id: int | None,
        published_at: datetime,
        features: str,
        band_keys: list[int],
    ) -> None:
        """Remember an article's signature, inside the caller's transaction.

        ``story_id`` is the story the article joined (already stored with it), or None when it starts
        its own story: a new story is keyed by the id of its first article, known only now.
        """
        if story_id is None:
            story_id = article_id
            await conn.execute("UPDATE articles SET story_id = ? WHERE id = ?", (story_id, article_id))
        await conn.execute(
            "INSERT INTO story_signatures (article_id, story_id, published_at, features) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id,"
            " published_at = excluded.published_at, features = excluded.features",
            (article_id, story_id, to_db(published_at), features),
        )
        await conn.executemany(
            "INSERT INTO story_bands (band_key, article_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
            [(key, article_id) for key in band_keys],
        )

    async def prune(self, before: datetime) -> int:
        """Forget signatures of articles published before ``before``: they can no longer match."""
        cursor = await self.db.write("DELETE FROM story_signatures WHERE published_at < ?", (to_db(before),))
        return cursor.rowcount
