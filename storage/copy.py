"""Copying a SQLite database into PostgreSQL: every table, in batches, idempotently.

Tables are copied parents first (by their foreign keys), each in batches of ``BATCH`` rows with
``ON CONFLICT DO NOTHING``, so a second run copies only what is new. Afterwards the identity sequences
are set past the copied ids and the search rows of copied articles are built. Tables and columns are
read from the schema, so tables added by later migrations are copied without changes here.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from storage.articles import ArticleRepository
from storage.database import Database
from storage.postgres import PostgresDatabase

BATCH = 1000
# Not data: the migration record (each side has its own) and SQLite's own search index tables.
_SKIPPED = ("schema_migrations",)


@dataclass(slots=True)
class TableCopy:
    name: str
    source_rows: int = 0
    copied: int = 0
    target_rows: int = 0


@dataclass(slots=True)
class CopyReport:
    tables: list[TableCopy] = field(default_factory=list)
    search_rows_built: int = 0

    def lines(self) -> list[str]:
        """One line per table, then the search rows, for ``python -m bot copy-db``."""
        out = [
            f"{t.name}: {t.source_rows} rows in SQLite, {t.copied} copied now, {t.target_rows} in PostgreSQL"
            for t in self.tables
        ]
        out.append(f"search rows built: {self.search_rows_built}")
        return out


# Told (table, rows just copied, rows of that table in all) after each batch.
Progress = Callable[[str, int, int], None]


async def _tables_in_copy_order(source: Database) -> list[str]:
    """The data tables, each after the tables its foreign keys point to."""
    rows = await source.fetchall(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"
    )
    # FTS5 keeps its data in shadow tables named after the index ("articles_fts_data"...).
    virtual = {
        str(r[0])
        for r in await source.fetchall(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'"
        )
    }
    names = [
        str(r[0])
        for r in rows
        if str(r[0]) not in _SKIPPED and not any(str(r[0]).startswith(f"{v}_") for v in virtual)
    ]
    parents = {}
    for name in names:
        keys = await source.fetchall('SELECT "table" FROM pragma_foreign_key_list(?)', (name,))
        parents[name] = {str(k[0]) for k in keys} & set(names) - {name}
    ordered: list[str] = []
    while len(ordered) < len(names):
        ready = [n for n in names if n not in ordered and parents[n] <= set(ordered)]
        if not ready:  # a cycle: copy the rest as they come (no such schema today)
            ready = [n for n in names if n not in ordered]
        ordered.extend(ready)
    return ordered


async def _count(db: Database | PostgresDatabase, table: str) -> int:
    row = await db.fetchone(f'SELECT count(*) FROM "{table}"')
    return int(row[0]) if row else 0


async def copy_table(
    source: Database, target: PostgresDatabase, table: str, progress: Progress | None = None
) -> TableCopy:
    """Copy one table's rows that the target does not have yet (by its keys)."""
    result = TableCopy(table, source_rows=await _count(source, table))
    before = await _count(target, table)
    target_columns = {
        str(r[0])
        for r in await target.fetchall(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND table_name = ?",
            (table,),
        )
    }
    columns = [
        str(r[1])
        for r in await source.fetchall("SELECT * FROM pragma_table_info(?)", (table,))
        if str(r[1]) in target_columns
    ]
    if not columns:  # a table PostgreSQL does not keep
        return result
    quoted = ", ".join(f'"{c}"' for c in columns)
    insert = (
        f'INSERT INTO "{table}" ({quoted}) VALUES ({", ".join("?" * len(columns))}) ON CONFLICT DO NOTHING'
    )
    async with source.conn.execute(f'SELECT {quoted} FROM "{table}"') as cursor:
        while True:
            rows = [tuple(row) for row in await cursor.fetchmany(BATCH)]
            if not rows:
                break
            async with target.transaction() as conn:
                await conn.executemany(insert, rows)
            if progress is not None:
                progress(table, len(rows), result.source_rows)
    result.target_rows = await _count(target, table)
    result.copied = result.target_rows - before
    return result


async def _reset_identities(target: PostgresDatabase) -> None:
    """Each identity column's sequence continues after the largest id now in its table."""
    rows = await target.fetchall(
        "SELECT table_name, column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND is_identity = 'YES'"
    )
    for table, column in rows:
        largest = f'(SELECT max("{column}") FROM "{table}")'
        await target.fetchone(
            f"SELECT setval(pg_get_serial_sequence(?, ?), coalesce({largest}, 0) + 1, false)", (table, column)
        )


async def copy_database(source_path: Path, target_url: str, progress: Progress | None = None) -> CopyReport:
    """Copy the SQLite database at ``source_path`` into the PostgreSQL database at ``target_url``
    (migrated first); both schemas are brought to the newest version before copying."""
    if not await asyncio.to_thread(source_path.is_file):
        raise FileNotFoundError(f"no SQLite database at {source_path}")
    source = await Database.open(source_path)
    try:
        target = await PostgresDatabase.open(target_url)
        try:
            report = CopyReport()
            for table in await _tables_in_copy_order(source):
                report.tables.append(await copy_table(source, target, table, progress))
            await _reset_identities(target)
            report.search_rows_built = await ArticleRepository(target).build_missing_search_rows()
            return report
        finally:
            await target.close()
    finally:
        await source.close()
