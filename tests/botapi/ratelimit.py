"""Token-bucket flood control modelled on Telegram's documented limits.

Telegram allows roughly one message per second per chat (short bursts are tolerated), 20 messages
per minute per group and about 30 messages per second overall.  Buckets are kept in a dict keyed by
chat id so a check is O(1) even with tens of thousands of chats.
"""

from __future__ import annotations

import math
from collections.abc import Callable

__all__ = ["RateLimiter"]


class _Bucket:
    __slots__ = ("capacity", "rate", "stamp", "tokens")

    def __init__(self, rate: float, capacity: float, now: float) -> None:
        self.rate = rate
        self.capacity = capacity
        self.tokens = capacity
        self.stamp = now

    def refill(self, now: float) -> None:
        if now > self.stamp:
            self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
            self.stamp = now

    def wait_time(self) -> float:
        """Seconds until one token is available (0 when one is available now)."""
        if self.tokens >= 1.0:
            return 0.0
        return (1.0 - self.tokens) / self.rate


class RateLimiter:
    """Per-chat, per-group and global token buckets.

    ``check(chat_id)`` either consumes one token from every bucket involved and returns 0, or
    consumes nothing and returns the whole number of seconds (>= 1) the caller should wait, which
    is what Telegram puts into ``parameters.retry_after``.
    """

    def __init__(
        self,
        *,
        per_chat_per_second: float,
        per_chat_burst: float,
        group_per_minute: float,
        global_per_second: float,
        global_burst: float,
        clock: Callable[[], float],
    ) -> None:
        self._per_chat_rate = per_chat_per_second
        self._per_chat_burst = max(per_chat_burst, 1.0)
        self._group_rate = group_per_minute / 60.0
        # A group may burst up to its per-chat allowance, then drains at 20/min.
        self._group_burst = self._per_chat_burst
        self._clock = clock
        self._global = _Bucket(global_per_second, max(global_burst, 1.0), clock())
        self._chats: dict[int | str, _Bucket] = {}

    def check(self, chat_id: int | str | None) -> int:
        now = self._clock()
        buckets = [self._global]
        if chat_id is not None:
            bucket = self._chats.get(chat_id)
            if bucket is None:
                is_group = isinstance(chat_id, str) or chat_id < 0
                rate, burst = (
                    (self._group_rate, self._group_burst)
                    if is_group
                    else (self._per_chat_rate, self._per_chat_burst)
                )
                bucket = self._chats[chat_id] = _Bucket(rate, burst, now)
            buckets.append(bucket)
        wait = 0.0
        for bucket in buckets:
            bucket.refill(now)
            wait = max(wait, bucket.wait_time())
        if wait > 0:
            return max(1, math.ceil(wait))
        for bucket in buckets:
            bucket.tokens -= 1.0
        return 0

    def reset(self) -> None:
        """Forget all per-chat history and refill the global bucket."""
        self._chats.clear()
        self._global.tokens = self._global.capacity
        self._global.stamp = self._clock()
