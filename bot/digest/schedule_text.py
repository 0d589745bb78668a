"""A schedule and its next digest in words: "по будням в 08:00, 19:30", "завтра в 09:00"."""

from __future__ import annotations

from datetime import datetime

from bot.digest.render import Translate
from bot.digest.schedule import EVERY_DAY, WEEKEND, WORKDAYS, Schedule
from bot.localtime import zone


def describe_days(schedule: Schedule, translate: Translate) -> str:
    """The weekdays of a schedule: "every day", "on weekdays", "on Sundays", "on Mon, Wed, Fri"."""
    if schedule.days == EVERY_DAY:
        return translate("days-every-day")
    if schedule.days == WORKDAYS:
        return translate("days-workdays")
    if schedule.days == WEEKEND:
        return translate("days-weekend")
    days = schedule.weekdays
    if len(days) == 1:
        return translate("days-one", day=days[0])
    names = ", ".join(translate("weekday-short", day=day) for day in days)
    return translate("days-some", days=names)


def describe_schedule(schedule: Schedule, translate: Translate) -> str:
    """Days and times together: "every day at 08:00, 19:30"."""
    return translate(
        "schedule-line", days=describe_days(schedule, translate), times=", ".join(schedule.times)
    )


def describe_next(schedule: Schedule, timezone: str, now: datetime, translate: Translate) -> str:
    """When the first slot after ``now`` comes, in the reader's words: "tomorrow at 09:00"."""
    slot = schedule.next_slot(now, timezone)
    today = now.astimezone(zone(timezone)).date()
    time = slot.strftime("%H:%M")
    days_ahead = (slot.date() - today).days
    if days_ahead == 0:
        return translate("next-digest-today", time=time)
    if days_ahead == 1:
        return translate("next-digest-tomorrow", time=time)
    return translate("next-digest-on", day=slot.weekday(), time=time)
