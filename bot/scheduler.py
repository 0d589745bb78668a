"""Every APScheduler job of the running bot, over one JobContext built once per process.

Job state lives in the database, not in pickled jobs: each job asks the database what is due.

Every process polls (its claimed sources) and beats the heartbeat; the jobs that must run once for the
whole database (digests, alerts, retention) run in the leader only: ``register_leader_jobs`` when it
starts leading, ``remove_leader_jobs`` when it stops.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from aiogram import Bot
from aiogram_i18n.cores import FluentRuntimeCore
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, EVENT_JOB_SUBMITTED, JobEvent
from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.chats.instant_job import TICK_SECONDS as INSTANT_TICK_SECONDS
from bot.chats.instant_job import InstantJob
from bot.config import Settings
from bot.digest.jobs import DigestFanout
from bot.health import Heartbeat
from bot.ingest.pipeline import IngestPipeline
from bot.ingest.poller import POLL_TICK_SECONDS
from bot.personal.alert_job import TICK_SECONDS as ALERT_TICK_SECONDS
from bot.personal.alert_job import AlertJob
from storage import Storage
from storage.retention import prune
from storage.timestamps import utcnow

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 30
# Retention runs daily, the first time a few minutes after start so a bot restarted daily still prunes.
RETENTION_INTERVAL = timedelta(days=1)
RETENTION_FIRST_DELAY = timedelta(minutes=5)
# How long a stop lets running jobs finish (their writes, their database calls) before cancelling them.
JOB_STOP_SECONDS = 10.0
# The jobs only the leader runs (see ``register_leader_jobs``).
LEADER_JOB_IDS = ("digest-due", "alerts", "instant", "retention")


@dataclass(slots=True)
class JobContext:
    """What every scheduled job needs; handed to the jobs' register functions."""

    storage: Storage
    settings: Settings
    bot: Bot
    ingest: IngestPipeline
    heartbeat: Heartbeat = field(default_factory=Heartbeat)
    # The process's one Fluent core for texts the jobs write (digests, alerts); loaded by a job if None.
    core: FluentRuntimeCore | None = None


def create_scheduler() -> AsyncIOScheduler:
    """An in-memory scheduler in UTC.

    coalesce: a job that fell behind runs once, not once per missed run; max_instances=1: a slow run is
    never overlapped by the next; misfire_grace_time: a run late by under a minute still happens.
    """
    return AsyncIOScheduler(
        timezone=UTC,
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 60},
    )


class RunningJobs:
    """Jobs in flight, counted from the scheduler's events: APScheduler's own shutdown cancels running
    coroutine jobs mid-query, so a stop waits for them first (``stop``), then closes the storage."""

    def __init__(self, scheduler: AsyncIOScheduler) -> None:
        self.scheduler = scheduler
        self.running = 0
        self._idle = asyncio.Event()
        self._idle.set()
        scheduler.add_listener(self._on_event, EVENT_JOB_SUBMITTED | EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)

    def _on_event(self, event: JobEvent) -> None:
        if event.code == EVENT_JOB_SUBMITTED:
            self.running += 1
            self._idle.clear()
            return
        self.running = max(0, self.running - 1)
        if self.running == 0:
            self._idle.set()

    async def stop(self, grace: float = JOB_STOP_SECONDS) -> None:
        """No new runs; the running ones finish (cancelled after ``grace`` seconds); then shut down."""
        self.scheduler.pause()
        try:
            await asyncio.wait_for(self._idle.wait(), grace)
        except TimeoutError:
            log.warning("stopping: %d job(s) still running after %.0f s are cancelled", self.running, grace)
        self.scheduler.shutdown(wait=False)


def register_jobs(scheduler: AsyncIOScheduler, context: JobContext) -> None:
    """Every periodic job of the bot, for a process that always leads."""
    register_process_jobs(scheduler, context)
    register_leader_jobs(scheduler, context)


def register_process_jobs(scheduler: AsyncIOScheduler, context: JobContext) -> None:
    """The jobs of every process, leader or not: polling the sources it claims, and the heartbeat."""
    register_polling_jobs(scheduler, context)
    register_heartbeat_job(scheduler, context)


def register_leader_jobs(scheduler: AsyncIOScheduler, context: JobContext) -> None:
    """The jobs that run in one process for the whole database. Each starts afresh (a new leader's
    first digest run catches up on the day so far; what was queued already is not queued again)."""
    register_digest_jobs(scheduler, context)
    register_alert_jobs(scheduler, context)
    register_instant_jobs(scheduler, context)
    register_retention_job(scheduler, context)


