"""``copy-db --to postgresql://...``: copy the SQLite database at DATABASE_URL into PostgreSQL."""

from __future__ import annotations

import sys

from tqdm import tqdm

from bot.config import Settings, redact_url
from storage import is_postgres_url
from storage.copy import copy_database


async def run_copy_db(settings: Settings, target_url: str, *, progress: bool = True) -> int:
    """Copy table by table with a progress bar per table, then print the counts; a second run copies
    only what is new. 2 with one line on stderr for a wrong URL, 1 when the copy fails."""
    if settings.is_postgres:
        print("error: DATABASE_URL must name the SQLite database to copy from", file=sys.stderr)
        return 2
    if not is_postgres_url(target_url):
        print(f"error: --to must be a postgresql:// URL, not {redact_url(target_url)!r}", file=sys.stderr)
        return 2
    bars: dict[str, tqdm[object]] = {}

    def show(table: str, rows: int, total: int) -> None:
        if table not in bars:
            bars[table] = tqdm(
                total=total, desc=table, unit="row", disable=not progress, file=sys.stderr, leave=True
            )
        bars[table].update(rows)

    try:
        report = await copy_database(settings.database_path, target_url, show)
    except Exception as exc:  # one line, never a traceback: the copy can be run again
        print(f"error: copy to {redact_url(target_url)} failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    finally:
        for bar in bars.values():
            bar.close()
    print(f"copied {settings.database_label} to {redact_url(target_url)}")
    for line in report.lines():
        print(line)
    return 0
