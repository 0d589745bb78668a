"""Readers' zones: IANA names and offsets, and dates written the local way."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.localtime import format_date, format_datetime, normalize_zone, zone


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Asia/Almaty", "Asia/Almaty"),
        ("+05:00", "+05:00"),
        ("+5", "+05:00"),
        ("UTC+05:45", "+05:45"),
        ("-03:30", "-03:30"),
        ("+14:00", "+14:00"),
        ("UTC", "UTC"),
    ],
)
def test_zones_readers_type(typed: str, stored: str) -> None:
    assert normalize_zone(typed) == stored


@pytest.mark.parametrize("typed", ["Mars/Olympus", "+15:00", "+05:75", "", "Almaty", "../etc/passwd"])
def test_bad_zones(typed: str) -> None:
    assert normalize_zone(typed) is None


def test_offsets_and_names_give_the_right_local_time() -> None:
    moment = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
    assert moment.astimezone(zone("+05:45")).strftime("%H:%M") == "08:45"
    assert moment.astimezone(zone("-03:30")).utcoffset() == timedelta(hours=-3, minutes=-30)
    assert moment.astimezone(zone("Asia/Almaty")).hour == 8


def test_dates_the_local_way() -> None:
    day = datetime(2026, 11, 25, 9, 5, tzinfo=UTC)
    assert format_date(day, "ru") == "25 ноября 2026"
    assert format_date(day, "kk") == "2026 жылғы 25 қараша"
    assert format_date(day, "en") == "25 November 2026"
    assert format_datetime(day, "ru", zone("Asia/Almaty")) == "25 ноября 2026, 14:05"
