"""APScheduler jobs of the running bot. Job state lives in the database, not in pickled jobs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC

from aiogram import Bot
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.config import Settings
from storage import Storage


@dataclass(slots=True)
class JobContext:
    """What every scheduled job needs; handed to the jobs' register functions."""

    storage: Storage
    settings: Settings
    bot: Bot


def create_scheduler() -> AsyncIOScheduler:
    """An in-memory scheduler in UTC.

    coalesce: a job that fell behind runs once, not once per missed run; max_instances=1: a slow run is
    never overlapped by the next; misfire_grace_time: a run late by under a minute still happens.
    """
    return AsyncIOScheduler(
        timezone=UTC,
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 60},
    )


def register_jobs(scheduler: AsyncIOScheduler, context: JobContext) -> None:
    """Every periodic job of the bot."""
    from bot.ingest.poller import register_polling_jobs  # imported here: the poller imports JobContext

    register_polling_jobs(scheduler, context)
    from bot.digest.jobs import register_digest_jobs  # imported here: it imports JobContext for types

    register_digest_jobs(scheduler, context)
    from bot.personal.alert_job import register_alert_jobs  # imported here: it imports JobContext for types

    register_alert_jobs(scheduler, context)
