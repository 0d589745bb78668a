"""The per-reader daily cap on alerts: ``ALERT_MAX_PER_DAY`` a local day, then one "more matched" line."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, time, timedelta, tzinfo
from enum import StrEnum


class AlertDecision(StrEnum):
    SEND = "send"  # send the alert
    SEND_MORE_LINE = "send_more_line"  # the cap is reached: send the one line saying more matched
    SKIP = "skip"  # the cap and its line are spent for today


def local_day_window(now: datetime, zone: tzinfo) -> tuple[datetime, datetime]:
    """The reader's local day around ``now`` (an aware moment) as [start, end) in UTC.

    A day is from local midnight to the next local midnight: 23 or 25 hours across a clock change.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    local_date = now.astimezone(zone).date()
    # In UTC: aware moments sharing one tzinfo compare by wall clock, wrong across a clock change.
    start = datetime.combine(local_date, time(0), tzinfo=zone).astimezone(UTC)
    end = datetime.combine(local_date + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)
    return start, end


def decide_alert(sent_today: int, max_per_day: int) -> AlertDecision:
    """What to do with the next matching alert, given the alert messages already sent today.

    ``sent_today`` counts every alert message of the local day, the "more matched" line included, so
    the line goes out once: at ``max_per_day`` sent. A cap below 1 turns alerts off.
    """
    if max_per_day < 1 or sent_today > max_per_day:
        return AlertDecision.SKIP
    if sent_today == max_per_day:
        return AlertDecision.SEND_MORE_LINE
    return AlertDecision.SEND


def decide_alert_at(
    now: datetime, zone: tzinfo, max_per_day: int, sent_at: Iterable[datetime]
) -> AlertDecision:
    """``decide_alert`` over the moments the reader's recent alert messages were sent (aware)."""
    start, end = local_day_window(now, zone)
    sent_today = sum(1 for moment in sent_at if start <= moment < end)
    return decide_alert(sent_today, max_per_day)
