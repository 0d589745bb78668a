"""Which of Telegram's refusals mean a channel or group is lost to the bot, or its topic is gone.

Texts as Telegram words them (lowercased here): 403 "bot was kicked from the supergroup chat", "bot is
not a member of the channel chat", "user is deactivated"; 400 "not enough rights to send text messages
to the chat", "need administrator rights in the channel chat", "CHAT_WRITE_FORBIDDEN", "have no rights
to send a message", "chat not found"; topics: "message thread not found", "TOPIC_CLOSED",
"TOPIC_DELETED".
"""

from __future__ import annotations

from enum import Enum

from aiogram.exceptions import TelegramAPIError, TelegramBadRequest, TelegramForbiddenError

from bot.delivery.rate_limiter import is_group_chat


class ChatError(Enum):
    REMOVED = "removed"  # the bot is not in the chat any more, or the chat is gone
    RIGHTS = "rights"  # the bot is there but may not post
    TOPIC_GONE = "topic"  # the forum topic the message was aimed at is closed or deleted


_NO_RIGHTS = (
    "not enough rights",
    "need administrator rights",
    "chat_write_forbidden",
    "have no rights to send",
    "chat_admin_required",
)
_GONE = ("chat not found", "chat_id_invalid", "peer_id_invalid")
_TOPIC = ("message thread not found", "topic_closed", "topic_deleted", "message_thread_invalid")


def classify(exc: TelegramAPIError, chat_id: int, thread_id: int | None) -> ChatError | None:
    """What the refusal says about the chat; None when it is no such trouble (or a private chat)."""
    text = exc.message.lower()
    if thread_id is not None and isinstance(exc, TelegramBadRequest) and any(t in text for t in _TOPIC):
        return ChatError.TOPIC_GONE
    if not is_group_chat(chat_id):
        return None
    if isinstance(exc, TelegramForbiddenError):
        return ChatError.RIGHTS if any(t in text for t in _NO_RIGHTS) else ChatError.REMOVED
    if isinstance(exc, TelegramBadRequest):
        if any(t in text for t in _NO_RIGHTS):
            return ChatError.RIGHTS
        if any(t in text for t in _GONE):
            return ChatError.REMOVED
    return None
