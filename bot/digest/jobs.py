"""The daily digest job: find readers whose local digest time has come and queue their digests.

Digest time and zone live in the readers table; the job runs every ``TICK_SECONDS`` and asks the
database who is due, so changes apply at once and nothing is pickled into the scheduler. A reader is
due when their wall clock has reached their digest time today and there is no delivery row for their
local date: a digest missed while the bot was down goes out at start, yesterday's never does.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from aiogram_i18n.cores import FluentRuntimeCore
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.config import Settings
from bot.digest.compose import CandidatePool, DigestComposer
from bot.digest.render import core_translator, render_digest
from bot.digest.schedule import local_moment
from bot.telegram.i18n import load_core
from storage import Storage
from storage.deliveries import DeliveryKind, DeliveryStatus, OutgoingMessage
from storage.readers import Reader
from storage.timestamps import utcnow

if TYPE_CHECKING:  # bot.scheduler imports this module to register the job
    from bot.scheduler import JobContext

log = logging.getLogger(__name__)

DIGEST_KIND = DeliveryKind.DIGEST
TICK_SECONDS = 30
# Readers read from the database per page, so a fan-out never holds every digest in memory.
READER_PAGE = 200


@dataclass(slots=True)
class FanoutResult:
    queued: int = 0
    empty: int = 0


class DigestFanout:
    """Puts each due reader's digest into the outbox: delivery row and messages in one transaction."""

    def __init__(
        self,
        storage: Storage,
        settings: Settings,
        *,
        now: Callable[[], datetime] = utcnow,
        core: FluentRuntimeCore | None = None,
        on_queued: Callable[[], None] | None = None,
    ) -> None:
        self.storage = storage
        self.settings = settings
        self.now = now
        self.composer = DigestComposer(storage, settings.digest_max_items)
        self._core = core
        self._on_queued = on_queued

    async def core(self) -> FluentRuntimeCore:
        if self._core is None:
            self._core = await load_core(self.settings.default_language)
        return self._core

    async def run_once(self) -> FanoutResult:
        """One pass over every zone: queue the digest of each reader who is due now."""
        now = self.now()
        result = FanoutResult()
        pool: CandidatePool | None = None
        for timezone in await self.storage.readers.active_zones():
            try:
                moment = local_moment(now, timezone)
            except (ValueError, KeyError):  # a zone the tz database no longer knows
                log.warning("readers with unknown time zone %r skipped", timezone)
                continue
            after = 0
            while True:
                readers = await self.storage.readers.due_for_digest(
                    timezone, moment.hhmm, moment.date_key, after_chat_id=after, limit=READER_PAGE
                )
                if not readers:
                    break
                if pool is None:
                    pool = await self.composer.load_pool(now)
                for reader in readers:
                    await self.queue_digest(reader, now, moment.date_key, result, pool)
                after = readers[-1].chat_id
        if result.queued or result.empty:
            log.info("digests queued: %d, nothing new for: %d", result.queued, result.empty)
        return result

    async def queue_digest(
        self,
        reader: Reader,
        now: datetime,
        local_date: str,
        result: FanoutResult,
        pool: CandidatePool | None = None,
    ) -> None:
        """Compose and record one reader's digest for ``local_date``; a day with nothing new too."""
        digest = await self.composer.compose(reader, now, pool)
        messages = render_digest(digest, core_translator(await self.core(), reader.language))
        if not messages:
            # Recorded so the day is settled for this reader: nothing is re-checked until tomorrow.
            await self.storage.deliveries.enqueue(
                reader.chat_id, DIGEST_KIND, local_date, [], status=DeliveryStatus.EMPTY
            )
            result.empty += 1
            return
        created = await self.storage.deliveries.enqueue(
            reader.chat_id,
            DIGEST_KIND,
            local_date,
            [OutgoingMessage(text) for text in messages],
            last_digest_at=now,
        )
        if created is not None:
            result.queued += 1
            if self._on_queued is not None:
                self._on_queued()


def register_digest_jobs(
    scheduler: AsyncIOScheduler, context: JobContext, *, now: Callable[[], datetime] = utcnow
) -> DigestFanout:
    """Add the due-digest job (every 30 s, and once right at start to catch up after downtime)."""
    fanout = DigestFanout(context.storage, context.settings, now=now)
    scheduler.add_job(
        fanout.run_once,
        IntervalTrigger(seconds=TICK_SECONDS),
        id="digest-due",
        name="queue due digests",
        next_run_time=datetime.now(UTC),
        replace_existing=True,
    )
    return fanout
