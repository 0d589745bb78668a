"""Update middlewares: whose settings an update acts on (``reader``), and who may change them.

``ReaderMiddleware`` (outer, on every update) registers the reader of a private chat (``own_reader``)
and finds the target: the user's own row, or, for a user editing a chat chosen in /chats, that
chat's row (a button carries its chat, see bot.chats.editing). In a group or supergroup the target
is the group's own row; a group that was never connected and sends the bot a command is connected
then. ``ChatAccessMiddleware`` (inner, once the handler is known) lets only a chat's current
administrators change it: handlers flagged ``chat_open`` (reading news, help) serve anyone in a
group, handlers flagged ``own`` always act on the user's own settings.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.dispatcher.flags import get_flag
from aiogram.types import CallbackQuery, InlineKeyboardButton, Message, TelegramObject, Update, User
from aiogram.types import Chat as TgChat
from aiogram_i18n import I18nContext

from bot.chats.admins import GROUP_ANONYMOUS_BOT_ID, AdminChecker
from bot.chats.connecting import chat_title, connect_chat
from bot.chats.editing import EDITING, Editing, untag
from bot.chats.membership import chat_kind
from bot.config import Settings
from bot.telegram.i18n import supported_language
from storage import Storage
from storage.chats import ChatKind, ChatRecord

log = logging.getLogger(__name__)

GROUP_TYPES = ("group", "supergroup")
# Callback data of the button back to the user's own settings (handlers.callbacks.PickChat(chat_id=0)).
BACK_TO_OWN = "pick:0"


class ReaderMiddleware(BaseMiddleware):
    """Puts ``reader`` (the settings acted on) into the handler data; see the module's docstring.

    Any message from a reader who had blocked the bot marks them active again.
    """

    def __init__(self, admins: AdminChecker) -> None:
        self.admins = admins

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
        if chat is not None and isinstance(event, Update):
            event = await self._untag(event, chat, data)
        if chat is None:
            return await handler(event, data)
        if chat.type == "private" and user is not None and not user.is_bot:
            own = await storage.readers.ensure(
                chat.id,
                language=supported_language(user.language_code) or settings.default_language,
                timezone=settings.default_timezone,
                digest_time=settings.default_digest_time,
            )
            data["own_reader"] = data["reader"] = own
            await self._private_target(event, chat, user, storage, data)
        elif chat.type in GROUP_TYPES or chat.type == "channel":
            await self._chat_target(event, chat, user, storage, settings, data)
        return await handler(event, data)

    async def _untag(self, event: Update, chat: TgChat, data: dict[str, Any]) -> Update:
        """A button's mark comes off its data; the marked chat is the target (checked later)."""
        query = event.callback_query
        if query is None or query.data is None:
            return event
        parsed = untag(query.data)
        if parsed is None:
            data["stale_target"] = True
            return event
        target, plain = parsed
        if target is None:
            return event
        if chat.type != "private" and target != chat.id:
            data["stale_target"] = True  # a mark made for another chat: forged
        data["button_target"] = target
        return event.model_copy(update={"callback_query": query.model_copy(update={"data": plain})})

    async def _private_target(
        self, event: TelegramObject, chat: TgChat, user: User, storage: Storage, data: dict[str, Any]
    ) -> None:
        target_id: int | None = data.get("button_target")
        from_button = target_id is not None
        record: ChatRecord | None
        if from_button:
            record = await storage.chats.get(target_id) if target_id is not None else None
            if record is None:
                data["stale_target"] = True
                return
        elif isinstance(event, Update) and event.message is not None:
            record = await storage.chats.edited_by(user.id)
        else:
            return  # an unmarked button: the user's own settings
        if record is None:
            return
        target = await storage.readers.get(record.chat_id)
        if target is None:
            return
        data["reader"] = target
        data["acting_for"] = record
        data["acting_from_button"] = from_button

    async def _chat_target(
        self,
        event: TelegramObject,
        chat: TgChat,
        user: User | None,
        storage: Storage,
        settings: Settings,
        data: dict[str, Any],
    ) -> None:
        record = await storage.chats.get(chat.id)
        bot: Bot = data["bot"]
        kind = chat_kind(chat.type)
        if record is None and kind is not None and kind != ChatKind.CHANNEL and await _asks_us(event, bot):
            # Added before chats were served (or the update was lost): a command shows it is a member.
            record = (await connect_chat(bot, storage, self.admins, settings, chat, kind, None)).chat
        if record is None:
            return
        title = chat_title(chat)
        if (record.title, record.username, record.is_forum) != (title, chat.username, bool(chat.is_forum)):
            await storage.chats.update_details(
                chat.id, title=title, username=chat.username, is_forum=bool(chat.is_forum)
            )
        reader = await storage.readers.get(chat.id)
        if reader is not None:
            data["reader"] = reader
            data["chat_record"] = record


