"""Readers' time zones (typed as names, cities or offsets) and how dates and zones are written for them."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.zone_cities import CITIES, City

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


def _key(text: str) -> str:
    """A name as compared: case, "ё", spaces, hyphens, underscores and dots do not matter."""
    return re.sub(r"[\s\-_.'’]+", "", text.casefold().replace("ё", "е"))


@lru_cache(maxsize=1)
def _known_zones() -> dict[str, str]:
    """Every zone a reader may name, by ``_key``: IANA names in any case, then cities (see zone_cities)."""
    names: dict[str, str] = {}
    for name in available_timezones():
        # Folders and files of the tz database that are not zones ("posixrules", "Factory") stay out.
        if "/" in name and not name.startswith(("posix/", "right/", "Etc/")):
            names[_key(name)] = name
    names[_key("UTC")] = names[_key("GMT")] = "UTC"
    for city in CITIES:
        for spelling in (city.ru, city.kk, city.en, *city.aliases):
            names.setdefault(_key(spelling), city.zone)
    for name in list(names.values()):
        # "Asia/Almaty" is found as "almaty" too, unless a city of that name says otherwise.
        if "/" in name:
            names.setdefault(_key(name.rsplit("/", 1)[1]), name)
    return names


@lru_cache(maxsize=1)
def _zone_cities() -> dict[str, City]:
    """The city that names each zone in replies: the first listed for it."""
    found: dict[str, City] = {}
    for city in CITIES:
        found.setdefault(city.zone, city)
    return found


def normalize_zone(value: str) -> str | None:
    """A zone a reader typed as stored text, or None if it names none.

    Accepts IANA names in any case ("asia/almaty"), cities in Russian, Kazakh or English ("Алматы",
    "Қарағанды", "moscow"), and offsets ("+5", "UTC+05:45"). Stored: the IANA name or "+05:45".
    """
    value = value.strip()
    match = _OFFSET.match(value)
    if match:
        sign, hours, minutes = match.group(1), int(match.group(2)), int(match.group(3) or 0)
        if minutes >= 60 or hours * 60 + minutes > 14 * 60:
            return None
        return f"{sign}{hours:02d}:{minutes:02d}"
    if not value or len(value) > 64:
        return None
    name = _known_zones().get(_key(value))
    if name is None:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: "Asia/__pycache__" is a folder
        return None
    return name


def utc_offset_text(moment: datetime, tz: tzinfo) -> str:
    """The zone's offset at ``moment``: "UTC+5", "UTC+5:45", "UTC−3:30", "UTC"."""
    offset = moment.astimezone(tz).utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    hours, rest = divmod(abs(minutes), 60)
    sign = "+" if minutes > 0 else "−"
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zone_label(name: str, language: str, moment: datetime) -> str:
    """A stored zone as readers know it: "Алматы, UTC+5", "New York, UTC−5", "UTC+5:45"."""
    offset = utc_offset_text(moment, zone(name))
    if _OFFSET.match(name) or name == "UTC":
        return offset
    city = _zone_cities().get(name)
    if city is not None:
        title = {"ru": city.ru, "kk": city.kk}.get(language, city.en)
    else:
        title = name.rsplit("/", 1)[-1].replace("_", " ")
    return f"{title}, {offset}"


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


def format_day_month(moment: datetime, language: str) -> str:
    """A day without its year: "25 ноября", "25 қараша", "25 November"."""
    months = _MONTHS.get(language, _MONTHS["en"])
    return f"{moment.day} {months[moment.month - 1]}"
