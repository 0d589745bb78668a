"""The digest job: find readers whose digest slot has come and queue their digests.

Schedules live in the database (``readers``, ``digest_times``); the job runs at the start of every
minute and asks who is due, so changes apply at once and nothing is pickled into the scheduler.

Each run covers the local minutes since the previous run, zone by zone; the first run after start
covers the whole local day so far, which is the catch-up after downtime. A reader is due for the
latest slot of theirs in those minutes when there is no delivery row for it (the row makes a slot go
out at most once, across restarts and kills) and the slot came after they last subscribed or changed
their schedule (a slot passed before that is never sent). Yesterday's slots are never sent late.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from aiogram_i18n.cores import FluentRuntimeCore

from bot import metrics
from bot.config import Settings
from bot.delivery.rate_limiter import is_group_chat
from bot.digest.compose import CandidatePool, DigestComposer
from bot.digest.render import core_translator, render_digest
from bot.digest.schedule import reader_schedule, slot_key
from bot.localtime import zone
from bot.telegram.i18n import LazyCore
from storage import Storage
from storage.chats import ChatKind
from storage.deliveries import DeliveryKind, DeliveryStatus, OutgoingMessage
from storage.readers import Reader
from storage.timestamps import utcnow

log = logging.getLogger(__name__)

DIGEST_KIND = DeliveryKind.DIGEST
# Readers read from the database per page, so a fan-out never holds every digest in memory.
READER_PAGE = 200


@dataclass(slots=True)
class FanoutResult:
    queued: int = 0
    empty: int = 0


class DigestFanout:
    """Puts each due reader's digest into the outbox: delivery row and messages in one transaction.

    ``now`` is the clock (injected in tests); the fan-out remembers, per zone, up to which local
    minute it has looked, so a late or skipped run still finds every slot of the day.
    """

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
        self._core = LazyCore(settings.default_language, core)
        self._on_queued = on_queued
        # Zone: the local (date, "HH:MM") up to which its slots have been looked at.
        self._covered: dict[str, tuple[str, str]] = {}

    async def run_once(self) -> FanoutResult:
        """One pass over every zone: queue the digest of each reader whose slot has come."""
        now = self.now()
        result = FanoutResult()
        pools: dict[timedelta, CandidatePool] = {}
        # Readers of one language and zone whose digests hold the same stories get the same messages.
        rendered: dict[tuple[object, ...], list[str]] = {}
        async for reader, slot in self.due_slots(now):
            window = reader_schedule(reader).lookback(slot)
            pool = pools.get(window)
            if pool is None:
                pool = pools[window] = await self.composer.load_pool(now, window)
            key = slot_key(slot.date(), f"{slot:%H:%M}")
            await self.queue_digest(reader, now, key, result, pool, window, rendered)
        if result.queued or result.empty:
            log.info("digests queued: %d, nothing new for: %d", result.queued, result.empty)
        return result

    async def due_slots(self, now: datetime) -> AsyncIterator[tuple[Reader, datetime]]:
        """Each reader whose slot has come at ``now``, with that slot (local, aware), zone by zone.

        A zone counts as looked at once all its readers were handed out, so a run that fails half-way
        looks at the rest of that zone again the next time.
        """
        for timezone in await self.storage.readers.active_zones():
            try:
                local = now.astimezone(zone(timezone))
            except (ValueError, KeyError):  # a zone the tz database no longer knows
                log.warning("readers with unknown time zone %r skipped", timezone)
                continue
            today, hhmm = local.date().isoformat(), local.strftime("%H:%M")
            covered_day, covered_time = self._covered.get(timezone, ("", ""))
            # Same local day: only the minutes since the last run; a new day (or the first run): all of it.
            times_after = covered_time if covered_day == today and covered_time <= hhmm else ""
            after = -(2**63)  # below every chat id: groups and channels have negative ones
            while True:
                due = await self.storage.readers.due_for_digest(
                    timezone,
                    today,
                    local.weekday(),
                    times_after=times_after,
                    times_until=hhmm,
                    after_chat_id=after,
                    limit=READER_PAGE,
                )
                if not due:
                    break
                for item in due:
                    hours, minutes = int(item.slot_time[:2]), int(item.slot_time[3:])
                    slot = local.replace(hour=hours, minute=minutes, second=0, microsecond=0)
                    changed = item.reader.schedule_changed_at
                    # Set after the slot: the reader's first digest is the next one.
                    if changed is None or slot.astimezone(UTC) > changed:
                        yield item.reader, slot
                after = due[-1].reader.chat_id
            self._covered[timezone] = (today, hhmm)

    async def _is_channel(self, chat_id: int) -> bool:
        """A channel's digest has no commands (nobody can send them there); users are never channels."""
        if not is_group_chat(chat_id):
            return False
        chat = await self.storage.chats.get(chat_id)
        return chat is not None and chat.kind == ChatKind.CHANNEL

    async def queue_digest(
        self,
        reader: Reader,
        now: datetime,
        key: str,
        result: FanoutResult,
        pool: CandidatePool | None = None,
        window: timedelta | None = None,
        rendered: dict[tuple[object, ...], list[str]] | None = None,
    ) -> None:
        """Compose and record one reader's digest for the slot ``key``; a slot with nothing new too.

        ``rendered``: messages already rendered at this ``now``, by language, zone and stories.
        """
        digest = await self.composer.compose(reader, now, pool, window=window)
        channel = await self._is_channel(reader.chat_id)
        same = (
            channel,
            digest.language,
            digest.timezone,
            tuple((i.article.id, i.more_sources, tuple(a.id for a in i.also)) for i in digest.items),
        )
        messages = rendered.get(same) if rendered is not None else None
        if messages is None:
            translate = core_translator(await self._core.get(), reader.language)
            messages = render_digest(digest, translate, channel=channel)
            if rendered is not None:
                rendered[same] = messages
        if not messages:
            # Recorded so the slot is settled for this reader: it is not looked at again.
            await self.storage.deliveries.enqueue(
                reader.chat_id, DIGEST_KIND, key, [], status=DeliveryStatus.EMPTY
            )
            result.empty += 1
            return
        created = await self.storage.deliveries.enqueue(
            reader.chat_id,
            DIGEST_KIND,
            key,
            [OutgoingMessage(text) for text in messages],
            last_digest_at=now,
            article_ids=[item.article.id for item in digest.items],
        )
        if created is not None:
            metrics.DIGESTS_QUEUED.inc()
            result.queued += 1
            if self._on_queued is not None:
                self._on_queued()
