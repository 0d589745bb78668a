"""Update middlewares: register the reader of every private chat before the handlers run."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import Chat as TgChat
from aiogram.types import TelegramObject, Update, User

from bot.config import Settings
from bot.telegram.i18n import supported_language
from storage import Storage


class ReaderMiddleware(BaseMiddleware):
    """Puts ``reader`` into the handler data for private chats, creating it on first contact.

    Any message from a reader who had blocked the bot marks them active again. The bot serves
    private chats and channel posts only: updates from groups are dropped here, before any handler.
    """

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        chat: TgChat | None = data.get("event_chat")
        user: User | None = data.get("event_from_user")
        storage: Storage = data["storage"]
        settings: Settings = data["settings"]
        if chat is not None and chat.type in ("group", "supergroup") and not _upgrade(event):
            return None
        if chat is not None and chat.type == "private" and user is not None and not user.is_bot:
            data["reader"] = await storage.readers.ensure(
                chat.id,
                language=supported_language(user.language_code) or settings.default_language,
                timezone=settings.default_timezone,
                digest_time=settings.default_digest_time,
            )
        return await handler(event, data)


def _upgrade(event: TelegramObject) -> bool:
    """A group's upgrade to a supergroup (its service messages): the chat's delivery moves with it."""
    message = event.message if isinstance(event, Update) else None
    return message is not None and bool(message.migrate_to_chat_id or message.migrate_from_chat_id)
