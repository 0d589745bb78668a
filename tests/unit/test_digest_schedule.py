from datetime import UTC, datetime

import pytest

from bot.digest.schedule import is_due, local_moment


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_almaty_nine_oclock() -> None:
    # Asia/Almaty is UTC+5 since March 2024.
    assert not is_due(utc(2026, 6, 1, 3, 59), "Asia/Almaty", "09:00")
    assert is_due(utc(2026, 6, 1, 4, 0), "Asia/Almaty", "09:00")
    assert local_moment(utc(2026, 6, 1, 4, 0), "Asia/Almaty").date_key == "2026-06-01"


def test_odd_offset_plus_0545() -> None:
    assert not is_due(utc(2026, 6, 1, 3, 14), "+05:45", "09:00")
    assert is_due(utc(2026, 6, 1, 3, 15), "+05:45", "09:00")
    assert is_due(utc(2026, 6, 1, 3, 15), "Asia/Kathmandu", "09:00")


def test_plus_14_is_already_tomorrow() -> None:
    moment = local_moment(utc(2026, 1, 1, 19, 0), "+14:00")
    assert moment.date_key == "2026-01-02"
    assert moment.hhmm == "09:00"
    assert is_due(utc(2026, 1, 1, 19, 0), "Pacific/Kiritimati", "09:00")
    assert not is_due(utc(2026, 1, 1, 18, 59), "Pacific/Kiritimati", "09:00")


@pytest.mark.parametrize(
    ("now", "due"),
    [
        (utc(2026, 3, 8, 6, 59), False),  # 01:59 EST, just before the clocks jump
        (utc(2026, 3, 8, 7, 0), True),  # 03:00 EDT: 02:30 never happened, due at the first minute after
    ],
)
def test_new_york_spring_forward_gap(now: datetime, due: bool) -> None:
    assert is_due(now, "America/New_York", "02:30") is due


def test_new_york_normal_days_follow_the_offset_change() -> None:
    assert is_due(utc(2026, 3, 7, 14, 0), "America/New_York", "09:00")  # EST: 09:00 = 14:00 UTC
    assert not is_due(utc(2026, 3, 9, 12, 59), "America/New_York", "09:00")
    assert is_due(utc(2026, 3, 9, 13, 0), "America/New_York", "09:00")  # EDT: 09:00 = 13:00 UTC


def test_new_york_fall_back_repeat_is_one_local_date() -> None:
    first = local_moment(utc(2026, 11, 1, 5, 30), "America/New_York")  # 01:30 EDT
    second = local_moment(utc(2026, 11, 1, 6, 30), "America/New_York")  # 01:30 EST
    assert first == second
    # Both are due; the delivery row for the local date keeps the second from sending again.
    assert is_due(utc(2026, 11, 1, 5, 30), "America/New_York", "01:30")
