"""A database that cannot take writes: the outbox pauses and resumes, an import stops and resumes.

The sender's disk fills through an injected SQLITE_FULL on every writing statement (what SQLite
answers on a full filesystem); the import's through SQLite's own page cap (``max_page_count``),
which makes SQLite itself answer "database or disk is full" once the file would grow.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.delivery.sender import OutboxSender
from bot.digest.jobs import DigestFanout
from bot.ingest.importer import import_files
from bot.ingest.processor import ArticleProcessor
from bot.telegram.client import create_bot
from storage import Storage
from tests.botapi import BotAPIServer
from tests.e2e.conftest import TOKEN, make_settings
from tests.e2e.digest_seed import seed_stories_and_readers

READERS = list(range(30_001, 30_041))
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


class FullDisk:
    """Makes every writing statement of one connection fail as SQLite does on a full filesystem."""

    def __init__(self, storage: Storage) -> None:
        self.full = False
        self.refused = 0
        conn = storage.db.conn
        original: Callable[..., Any] = conn.execute

        def execute(sql: str, parameters: Any = None) -> Any:
            if self.full and sql.lstrip().upper().startswith(_WRITES):
                self.refused += 1
                return self._refuse()
            return original(sql) if parameters is None else original(sql, parameters)

        conn.execute = execute  # type: ignore[method-assign]

    @staticmethod
    async def _refuse() -> None:
        error = sqlite3.OperationalError("database or disk is full")
        error.sqlite_errorcode = sqlite3.SQLITE_FULL  # type: ignore[attr-defined]
        raise error


async def test_outbox_pauses_on_a_full_disk_and_resumes_with_nothing_lost_or_doubled(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    now = (datetime.now(UTC) - timedelta(days=1)).replace(hour=4, minute=0, second=0, microsecond=0)
    async with BotAPIServer(token=TOKEN) as server:
        settings = make_settings(tmp_path, server.url)
        storage = await Storage.open(settings.database_path)
        await seed_stories_and_readers(storage, now, READERS)
        await DigestFanout(storage, settings, now=lambda: now).run_once()
        disk = FullDisk(storage)
        bot = create_bot(settings, retry=False)
        sender = OutboxSender(storage, bot, rate_per_second=10, poll_interval=0.05)
        caplog.set_level(logging.INFO)
        try:
            sender.start()
            await server.wait_until(lambda: len(server.sent) >= 10, timeout=30, message="10 sent")
            disk.full = True
            await server.wait_until(lambda: disk.refused > 0, timeout=30, message="a refused write")
            await asyncio.sleep(1.0)
            assert sender.writes_failing_since is not None
            paused_at = len(server.sent)
            await asyncio.sleep(1.5)  # at 10 a second, 15 more would have gone by now
            assert len(server.sent) == paused_at, "kept sending while sends could not be recorded"
            assert paused_at < len(READERS)
            disk.full = False
            await server.wait_until(
                lambda: len(server.sent) >= len(READERS), timeout=60, message="every digest sent"
            )
            await sender.stop()
            assert sender.writes_failing_since is None
            pending = await storage.deliveries.pending_count()
            statuses = await storage.db.fetchall("SELECT status, count(*) FROM deliveries GROUP BY status")
        finally:
            await bot.session.close()
            await storage.close()

    assert pending == 0
    assert {r[0]: r[1] for r in statuses} == {"sent": len(READERS)}
    for chat_id in READERS:
        assert len(server.messages_to(chat_id)) == 1, chat_id
    refusals = [r for r in caplog.records if "refuses writes" in r.getMessage()]
    assert len(refusals) == 1, "the pause is logged once, not once per message"


def _import_file(folder: Path, count: int) -> Path:
    path = folder / "big.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            row = {
                "title": f"Статья {i}: отчёт о работе ведомства номер {i}",
                "text": f"Ведомство номер {i} отчиталось о работе. " * 20,
                "url": f"https://import.example/{i}",
                "source": "Import",
            }
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


async def test_import_on_a_full_disk_fails_with_the_count_not_stored_and_resumes(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, "http://127.0.0.1:9")
    total = 300
    path = _import_file(tmp_path, total)
    storage = await Storage.open(settings.database_path)
    try:
        pages = await storage.db.fetchone("PRAGMA page_count")
        assert pages is not None
        # Room for a few dozen articles, then SQLite answers "database or disk is full".
        await storage.db.conn.execute(f"PRAGMA max_page_count = {int(pages[0]) + 60}")
        processor = ArticleProcessor(storage, settings)
        first = await import_files(processor, [path])
        assert first.stopped is not None and "full" in first.stopped
        assert first.exit_code() != 0
        assert 0 < first.stored < total
        assert first.not_stored == total - first.stored - first.duplicates - first.failed
        assert "not stored" in first.line()
        assert await storage.articles.count() == first.stored

        await storage.db.conn.execute("PRAGMA max_page_count = 1073741823")  # space is back
        second = await import_files(processor, [path])
        assert second.exit_code() == 0 and second.stopped is None
        assert (second.stored, second.duplicates) == (first.not_stored, first.stored)
        assert await storage.articles.count() == total
    finally:
        await storage.close()
