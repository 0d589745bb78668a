"""The one path for messages the bot sends on its own: the outbox, drained at Telegram's limits.

Producers (the digest fan-out, any future broadcast) write rows into the ``outbox`` table; one
``OutboxSender`` per process sends them in id order. Limits: a global token bucket
(``SEND_RATE_PER_SECOND``) and at most one message per second per chat; several sends are in flight at
once so network latency does not cap the rate.

Failures: 429 pauses all sending for ``retry_after`` and retries the same message; 5xx and network
errors retry with exponential backoff (the next attempt time is stored, so it survives restarts);
403 marks the reader blocked and drops their pending messages; any other 400 is logged with the
chat and the message is dropped.

Channels and groups (``bot.delivery.chat_errors`` sorts their errors): at most one message per
``group_interval`` (20 a minute) to each; a 403 or a 400 saying the bot may not post marks the chat
inactive, drops its pending messages and tells the administrator who connected it, once; a group
upgraded to a supergroup (400 with ``migrate_to_chat_id``) moves to the new id with its pending
messages, which then go there; a closed or deleted topic sends to the general topic from then on
and tells the administrator once. Each sent message's id is recorded with its mark, so the bot's
own channel posts are known and never read back as news.

The sender uses its own Bot without ``RetryMiddleware`` (``create_bot(settings, retry=False)``): that
middleware sleeps inside the call and would hold a send slot and bypass the limiter; here retries go
back through the limiter instead.

Recording: a row is marked sent right after the API call returns. A mark the database cannot take
(locked past the storage layer's patience, a full disk) is kept in memory and written again until it
goes through; until then no new message is sent (``writes_failing_since`` says since when), so a
message Telegram accepted is never sent twice by this process and nothing is lost.

Crash safety: a process killed at any moment re-sends at most the messages whose send had started and
whose mark was not yet written: never more than ``max_in_flight`` (``OUTBOX_MAX_IN_FLIGHT``), since
sending stops while any mark is unwritten. Everything else resumes exactly where it stopped, because
pending rows are loaded again on start.
"""

from __future__ import annotations

import asyncio
import bisect
import contextlib
import heapq
import itertools
import logging
import random
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from aiogram import Bot
from aiogram.enums import ParseMode
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramEntityTooLarge,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNotFound,
    TelegramRetryAfter,
)
from aiogram.types import InlineKeyboardMarkup, LinkPreviewOptions
from aiogram_i18n.cores import FluentRuntimeCore

from bot import metrics
from bot.chats.troubles import InactiveReason, tell_connecting_admin
from bot.delivery.chat_errors import ChatError, classify
from bot.delivery.rate_limiter import GROUP_INTERVAL, ChatPacer, TokenBucket
from bot.telegram.i18n import LazyCore
from storage import Storage, StorageUnavailable
from storage.chats import ChatRecord, ChatTrouble
from storage.deliveries import OutboxRow
from storage.timestamps import utcnow

log = logging.getLogger(__name__)

# Errors that no retry can fix: the message is dropped and the next one goes.
_PERMANENT = (TelegramBadRequest, TelegramNotFound, TelegramMigrateToChat, TelegramEntityTooLarge)
DEFAULT_MAX_IN_FLIGHT = 8
# Rows of one chat kept in memory at once; more are read as these go.
PER_CHAT_BUFFER = 4
# Unwritten marks are tried again after this pause, doubling up to the cap while the database refuses.
RECORD_RETRY_FIRST = 0.5
RECORD_RETRY_MAX = 15.0

Write = Callable[[], Awaitable[None]]


@dataclass(slots=True)
class SenderStats:
    sent: int = 0
    failed: int = 0
    blocked: int = 0
    retried: int = 0
    rate_limited: int = 0


