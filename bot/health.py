"""Is this process healthy: the database answers, the scheduler runs, the outbox can record its sends."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from storage import Storage

# The scheduler's heartbeat job runs every 30 s; two minutes without one means it is stuck or dead.
SCHEDULER_STALE_SECONDS = 120.0
DATABASE_TIMEOUT_SECONDS = 5.0


@dataclass(slots=True)
class Heartbeat:
    """When the scheduler last ran a job (monotonic seconds), set by its heartbeat job."""

    clock: Callable[[], float] = time.monotonic
    last: float | None = field(default=None)

    def beat(self) -> None:
        self.last = self.clock()

    def age(self) -> float | None:
        """Seconds since the last beat; None before the first."""
        return None if self.last is None else self.clock() - self.last


@dataclass(frozen=True, slots=True)
class HealthReport:
    healthy: bool
    body: dict[str, Any]


class HealthCheck:
    """Builds the ``/healthz`` answer from the storage, the heartbeat and the outbox sender."""

    def __init__(
        self,
        storage: Storage,
        heartbeat: Heartbeat,
        sender: object | None = None,
        *,
        leader: bool = True,
        stale_after: float = SCHEDULER_STALE_SECONDS,
    ) -> None:
        self.storage = storage
        self.heartbeat = heartbeat
        self.sender = sender
        self.leader = leader
        self.stale_after = stale_after

    async def report(self) -> HealthReport:
        """Every check, each with a short word; healthy only when all pass."""
        problems: list[str] = []
        try:
            await asyncio.wait_for(self.storage.ping(), DATABASE_TIMEOUT_SECONDS)
            database = "ok"
        except Exception as exc:  # whatever the database raises, the answer is "unhealthy", not a 500
            database = f"error: {type(exc).__name__}"
            problems.append("database")
        age = self.heartbeat.age()
        if age is None or age > self.stale_after:
            problems.append("scheduler")
        # The sender sets this while it cannot record sends (and so has stopped sending).
        failing_since = getattr(self.sender, "writes_failing_since", None)
        if failing_since is not None:
            problems.append("outbox")
        body: dict[str, Any] = {
            "status": "ok" if not problems else "unhealthy",
            "database": database,
            "scheduler_last_run_seconds_ago": None if age is None else round(age, 1),
            "outbox": "ok" if failing_since is None else f"writes failing since {_when(failing_since)}",
            "leader": self.leader,
        }
        if problems:
            body["problems"] = problems
        return HealthReport(not problems, body)


def _when(value: object) -> str:
    return value.isoformat(timespec="seconds") if isinstance(value, datetime) else str(value)
