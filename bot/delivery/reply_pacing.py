"""Replies that take several messages (a long article, long story lists) go out at the per-chat pace.

Handlers send replies directly, not through the outbox; a reply of five messages sent back to back is
more than Telegram takes from one chat, and it answers 429. This session middleware gives each message
to a chat its turn from one ``ChatPacer`` per Bot, the pace the outbox keeps, so no 429 is drawn.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.methods import (
    CopyMessage,
    ForwardMessage,
    SendAnimation,
    SendAudio,
    SendDocument,
    SendMediaGroup,
    SendMessage,
    SendPhoto,
    SendVideo,
    SendVoice,
    TelegramMethod,
)
from aiogram.methods.base import Response, TelegramType

from bot.delivery.rate_limiter import ChatPacer

if TYPE_CHECKING:
    from aiogram import Bot

# Methods that put a new message into a chat (edits, answers to buttons and chat actions do not).
_SENDS = (
    SendMessage,
    SendDocument,
    SendPhoto,
    SendAnimation,
    SendAudio,
    SendVideo,
    SendVoice,
    SendMediaGroup,
    CopyMessage,
    ForwardMessage,
)


class ReplyPacingMiddleware(BaseRequestMiddleware):
    """Waits for the chat's turn before each message sent to it (``CHAT_INTERVAL`` apart)."""

    def __init__(self, pacer: ChatPacer | None = None) -> None:
        self.pacer = pacer or ChatPacer()

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        if isinstance(method, _SENDS) and isinstance(method.chat_id, int):
            delay = self.pacer.reserve(method.chat_id)
            if delay > 0:
                await asyncio.sleep(delay)
        return await make_request(bot, method)
