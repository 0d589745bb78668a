"""Schema migrations: numbered SQL files applied in order, each recorded once."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from importlib import resources

import aiosqlite

from storage.timestamps import to_db, utcnow

log = logging.getLogger(__name__)

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


class SchemaTooNewError(Exception):
    """The database was written by a newer version of the bot than this one."""


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def known_migrations() -> list[Migration]:
    """Every migration shipped with the code, in version order."""
    found = []
    for entry in resources.files("storage.migrations").iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), match.group(2), entry.read_text("utf-8")))
    return sorted(found, key=lambda m: m.version)


async def applied_versions(conn: aiosqlite.Connection) -> set[int]:
    await conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    async with conn.execute("SELECT version FROM schema_migrations") as cursor:
        return {row[0] async for row in cursor}


async def migrate(conn: aiosqlite.Connection) -> list[Migration]:
    """Apply the migrations not yet applied; return those applied now.

    Raises SchemaTooNewError when the database has a version this code does not know.
    """
    migrations = known_migrations()
    done = await applied_versions(conn)
    newest_known = migrations[-1].version if migrations else 0
    if done and max(done) > newest_known:
        raise SchemaTooNewError(
            f"the database schema is version {max(done)}, newer than this bot knows ({newest_known}); "
            "upgrade the bot or use another DATABASE_URL"
        )
    applied = []
    for migration in migrations:
        if migration.version in done:
            continue
        # executescript commits first, so each migration runs in its own explicit transaction.
        try:
            await conn.executescript(
                f"BEGIN;\n{migration.sql}\n"
                f"INSERT INTO schema_migrations (version, name, applied_at) "
                f"VALUES ({migration.version}, '{migration.name}', '{to_db(utcnow())}');\nCOMMIT;"
            )
        except Exception:
            if conn.in_transaction:
                await conn.rollback()
            raise
        log.info("applied migration %04d_%s", migration.version, migration.name)
        applied.append(migration)
    return applied
