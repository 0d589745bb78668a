"""Pacing of outgoing messages: a global token bucket and a minimum gap per chat.

The one per-chat pace of the bot: the outbox sender (digests) and the replies handlers send
(``bot.delivery.reply_pacing``) both keep ``CHAT_INTERVAL`` between two messages to one chat.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable


class TokenBucket:
    """``rate`` tokens per second, at most ``capacity`` saved up; ``acquire`` waits for one.

    A small capacity keeps bursts short, so the server never sees more than the rate in any second.
    """

    def __init__(
        self, rate: float, capacity: float | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = rate
        self.capacity = max(1.0, capacity if capacity is not None else rate * 0.2)
        self._clock = clock
        self._tokens = self.capacity
        self._stamp = clock()
        self._paused_until = 0.0

    def _refill(self, now: float) -> None:
        if now > self._stamp:
            self._tokens = min(self.capacity, self._tokens + (now - self._stamp) * self.rate)
            self._stamp = now

    def delay(self) -> float:
        """Seconds until a token is available (0 when one is available now)."""
        now = self._clock()
        if now < self._paused_until:
            return self._paused_until - now
        self._refill(now)
        return 0.0 if self._tokens >= 1.0 else (1.0 - self._tokens) / self.rate

    def take(self) -> bool:
        """Take a token if one is available now."""
        if self.delay() > 0:
            return False
        self._tokens -= 1.0
        return True

    async def acquire(self) -> None:
        """Wait for a token and take it."""
        while not self.take():  # noqa: ASYNC110 - the wait is computed, nothing signals a refill
            await asyncio.sleep(self.delay())

    def pause(self, seconds: float) -> None:
        """Hand out nothing for ``seconds`` (Telegram said "retry after"), then start from empty."""
        now = self._clock()
        self._paused_until = max(self._paused_until, now + seconds)
        self._tokens = 0.0
        self._stamp = self._paused_until


# Telegram allows about one message a second to one chat; a little over it, because the server
# measures arrival and the bot measures departure.
CHAT_INTERVAL = 1.0 * 1.02
# A group or channel takes at most 20 messages a minute: one every three seconds, with the same margin.
GROUP_INTERVAL = 60.0 / 20 * 1.02


def is_group_chat(chat_id: int) -> bool:
    """Groups, supergroups and channels have negative ids; users (private chats) positive ones."""
    return chat_id < 0


class ChatPacer:
    """At most one message per ``interval`` seconds to each private chat, per ``group_interval`` to
    each group or channel (the same as ``interval`` unless given).

    Only chats touched within the last interval are remembered, so memory stays small with many chats.
    """

    def __init__(
        self,
        interval: float = CHAT_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
        *,
        group_interval: float | None = None,
    ) -> None:
        self.interval = interval
        self.group_interval = interval if group_interval is None else group_interval
        self._clock = clock
        self._next: dict[int, float] = {}

    def interval_for(self, chat_id: int) -> float:
        return self.group_interval if is_group_chat(chat_id) else self.interval

    def ready_at(self, chat_id: int) -> float:
        """The monotonic time from which this chat may get its next message."""
        return self._next.get(chat_id, 0.0)

    def sent(self, chat_id: int, at: float | None = None) -> None:
        """A message to this chat left at ``at`` (now by default)."""
        moment = self._clock() if at is None else at
        self._next[chat_id] = max(self._next.get(chat_id, 0.0), moment + self.interval_for(chat_id))

    def hold(self, chat_id: int, until: float) -> None:
        """Nothing to this chat before ``until`` (a retry's backoff)."""
        self._next[chat_id] = max(self._next.get(chat_id, 0.0), until)

    def reserve(self, chat_id: int) -> float:
        """Take this chat's next turn: seconds to wait before sending (0 now); the turn after is booked.

        No await between reading and booking, so concurrent senders to one chat queue up in turn.
        """
        now = self._clock()
        turn = max(now, self.ready_at(chat_id))
        self._next[chat_id] = turn + self.interval_for(chat_id)
        return turn - now

    def prune(self) -> None:
        """Forget chats whose gap has passed."""
        now = self._clock()
        self._next = {chat: t for chat, t in self._next.items() if t > now}
