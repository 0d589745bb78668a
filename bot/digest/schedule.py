"""When a reader's digest is due: their local time of day has reached the digest time, once per local day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.localtime import zone


@dataclass(frozen=True, slots=True)
class LocalMoment:
    """A UTC moment as a zone sees it: the local date (the delivery key) and the wall clock HH:MM."""

    date: date
    hhmm: str

    @property
    def date_key(self) -> str:
        return self.date.isoformat()


def local_moment(now: datetime, timezone: str) -> LocalMoment:
    """``now`` (aware) in the zone: its local date and HH:MM."""
    local = now.astimezone(zone(timezone))
    return LocalMoment(local.date(), local.strftime("%H:%M"))


def is_due(now: datetime, timezone: str, digest_time: str) -> bool:
    """True once the zone's wall clock has reached ``digest_time`` today.

    Comparing wall-clock text makes DST work without special cases: a time skipped by a spring-forward
    gap is reached at the first minute after the gap, and a time repeated by a fall-back is caught
    the first time; the delivery row for the local date keeps the second from sending again.
    """
    return local_moment(now, timezone).hhmm >= digest_time
