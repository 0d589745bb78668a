"""When digests come: a reader's schedule (local times on chosen weekdays) and its slots.

A slot is a (local date, time) of the schedule. Each slot's digest is sent at most once: the delivery
row is keyed by ``slot_key``. The fan-out (``bot.digest.jobs``) finds due slots; this module is pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from bot.localtime import zone
from storage.readers import Reader

MAX_TIMES = 6
EVERY_DAY = 0b1111111
WORKDAYS = 0b0011111
WEEKEND = 0b1100000
# A digest reaches back to the slot before it, but never less than a day or more than a week.
MIN_LOOKBACK = timedelta(hours=24)
MAX_LOOKBACK = timedelta(days=7)

_DAY_NAMES = {
    # Monday = 0; English, Russian and Kazakh short and full names.
    0: ("mon", "monday", "пн", "пон", "понедельник", "дс", "дүй", "дүйсенбі"),
    1: ("tue", "tues", "tuesday", "вт", "вто", "вторник", "сс", "сей", "сейсенбі"),
    2: ("wed", "wednesday", "ср", "сре", "среда", "ср", "сәр", "сәрсенбі"),
    3: ("thu", "thur", "thurs", "thursday", "чт", "чет", "четверг", "бс", "бей", "бейсенбі"),
    4: ("fri", "friday", "пт", "пят", "пятница", "жм", "жұм", "жұма"),
    5: ("sat", "saturday", "сб", "суб", "суббота", "сн", "сен", "сенбі"),
    6: ("sun", "sunday", "вс", "вос", "воскресенье", "жс", "жек", "жексенбі"),
}
_DAY_BY_NAME = {name: day for day, names in _DAY_NAMES.items() for name in names}
_DAY_PRESETS = {
    "all": EVERY_DAY,
    "every": EVERY_DAY,
    "daily": EVERY_DAY,
    "все": EVERY_DAY,
    "каждый": EVERY_DAY,
    "ежедневно": EVERY_DAY,
    "барлық": EVERY_DAY,
    "күнде": EVERY_DAY,
    "weekdays": WORKDAYS,
    "будни": WORKDAYS,
    "weekend": WEEKEND,
    "weekends": WEEKEND,
    "выходные": WEEKEND,
    "демалыс": WEEKEND,
}
# 7, 07, 7:30, 07.30, 7-30, 0730, 730, 7h30; minutes are always two digits ("7:5" is refused: 07:05 or
# 07:50?). "am"/"pm" for English habits.
_TIME = re.compile(r"^(\d{1,2})(?:[:.\-hч]?(\d{2}))?\s*(am|pm)?$", re.IGNORECASE)
_TIME_COMPACT = re.compile(r"^(\d{1,2})(\d{2})$")


def parse_time(text: str) -> str:
    """One local time of day as "HH:MM"; ValueError if it is not one."""
    value = text.strip().lower()
    compact = _TIME_COMPACT.match(value)
    if compact and len(value) in (3, 4):
        hours, minutes, meridiem = int(compact.group(1)), int(compact.group(2)), None
    else:
        match = _TIME.match(value)
        if not match:
            raise ValueError(f"{text!r} is not a time of day")
        hours, minutes, meridiem = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if meridiem:
        if not 1 <= hours <= 12:
            raise ValueError(f"{text!r} is not a time of day")
        hours = hours % 12 + (12 if meridiem == "pm" else 0)
    if hours > 23 or minutes > 59:
        raise ValueError(f"{text!r} is not a time of day")
    return f"{hours:02d}:{minutes:02d}"


def parse_times(text: str) -> tuple[str, ...]:
    """One to ``MAX_TIMES`` times separated by spaces or commas, sorted, without repeats."""
    parts = [part for part in re.split(r"[\s,;]+", text.strip()) if part]
    # "9 am" typed with a space belongs to the number before it.
    merged: list[str] = []
    for part in parts:
        if part.lower() in ("am", "pm") and merged:
            merged[-1] += part
        else:
            merged.append(part)
    times = tuple(sorted({parse_time(part) for part in merged}))
    if not 1 <= len(times) <= MAX_TIMES:
        raise ValueError(f"from 1 to {MAX_TIMES} times, not {len(times)}")
    return times


def parse_days(text: str) -> int:
    """Weekdays as bits (Monday = 1): "all", "mon-fri", "sat,sun", "пн-пт", "sun"; ValueError otherwise."""
    value = text.strip().lower().replace("—", "-").replace("–", "-")
    if value in _DAY_PRESETS:
        return _DAY_PRESETS[value]
    days = 0
    for part in (p for p in re.split(r"[\s,;]+", value) if p):
        first, dash, last = part.partition("-")
        if first not in _DAY_BY_NAME or (dash and last not in _DAY_BY_NAME):
            raise ValueError(f"{part!r} is not a weekday or a range of them")
        start = _DAY_BY_NAME[first]
        end = _DAY_BY_NAME[last] if dash else start
        day = start
        while True:  # a range may wrap round the week: "sat-mon"
            days |= 1 << day
            if day == end:
                break
            day = (day + 1) % 7
    if not days:
        raise ValueError("no weekdays")
    return days


def slot_key(day: date, hhmm: str) -> str:
    """The delivery key of a slot: "2026-06-01T09:00" (local date and time)."""
    return f"{day.isoformat()}T{hhmm}"


@dataclass(frozen=True, slots=True)
class Schedule:
    """Local digest times (sorted "HH:MM") on weekdays given as bits (Monday = 1, Sunday = 64)."""

    times: tuple[str, ...]
    days: int = EVERY_DAY

    def on(self, day: date) -> bool:
        return bool(self.days >> day.weekday() & 1)

    @property
    def weekdays(self) -> list[int]:
        """The weekdays (Monday = 0) digests come on."""
        return [day for day in range(7) if self.days >> day & 1]

    def _slots_from(self, day: date, tz: tzinfo, step: int) -> Iterator[datetime]:
        times = self.times if step > 0 else tuple(reversed(self.times))
        for offset in range(0, 8 * step, step):
            current = day + timedelta(days=offset)
            if self.on(current):
                for hhmm in times:
                    hours, minutes = int(hhmm[:2]), int(hhmm[3:])
                    yield datetime.combine(current, time(hours, minutes), tzinfo=tz)

    def next_slot(self, after: datetime, timezone: str) -> datetime:
        """The first slot strictly after ``after`` (a minute at ``after`` has begun: it is not next)."""
        tz = zone(timezone)
        local = after.astimezone(tz).replace(second=0, microsecond=0, tzinfo=None)
        for slot in self._slots_from(local.date(), tz, 1):
            if slot.replace(tzinfo=None) > local:
                return slot
        raise ValueError("a schedule without days")  # unreachable: days is never 0

    def previous_slot(self, before: datetime) -> datetime | None:
        """The last slot strictly before ``before`` (a local, aware moment), within a week."""
        naive = before.replace(tzinfo=None)
        assert before.tzinfo is not None
        for slot in self._slots_from(naive.date(), before.tzinfo, -1):
            if slot.replace(tzinfo=None) < naive:
                return slot
        return None

    def lookback(self, slot: datetime) -> timedelta:
        """How far back the digest of ``slot`` (local, aware) reaches: to the slot before it, 1 to 7 days."""
        previous = self.previous_slot(slot)
        if previous is None:
            return MAX_LOOKBACK
        # Wall-clock difference: a DST change does not make a daily digest miss an hour of news.
        gap = slot.replace(tzinfo=None) - previous.replace(tzinfo=None)
        return min(MAX_LOOKBACK, max(MIN_LOOKBACK, gap))


def reader_schedule(reader: Reader) -> Schedule:
    """The schedule a reader set (``/time``, ``/days``)."""
    return Schedule(reader.digest_times, reader.digest_days or EVERY_DAY)


@dataclass(frozen=True, slots=True)
class LocalMoment:
    """A UTC moment as a zone sees it: the local date and the wall clock HH:MM."""

    date: date
    hhmm: str

    @property
    def date_key(self) -> str:
        return self.date.isoformat()


def local_moment(now: datetime, timezone: str) -> LocalMoment:
    """``now`` (aware) in the zone: its local date and HH:MM."""
    local = now.astimezone(zone(timezone))
    return LocalMoment(local.date(), local.strftime("%H:%M"))
