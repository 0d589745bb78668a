"""Persistence: one SQLite database through aiosqlite, schema migrations, a repository per table family."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from storage.articles import ArticleRepository
from storage.database import Database
from storage.deliveries import DeliveryRepository
from storage.personal import PersonalRepository
from storage.readers import ReaderRepository
from storage.sources import SourceRepository


@dataclass(slots=True)
class Storage:
    """The database and its repositories, handed to handlers and jobs as one dependency."""

    db: Database
    sources: SourceRepository
    articles: ArticleRepository
    readers: ReaderRepository
    deliveries: DeliveryRepository
    personal: PersonalRepository

    @classmethod
    async def open(cls, path: Path) -> Storage:
        db = await Database.open(path)
        return cls(
            db,
            SourceRepository(db),
            ArticleRepository(db),
            ReaderRepository(db),
            DeliveryRepository(db),
            PersonalRepository(db),
        )

    async def close(self) -> None:
        await self.db.close()


__all__ = ["Database", "Storage"]
