"""Persistence: SQLite (aiosqlite) or PostgreSQL (asyncpg), migrations, a repository per table family."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storage.articles import ArticleRepository
from storage.backend import Backend
from storage.chats import ChatRepository
from storage.database import Database, StorageUnavailable
from storage.deliveries import DeliveryRepository
from storage.personal import PersonalRepository
from storage.readers import ReaderRepository
from storage.sources import SourceRepository
from storage.status import DatabaseCounts, StatusRepository

_POSTGRES_SCHEMES = ("postgresql://", "postgres://")
_SQLITE_SCHEMES = ("sqlite+aiosqlite:///", "sqlite:///")


def is_postgres_url(target: Path | str) -> bool:
    return isinstance(target, str) and target.startswith(_POSTGRES_SCHEMES)


def sqlite_path(target: Path | str) -> Path:
    """The file of a SQLite target: a path, or a ``sqlite:///relative`` / ``sqlite:////absolute`` URL."""
    if isinstance(target, str):
        for prefix in _SQLITE_SCHEMES:
            if target.startswith(prefix):
                return Path(target[len(prefix) :])
        return Path(target)
    return target


async def open_backend(target: Path | str, **options: Any) -> Backend:
    """The database at ``target`` with its schema up to date: a ``postgresql://`` URL, else SQLite."""
    if is_postgres_url(target):
        from storage.postgres import PostgresDatabase

        return await PostgresDatabase.open(str(target))
    return await Database.open(sqlite_path(target), **options)


@dataclass(slots=True)
class Storage:
    """The database and its repositories, handed to handlers and jobs as one dependency."""

    db: Backend
    sources: SourceRepository
    articles: ArticleRepository
    readers: ReaderRepository
    deliveries: DeliveryRepository
    personal: PersonalRepository
    chats: ChatRepository

    @classmethod
    async def open(cls, target: Path | str, **options: Any) -> Storage:
        """Open ``target``: a SQLite file (a path or ``sqlite:///`` URL) or a ``postgresql://`` URL.

        ``options`` go to ``Database.open`` (busy timeout, lock patience) on SQLite.
        """
        storage = cls.on(await open_backend(target, **options))
        if storage.db.dialect == "postgresql":
            # Search rows a migration dropped for new stems (or a copy left out) are written before
            # anything searches; SQLite's migrations re-index in SQL through stemmed().
            try:
                await storage.articles.build_missing_search_rows()
            except BaseException:
                await storage.close()
                raise
        return storage

    @classmethod
    def on(cls, db: Backend) -> Storage:
        """The repositories over an open database."""
        return cls(
            db,
            SourceRepository(db),
            ArticleRepository(db),
            ReaderRepository(db),
            DeliveryRepository(db),
            PersonalRepository(db),
            ChatRepository(db),
        )

    async def close(self) -> None:
        await self.db.close()

    async def ping(self) -> None:
        """Raise if the database does not answer (the health check asks this, whatever the backend)."""
        await StatusRepository(self.db).ping()

    async def metrics_snapshot(self) -> DatabaseCounts:
        """The counts ``/metrics`` shows as gauges."""
        return await StatusRepository(self.db).counts()


__all__ = ["Backend", "Database", "Storage", "StorageUnavailable"]
