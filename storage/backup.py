"""A consistent copy of a live SQLite database through SQLite's online backup API, verified after."""

from __future__ import annotations

import asyncio
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path


class BackupError(Exception):
    """The backup could not be made or did not verify; the message says why in one line."""


@dataclass(frozen=True, slots=True)
class BackupResult:
    path: Path
    size: int
    integrity: str


def _backup(source: Path, target: Path) -> BackupResult:
    if not source.is_file():
        raise BackupError(f"no database at {source}")
    if target.is_dir():
        target = target / source.name
    if target.exists():
        raise BackupError(f"{target} already exists; give a new file name")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(source, timeout=30)
    try:
        dst = sqlite3.connect(partial)
        try:
            # One step: a read transaction on a snapshot, so a bot writing meanwhile (WAL) is neither
            # blocked nor able to make the copy restart or mix two moments.
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            dst.close()
    finally:
        src.close()
    check = sqlite3.connect(f"file:{partial}?mode=ro", uri=True)
    try:
        integrity = str(check.execute("PRAGMA integrity_check").fetchone()[0])
        check.execute("SELECT count(*) FROM schema_migrations").fetchone()
    except sqlite3.DatabaseError as exc:
        check.close()
        partial.unlink(missing_ok=True)
        raise BackupError(f"the copy does not open as a database: {exc}") from None
    finally:
        check.close()
    if integrity != "ok":
        partial.unlink(missing_ok=True)
        raise BackupError(f"the copy failed its integrity check: {integrity}")
    os.replace(partial, target)
    return BackupResult(target, target.stat().st_size, integrity)


async def backup_sqlite(source: Path, target: Path) -> BackupResult:
    """Copy the database at ``source`` to ``target`` (a file, or a folder to put it in), then verify it.

    Safe while the bot runs. Raises BackupError for a missing source, an existing target, or a copy
    that fails ``PRAGMA integrity_check``.
    """
    return await asyncio.to_thread(_backup, source, target)
