"""A day ready for a digest: three stories from one source and readers who subscribed the day before."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime, timedelta

from storage import Storage
from storage.articles import NewArticle
from storage.timestamps import to_db


async def seed_stories(storage: Storage, now: datetime, *, salt: str = "seed") -> None:
    """Three stories an hour old (``salt`` makes their texts distinct from another seed's)."""
    source = await storage.sources.ensure("import", "import:Seed", "Seed")
    for i in range(3):
        await storage.articles.add(
            NewArticle(
                source_id=source.id,
                title=f"Story {i}",
                text=f"Body {i}",
                summary=f"Summary {i}.",
                lang="ru",
                content_hash=hashlib.sha1(f"{salt} {i}".encode()).hexdigest(),
                published_at=now - timedelta(hours=1),
                url=f"https://seed.example/{i}",
            )
        )


async def seed_stories_and_readers(storage: Storage, now: datetime, readers: Iterable[int]) -> None:
    """Three stories an hour old, and ``readers`` subscribed at 09:00 Almaty since the day before ``now``."""
    await seed_stories(storage, now)
    for chat_id in readers:
        await storage.readers.ensure(chat_id, language="ru", timezone="Asia/Almaty", digest_time="09:00")
        await storage.readers.set_subscribed(chat_id, True)
    # Subscribed the day before: today's 09:00 slot is theirs.
    await storage.db.write("UPDATE readers SET schedule_changed_at = ?", (to_db(now - timedelta(days=1)),))