def remove_leader_jobs(scheduler: AsyncIOScheduler) -> None:
    """No more runs of the leader's jobs here; a run under way finishes (its writes are safe to race)."""
    for job_id in LEADER_JOB_IDS:
        with contextlib.suppress(JobLookupError):
            scheduler.remove_job(job_id)


def register_polling_jobs(scheduler: AsyncIOScheduler, context: JobContext) -> None:
    """Look for due sources every ``POLL_TICK_SECONDS`` (or each poll interval, if shorter), first at once."""
    scheduler.add_job(
        poll_due_sources,
        "interval",
        seconds=min(POLL_TICK_SECONDS, context.settings.feed_poll_seconds),
        args=[context],
        id="poll-feeds",
        name="poll feed sources",
        next_run_time=datetime.now(scheduler.timezone),
        replace_existing=True,
    )


async def poll_due_sources(context: JobContext) -> None:
    """The scheduled tick: start polls of the due sources and return; never raises into the scheduler."""
    try:
        started = await context.ingest.poller.start_due()
    except Exception:
        log.exception("scheduled poll failed")
        return
    if started:
        log.debug("scheduled poll: %d sources started", started)


def register_digest_jobs(
    scheduler: AsyncIOScheduler, context: JobContext, *, now: Callable[[], datetime] = utcnow
) -> DigestFanout:
    """The due-digest job: at second 0 of every minute, so a 09:00 digest starts at 09:00, and once
    right at start to catch up after downtime."""
    fanout = DigestFanout(context.storage, context.settings, now=now, core=context.core)
    scheduler.add_job(
        fanout.run_once,
        CronTrigger(second=0, timezone=UTC),
        id="digest-due",
        name="queue due digests",
        next_run_time=datetime.now(UTC),
        replace_existing=True,
    )
    return fanout


def register_alert_jobs(
    scheduler: AsyncIOScheduler, context: JobContext, *, now: Callable[[], datetime] = utcnow
) -> AlertJob:
    """The alert job: every ``ALERT_TICK_SECONDS``, new stories matched against readers' alerts."""
    job = AlertJob(context.storage, context.settings, now=now, core=context.core)
    scheduler.add_job(
        job.run_once,
        IntervalTrigger(seconds=ALERT_TICK_SECONDS),
        id="alerts",
        name="queue alerts for new stories",
        next_run_time=datetime.now(UTC),
        replace_existing=True,
    )
    return job


def register_instant_jobs(
    scheduler: AsyncIOScheduler, context: JobContext, *, now: Callable[[], datetime] = utcnow
) -> InstantJob:
    """Instant mode: every ``INSTANT_TICK_SECONDS``, new stories posted to the chats that want them."""
    job = InstantJob(context.storage, context.settings, now=now, core=context.core)
    scheduler.add_job(
        job.run_once,
        IntervalTrigger(seconds=INSTANT_TICK_SECONDS),
        id="instant",
        name="post new stories to chats in instant mode",
        next_run_time=datetime.now(UTC),
        replace_existing=True,
    )
    return job


def register_operations_jobs(scheduler: AsyncIOScheduler, context: JobContext) -> None:
    """The heartbeat ``/healthz`` reads, and the daily retention prune."""
    register_heartbeat_job(scheduler, context)
    register_retention_job(scheduler, context)


def register_heartbeat_job(scheduler: AsyncIOScheduler, context: JobContext) -> None:
    """The heartbeat ``/healthz`` reads: the scheduler of this process runs."""
    scheduler.add_job(
        context.heartbeat.beat,
        IntervalTrigger(seconds=HEARTBEAT_SECONDS),
        id="heartbeat",
        name="scheduler heartbeat",
        next_run_time=datetime.now(UTC),
        replace_existing=True,
    )


def register_retention_job(scheduler: AsyncIOScheduler, context: JobContext) -> None:
    """The daily retention prune."""
    scheduler.add_job(
        prune_job,
        IntervalTrigger(seconds=RETENTION_INTERVAL.total_seconds()),
        args=[context],
        id="retention",
        name="prune old articles and sent messages",
        next_run_time=datetime.now(UTC) + RETENTION_FIRST_DELAY,
        replace_existing=True,
    )


async def prune_job(context: JobContext) -> None:
    """The daily prune; never raises into the scheduler."""
    try:
        report = await prune(context.storage, retention_days=context.settings.retention_days)
    except Exception:
        log.exception("retention prune failed")
        return
    log.info("retention: %s", report.summary())
