"""Stopping the scheduler lets a running job finish its work instead of cancelling it mid-call."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

import pytest

from bot.scheduler import RunningJobs, create_scheduler


async def test_a_running_job_finishes_before_the_scheduler_stops(caplog: pytest.LogCaptureFixture) -> None:
    started, finished = asyncio.Event(), []

    async def slow_job() -> None:
        started.set()
        await asyncio.sleep(0.3)  # a database call in flight
        finished.append(True)

    scheduler = create_scheduler()
    running = RunningJobs(scheduler)
    scheduler.add_job(slow_job, "date", run_date=datetime.now(UTC), id="slow")
    scheduler.start()
    await asyncio.wait_for(started.wait(), 10)
    with caplog.at_level(logging.ERROR):
        await running.stop()
        await asyncio.sleep(0)
    assert finished == [True]
    assert "raised an exception" not in caplog.text


async def test_a_job_that_does_not_finish_is_cancelled_after_the_grace(
    caplog: pytest.LogCaptureFixture,
) -> None:
    started = asyncio.Event()

    async def stuck_job() -> None:
        started.set()
        await asyncio.Event().wait()

    scheduler = create_scheduler()
    running = RunningJobs(scheduler)
    scheduler.add_job(stuck_job, "date", run_date=datetime.now(UTC), id="stuck")
    scheduler.start()
    await asyncio.wait_for(started.wait(), 10)
    with caplog.at_level(logging.WARNING):
        await running.stop(grace=0.1)
        for _ in range(100):  # the shutdown itself runs on the loop's next turns
            if not scheduler.running:
                break
            await asyncio.sleep(0.01)
    assert "1 job(s) still running after 0 s are cancelled" in caplog.text
    assert not scheduler.running
