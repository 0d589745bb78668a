"""Persistence: one SQLite database through aiosqlite, schema migrations, a repository per table family."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storage.articles import ArticleRepository
from storage.database import Database, StorageUnavailable
from storage.deliveries import DeliveryRepository
from storage.personal import PersonalRepository
from storage.readers import ReaderRepository
from storage.sources import SourceRepository
from storage.status import DatabaseCounts, StatusRepository


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
    async def open(cls, path: Path, **options: Any) -> Storage:
        """Open the database at ``path``; ``options`` go to ``Database.open`` (busy timeout, patience)."""
        db = await Database.open(path, **options)
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

    async def ping(self) -> None:
        """Raise if the database does not answer (the health check asks this, whatever the backend)."""
        await StatusRepository(self.db).ping()

    async def metrics_snapshot(self) -> DatabaseCounts:
        """The counts ``/metrics`` shows as gauges."""
        return await StatusRepository(self.db).counts()


__all__ = ["Database", "Storage", "StorageUnavailable"]
