"""The words every schedule reply shares: the schedule, the reader's zone and the next digest."""

from __future__ import annotations

from typing import Any

from aiogram_i18n import I18nContext

from bot.digest.schedule import reader_schedule
from bot.digest.schedule_text import describe_next, describe_schedule
from bot.localtime import zone_label
from storage.readers import Reader
from storage.timestamps import utcnow


def schedule_words(reader: Reader, i18n: I18nContext) -> dict[str, Any]:
    """``schedule``, ``timezone`` and ``next`` for the Fluent messages that state when digests come."""
    now = utcnow()
    schedule = reader_schedule(reader)
    return {
        "schedule": describe_schedule(schedule, i18n.get),
        "timezone": zone_label(reader.timezone, reader.language, now),
        "next": describe_next(schedule, reader.timezone, now, i18n.get),
    }
