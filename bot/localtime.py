"""Readers' time zones and how dates are written for them."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_OFFSET = re.compile(r"^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)

_MONTHS = {
    "ru": [
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ],
    "kk": [
        "қаңтар",
        "ақпан",
        "наурыз",
        "сәуір",
        "мамыр",
        "маусым",
        "шілде",
        "тамыз",
        "қыркүйек",
        "қазан",
        "қараша",
        "желтоқсан",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}


def normalize_zone(value: str) -> str | None:
    """A zone a reader typed as stored text: an IANA name ("Asia/Almaty") or "+05:45"; None if invalid."""
    value = value.strip()
    match = _OFFSET.match(value)
    if match:
        sign, hours, minutes = match.group(1), int(match.group(2)), int(match.group(3) or 0)
        if minutes >= 60 or hours * 60 + minutes > 14 * 60:
            return None
        return f"{sign}{hours:02d}:{minutes:02d}"
    if not value or ("/" not in value and value.upper() != "UTC"):
        return None
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: "Asia/__pycache__" is a folder
        return None
    return value


@lru_cache(maxsize=1024)
def zone(name: str) -> tzinfo:
    """The tzinfo for a stored zone text (see ``normalize_zone``)."""
    match = _OFFSET.match(name)
    if match:
        sign = -1 if match.group(1) == "-" else 1
        delta = timedelta(hours=int(match.group(2)), minutes=int(match.group(3) or 0))
        return timezone(sign * delta)
    return ZoneInfo(name)


def format_date(moment: datetime, language: str) -> str:
    """A day the local way: "25 ноября 2026", "2026 жылғы 25 қараша", "25 November 2026"."""
    months = _MONTHS.get(language, _MONTHS["en"])
    month = months[moment.month - 1]
    if language == "kk":
        return f"{moment.year} жылғы {moment.day} {month}"
    return f"{moment.day} {month} {moment.year}"


def format_datetime(moment: datetime, language: str, tz: tzinfo) -> str:
    """A moment in the reader's zone: the date the local way and the time as HH:MM."""
    local = moment.astimezone(tz)
    return f"{format_date(local, language)}, {local:%H:%M}"
