"""Upgrading a database written before digest schedules: readers keep their one time, and a day
already served is not served again."""

from __future__ import annotations

from pathlib import Path

from storage import Storage
from storage.database import Database
from storage.schema import applied_versions, known_migrations


async def test_existing_readers_keep_their_time_and_todays_digest_is_not_sent_twice(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = await Database.open(path, apply_migrations=False)
    await applied_versions(db.conn)
    for migration in known_migrations()[:3]:
        await db.conn.executescript(
            f"BEGIN;\n{migration.sql}\nINSERT INTO schema_migrations VALUES"
            f" ({migration.version}, '{migration.name}', '2026-01-01T00:00:00Z');\nCOMMIT;"
        )
    await db.conn.executescript(
        "INSERT INTO readers (chat_id, language, timezone, digest_time, subscribed, created_at, updated_at)"
        " VALUES (1, 'ru', 'Asia/Almaty', '07:30', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),"
        " (2, 'kk', 'Asia/Almaty', '21:00', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');"
        "INSERT INTO deliveries (chat_id, kind, local_date, status, created_at)"
        " VALUES (1, 'digest', '2026-06-01', 'sent', '2026-06-01T02:30:00Z'),"
        " (1, 'manual', '2026-05-01T10:00:00+00:00', 'sent', '2026-05-01T10:00:00Z');"
    )
    await db.close()

    storage = await Storage.open(path)
    try:
        reader = await storage.readers.get(1)
        assert reader is not None
        assert reader.digest_times == ("07:30",)
        assert reader.digest_days == 0b1111111
        assert reader.schedule_changed_at is None  # a schedule from before: catch-up applies to it
        other = await storage.readers.get(2)
        assert other is not None and other.digest_times == ("21:00",)
        rows = await storage.db.fetchall("SELECT kind, local_date FROM deliveries ORDER BY id")
        assert [tuple(r) for r in rows] == [
            ("digest", "2026-06-01T07:30"),
            ("manual", "2026-05-01T10:00:00+00:00"),
        ]
        # 2026-06-01 (a Monday) was served before the upgrade; the next day is due.
        served = await storage.readers.due_for_digest(
            "Asia/Almaty", "2026-06-01", 0, times_after="", times_until="23:59"
        )
        assert [d.reader.chat_id for d in served] == [2]
        next_day = await storage.readers.due_for_digest(
            "Asia/Almaty", "2026-06-02", 1, times_after="", times_until="08:00"
        )
        assert [(d.reader.chat_id, d.slot_time) for d in next_day] == [(1, "07:30")]
    finally:
        await storage.close()
