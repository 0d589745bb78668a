"""Leading, checked all along: one process of those on a database runs the work that must run once.

``Leadership`` checks the advisory lock (``storage.leader.LeaderLock``) every second while it leads and
tries to take it every few seconds while it stands by. Having taken it, it waits one lease (plus a
check) before it starts leading, so that a leader cut off without knowing it (its lease unrenewed) has
stopped sending by then; on losing it, it stops leading at once. Leading means ``LeaderJobs``: the
digest, alert and retention jobs, the outbox sender (which also asks the lock before every send) and,
in polling mode, getUpdates (``PollWhileLeading`` holds the requests of a standby).

On SQLite there is one process: it leads from the start, with no wait.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.methods import GetUpdates, TelegramMethod
from aiogram.methods.base import Response, TelegramType
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot import metrics
from bot.delivery.sender import OutboxSender
from bot.health import HealthCheck
from bot.scheduler import JobContext, register_leader_jobs, remove_leader_jobs
from storage import StorageUnavailable
from storage.leader import LeaderLock

if TYPE_CHECKING:
    from aiogram import Bot

log = logging.getLogger(__name__)

# While leading: how often the lock is checked (well within its lease, so sending never pauses).
LEADER_CHECK_SECONDS = 1.0
# While standing by: how often to try to take it (one cheap query on a connection kept open). A dead
# leader's lock is free at once (its connection closed), so a standby leads within this plus the wait
# after taking it: about 6 s, well within the 30 s promised.
STANDBY_CHECK_SECONDS = 2.0


class Duties(Protocol):
    """What a process does while it leads."""

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


class Leadership:
    """Runs ``duties`` while this process holds the lock; ``run`` until ``stop``."""

    def __init__(
        self,
        lock: LeaderLock,
        duties: Duties,
        *,
        leader_check: float = LEADER_CHECK_SECONDS,
        standby_check: float = STANDBY_CHECK_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.lock = lock
        self.duties = duties
        self.leader_check = leader_check
        self.standby_check = standby_check
        self.clock = clock
        # After taking the lock: one lease for a cut-off leader to stop, one check for slack.
        self.wait_after_taking = 0.0 if lock.always_leader else lock.lease + leader_check
        self._leading = asyncio.Event()
        self._stopping = asyncio.Event()
        self._taken_at: float | None = None
        self._term = 0  # the lock's term this process leads (or waits to lead) in
        self._task: asyncio.Task[None] | None = None

    @property
    def leading(self) -> bool:
        return self._leading.is_set()

    async def wait_leading(self) -> None:
        """Return once this process leads."""
        await self._leading.wait()

    def start(self) -> None:
        self._task = asyncio.create_task(self.run(), name="leadership")

    async def stop(self) -> None:
        """Stop leading (the duties end cleanly) and give the lock up for a standby to take."""
        self._stopping.set()
        if self._task is not None:
            await self._task
            return
        if self.leading:  # stepped by hand (tests), not run
            await self._end("stopping")
        await self.lock.close()

    async def run(self) -> None:
        try:
            while not self._stopping.is_set():
                await self.step()
                with contextlib.suppress(TimeoutError):
                    wait = self.leader_check if self._taken_at is not None else self.standby_check
                    await asyncio.wait_for(self._stopping.wait(), wait)
        finally:
            if self.leading:
                await self._end("stopping")
            await self.lock.close()

    async def step(self) -> None:
        """One check: lead, keep leading, or stop."""
        try:
            held = await self.lock.check()
        except Exception:  # a bug must not leave two leaders: treat it as the lock lost
            log.exception("leader check failed")
            held = False
        if not held or self.lock.term != self._term:
            # Lost, or lost and taken again since the last check: leading starts over, with its wait.
            self._taken_at = None
            if self.leading:
                await self._end("lost the leader lock")
                log.info("standing by: polling claimed sources only")
            if not held:
                return
        if self.leading:
            return
        if self._taken_at is None:
            self._taken_at = self.clock()
            self._term = self.lock.term
            if self.wait_after_taking:
                log.info("took the leader lock: leading in %.0f s", self.wait_after_taking)
        if self.clock() - self._taken_at >= self.wait_after_taking:
            await self._begin()

    async def _begin(self) -> None:
        try:
            await self.duties.start()
        except Exception:
            log.exception("could not start leading; trying again at the next check")
            with contextlib.suppress(Exception):
                await self.duties.stop()
            return
        self._leading.set()
        metrics.LEADER.set(1)
        log.info("leading: this process runs the digest, alert and retention jobs and the outbox sender")

    async def _end(self, why: str) -> None:
        self._leading.clear()
        metrics.LEADER.set(0)
        level = logging.INFO if self._stopping.is_set() else logging.WARNING
        log.log(level, "no longer leading (%s): stopping the leader's work", why)
        try:
            await self.duties.stop()
        except Exception:
            log.exception("stopping the leader's work failed")


class LeaderJobs:
    """The leader's duties: its scheduled jobs and a fresh outbox sender per term."""

    def __init__(
        self,
        scheduler: AsyncIOScheduler,
        context: JobContext,
        new_sender: Callable[[], OutboxSender],
        health: HealthCheck,
    ) -> None:
        self.scheduler = scheduler
        self.context = context
        self.new_sender = new_sender
        self.health = health
        self.sender: OutboxSender | None = None

    async def start(self) -> None:
        # What the last leader sent but did not close (killed between the two) is closed now.
        try:
            closed = await self.context.storage.deliveries.finish_settled()
        except StorageUnavailable as exc:  # not now: the next leader's term closes them
            log.warning("deliveries left open by the last leader not closed now: %s", exc)
            closed = 0
        if closed:
            log.info("closed %d deliveries the last leader sent in full", closed)
        # A new sender loads every pending row afresh: what the last leader left is sent from here.
        self.sender = self.new_sender()
        self.sender.start()
        self.health.sender = self.sender
        register_leader_jobs(self.scheduler, self.context)
        self.health.leader = True

    async def stop(self) -> None:
        self.health.leader = False
        remove_leader_jobs(self.scheduler)
        sender, self.sender = self.sender, None
        if sender is not None:
            await sender.stop()  # the messages in flight are finished and recorded; the rest stays queued
        self.health.sender = None


class PollWhileLeading(BaseRequestMiddleware):
    """getUpdates waits here until this process leads: one process takes updates in polling mode."""

    def __init__(self, leadership: Leadership) -> None:
        self.leadership = leadership

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        if isinstance(method, GetUpdates) and not self.leadership.leading:
            await self.leadership.wait_leading()
        return await make_request(bot, method)
