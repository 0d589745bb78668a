"""Plain records of what the bot did, as stored by :class:`~tests.botapi.server.BotAPIServer`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["CallbackAnswer", "ChatAction", "ChatMessage", "RequestRecord", "SentRecord"]

ChatId = int | str


@dataclass(slots=True)
class ChatMessage:
    """A message living in a chat on the fake server (current state; edits are applied in place).

    ``text`` is the latest text exactly as the bot sent it (HTML included); ``plain_text`` and
    ``entities`` are what Telegram would store and show after entity parsing.
    """

    chat_id: ChatId
    message_id: int
    text: str
    plain_text: str
    entities: list[dict[str, Any]]
    parse_mode: str | None
    reply_markup: dict[str, Any] | None
    date: int
    timestamp: float
    from_bot: bool = True
    sender: dict[str, Any] | None = None
    reply_to_message_id: int | None = None
    edit_date: int | None = None
    edit_count: int = 0
    deleted: bool = False
    message_thread_id: int | None = None  # the forum topic (or reply thread) it belongs to
    document: dict[str, Any] | None = None  # a Document object (then ``plain_text`` is the caption)

    @property
    def buttons(self) -> list[dict[str, Any]]:
        """Inline keyboard buttons, row by row, flattened."""
        if not self.reply_markup:
            return []
        return [button for row in self.reply_markup.get("inline_keyboard", ()) for button in row]

    @property
    def callback_data(self) -> list[str]:
        """``callback_data`` of every inline button, in keyboard order."""
        return [b["callback_data"] for b in self.buttons if "callback_data" in b]

    def button(self, text: str) -> dict[str, Any]:
        """The first inline button whose text contains ``text`` (AssertionError when none does)."""
        for candidate in self.buttons:
            if text in candidate.get("text", ""):
                return candidate
        labels = [b.get("text") for b in self.buttons]
        raise AssertionError(f"no button containing {text!r} in message {self.message_id}; buttons: {labels}")


@dataclass(slots=True)
class SentRecord:
    """One successful message-producing call (sendMessage / editMessageText / editMessageReplyMarkup)."""

    method: str
    chat_id: ChatId
    text: str | None
    plain_text: str | None
    parse_mode: str | None
    reply_markup: dict[str, Any] | None
    message_id: int
    timestamp: float
    message_thread_id: int | None = None  # the forum topic it went to


@dataclass(slots=True)
class RequestRecord:
    """Any call that reached the server, successful or not."""

    method: str
    params: dict[str, Any]
    status: int
    description: str | None
    chat_id: ChatId | None
    timestamp: float


@dataclass(slots=True)
class CallbackAnswer:
    """An ``answerCallbackQuery`` call, tied back to the pressed button."""

    callback_query_id: str
    chat_id: ChatId | None
    message_id: int | None
    data: str | None
    text: str | None
    show_alert: bool
    url: str | None
    cache_time: int
    timestamp: float


@dataclass(slots=True)
class ChatAction:
    """A ``sendChatAction`` call."""

    chat_id: ChatId
    action: str
    timestamp: float


@dataclass(slots=True)
class Fault:
    """A pending injected failure (see ``BotAPIServer.fail_next``)."""

    remaining: int
    status: int
    description: str
    retry_after: int | None = None
    as_json: bool = True
    methods: frozenset[str] | None = field(default=None)  # None = any method
    echo_path: bool = False  # a proxy's page that quotes the request path (token included)
