"""``backup PATH``: a consistent, verified copy of the SQLite database, also while the bot runs."""

from __future__ import annotations

import sys
from pathlib import Path

from bot.config import Settings
from storage.backup import BackupError, backup_sqlite


async def run_backup(settings: Settings, target: Path) -> int:
    """Write the copy and print its path and size; 1 with one line on stderr when it fails."""
    if settings.is_postgres:
        print(
            "error: backup copies a SQLite database; DATABASE_URL is PostgreSQL: use pg_dump",
            file=sys.stderr,
        )
        return 2
    try:
        result = await backup_sqlite(settings.database_path, target)
    except (BackupError, OSError) as exc:
        print(f"error: backup failed: {exc}", file=sys.stderr)
        return 1
    print(f"backup written: {result.path} ({result.size / (1 << 20):.1f} MB, integrity {result.integrity})")
    return 0
