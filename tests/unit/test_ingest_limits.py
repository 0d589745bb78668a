"""Bounds on ingestion: extraction that really stops, JSON Lines lines with a cap, emoji-only texts,
and database writes that wait out another connection's lock."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path

import pytest

from bot.ingest.extraction import ExtractionPool, ExtractionTimeout
from bot.ingest.files import MAX_JSONL_LINE_BYTES, FileProblem, read_article_file
from bot.ingest.models import ArticleDraft
from bot.ingest.processor import content_fingerprint
from storage import Database, StorageUnavailable


def spin_or_echo(page: bytes | str, url: str | None) -> str | None:
    """A stand-in extractor: "spin" never finishes (CPU-bound, as a hostile page in lxml), else echo."""
    if page == "spin":
        while True:
            pass
    return f"text of {url}"


async def test_extraction_past_its_time_is_killed_and_the_next_page_still_works() -> None:
    # The limit counts from the request (a worker's start-up is not charged to the page): plenty for
    # an echo on a busy machine, and "spin" never ends anyway.
    pool = ExtractionPool("tests.unit.test_ingest_limits:spin_or_echo", workers=1, seconds=2.0)
    try:
        with pytest.raises(ExtractionTimeout):
            await pool.extract("spin", "http://hostile/")
        assert pool.killed == 1
        assert await pool.extract("page", "http://fine/") == "text of http://fine/"
    finally:
        await pool.close()


async def test_a_worker_that_cannot_start_gives_no_text_and_no_hang(caplog: pytest.LogCaptureFixture) -> None:
    pool = ExtractionPool("tests.unit.no_such_module:extract", workers=1, seconds=2.0)
    try:
        assert await pool.extract("page", "http://fine/") is None
        assert await pool.extract("page", "http://fine/") is None  # tried afresh, not stuck
        assert pool.killed == 0
        assert "extraction worker did not start" in caplog.text
    finally:
        await pool.close()


def test_a_jsonl_line_over_the_cap_is_one_problem_and_the_rest_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    good = json.dumps({"title": "Заголовок", "text": "Текст статьи."}, ensure_ascii=False)
    huge = json.dumps({"title": "Огромная", "text": "я" * MAX_JSONL_LINE_BYTES})
    path.write_text(f"{good}\n{huge}\n{good}\n", encoding="utf-8")
    items = list(read_article_file(path, None))
    assert [type(i) for i in items] == [ArticleDraft, FileProblem, ArticleDraft]
    problem = items[1]
    assert isinstance(problem, FileProblem) and problem.line == 2 and "longer than" in problem.reason


def test_emoji_only_texts_are_not_one_duplicate() -> None:
    assert content_fingerprint("🔥🔥🔥") != content_fingerprint("🎉")
    assert content_fingerprint("🎉  🎉") == content_fingerprint("🎉 🎉")
    assert content_fingerprint("Привет, мир!") == content_fingerprint("привет мир")


async def test_a_write_waits_out_another_connections_lock(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    db = await Database.open(path, busy_timeout_ms=0)
    await db.write("CREATE TABLE scratch (x)")
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        released = asyncio.get_running_loop().call_later(0.3, other.execute, "COMMIT")
        # SQLite itself does not wait here (busy_timeout 0): the write must wait out the lock.
        await db.write("INSERT INTO scratch (x) VALUES (1)")
        released.cancel()
        row = await db.fetchone("SELECT count(*) FROM scratch")
        assert row is not None and row[0] == 1
    finally:
        other.close()
        await db.close()


async def test_a_lock_held_past_patience_is_storage_unavailable(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    db = await Database.open(path, busy_timeout_ms=0, lock_patience=0.3)
    await db.write("CREATE TABLE scratch (x)")
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(StorageUnavailable):
            async with db.transaction() as conn:
                await conn.execute("INSERT INTO scratch (x) VALUES (1)")
        other.execute("ROLLBACK")
    finally:
        other.close()
        await db.close()
