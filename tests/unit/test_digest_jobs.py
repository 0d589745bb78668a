"""The digest job's timing: it runs at the start of every minute, so a 09:00 digest starts at 09:00."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, cast

from aiogram import Bot
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.config import load_settings
from bot.ingest.pipeline import IngestPipeline
from bot.scheduler import JobContext, register_digest_jobs
from storage import Storage


def test_the_digest_job_fires_at_second_zero_of_every_minute() -> None:
    scheduler = AsyncIOScheduler(timezone=UTC)
    settings = load_settings(bot_token="1:x", _env_file=None)
    context = JobContext(
        storage=cast(Storage, None), settings=settings, bot=cast(Bot, None), ingest=cast(IngestPipeline, None)
    )
    register_digest_jobs(scheduler, context)
    trigger: Any = scheduler.get_job("digest-due").trigger
    moment = datetime(2026, 6, 1, 3, 59, 30, 250_000, tzinfo=UTC)
    fires = []
    previous = None
    for _ in range(3):
        moment = trigger.get_next_fire_time(previous, moment)
        fires.append(moment)
        previous = moment
    assert fires == [
        datetime(2026, 6, 1, 4, 0, tzinfo=UTC),
        datetime(2026, 6, 1, 4, 1, tzinfo=UTC),
        datetime(2026, 6, 1, 4, 2, tzinfo=UTC),
    ]
