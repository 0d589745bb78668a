"""A session middleware that waits out flood control and retries transient failures, for every call."""

from __future__ import annotations

import asyncio
import logging
import random
from typing import TYPE_CHECKING

from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import GetUpdates, TelegramMethod
from aiogram.methods.base import Response, TelegramType

if TYPE_CHECKING:
    from aiogram import Bot

log = logging.getLogger(__name__)


class RetryMiddleware(BaseRequestMiddleware):
    """429: sleep ``retry_after`` and try again; 5xx and network errors: exponential backoff.

    Long polling (getUpdates) is left to the dispatcher, which has its own backoff. A proxy's HTML
    error page (ClientDecodeError) counts as a server error. This serves the replies handlers send;
    the outbox (``bot.delivery.sender``) uses a session without it and retries through its limiter.
    """

    def __init__(self, *, max_attempts: int = 8, base_delay: float = 0.5, max_delay: float = 30.0) -> None:
        self.max_attempts = max_attempts
        self.base_delay = base_delay
        self.max_delay = max_delay

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        if isinstance(method, GetUpdates):
            return await make_request(bot, method)  # type: ignore[arg-type]
        attempt = 0
        while True:
            attempt += 1
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as exc:
                if attempt >= self.max_attempts:
                    raise
                log.warning("%s: flood control, waiting %s s", type(method).__name__, exc.retry_after)
                await asyncio.sleep(exc.retry_after)
            except (TelegramServerError, TelegramNetworkError, ClientDecodeError) as exc:
                if attempt >= self.max_attempts:
                    raise
                delay = min(self.max_delay, self.base_delay * 2 ** (attempt - 1)) * random.uniform(0.8, 1.2)
                log.warning("%s failed (%s), retry %d in %.1f s", type(method).__name__, exc, attempt, delay)
                await asyncio.sleep(delay)