class OutboxSender:
    """Drains the outbox; ``start``/``stop`` for the running bot, ``run(until_idle=True)`` for one-offs."""

    def __init__(
        self,
        storage: Storage,
        bot: Bot,
        *,
        rate_per_second: float,
        chat_interval: float = 1.0,
        group_interval: float = GROUP_INTERVAL / 1.02,
        max_in_flight: int = DEFAULT_MAX_IN_FLIGHT,
        batch_size: int = 500,
        poll_interval: float = 1.0,
        max_attempts: int = 12,
        base_delay: float = 1.0,
        max_delay: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
        core: FluentRuntimeCore | None = None,
        default_language: str = "ru",
        may_send: Callable[[], bool] | None = None,
    ) -> None:
        self.storage = storage
        self.bot = bot
        self.bucket = TokenBucket(rate_per_second, clock=clock)
        # A little over the interval: the server measures arrival, we measure departure.
        self.pacer = ChatPacer(chat_interval * 1.02, clock=clock, group_interval=group_interval * 1.02)
        self.max_in_flight = max_in_flight
        self.batch_size = batch_size
        # While every chat in memory waits for its turn, more rows are read, up to this many in all:
        # groups take a message per three seconds, so the rate needs many of them at hand.
        self.max_buffered = batch_size * 10
        self._more_waiting = False
        # Chats with more rows waiting than PER_CHAT_BUFFER: the id of the first one not in memory.
        self._deferred: dict[int, int] = {}
        self.poll_interval = poll_interval
        self.max_attempts = max_attempts
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.clock = clock
        # Asked before every send: with several processes, only one that surely leads may send.
        self.may_send = may_send
        self.stats = SenderStats()
        self._queues: dict[int, deque[OutboxRow]] = {}
        self._heap: list[tuple[float, int, int]] = []
        self._order = itertools.count()
        self._busy: set[int] = set()
        self._loaded = 0
        self._last_id = 0
        self._tasks: set[asyncio.Task[None]] = set()
        self._wake = asyncio.Event()
        self._stopping = False
        self._run_task: asyncio.Task[None] | None = None
        # Writes that must reach the database before anything else is sent (marks of sent rows first).
        self._unwritten: deque[Write] = deque()
        self._failing_since: datetime | None = None
        self._record_at = 0.0
        self._record_pause = RECORD_RETRY_FIRST
        # The Fluent core for notices to chats' administrators; loaded at the first one if None.
        self._core = LazyCore(default_language, core)

    @property
    def writes_failing_since(self) -> datetime | None:
        """When the database began refusing this sender's writes (sending is paused); None when it works."""
        return self._failing_since

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> None:
        """Start draining in the background until ``stop``."""
        self._run_task = asyncio.create_task(self.run(), name="outbox-sender")

    async def stop(self) -> None:
        """Stop taking new messages, let the ones in flight finish and be recorded, then return."""
        self._stopping = True
        self._wake.set()
        if self._run_task is not None:
            await self._run_task

    def notify(self) -> None:
        """New rows were written: look at the outbox now instead of at the next poll."""
        self._wake.set()

    # ------------------------------------------------------------------ the loop

    async def run(self, *, until_idle: bool = False) -> None:
        """Send pending messages until stopped, or with ``until_idle`` until nothing is pending."""
        next_poll = 0.0
        try:
            while not self._stopping:
                now = self.clock()
                if self._unwritten:
                    # Nothing new goes out while a send cannot be recorded: a kill now re-sends only those.
                    if now >= self._record_at:
                        await self._write_unwritten()
                    if self._unwritten:
                        self._wake.clear()
                        await self._sleep(self._record_at - self.clock())
                        continue
                room = self._loaded < self.batch_size // 2
                if until_idle and self._loaded == 0 and not self._tasks:
                    if await self._load() == 0:
                        return
                    continue
                if room and (now >= next_poll or self._wake.is_set()):
                    self._wake.clear()
                    loaded = await self._load()
                    # A full batch means more is waiting: look again as soon as there is room.
                    next_poll = now if loaded == self.batch_size else now + self.poll_interval
                chat_id = self._pop_ready(now)
                # Everything at hand waits for its chat's turn (groups take one message in three
                # seconds): read ahead, so other chats' messages go meanwhile.
                starving = chat_id is None and self._loaded < self.max_buffered
                if starving and (self._more_waiting or now >= next_poll or self._wake.is_set()):
                    self._wake.clear()
                    loaded = await self._load()
                    next_poll = now if loaded == self.batch_size else now + self.poll_interval
                    if loaded:
                        continue
                if chat_id is None:
                    wait = self._next_ready() - now
                    if self._loaded < self.max_buffered:
                        wait = min(wait, next_poll - now)
                    # Whatever woke the loop was looked at above; a wake left set would spin until then.
                    self._wake.clear()
                    await self._sleep(wait)
                    continue
                if self.may_send is not None and not self.may_send():
                    self._push(chat_id, now)
                    self._wake.clear()
                    await self._sleep(0.1)
                    continue
                if len(self._tasks) >= self.max_in_flight or not self.bucket.take():
                    self._push(chat_id, now)
                    # Woken by a send that ends (a slot frees) or the token's time, not by a wake seen
                    # already: that would spin until the token comes.
                    self._wake.clear()
                    await self._sleep(self.bucket.delay() if len(self._tasks) < self.max_in_flight else 0.05)
                    continue
                row = self._queues[chat_id][0]
                self._busy.add(chat_id)
                self.pacer.sent(chat_id, now)
                task = asyncio.create_task(self._send(row))
                self._tasks.add(task)
                task.add_done_callback(self._on_done)
        finally:
            # Whatever the reason for leaving, messages already handed to Telegram get recorded.
            if self._tasks:
                await asyncio.gather(*self._tasks, return_exceptions=True)
            if self._unwritten:
                await self._write_unwritten()
            if self._unwritten:
                log.error(
                    "outbox: stopping with %d sends not recorded (the database refuses writes);"
                    " those messages go again at the next start",
                    len(self._unwritten),
                )

    def _on_done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        self._wake.set()

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), max(seconds, 0.001))

    async def _record(self, write: Write) -> None:
        """Write to the database now, or (when it refuses) keep the write, in order, to be tried again."""
        if not self._unwritten:
            try:
                await write()
                return
            except StorageUnavailable as exc:
                self._writes_failed(exc)
        self._unwritten.append(write)

    def _writes_failed(self, exc: StorageUnavailable, *, retrying: bool = False) -> None:
        """Pause sending; the kept writes are tried again after a pause that grows with each retry."""
        if self._failing_since is None:
            self._failing_since = utcnow()
            self._record_pause = RECORD_RETRY_FIRST
            self._record_at = self.clock() + self._record_pause
            log.error("outbox: the database refuses writes (%s): sending paused until it takes them", exc)
        elif retrying:
            self._record_pause = min(RECORD_RETRY_MAX, self._record_pause * 2)
            self._record_at = self.clock() + self._record_pause

    async def _write_unwritten(self) -> None:
        """Try the kept writes in order; sending resumes once all went through."""
        while self._unwritten:
            try:
                await self._unwritten[0]()
            except StorageUnavailable as exc:
                self._writes_failed(exc, retrying=True)
                return
            self._unwritten.popleft()
        if self._failing_since is not None:
            paused = (utcnow() - self._failing_since).total_seconds()
            log.warning("outbox: the database takes writes again after %.1f s: sending resumes", paused)
            self._failing_since = None

    async def _load(self) -> int:
        """Read the next pending rows (and refill chats whose refill failed); how many were read."""
        refilled = 0
        for chat_id in [c for c in self._deferred if c not in self._queues]:
            refilled += await self._refill(chat_id)
        try:
            rows = await self.storage.deliveries.pending_after(self._last_id, self.batch_size)
        except Exception as exc:  # a read the database refuses now is tried at the next poll
            log.warning("outbox: could not read pending messages: %s", exc)
            self._more_waiting = False
            return refilled
        self._more_waiting = len(rows) == self.batch_size
        wall, mono = utcnow(), self.clock()
        for row in rows:
            self._last_id = row.id
            chat_id = row.chat_id
            if chat_id in self._deferred:
                continue  # read from where the chat's deferred rows start, when its turn comes
            queue = self._queues.get(chat_id)
            if queue is not None and len(queue) >= PER_CHAT_BUFFER:
                # A chat with many messages waiting (a group takes one in three seconds) keeps only a
                # few in memory, so the buffer holds many chats; the rest are read when these went.
                self._deferred[chat_id] = row.id
                continue
            self._keep(row, wall, mono)
        if rows:
            self.pacer.prune()
        return len(rows) + refilled

    def _keep(self, row: OutboxRow, wall: datetime, mono: float) -> None:
        """Queue a row read from the outbox behind its chat's others (ids in order)."""
        queue = self._queues.get(row.chat_id)
        if queue is None:
            queue = self._queues[row.chat_id] = deque()
            if row.chat_id not in self._busy:
                self._push(row.chat_id, mono)
        if queue and row.id < queue[-1].id:
            if any(queued.id == row.id for queued in queue):
                return
            # Only after a chat moved (an upgraded group): in id order, never before the head in flight.
            items = list(queue)
            at = max(1, bisect.bisect_left([queued.id for queued in items], row.id))
            items.insert(at, row)
            queue.clear()
            queue.extend(items)
        else:
            queue.append(row)
        self._loaded += 1
        if row.next_attempt_at is not None and row.next_attempt_at > wall:
            # Backoff chosen before a restart still holds.
            self.pacer.hold(row.chat_id, mono + (row.next_attempt_at - wall).total_seconds())

    async def _refill(self, chat_id: int) -> int:
        """Read the next of a chat's deferred rows (those not read past ``_last_id`` come in order by
        the next load); how many. A read the database refuses is tried again at the next load."""
        start = self._deferred[chat_id]
        try:
            rows = await self.storage.deliveries.pending_of_chat(
                chat_id, start, self._last_id, PER_CHAT_BUFFER
            )
        except Exception as exc:
            log.warning("outbox: could not read the messages waiting for chat %s: %s", chat_id, exc)
            return 0
        wall, mono = utcnow(), self.clock()
        for row in rows:
            self._keep(row, wall, mono)
        if len(rows) < PER_CHAT_BUFFER:
            del self._deferred[chat_id]
        else:
            self._deferred[chat_id] = rows[-1].id + 1
        return len(rows)

    def _push(self, chat_id: int, now: float) -> None:
        heapq.heappush(self._heap, (max(now, self.pacer.ready_at(chat_id)), next(self._order), chat_id))

    def _pop_ready(self, now: float) -> int | None:
        while self._heap and self._heap[0][0] <= now:
            _, _, chat_id = heapq.heappop(self._heap)
            if chat_id not in self._queues or chat_id in self._busy:
                continue  # dropped, or will be pushed again when its send finishes
            ready = self.pacer.ready_at(chat_id)
            if ready > now:
                self._push(chat_id, now)  # held longer since it was pushed (a retry's backoff)
                continue
            return chat_id
        return None

    def _next_ready(self) -> float:
        return self._heap[0][0] if self._heap else self.clock() + self.poll_interval

    # ------------------------------------------------------------------ one message

    async def _send(self, row: OutboxRow) -> None:
        chat_id = row.chat_id
        try:
            await self._attempt(row)
        except Exception:  # a bug or a storage failure must not kill the sender; retried later
            log.exception("outbox row %s to chat %s: unexpected failure", row.id, chat_id)
            await self._retry_later(row, "unexpected failure")
        finally:
            self._busy.discard(chat_id)
            if chat_id in self._queues:
                self._push(chat_id, self.clock())
            self._wake.set()

    async def _attempt(self, row: OutboxRow) -> None:
        markup = InlineKeyboardMarkup.model_validate_json(row.reply_markup) if row.reply_markup else None
        try:
            sent = await self.bot.send_message(
                chat_id=row.chat_id,
                text=row.text,
                message_thread_id=row.thread_id,
                reply_markup=markup,
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        except TelegramMigrateToChat as exc:
            await self._migrated(row, exc.migrate_to_chat_id)
        except TelegramRetryAfter as exc:
            # Telegram asks the whole bot to slow down: pause everything, then send this row again.
            self.stats.rate_limited += 1
            log.warning("flood control: waiting %s s (chat %s)", exc.retry_after, row.chat_id)
            self.bucket.pause(exc.retry_after)
            self.pacer.hold(row.chat_id, self.clock() + exc.retry_after)
        except (TelegramForbiddenError, TelegramBadRequest) as exc:
            error = classify(exc, row.chat_id, row.thread_id)
            if error is ChatError.TOPIC_GONE:
                await self._topic_gone(row, exc.message)
            elif error is not None and await self.storage.chats.is_chat(row.chat_id):
                reason = InactiveReason.REMOVED if error is ChatError.REMOVED else InactiveReason.RIGHTS
                await self._chat_inactive(row, reason, exc.message)
            elif isinstance(exc, TelegramForbiddenError):
                await self._blocked(row, exc.message)
            else:
                await self._dropped(row, exc.message)
        except _PERMANENT as exc:
            await self._dropped(row, exc.message)
        except Exception as exc:  # 5xx, network, undecodable answers: transient
            await self._retry_later(row, f"{type(exc).__name__}: {exc}")
        else:
            self.stats.sent += 1
            message_id = sent.message_id
            # Taken off the queue whether or not the mark is written now: this process never sends it again.
            try:
                await self._record(lambda: self.storage.deliveries.mark_sent(row.id, message_id))
            except Exception:
                log.exception("outbox row %s was sent but its mark failed; it is not sent again", row.id)
            await self._advance(row)

    async def _blocked(self, row: OutboxRow, reason: str) -> None:
        """A private reader blocked the bot (403): marked blocked, their pending messages dropped."""
        self.stats.blocked += 1
        log.info("chat %s blocked the bot (%s): marked blocked", row.chat_id, reason)
        chat_id = row.chat_id
        self._loaded -= len(self._queues.pop(chat_id, ()))
        self._deferred.pop(chat_id, None)
        await self._record(lambda: self.storage.readers.set_blocked(chat_id, True))
        await self._record(lambda: self.storage.deliveries.drop_chat(chat_id, reason))

    async def _dropped(self, row: OutboxRow, reason: str) -> None:
        """An error no retry can fix: this message is dropped and the chat's next one goes."""
        self.stats.failed += 1
        log.warning("chat %s: outbox row %s dropped: %s", row.chat_id, row.id, reason)
        await self._record(lambda: self.storage.deliveries.mark_failed(row.id, reason))
        await self._advance(row)

    async def _chat_inactive(self, row: OutboxRow, reason: InactiveReason, error: str) -> None:
        """The bot was removed from a chat or may not post there: inactive, pending dropped, admin told."""
        self.stats.blocked += 1
        chat_id = row.chat_id
        log.info("chat %s: %s: marked inactive, its pending messages dropped", chat_id, error)
        self._loaded -= len(self._queues.pop(chat_id, ()))
        self._deferred.pop(chat_id, None)

        async def write() -> None:
            await self.storage.chats.deactivate(chat_id, str(reason))
            await self.storage.deliveries.drop_chat(chat_id, error)
            chat = await self.storage.chats.get(chat_id)
            if chat is not None and await self._tell(chat, ChatTrouble.INACTIVE, reason):
                self.notify()

        await self._record(write)

    async def _topic_gone(self, row: OutboxRow, error: str) -> None:
        """The chat's topic is closed or deleted: this and the chat's next messages go to the general
        topic, which becomes the chat's target; its administrator is told once."""
        chat_id, gone = row.chat_id, row.thread_id
        log.info("chat %s: topic %s: %s; sending to the general topic", chat_id, gone, error)
        queue = self._queues.get(chat_id)
        if queue:
            for i, queued in enumerate(queue):
                if queued.thread_id == gone:
                    queue[i] = replace(queued, thread_id=None)

        async def write() -> None:
            chat = await self.storage.chats.get(chat_id)
            if chat is None:
                return
            await self.storage.deliveries.to_general_topic(chat_id, gone)
            if chat.thread_id != gone:
                return  # an administrator chose another topic meanwhile: that one stays the target
            await self.storage.chats.set_thread(chat_id, None)
            if await self._tell(chat, ChatTrouble.TOPIC, InactiveReason.REMOVED):
                self.notify()

        await self._record(write)

    async def _tell(self, chat: ChatRecord, trouble: ChatTrouble, reason: InactiveReason) -> bool:
        """The notice to the connecting administrator; a failure other than the database's is logged."""
        try:
            return await tell_connecting_admin(self.storage, await self._core.get(), chat, trouble, reason)
        except StorageUnavailable:
            raise
        except Exception:
            log.exception("chat %s: could not queue the %s notice", chat.chat_id, trouble)
            return False

    async def _migrated(self, row: OutboxRow, new_id: int) -> None:
        """A group became a supergroup: the chat and its pending messages move to ``new_id``, where
        they are sent (this one first); moving is idempotent, so the service message may come first."""
        old_id = row.chat_id
        log.info("chat %s was upgraded to supergroup %s: its messages go there", old_id, new_id)
        moved = [replace(queued, chat_id=new_id) for queued in self._queues.pop(old_id, ())]
        if old_id in self._deferred:  # its deferred rows are read under the new id once moved
            start = self._deferred.pop(old_id)
            self._deferred[new_id] = min(start, self._deferred.get(new_id, start))
        if moved:
            queue = self._queues.get(new_id)
            if queue is None:
                self._queues[new_id] = deque(moved)
            else:
                self._queues[new_id] = deque(sorted([*queue, *moved], key=lambda r: r.id))
            self._push(new_id, self.clock())
        await self._record(lambda: self._migrate(old_id, new_id))

    async def _migrate(self, old_id: int, new_id: int) -> None:
        await self.storage.chats.migrate(old_id, new_id)

    async def _retry_later(self, row: OutboxRow, error: str) -> None:
        attempts = row.attempts + 1
        if attempts >= self.max_attempts:
            self.stats.failed += 1
            log.error(
                "chat %s: outbox row %s given up after %d attempts: %s", row.chat_id, row.id, attempts, error
            )
            await self._record(lambda: self.storage.deliveries.mark_failed(row.id, error))
            await self._advance(row)
            return
        self.stats.retried += 1
        delay = min(self.max_delay, self.base_delay * 2 ** (attempts - 1)) * random.uniform(0.8, 1.2)
        log.warning(
            "chat %s: send failed (%s), attempt %d, retry in %.1f s", row.chat_id, error, attempts, delay
        )
        self.pacer.hold(row.chat_id, self.clock() + delay)
        queue = self._queues.get(row.chat_id)
        if queue and queue[0].id == row.id:
            queue[0] = replace(row, attempts=attempts)
        retry_at = utcnow() + timedelta(seconds=delay)
        await self._record(lambda: self.storage.deliveries.reschedule(row.id, error, retry_at))

    async def _advance(self, row: OutboxRow) -> None:
        """The row has left the outbox: go on with the chat's next one, close its delivery if it was last."""
        queue = self._queues.get(row.chat_id)
        if queue and queue[0].id == row.id:
            queue.popleft()
            self._loaded -= 1
            if row.chat_id in self._deferred and len(queue) <= PER_CHAT_BUFFER // 2:
                await self._refill(row.chat_id)
            following = queue[0] if queue else None
            if not queue:
                del self._queues[row.chat_id]
        else:
            following = None
        delivery_id = row.delivery_id
        if delivery_id is not None and (following is None or following.delivery_id != delivery_id):
            await self._record(lambda: self.storage.deliveries.finish(delivery_id))
            metrics.DIGESTS_SENT.inc()
