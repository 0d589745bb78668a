"""Digest schedules: times and days readers type, the next slot, how far back a digest reaches."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.digest.schedule import (
    EVERY_DAY,
    WEEKEND,
    WORKDAYS,
    Schedule,
    local_moment,
    parse_days,
    parse_time,
    parse_times,
    slot_key,
)
from bot.localtime import zone


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("typed", "time"),
    [
        ("08:30", "08:30"),
        ("8:30", "08:30"),
        ("0830", "08:30"),
        ("830", "08:30"),
        ("7", "07:00"),
        ("07", "07:00"),
        ("07.30", "07:30"),
        ("7.30", "07:30"),
        ("7-30", "07:30"),
        ("23:59", "23:59"),
        ("0", "00:00"),
        ("9am", "09:00"),
        ("9pm", "21:00"),
        ("12am", "00:00"),
        ("12pm", "12:00"),
    ],
)
def test_times_in_the_forms_readers_type(typed: str, time: str) -> None:
    assert parse_time(typed) == time


@pytest.mark.parametrize(
    "typed", ["25:00", "24", "12:60", "7:5", "1260", "13pm", "", "abc", "08:30:00", "-1"]
)
def test_what_is_not_a_time(typed: str) -> None:
    with pytest.raises(ValueError):
        parse_time(typed)


def test_several_times_sorted_once_each_at_most_six() -> None:
    assert parse_times("19:30 08:00") == ("08:00", "19:30")
    assert parse_times("8, 0800, 9 pm") == ("08:00", "21:00")
    assert len(parse_times("1 2 3 4 5 6")) == 6
    with pytest.raises(ValueError):
        parse_times("1 2 3 4 5 6 7")
    with pytest.raises(ValueError):
        parse_times("   ")


@pytest.mark.parametrize(
    ("typed", "days"),
    [
        ("all", EVERY_DAY),
        ("mon-fri", WORKDAYS),
        ("Mon-Fri", WORKDAYS),
        ("sat,sun", WEEKEND),
        ("sat, sun", WEEKEND),
        ("sun", 0b1000000),
        ("пн-пт", WORKDAYS),
        ("сб,вс", WEEKEND),
        ("дс–жм", WORKDAYS),
        ("mon wed fri", 0b0010101),
        ("fri-mon", 0b1110001),  # a range may wrap round the week
        ("будни", WORKDAYS),
    ],
)
def test_days_in_the_forms_readers_type(typed: str, days: int) -> None:
    assert parse_days(typed) == days


@pytest.mark.parametrize("typed", ["", "someday", "mon-xyz", "1-5"])
def test_what_is_not_days(typed: str) -> None:
    with pytest.raises(ValueError):
        parse_days(typed)


def test_the_next_slot_is_strictly_after_now() -> None:
    daily = Schedule(("09:00",))
    # 15:00 in Almaty (UTC+5): today's 09:00 has passed, so tomorrow's.
    assert daily.next_slot(utc(2026, 6, 1, 10, 0), "Asia/Almaty").isoformat() == "2026-06-02T09:00:00+05:00"
    # 09:00:30: the minute has begun, it is not "next".
    assert daily.next_slot(utc(2026, 6, 1, 4, 0, 30), "Asia/Almaty").date().isoformat() == "2026-06-02"
    assert daily.next_slot(utc(2026, 6, 1, 3, 59), "Asia/Almaty").date().isoformat() == "2026-06-01"
    twice = Schedule(("08:00", "19:30"))
    assert twice.next_slot(utc(2026, 6, 1, 10, 0), "Asia/Almaty").strftime("%d %H:%M") == "01 19:30"


def test_the_next_slot_of_a_weekly_and_a_workdays_schedule() -> None:
    sunday = Schedule(("10:00",), 1 << 6)
    # 2026-06-01 is a Monday.
    assert sunday.next_slot(utc(2026, 6, 1, 10, 0), "Asia/Almaty").date().isoformat() == "2026-06-07"
    workdays = Schedule(("08:00",), WORKDAYS)
    friday_evening = utc(2026, 6, 5, 15, 0)
    assert workdays.next_slot(friday_evening, "Asia/Almaty").date().isoformat() == "2026-06-08"


def test_a_digest_reaches_back_to_the_slot_before_it_from_one_to_seven_days() -> None:
    tz = zone("Asia/Almaty")

    def at(day: int, hhmm: str) -> datetime:
        return datetime(2026, 6, day, int(hhmm[:2]), int(hhmm[3:]), tzinfo=tz)

    assert Schedule(("09:00",)).lookback(at(2, "09:00")) == timedelta(hours=24)
    assert Schedule(("08:00", "19:30")).lookback(at(2, "19:30")) == timedelta(hours=24)  # never under a day
    assert Schedule(("10:00",), 1 << 6).lookback(at(7, "10:00")) == timedelta(days=7)
    # Monday's digest of a workdays schedule covers the weekend.
    assert Schedule(("08:00",), WORKDAYS).lookback(at(8, "08:00")) == timedelta(days=3)


def test_slot_keys_and_local_moments() -> None:
    moment = local_moment(utc(2026, 1, 1, 19, 0), "+14:00")
    assert moment.date_key == "2026-01-02"
    assert moment.hhmm == "09:00"
    assert slot_key(moment.date, moment.hhmm) == "2026-01-02T09:00"
    first = local_moment(utc(2026, 11, 1, 5, 30), "America/New_York")  # 01:30 EDT
    second = local_moment(utc(2026, 11, 1, 6, 30), "America/New_York")  # 01:30 EST: the same slot
    assert slot_key(first.date, first.hhmm) == slot_key(second.date, second.hhmm)
