"""Editing a chat's settings from a private chat: every screen names the chat and its buttons carry it.

While a handler acts for a chat (chosen in /chats), ``EDITING`` holds that chat. The request
middleware then marks every inline button the bot sends to the user with the chat's id
(``@<chat id>|<data>``), puts a line naming the chat above the text, and adds a button back to the
user's own settings. A pressed button acts for the chat it carries, whatever the user edits now, so
a stale screen never changes the wrong chat; the update middleware takes the mark off (``untag``).
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.methods import EditMessageReplyMarkup, EditMessageText, Response, SendMessage, TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.telegram.html import MESSAGE_LIMIT, telegram_length

TAG = "@"
CALLBACK_DATA_LIMIT = 64  # bytes, Telegram's limit
BUTTONS_LIMIT = 100


@dataclass(frozen=True, slots=True)
class Editing:
    """The chat a user edits (``chat_id``) from their private chat (``user_chat_id``)."""

    chat_id: int
    user_chat_id: int
    banner: str  # HTML, already in the user's language
    back: InlineKeyboardButton


EDITING: ContextVar[Editing | None] = ContextVar("editing", default=None)


def tag(data: str, chat_id: int) -> str:
    """Callback data that acts for ``chat_id``."""
    if data.startswith(TAG):
        return data
    tagged = f"{TAG}{chat_id}|{data}"
    if len(tagged.encode()) > CALLBACK_DATA_LIMIT:
        # Every button's data is bounded well below this (handlers.callbacks); never send one that
        # would act for the user's own settings instead.
        raise ValueError(f"callback data too long to carry chat {chat_id}: {data!r}")
    return tagged


def untag(data: str) -> tuple[int | None, str] | None:
    """(chat id, plain data) of a button's data; (None, data) when unmarked; None when the mark is
    malformed (forged)."""
    if not data.startswith(TAG):
        return None, data
    head, sep, rest = data[len(TAG) :].partition("|")
    if not sep:
        return None
    try:
        chat_id = int(head)
    except ValueError:
        return None
    if not -(10**14) <= chat_id < 0:
        return None
    return chat_id, rest


def tagged_markup(markup: InlineKeyboardMarkup, editing: Editing) -> InlineKeyboardMarkup:
    rows: list[list[InlineKeyboardButton]] = []
    for row in markup.inline_keyboard:
        rows.append(
            [
                button.model_copy(update={"callback_data": tag(button.callback_data, editing.chat_id)})
                if button.callback_data is not None
                else button
                for button in row
            ]
        )
    if sum(len(row) for row in rows) < BUTTONS_LIMIT:
        rows.append([editing.back])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def with_banner(text: str, editing: Editing) -> str:
    if text.startswith(editing.banner):
        return text
    joined = f"{editing.banner}\n\n{text}"
    return joined if telegram_length(joined) <= MESSAGE_LIMIT else text


class EditingButtons(BaseRequestMiddleware):
    """Marks what the bot sends to a user who edits a chat (see the module's docstring)."""

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        editing = EDITING.get()
        if (
            editing is not None
            and isinstance(method, SendMessage | EditMessageText | EditMessageReplyMarkup)
            and _same_chat(method.chat_id, editing.user_chat_id)
        ):
            _mark(method, editing)
        return await make_request(bot, method)


def _same_chat(chat_id: Any, user_chat_id: int) -> bool:
    return chat_id is not None and str(chat_id) == str(user_chat_id)


def _mark(method: SendMessage | EditMessageText | EditMessageReplyMarkup, editing: Editing) -> None:
    markup = method.reply_markup
    if isinstance(markup, InlineKeyboardMarkup):
        method.reply_markup = tagged_markup(markup, editing)
    elif markup is None and not isinstance(method, EditMessageReplyMarkup):
        method.reply_markup = InlineKeyboardMarkup(inline_keyboard=[[editing.back]])
    if isinstance(method, SendMessage | EditMessageText) and isinstance(method.text, str):
        method.text = with_banner(method.text, editing)
