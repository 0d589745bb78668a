"""``python -m bot prune`` and ``python -m bot backup PATH`` as an operator runs them, on real files."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

from storage import Storage
from storage.articles import NewArticle
from storage.timestamps import utcnow

REPO_ROOT = Path(__file__).resolve().parents[2]


def bot_command(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k != "BOT_TOKEN"}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env={
            **clean,
            "DATABASE_URL": f"sqlite:///{cwd / 'data' / 'bot.db'}",
            "PYTHONPATH": str(REPO_ROOT),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


async def fill(path: Path, old: int, fresh: int) -> None:
    storage = await Storage.open(path)
    try:
        await storage.sources.ensure("feed", "https://news.example.kz/rss", "News")
        for n in range(old + fresh):
            age = timedelta(days=40 if n < old else 1)
            await storage.articles.add(
                NewArticle(
                    source_id=1,
                    title=f"Новость {n}",
                    text=f"Текст новости номер {n}. " * 20,
                    summary="Кратко.",
                    lang="ru",
                    content_hash=f"h{n}",
                    published_at=utcnow() - age,
                    url=f"https://news.example.kz/{n}",
                    guid=None,
                )
            )
    finally:
        await storage.close()


async def test_prune_prints_what_it_removed_by_kind(tmp_path: Path) -> None:
    db = tmp_path / "data" / "bot.db"
    await fill(db, old=30, fresh=5)
    result = bot_command(tmp_path, "prune", RETENTION_DAYS="30")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "articles removed: 30 (published more than 30 days ago)"
    assert any(line.startswith("deliveries removed: 0") for line in lines)
    assert any(line.startswith("outbox messages removed: 0") for line in lines)
    assert any(line.startswith("database size:") for line in lines)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 5
    assert "Traceback" not in result.stderr


async def test_backup_of_a_database_being_written_is_consistent_and_verified(tmp_path: Path) -> None:
    db = tmp_path / "data" / "bot.db"
    await fill(db, old=0, fresh=200)
    stop = threading.Event()
    written = [0]

    def writer() -> None:
        # Another process's writes, as the running bot makes them, while the backup runs.
        conn = sqlite3.connect(db, timeout=30, isolation_level=None)
        conn.execute("PRAGMA journal_mode = WAL")
        while not stop.is_set():
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(
                "INSERT INTO sources (kind, url, title, created_at)"
                " VALUES ('feed', ?, 't', '2026-01-01T00:00:00Z')",
                (f"https://w.example.kz/{written[0]}",),
            )
            conn.execute("COMMIT")
            written[0] += 1
        conn.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        result = bot_command(tmp_path, "backup", str(tmp_path / "backups" / "copy.db"))
    finally:
        stop.set()
        thread.join()
    assert result.returncode == 0, result.stderr
    copy = tmp_path / "backups" / "copy.db"
    assert result.stdout.startswith(f"backup written: {copy} (")
    assert "integrity ok" in result.stdout
    assert written[0] > 0
    with sqlite3.connect(copy) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 200
        assert conn.execute("SELECT count(*) FROM sources").fetchone()[0] <= written[0] + 1
    assert not (tmp_path / "backups" / "copy.db.partial").exists()

    again = bot_command(tmp_path, "backup", str(copy))
    assert again.returncode == 1
    assert again.stderr.strip() == f"error: backup failed: {copy} already exists; give a new file name"


def test_backup_without_a_database_says_so(tmp_path: Path) -> None:
    result = bot_command(tmp_path, "backup", str(tmp_path / "copy.db"))
    assert result.returncode == 1
    assert result.stderr.strip() == f"error: backup failed: no database at {tmp_path / 'data' / 'bot.db'}"
