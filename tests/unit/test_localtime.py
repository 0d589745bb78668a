"""Readers' zones: IANA names and offsets, and dates written the local way."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.localtime import format_date, format_datetime, normalize_zone, zone, zone_label


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
        ("utc", "UTC"),
        ("almaty", "Asia/Almaty"),
        ("Asia/almaty", "Asia/Almaty"),
        ("ASIA/ALMATY", "Asia/Almaty"),
        ("Алматы", "Asia/Almaty"),
        ("алма-ата", "Asia/Almaty"),
        ("Астана", "Asia/Almaty"),
        ("Қарағанды", "Asia/Almaty"),
        ("Ақтөбе", "Asia/Aqtobe"),
        ("Уральск", "Asia/Oral"),
        ("Орал", "Asia/Oral"),
        ("москва", "Europe/Moscow"),
        ("Мәскеу", "Europe/Moscow"),
        ("Новосибирск", "Asia/Novosibirsk"),
        ("Ташкент", "Asia/Tashkent"),
        ("Бішкек", "Asia/Bishkek"),
        ("new york", "America/New_York"),
        ("New_York", "America/New_York"),
        ("Нью-Йорк", "America/New_York"),
        ("london", "Europe/London"),
        ("kathmandu", "Asia/Kathmandu"),
    ],
)
def test_zones_readers_type(typed: str, stored: str) -> None:
    assert normalize_zone(typed) == stored


@pytest.mark.parametrize(
    "typed",
    ["Mars/Olympus", "+15:00", "+05:75", "", "Atlantis", "../etc/passwd", "posixrules", "Asia/__pycache__"],
)
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


def test_zones_are_shown_by_city_in_the_readers_language() -> None:
    moment = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
    assert zone_label("Asia/Almaty", "ru", moment) == "Алматы, UTC+5"
    assert zone_label("Asia/Almaty", "en", moment) == "Almaty, UTC+5"
    assert zone_label("Asia/Oral", "kk", moment) == "Орал, UTC+5"
    assert zone_label("Europe/Moscow", "kk", moment) == "Мәскеу, UTC+3"
    assert zone_label("America/New_York", "en", moment) == "New York, UTC−5"
    assert zone_label("America/Argentina/Buenos_Aires", "ru", moment) == "Buenos Aires, UTC−3"
    assert zone_label("+05:45", "ru", moment) == "UTC+5:45"
    assert zone_label("UTC", "en", moment) == "UTC"