async def _asks_us(event: TelegramObject, bot: Bot) -> bool:
    """A command for this bot (``/cmd`` or ``/cmd@thisbot``, not ``/cmd@otherbot``), or a button."""
    if not isinstance(event, Update):
        return False
    if event.callback_query is not None:
        return True
    message = event.message
    if message is None or not message.text or not message.text.startswith("/"):
        return False
    _, at, mention = message.text.split(maxsplit=1)[0].partition("@")
    if not at:
        return True
    me = await bot.me()
    return bool(me.username) and mention.lower() == str(me.username).lower()


class ChatAccessMiddleware(BaseMiddleware):
    """Only a chat's current administrators change it (see the module's docstring)."""

    def __init__(self, admins: AdminChecker) -> None:
        self.admins = admins

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        i18n: I18nContext = data["i18n"]
        bot: Bot = data["bot"]
        user: User | None = data.get("event_from_user")
        chat: TgChat | None = data.get("event_chat")
        if data.get("stale_target"):
            await _refuse(event, i18n.get("button-stale"))
            return None
        acting: ChatRecord | None = data.get("acting_for")
        if acting is not None and user is not None:
            if get_flag(data, "own"):
                data["reader"] = data["own_reader"]
                return await handler(event, data)
            if not await self.admins.is_admin(bot, acting.chat_id, user.id):
                storage: Storage = data["storage"]
                if not data.get("acting_from_button"):
                    await storage.chats.edit_for(user.id, None)
                await _refuse(event, i18n.get("chat-not-admin-private", title=html.escape(acting.title)))
                return None
            token = EDITING.set(editing_of(acting, user.id, i18n))
            try:
                return await handler(event, data)
            finally:
                EDITING.reset(token)
        guarded = chat is not None and chat.type in GROUP_TYPES and "reader" in data
        if guarded and chat is not None and not get_flag(data, "chat_open"):
            allowed = await self._may_change(event, bot, chat, user)
            if not allowed:
                await _refuse(event, i18n.get("chat-admins-only"))
                return None
        return await handler(event, data)

    async def _may_change(self, event: TelegramObject, bot: Bot, chat: TgChat, user: User | None) -> bool:
        if isinstance(event, Message) and event.sender_chat is not None:
            # An anonymous administrator speaks as the group itself (through GroupAnonymousBot).
            return event.sender_chat.id == chat.id and (user is None or user.id == GROUP_ANONYMOUS_BOT_ID)
        if user is None or user.is_bot:
            return False
        return await self.admins.is_admin(bot, chat.id, user.id)


def editing_of(chat: ChatRecord, user_id: int, i18n: I18nContext) -> Editing:
    """What marks the screens of ``user_id`` while they edit ``chat``: its name, and a way back."""
    return Editing(
        chat_id=chat.chat_id,
        user_chat_id=user_id,
        banner=i18n.get("chat-editing-banner", title=html.escape(chat.title)),
        back=InlineKeyboardButton(text=i18n.get("button-own-settings"), callback_data=BACK_TO_OWN),
    )


async def _refuse(event: TelegramObject, text: str) -> None:
    if isinstance(event, CallbackQuery):
        await event.answer(text[:200], show_alert=False)
    elif isinstance(event, Message):
        await event.reply(text)
