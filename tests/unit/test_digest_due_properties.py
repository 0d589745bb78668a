"""The due query against a plain reference: for any readers, schedules and deliveries, the fan-out's
first run after start finds exactly the slots a reader should get now."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.config import load_settings
from bot.digest.jobs import DigestFanout
from bot.digest.schedule import slot_key
from bot.localtime import zone
from storage import Storage
from storage.timestamps import to_db
from tests.conftest import storage_on_own_loop

ZONES = ["Asia/Almaty", "+05:45", "America/New_York", "Pacific/Kiritimati", "Europe/London"]
TIMES = ["00:00", "06:30", "09:00", "12:15", "18:00", "23:59"]
BASE = datetime(2026, 3, 8, 0, 0, tzinfo=UTC)  # New York springs forward this day

reader_rows = st.lists(
    st.tuples(
        st.sampled_from(ZONES),
        st.sets(st.sampled_from(TIMES), min_size=1, max_size=4),
        st.integers(1, 127),  # weekdays
        st.booleans(),  # subscribed
        st.booleans(),  # blocked
        st.one_of(st.none(), st.integers(-3000, 3000)),  # schedule set, minutes from BASE
        st.sets(st.sampled_from(TIMES), max_size=2),  # today's slots already delivered
    ),
    max_size=12,
)


@pytest.fixture(scope="module")
def loop_and_storage() -> Iterator[tuple[asyncio.AbstractEventLoop, Storage]]:
    async def nothing(storage: Storage) -> None:
        return None

    with storage_on_own_loop(nothing) as opened:
        yield opened


def reference(
    rows: list[tuple[object, ...]], now: datetime, previous_run: datetime | None = None
) -> set[tuple[int, str]]:
    """Plainly: the latest slot of today that has passed, on a schedule day, not delivered, set before;
    after a run earlier the same local day, only if that slot came after it."""
    due = set()
    for chat_id, (tz, times, days, subscribed, blocked, changed, delivered) in enumerate(rows, start=1):
        assert isinstance(tz, str) and isinstance(times, set) and isinstance(days, int)
        assert isinstance(delivered, set)
        local = now.astimezone(zone(tz))
        if not subscribed or blocked or not days >> local.weekday() & 1:
            continue
        passed = [t for t in times if t <= local.strftime("%H:%M")]
        if not passed:
            continue
        latest = max(passed)
        slot = local.replace(hour=int(latest[:2]), minute=int(latest[3:]), second=0, microsecond=0)
        # The deliveries stored are of the first run's local day.
        if latest in delivered and local.date() == (previous_run or now).astimezone(zone(tz)).date():
            continue
        if previous_run is not None:
            before = previous_run.astimezone(zone(tz))
            same_day = before.date() == local.date() and before.strftime("%H:%M") <= local.strftime("%H:%M")
            if same_day and latest <= before.strftime("%H:%M"):
                continue
        if isinstance(changed, int) and slot.astimezone(UTC) <= BASE + timedelta(minutes=changed):
            continue
        due.add((chat_id, slot_key(local.date(), latest)))
    return due


@settings(deadline=None, max_examples=150)
@given(reader_rows, st.integers(0, 48 * 60 - 1), st.integers(1, 600))
def test_the_fanout_finds_the_same_due_slots_as_the_plain_rule(
    loop_and_storage: tuple[asyncio.AbstractEventLoop, Storage],
    rows: list[tuple[object, ...]],
    minutes: int,
    later: int,
) -> None:
    """The first run after start, and a run ``later`` minutes after it (nothing recorded between)."""
    loop, storage = loop_and_storage
    now = BASE + timedelta(minutes=minutes, seconds=7)
    then = now + timedelta(minutes=later)

    async def found() -> tuple[set[tuple[int, str]], set[tuple[int, str]]]:
        async with storage.db.transaction() as conn:
            for table in ("deliveries", "digest_times", "readers"):
                await conn.execute(f"DELETE FROM {table}")
        for chat_id, (tz, times, days, subscribed, blocked, changed, delivered) in enumerate(rows, start=1):
            assert isinstance(times, set) and isinstance(delivered, set) and isinstance(days, int)
            await storage.readers.ensure(chat_id, language="ru", timezone=str(tz), digest_time="09:00")
            await storage.readers.set_schedule(chat_id, times=tuple(sorted(times)), days=days)
            await storage.db.write(
                "UPDATE readers SET subscribed = ?, blocked = ?, schedule_changed_at = ? WHERE chat_id = ?",
                (
                    int(bool(subscribed)),
                    int(bool(blocked)),
                    to_db(BASE + timedelta(minutes=changed)) if isinstance(changed, int) else None,
                    chat_id,
                ),
            )
            today = now.astimezone(zone(str(tz))).date()
            for hhmm in delivered:
                await storage.deliveries.enqueue(chat_id, "digest", slot_key(today, hhmm), [], status="empty")
        fanout = DigestFanout(storage, load_settings(bot_token="1:x", _env_file=None), now=lambda: now)
        found_now = {(r.chat_id, slot_key(s.date(), f"{s:%H:%M}")) async for r, s in fanout.due_slots(now)}
        found_then = {(r.chat_id, slot_key(s.date(), f"{s:%H:%M}")) async for r, s in fanout.due_slots(then)}
        return found_now, found_then

    first, second = loop.run_until_complete(found())
    assert first == reference(rows, now)
    assert second == reference(rows, then, previous_run=now)
